// The sample company's data. Contracts and products are built at start-up; commits, overrides and
// ledgers per contract on first use; usage events one at a time, on demand.
import type { Consumption } from '../api/schemas/consumption';
import type { Contract } from '../api/schemas/contract';
import type { PrepaidCommit } from '../api/schemas/prepaidCommit';
import type { Product } from '../api/schemas/product';
import type { TierPriceOverride } from '../api/schemas/tierPriceOverride';
import type { UsageEvent } from '../api/schemas/usageEvent';
import { makeCommits, type CommitPlan, type DatasetShape } from './commits';
import { SAMPLE_TODAY } from './dates';
import { FIRST_CONTRACT_ID, makeContract } from './contracts';
import { deriveLedger, PLANTED, PLANTED_MONTH, type DerivedLedger, type Planted } from './ledger';
import { makeOverrides } from './overrides';
import { makeProducts, tierRefs, type TierRef } from './products';
import { makeUsageEvent, monthOfEvent, type EventSource } from './usageEvents';

export interface CommitRef {
  contractId: number;
  commitId: number;
}

/** Ids tests and benchmarks can rely on, whatever the seed. */
export interface WellKnownIds {
  commitWith100kEvents: CommitRef;
  commitWith1MEvents: CommitRef;
  commitWithNoEvents: CommitRef;
  /** A contract with several commits and several tier price overrides. */
  contractWithManyCommits: number;
  contractWithNoCommits: number;
  contractWithOverrides: number;
  /** Commits whose ledger disagrees with their events on purpose, one discrepancy each (README, "Reconciling a commit"); all four from a dozen contracts up. */
  discrepancies: Partial<Record<Planted, CommitRef>>;
}

export interface DatasetOptions {
  seed: number;
  contracts: number;
  hostile: boolean;
  /** Every contract with this many commits of about this many events; the well-known commits then keep their shaped counts, none forced to 100k or 1M. */
  shape?: DatasetShape;
}

export class SampleDataset {
  readonly seed: number;
  readonly hostile: boolean;
  readonly wellKnown: WellKnownIds;
  private list: Contract[];
  private readonly deleted: Contract[] = [];
  private readonly productList: Product[];
  private readonly tiers: TierRef[];
  private readonly commitPlans = new Map<number, CommitPlan[]>();
  private readonly overrideLists = new Map<number, TierPriceOverride[]>();
  private readonly forcedEventCounts = new Map<number, number>();
  private readonly planted = new Map<number, Planted>();
  /** Each commit's ledger and the commit as it stands after it, derived from the events on first use. */
  private readonly settled = new Map<number, DerivedLedger & { commit: PrepaidCommit }>();
  private nextId: number;
  private readonly shape: DatasetShape | undefined;

  constructor(options: DatasetOptions) {
    this.seed = options.seed;
    this.hostile = options.hostile;
    this.shape = options.shape;
    this.productList = makeProducts(this.seed);
    this.tiers = tierRefs(this.productList);
    const n = Math.max(4, options.contracts);
    this.list = Array.from({ length: n }, (_, i) => makeContract(this.seed, FIRST_CONTRACT_ID + i, this.hostile));
    this.nextId = FIRST_CONTRACT_ID + n;
    this.wellKnown = this.chooseWellKnown();
  }


  contracts(): readonly Contract[] {
    return this.list;
  }

  /** Soft-deleted contracts (what `include_deleted=true` lists). */
  deletedContracts(): readonly Contract[] {
    return this.deleted;
  }

  contract(id: number): Contract | undefined {
    return this.list.find((c) => c.id === id);
  }

  /** Adds `count` contracts at `at` (0 = the front), shifting later rows while a client pages. */
  insertContracts(count: number, at = 0): Contract[] {
    const now = nowStamp();
    const added = Array.from({ length: count }, () => ({ ...makeContract(this.seed, this.nextId++, this.hostile), created_at: now, last_modified_at: now }));
    this.list = [...this.list.slice(0, at), ...added, ...this.list.slice(at)];
    return added;
  }

  /** Soft-deletes contracts now: they leave the list and `include_deleted=true` lists their stubs. */
  removeContracts(ids: readonly number[]): void {
    const gone = new Set(ids);
    const now = nowStamp();
    for (const c of this.list) {
      if (gone.has(c.id)) this.deleted.push({ ...c, status: 'DELETED', is_deleted: true, deleted_at: now, last_modified_at: now });
    }
    this.list = this.list.filter((c) => !gone.has(c.id));
  }

  /** Edits contracts in place now (their last_modified_at moves), as a user in Campfire's app would. */
  modifyContracts(ids: readonly number[], edit: (c: Contract) => Partial<Contract>): void {
    const edited = new Set(ids);
    const now = nowStamp();
    this.list = this.list.map((c) => (edited.has(c.id) ? { ...c, ...edit(c), last_modified_at: now } : c));
  }

  /** Edits a prepaid commit's record now (its last_modified_at moves); its contract is untouched. */
  modifyPrepaidCommit(contractId: number, commitId: number, edit: (c: PrepaidCommit) => Partial<PrepaidCommit>): void {
    const plan = this.plan(contractId, commitId);
    if (!plan) throw new RangeError(`no prepaid commit ${commitId} in contract ${contractId}`);
    plan.commit = { ...plan.commit, ...edit(plan.commit), last_modified_at: nowStamp() };
    // Its record and ledger are derived again from the edited plan.
    this.settled.delete(commitId);
  }

  /** Usage events recorded now: `count` more at the end of the commit's listing. */
  addUsageEvents(contractId: number, commitId: number, count: number): void {
    const plan = this.plan(contractId, commitId);
    if (!plan) throw new RangeError(`no prepaid commit ${commitId} in contract ${contractId}`);
    // They fall in the month still open: the ledger and the commit's balance are not rolled up yet.
    plan.eventCount += count;
  }


  prepaidCommits(contractId: number): readonly PrepaidCommit[] {
    return this.plans(contractId).map((p) => this.settle(p).commit);
  }

  prepaidCommit(contractId: number, commitId: number): PrepaidCommit | undefined {
    const plan = this.plan(contractId, commitId);
    return plan && this.settle(plan).commit;
  }

  tierPriceOverrides(contractId: number): readonly TierPriceOverride[] {
    const contract = this.contract(contractId);
    if (!contract) return [];
    let list = this.overrideLists.get(contractId);
    if (!list) {
      list = makeOverrides(this.seed, contract, this.tiers, this.hostile);
      this.overrideLists.set(contractId, list);
    }
    return list;
  }

  consumption(contractId: number, commitId: number): readonly Consumption[] {
    const plan = this.plan(contractId, commitId);
    return plan ? this.settle(plan).rows : [];
  }

  usageEventCount(contractId: number, commitId: number): number {
    return this.plan(contractId, commitId)?.eventCount ?? 0;
  }

  usageEvent(contractId: number, commitId: number, index: number): UsageEvent {
    const plan = this.plan(contractId, commitId);
    if (!plan || index < 0 || index >= plan.eventCount) throw new RangeError(`no usage event ${index} in commit ${commitId}`);
    return makeUsageEvent(this.eventSource(plan), index);
  }

  usageEvents(contractId: number, commitId: number, offset: number, limit: number): UsageEvent[] {
    const plan = this.plan(contractId, commitId);
    if (!plan) return [];
    const src = this.eventSource(plan);
    const end = Math.min(plan.eventCount, offset + limit);
    const out: UsageEvent[] = [];
    for (let i = offset; i < end; i++) out.push(makeUsageEvent(src, i));
    return out;
  }

  products(): readonly Product[] {
    return this.productList;
  }

  product(id: number): Product | undefined {
    return this.productList.find((p) => p.id === id);
  }


  private plans(contractId: number): CommitPlan[] {
    const contract = this.contract(contractId) ?? this.deleted.find((c) => c.id === contractId);
    if (!contract) return [];
    let plans = this.commitPlans.get(contractId);
    if (!plans) {
      plans = makeCommits(this.seed, contract, this.productList, this.forcedEventCounts, this.shape);
      this.commitPlans.set(contractId, plans);
    }
    return plans;
  }

  private plan(contractId: number, commitId: number): CommitPlan | undefined {
    return this.plans(contractId).find((p) => p.commit.id === commitId);
  }

  /**
   * The commit's ledger, derived from its events, and the commit with the remaining value and status
   * that ledger leaves (and, for a commit meant to run dry, the smaller pool it ran through). The
   * events themselves follow the plan's target drawdown, so they do not depend on the ledger.
   */
  private settle(plan: CommitPlan): DerivedLedger & { commit: PrepaidCommit } {
    let s = this.settled.get(plan.commit.id);
    if (!s) {
      // A commit planned to run dry runs dry in its ledger too (with overage), whatever its events add up to.
      const ledger = deriveLedger(plan, this.eventSource(plan), this.planted.get(plan.commit.id), plan.commit.remaining_value <= 0);
      const remaining = ledger.remainingValue;
      const expiration = plan.commit.expiration_date ?? null;
      const status = remaining <= 0 ? 'EXHAUSTED' : expiration !== null && expiration < SAMPLE_TODAY ? 'EXPIRED' : 'ACTIVE';
      s = { ...ledger, commit: { ...plan.commit, total_value: ledger.totalValue, remaining_value: remaining, status } };
      this.settled.set(plan.commit.id, s);
    }
    return s;
  }

  private eventSource(plan: CommitPlan): EventSource {
    const { total_value: total, remaining_value: remaining } = plan.commit;
    // An exhausted commit ran into overage, so its events add up to a little more than its value.
    const consumed = remaining > 0 ? total - remaining : total * 1.1;
    return {
      meanRevenue: consumed / Math.max(1, plan.eventCount),
      seed: this.seed,
      commitId: plan.commit.id,
      startDate: plan.commit.start_date,
      months: Math.max(1, plan.months),
      count: plan.eventCount,
      hostile: this.hostile,
      // Always both fields, so every source has one shape: the ledger reads a million events through it.
      unprocessedMonth: undefined,
      strayEvent: undefined,
      ...this.plantedInEvents(plan),
    };
  }

  /** The planted discrepancies that live in the events: a month never rolled up, an event naming a row that does not exist. */
  private plantedInEvents(plan: CommitPlan): Pick<EventSource, 'unprocessedMonth' | 'strayEvent'> {
    const planted = this.planted.get(plan.commit.id);
    if (planted === 'missingMonth') return { unprocessedMonth: PLANTED_MONTH };
    if (planted !== 'strayEvent') return {};
    // The first event of the planted month.
    const src = { months: Math.max(1, plan.months), count: plan.eventCount } as EventSource;
    let index = Math.floor((PLANTED_MONTH * plan.eventCount) / src.months);
    while (index < plan.eventCount && monthOfEvent(src, index) < PLANTED_MONTH) index++;
    return { strayEvent: index };
  }

  /** Picks contracts whose generated commits fit each role, forcing event counts where needed. */
  private chooseWellKnown(): WellKnownIds {
    const withCommits = (min: number) => this.list.find((c) => this.plans(c.id).filter((p) => p.months > 0).length >= min);
    const big = withCommits(3) ?? withCommits(1);
    if (!big) throw new Error('sample data has no contract with usage');
    const [first, second, third] = this.plans(big.id).filter((p) => p.months > 0);
    const force = (plan: CommitPlan | undefined, count: number): CommitRef => {
      const p = plan ?? first;
      if (!p) throw new Error('no commit to force');
      if (this.shape && count > 0) return { contractId: big.id, commitId: p.commit.id };
      p.eventCount = count;
      this.forcedEventCounts.set(p.commit.id, count);
      return { contractId: big.id, commitId: p.commit.id };
    };
    const commitWith100kEvents = force(first, 100_000);
    const commitWith1MEvents = force(second ?? first, 1_000_000);
    const commitWithNoEvents = force(third ?? second ?? first, 0);
    const none = this.list.find((c) => this.plans(c.id).length === 0);
    const overrides = this.list.find((c) => this.tierPriceOverrides(c.id).length >= 3) ?? big;
    // Commits of other contracts, with a few closed months and events in each, not run dry; a dataset
    // of a handful of contracts may have fewer than four, and plants fewer.
    const candidates = this.list
      .filter((c) => c.id !== big.id)
      .flatMap((c) => this.plans(c.id))
      .filter((p) => p.months >= PLANTED_MONTH + 4 && p.eventCount >= 20 * p.months && p.commit.remaining_value > p.commit.total_value * 0.2);
    const discrepancies: Partial<Record<Planted, CommitRef>> = {};
    // A cent is a difference only in a currency that has cents: the rounding cent goes to one of those.
    const hasCents = (p: (typeof candidates)[number]) => new Intl.NumberFormat('en', { style: 'currency', currency: p.commit.currency ?? 'USD' }).resolvedOptions().maximumFractionDigits === 2;
    PLANTED.forEach((kind, k) => {
      const p = kind === 'roundingCent' ? candidates.slice(k).find(hasCents) : candidates[k];
      if (!p) return;
      this.planted.set(p.commit.id, kind);
      discrepancies[kind] = { contractId: p.commit.contract, commitId: p.commit.id };
    });
    return {
      discrepancies,
      commitWith100kEvents,
      commitWith1MEvents,
      commitWithNoEvents,
      contractWithManyCommits: big.id,
      contractWithNoCommits: none?.id ?? big.id,
      contractWithOverrides: overrides.id,
    };
  }
}

/** Now, written as Campfire writes timestamps (microseconds, UTC). */
function nowStamp(): string {
  return new Date().toISOString().replace('Z', '000Z');
}
