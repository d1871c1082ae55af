// Prepaid commits of a contract, with a consistent balance: status follows remaining value and
// expiration; the usage-event count spans empty, typical, large and one million-row commit.
import type { Contract } from '../api/schemas/contract';
import type { PrepaidCommit } from '../api/schemas/prepaidCommit';
import type { Product } from '../api/schemas/product';
import { addDays, addMonths, monthsBetween, SAMPLE_TODAY, timestamp } from './dates';
import { cents, Rng } from './random';

export interface CommitPlan {
  commit: PrepaidCommit;
  /** Usage events behind this commit (generated on demand). */
  eventCount: number;
  /** Months of usage from start_date (the ledger's length). */
  months: number;
}

/** An account of a chosen size (benchmarks, sync tests): commits a contract has, and usage events a commit has on average. */
export interface DatasetShape {
  commitsPerContract: number;
  eventsPerCommit: number;
}

export function makeCommits(seed: number, contract: Contract, products: readonly Product[], forcedEventCounts: ReadonlyMap<number, number>, shape?: DatasetShape): CommitPlan[] {
  const r = new Rng(seed * 7_919 + contract.id);
  const picked = contract.status === 'PENDING' ? r.int(0, 1) : r.pick([0, 1, 1, 2, 2, 3, 4, 5]);
  const n = shape ? shape.commitsPerContract : picked;
  const plans: CommitPlan[] = [];
  const start = contract.contract_start_date ?? '2024-01-01';
  for (let i = 0; i < n; i++) {
    const id = contract.id * 10 + i + 1;
    const product = r.pick(products);
    const total = cents((contract.total_contract_value ?? 100_000) * r.pick([0.1, 0.2, 0.25, 0.4, 0.5]));
    const commitStart = addMonths(start, i * 3);
    const expiration = r.chance(0.15) ? null : addDays(addMonths(commitStart, r.pick([6, 12, 12, 24])), -1);
    const lastUsageDay = expiration !== null && expiration < SAMPLE_TODAY ? expiration : SAMPLE_TODAY;
    const months = commitStart > SAMPLE_TODAY ? 0 : Math.max(1, monthsBetween(commitStart, lastUsageDay) + 1);
    const burn = months === 0 ? 0 : Math.min(1.15, r.next() * 1.3);
    const remaining = cents(Math.max(0, total * (1 - burn)));
    const status = remaining <= 0 ? 'EXHAUSTED' : expiration !== null && expiration < SAMPLE_TODAY ? 'EXPIRED' : 'ACTIVE';
    const generated = months === 0 ? 0 : Math.round(r.next() ** 3 * 40_000 + r.int(0, 800));
    // A shaped account spreads its events evenly (half to one and a half times the mean), commits that have not started included.
    const eventCount = forcedEventCounts.get(id) ?? (shape ? Math.round(shape.eventsPerCommit * (0.5 + r.next())) : generated);
    const stamp = timestamp(addDays(commitStart, -2), r.int(0, 86_399));
    plans.push({
      eventCount,
      months,
      commit: {
        id,
        contract: contract.id,
        entity: contract.entity ?? null,
        entity_name: contract.entity_name,
        product: product.id,
        product_name: product.product_name ?? null,
        name: `${product.product_name ?? 'Usage'} prepaid ${commitStart.slice(0, 4)}${n > 1 ? ` #${i + 1}` : ''}`,
        description: `Prepaid ${product.product_name ?? 'usage'} drawn down by metered usage`,
        currency: contract.currency ?? 'USD',
        exchange_rate: contract.exchange_rate ?? null,
        exchange_rate_book: 1,
        total_value: total,
        remaining_value: remaining,
        discount_percentage: r.pick([0, 5, 10, 15, 20]),
        rate: cents(r.next() * 2 + 0.05),
        start_date: commitStart,
        expiration_date: expiration,
        status,
        priority: i + 1,
        is_invoiced: months > 0,
        invoice: months > 0 ? 70_000 + id : null,
        subledger: null,
        overage_invoice_cadence: 'monthly',
        auto_send_overage_invoices: r.chance(0.5),
        overage_invoice_start_month: null,
        department: contract.department ?? null,
        department_name: contract.department_name,
        tags: null,
        created_at: stamp,
        last_modified_at: stamp,
      },
    });
  }
  return plans;
}
