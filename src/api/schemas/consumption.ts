// ContractPrepaidCommitConsumption (GET …/prepaid-commits/{commit_id}/consumption): the commit's
// per-period ledger, the source of the remaining-value burn-down.
import * as z from 'zod';
import { id, isoDate, isoDateTime, money } from './primitives';

export const consumptionSchema = z.object({
  id,
  prepaid_commit: id,
  entity: id.nullable(),
  period_start: isoDate,
  period_end: isoDate,
  currency: z.string(),
  gross_usage_amount: money,
  discount_amount: money,
  net_consumption_amount: money,
  overage_amount: money,
  balance_before: money,
  balance_after: money,
  revenue_transaction: id.nullable(),
  overage_revenue_transaction: id.nullable(),
  adjustments: z.array(z.record(z.string(), z.unknown())),
  created_at: isoDateTime.nullable(),
  last_modified_at: isoDateTime.nullable(),

  description: z.string().nullable().optional(),
  total_events: id.optional(),
});

export type Consumption = z.infer<typeof consumptionSchema> & Record<string, unknown>;
