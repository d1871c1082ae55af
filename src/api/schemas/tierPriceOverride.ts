// TierPriceOverride (GET /rr/api/v1/contracts/{contract_id}/tier-price-overrides).
import * as z from 'zod';
import { TIER_PRICE_OVERRIDE_SOURCES } from './enums';
import { id, isoDateTime, money, openEnum } from './primitives';

export const tierPriceOverrideSchema = z.object({
  id,
  tier: id,
  tier_name: z.string(),
  contract: id,
  deal_name: z.string(),
  usage_group_id: id,
  usage_group_name: z.string(),
  created_at: isoDateTime,
  last_modified_at: isoDateTime,

  price: money.nullable().optional(),
  percentage: money.nullable().optional(),
  source: openEnum('TierPriceOverrideSource', TIER_PRICE_OVERRIDE_SOURCES).nullable().optional(),
  integration_name: z.string().nullable().optional(),
  external_reference: z.string().nullable().optional(),
  notes: z.string().nullable().optional(),
});

export type TierPriceOverride = z.infer<typeof tierPriceOverrideSchema> & Record<string, unknown>;
