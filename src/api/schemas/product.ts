// Product (GET /rr/api/v1/product[/{id}]): the only place usage groups and their tiers are exposed,
// so tier price overrides are labelled through it.
import * as z from 'zod';
import { PRICING_MODELS } from './enums';
import { id, isoDateTime, money, openEnum } from './primitives';

export const productUsageTierSchema = z.object({
  id,
  name: z.string(),
  pricing_type: z.string(),
  from_quantity: money,
  to_quantity: money.nullable(),
  price: money.nullable(),
  percentage: money.nullable(),
});

export const productUsageGroupSchema = z.object({
  id,
  tier_count: id,
  tiers: z.array(productUsageTierSchema),
  name: z.string().nullable().optional(),
  pricing_model: openEnum('PricingModel', PRICING_MODELS).nullable().optional(),
  unit_of_measure: z.string().nullable().optional(),
});

export const productSchema = z.object({
  id,
  is_deleted: z.boolean(),
  deleted_at: isoDateTime.nullable(),
  department_name: z.string(),
  invoice_account_name: z.string().nullable(),
  revenue_account_name: z.string().nullable(),
  ar_account_name: z.string().nullable(),
  bad_debt_account_name: z.string().nullable(),
  invoice_unbilled_account_name: z.string().nullable(),
  tax_account_name: z.string(),
  tags: z.array(z.record(z.string(), z.unknown())),
  last_modified_at: isoDateTime,
  product_uuid: z.string(),
  display_name: z.string(),
  usage_group_count: id,
  usage_groups: z.array(productUsageGroupSchema),
  customer: id,
  created_at: isoDateTime,

  product_id: z.string().nullable().optional(),
  product_name: z.string().nullable().optional(),
  product_description: z.string().nullable().optional(),
  currency: z.string().nullable().optional(),
  price: money.nullable().optional(),
  cost: money.nullable().optional(),
});

export type Product = z.infer<typeof productSchema> & Record<string, unknown>;
export type ProductUsageGroup = z.infer<typeof productUsageGroupSchema> & Record<string, unknown>;
export type ProductUsageTier = z.infer<typeof productUsageTierSchema> & Record<string, unknown>;
