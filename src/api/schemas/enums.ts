// Enum values documented in the published schema. Anything else is tolerated (see openEnum).
export const CONTRACT_STATUSES = ['ACTIVE', 'PENDING', 'COMPLETED', 'DELETED'] as const;
export const PREPAID_COMMIT_STATUSES = ['ACTIVE', 'EXHAUSTED', 'EXPIRED'] as const;
export const BILLING_FREQUENCIES = ['monthly', 'quarterly', 'biannual', 'annual', 'one_time', 'custom'] as const;
export const CONTRACT_SOURCES = ['SALESFORCE', 'HUBSPOT', 'STRIPE', 'MANUAL'] as const;
export const TIER_PRICE_OVERRIDE_SOURCES = ['manual', 'integration'] as const;
export const PRICING_MODELS = ['unit_based', 'fixed_fee', 'percentage_based', 'graduated_tiered', 'volume_based'] as const;
