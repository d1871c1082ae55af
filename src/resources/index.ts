// Campfire's resources, one descriptor each; adding an endpoint starts here (docs/ARCHITECTURE.md, "Resources").
import * as l10n from '@vscode/l10n';
import { consumptionSchema } from '../api/schemas/consumption';
import { contractSchema, deletedContractStubSchema } from '../api/schemas/contract';
import { prepaidCommitSchema } from '../api/schemas/prepaidCommit';
import { tierPriceOverrideSchema } from '../api/schemas/tierPriceOverride';
import { usageEventSchema } from '../api/schemas/usageEvent';
import { defineResource } from './resource';

export * from './resource';

export const contracts = defineResource({
  name: 'contracts',
  idKey: 'contractId',
  itemSchema: contractSchema,
  icon: 'file-text',
  labels: () => ({ one: l10n.t('contract'), many: l10n.t('contracts'), title: l10n.t('Contracts') }),
  summary: () => l10n.t('the agreements revenue is recognized under'),
  hasItemEndpoint: true,
  deletedStubSchema: deletedContractStubSchema,
  baseColumns: [
    'id', 'entity_name', 'client_name', 'client_terms', 'department_name', 'parent_department_name', 'parent_department', 'tags',
    'total_revenue', 'total_mrr', 'total_deferred_revenue', 'currency', 'entity_currency', 'attachments', 'contract_end_date',
    'is_evergreen', 'auto_send_invoices', 'skip_evergreen_invoice_generation', 'auto_apply_customer_stripe_config_to_invoices',
    'last_modified_at', 'is_deleted', 'deleted_at', 'usage_tiers', 'has_invoices', 'has_journal_entries', 'has_credit_memos', 'effective_end_date', 'working_end_date', 'evergreen_locked_date', 'search_vector', 'search_text',
    'billing_frequency', 'deal_name', 'deal_id', 'consultant', 'closed_date', 'total_contract_value', 'contract_start_date',
    'exchange_rate', 'exchange_rate_book', 'crm_link', 'contract_link', 'status', 'source', 'source_deal_data', 'created_at',
    'auto_renew', 'auto_renew_duration', 'auto_renew_invoice', 'tag_ids', 'tag_group_ids', 'minimum_monthly_commitment_amount',
    'minimum_monthly_commitment_quantity', 'purchase_order_number', 'customer', 'entity', 'client', 'department', 'journal_entries',
  ],
});

export const prepaidCommits = defineResource({
  name: 'prepaidCommits',
  parent: contracts,
  idKey: 'commitId',
  itemSchema: prepaidCommitSchema,
  icon: 'credit-card',
  labels: () => ({ one: l10n.t('prepaid commit'), many: l10n.t('prepaid commits'), title: l10n.t('Prepaid Commits') }),
  summary: () => l10n.t('the balances usage draws down'),
  hasItemEndpoint: true,
  baseColumns: [
    'id', 'contract', 'entity', 'entity_name', 'product', 'product_name', 'name', 'description', 'currency', 'exchange_rate',
    'exchange_rate_book', 'total_value', 'remaining_value', 'discount_percentage', 'rate', 'start_date', 'expiration_date', 'status',
    'priority', 'is_invoiced', 'invoice', 'subledger', 'overage_invoice_cadence', 'auto_send_overage_invoices',
    'overage_invoice_start_month', 'department', 'department_name', 'tags', 'created_at', 'last_modified_at',
  ],
});

export const tierPriceOverrides = defineResource({
  name: 'tierPriceOverrides',
  parent: contracts,
  idKey: 'overrideId',
  itemSchema: tierPriceOverrideSchema,
  icon: 'tag',
  labels: () => ({ one: l10n.t('tier price override'), many: l10n.t('tier price overrides'), title: l10n.t('Tier Price Overrides') }),
  summary: () => l10n.t('prices this contract pays for specific usage tiers, instead of the product’s list price'),
  hasItemEndpoint: false,
  baseColumns: [
    'id', 'tier', 'tier_name', 'contract', 'deal_name', 'usage_group_id', 'usage_group_name', 'price', 'percentage', 'source',
    'integration_name', 'external_reference', 'notes', 'created_at', 'last_modified_at',
  ],
});

export const usageEvents = defineResource({
  name: 'usageEvents',
  parent: prepaidCommits,
  idKey: 'eventId',
  itemSchema: usageEventSchema,
  icon: 'graph-line',
  labels: () => ({ one: l10n.t('usage event'), many: l10n.t('usage events'), title: l10n.t('Usage Events') }),
  summary: () => l10n.t('the metered usage drawn from a prepaid commit'),
  hasItemEndpoint: false,
  expectMany: true,
  baseColumns: [
    'id', 'prepaid_commit', 'consumption', 'external_id', 'event_date', 'period_month', 'total_revenue_dollars', 'total_events',
    'adjustment_date', 'is_adjustment', 'original_period_month', 'created_at',
  ],
});

export const consumption = defineResource({
  name: 'consumption',
  parent: prepaidCommits,
  idKey: 'consumptionId',
  itemSchema: consumptionSchema,
  icon: 'graph',
  labels: () => ({ one: l10n.t('consumption'), many: l10n.t('consumption'), title: l10n.t('Consumption') }),
  summary: () => l10n.t('the commit’s per-period ledger, the source of its burn-down'),
  hasItemEndpoint: false,
  baseColumns: [
    'id', 'prepaid_commit', 'entity', 'period_start', 'period_end', 'description', 'currency', 'gross_usage_amount', 'discount_amount',
    'net_consumption_amount', 'overage_amount', 'total_events', 'balance_before', 'balance_after', 'revenue_transaction',
    'overage_revenue_transaction', 'adjustments', 'created_at', 'last_modified_at',
  ],
});

/** The lists the tree shows under a contract, in order. */
export const CONTRACT_CHILDREN = [prepaidCommits, tierPriceOverrides] as const;
export type ContractChild = (typeof CONTRACT_CHILDREN)[number];

/** What the export commands and `campfire-export` can export, in the order they list them. */
export const EXPORTABLE = [contracts, prepaidCommits, tierPriceOverrides, usageEvents] as const;
export type Exportable = (typeof EXPORTABLE)[number];
