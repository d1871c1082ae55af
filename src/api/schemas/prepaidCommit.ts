// ContractPrepaidCommit (GET /rr/api/v1/contracts/{contract_id}/prepaid-commits[/{id}]).
import * as z from 'zod';
import { BILLING_FREQUENCIES, PREPAID_COMMIT_STATUSES } from './enums';
import { id, isoDate, isoDateTime, money, openEnum } from './primitives';

export const prepaidCommitSchema = z.object({
  id,
  contract: id,
  entity_name: z.string().nullable(),
  product_name: z.string().nullable(),
  name: z.string(),
  total_value: money,
  remaining_value: money,
  start_date: isoDate,
  status: openEnum('PrepaidCommitStatus', PREPAID_COMMIT_STATUSES),
  is_invoiced: z.boolean(),
  invoice: id.nullable(),
  department_name: z.string().nullable(),
  created_at: isoDateTime.nullable(),
  last_modified_at: isoDateTime.nullable(),

  entity: id.nullable().optional(),
  product: id.nullable().optional(),
  description: z.string().nullable().optional(),
  currency: z.string().optional(),
  exchange_rate: money.nullable().optional(),
  exchange_rate_book: money.nullable().optional(),
  discount_percentage: money.optional(),
  rate: money.nullable().optional(),
  expiration_date: isoDate.nullable().optional(),
  priority: id.optional(),
  subledger: id.nullable().optional(),
  overage_invoice_cadence: openEnum('OverageInvoiceCadence', BILLING_FREQUENCIES).nullable().optional(),
  auto_send_overage_invoices: z.boolean().optional(),
  overage_invoice_start_month: isoDate.nullable().optional(),
  department: id.nullable().optional(),
  tags: z.string().nullable().optional(),
});

export type PrepaidCommit = z.infer<typeof prepaidCommitSchema> & Record<string, unknown>;
