// The columns a CSV export names when it has no rows. CSV columns otherwise come from the rows
// themselves, in the order Campfire sends the fields, which is the order its API reference
// documents them in. An empty export must still say what its columns are, so a script or a
// spreadsheet reading it sees an empty table rather than an empty file: these are the fields the
// schemas in src/api/schemas name, in that same documented order.
//
// Usage events leave out `data`: its keys become their own columns (data.team_id, ...), and with
// no rows there are no keys to name.
import type { z } from 'zod';
import type { contractSchema } from '../api/schemas/contract';
import type { prepaidCommitSchema } from '../api/schemas/prepaidCommit';
import type { tierPriceOverrideSchema } from '../api/schemas/tierPriceOverride';
import type { usageEventSchema } from '../api/schemas/usageEvent';
import type { ExportResource } from './formats';

/** The schema's field names: a column that is not one fails to compile. */
type Field<S extends z.ZodObject> = Extract<keyof S['shape'], string>;

export const BASE_COLUMNS: Readonly<Record<ExportResource, readonly string[]>> = {
  contracts: [
    'id', 'entity_name', 'client_name', 'client_terms', 'department_name', 'parent_department_name', 'parent_department', 'tags',
    'total_revenue', 'total_mrr', 'total_deferred_revenue', 'currency', 'entity_currency', 'attachments', 'contract_end_date',
    'is_evergreen', 'auto_send_invoices', 'skip_evergreen_invoice_generation', 'auto_apply_customer_stripe_config_to_invoices',
    'last_modified_at', 'is_deleted', 'deleted_at', 'usage_tiers', 'has_invoices', 'has_journal_entries', 'has_credit_memos', 'effective_end_date', 'working_end_date', 'evergreen_locked_date', 'search_vector', 'search_text',
    'billing_frequency', 'deal_name', 'deal_id', 'consultant', 'closed_date', 'total_contract_value', 'contract_start_date',
    'exchange_rate', 'exchange_rate_book', 'crm_link', 'contract_link', 'status', 'source', 'source_deal_data', 'created_at',
    'auto_renew', 'auto_renew_duration', 'auto_renew_invoice', 'tag_ids', 'tag_group_ids', 'minimum_monthly_commitment_amount',
    'minimum_monthly_commitment_quantity', 'purchase_order_number', 'customer', 'entity', 'client', 'department', 'journal_entries',
  ] satisfies Field<typeof contractSchema>[],
  prepaidCommits: [
    'id', 'contract', 'entity', 'entity_name', 'product', 'product_name', 'name', 'description', 'currency', 'exchange_rate',
    'exchange_rate_book', 'total_value', 'remaining_value', 'discount_percentage', 'rate', 'start_date', 'expiration_date', 'status',
    'priority', 'is_invoiced', 'invoice', 'subledger', 'overage_invoice_cadence', 'auto_send_overage_invoices',
    'overage_invoice_start_month', 'department', 'department_name', 'tags', 'created_at', 'last_modified_at',
  ] satisfies Field<typeof prepaidCommitSchema>[],
  tierPriceOverrides: [
    'id', 'tier', 'tier_name', 'contract', 'deal_name', 'usage_group_id', 'usage_group_name', 'price', 'percentage', 'source',
    'integration_name', 'external_reference', 'notes', 'created_at', 'last_modified_at',
  ] satisfies Field<typeof tierPriceOverrideSchema>[],
  usageEvents: [
    'id', 'prepaid_commit', 'consumption', 'external_id', 'event_date', 'period_month', 'total_revenue_dollars', 'total_events',
    'adjustment_date', 'is_adjustment', 'original_period_month', 'created_at',
  ] satisfies Exclude<Field<typeof usageEventSchema>, 'data'>[],
};
