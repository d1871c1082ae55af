// Tier price overrides of a contract: contract-specific prices (or percentages) for tiers of the
// catalogue's usage groups, set by hand or by an integration.
import type { Contract } from '../api/schemas/contract';
import type { TierPriceOverride } from '../api/schemas/tierPriceOverride';
import { addDays, timestamp } from './dates';
import { HOSTILE_STRINGS, INTEGRATIONS } from './names';
import type { TierRef } from './products';
import { Rng } from './random';

export function makeOverrides(seed: number, contract: Contract, tiers: readonly TierRef[], hostile: boolean): TierPriceOverride[] {
  const r = new Rng(seed * 104_729 + contract.id);
  const n = r.pick([0, 0, 1, 2, 3, 4, 6, 8]);
  const used = new Set<number>();
  const out: TierPriceOverride[] = [];
  for (let i = 0; i < n; i++) {
    const tier = r.pick(tiers);
    if (used.has(tier.tierId)) continue;
    used.add(tier.tierId);
    const integration = r.chance(0.4);
    const stamp = timestamp(addDays(contract.contract_start_date ?? '2024-01-01', r.int(0, 60)), r.int(0, 86_399));
    const percentage = tier.pricingModel === 'percentage_based';
    out.push({
      id: contract.id * 100 + i + 1,
      tier: tier.tierId,
      tier_name: tier.tierName,
      contract: contract.id,
      deal_name: contract.deal_name ?? '',
      usage_group_id: tier.usageGroupId,
      usage_group_name: tier.usageGroupName,
      // Unit prices of metered usage are fractions of a cent; four decimals.
      price: percentage ? null : Math.round((0.0005 + r.next() * 0.02) * 10_000) / 10_000,
      percentage: percentage ? r.pick([5, 7.5, 10]) : null,
      source: integration ? 'integration' : 'manual',
      integration_name: integration ? r.pick(INTEGRATIONS) : null,
      external_reference: integration ? `Q-${r.int(10000, 99999)}-${i + 1}` : null,
      notes: hostile && i === 0 ? (HOSTILE_STRINGS[contract.id % HOSTILE_STRINGS.length] ?? null) : r.chance(0.5) ? r.pick(['Negotiated at renewal', 'Volume discount for 2025', 'Matches competitor quote', 'Approved by finance (ticket FIN-2291)']) : null,
      created_at: stamp,
      last_modified_at: stamp,
    });
  }
  return out;
}

