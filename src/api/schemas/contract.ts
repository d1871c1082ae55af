// Contract (GET /rr/api/v1/contracts, /contracts/{id}). Required fields follow the schema's
// `required` list; the runtime quirks Campfire documents are accepted.
import * as z from 'zod';
import { BILLING_FREQUENCIES, CONTRACT_SOURCES, CONTRACT_STATUSES } from './enums';
import { id, isoDate, isoDateTime, money, openEnum } from './primitives';

export const contractSchema = z.object({
  id,
  entity_name: z.string(),
  client_name: z.string(),
  client_terms: z.string(),
  department_name: z.string(),
  parent_department_name: z.string(),
  parent_department: id,
  total_revenue: money,
  total_mrr: money,
  total_deferred_revenue: money,
  attachments: z.array(z.object({ id, name: z.string() })),
  last_modified_at: isoDateTime,
  // Typed `string` in the schema; a boolean (and a timestamp or null) at runtime.
  is_deleted: z.union([z.boolean(), z.string()]).nullable(),
  deleted_at: z.string().nullable(),
  has_invoices: z.boolean(),
  has_journal_entries: z.boolean(),
  has_credit_memos: z.boolean(),
  // Not marked nullable, but documented as null for standard / non-evergreen contracts.
  effective_end_date: isoDate.nullable(),
  working_end_date: isoDate.nullable(),
  evergreen_locked_date: isoDate.nullable(),
  search_vector: z.string().nullable(),
  search_text: z.string().nullable(),
  customer: id,
  created_at: isoDateTime,

  tags: z.string().nullable().optional(),
  currency: z.string().optional(),
  entity_currency: z.string().optional(),
  contract_end_date: isoDate.nullable().optional(),
  is_evergreen: z.boolean().optional(),
  auto_send_invoices: z.boolean().optional(),
  skip_evergreen_invoice_generation: z.boolean().optional(),
  auto_apply_customer_stripe_config_to_invoices: z.boolean().optional(),
  usage_tiers: z.string().nullable().optional(),
  billing_frequency: openEnum('BillingFrequency', BILLING_FREQUENCIES).nullable().optional(),
  deal_name: z.string().nullable().optional(),
  deal_id: z.string().nullable().optional(),
  consultant: z.string().nullable().optional(),
  closed_date: isoDate.nullable().optional(),
  total_contract_value: money.nullable().optional(),
  contract_start_date: isoDate.nullable().optional(),
  exchange_rate: money.nullable().optional(),
  exchange_rate_book: money.nullable().optional(),
  crm_link: z.string().nullable().optional(),
  contract_link: z.string().nullable().optional(),
  status: openEnum('ContractStatus', CONTRACT_STATUSES).nullable().optional(),
  source: openEnum('ContractSource', CONTRACT_SOURCES).nullable().optional(),
  source_deal_data: z.unknown().optional(),
  auto_renew: z.boolean().optional(),
  auto_renew_duration: id.nullable().optional(),
  auto_renew_invoice: z.boolean().optional(),
  tag_ids: z.array(id).optional(),
  tag_group_ids: z.array(id).optional(),
  minimum_monthly_commitment_amount: money.nullable().optional(),
  minimum_monthly_commitment_quantity: money.nullable().optional(),
  purchase_order_number: z.string().nullable().optional(),
  entity: id.nullable().optional(),
  client: id.nullable().optional(),
  department: id.nullable().optional(),
  journal_entries: z.array(id).optional(),
});

/**
 * What `include_deleted=true` lists: stubs of soft-deleted contracts (`id`, `is_deleted`, `deleted_at`,
 * `last_modified_at`). Only the id is required, so a stub with fewer fields still reads; the rest are kept as sent.
 */
export const deletedContractStubSchema = z.object({ id });

export type Contract = z.infer<typeof contractSchema> & Record<string, unknown>;
