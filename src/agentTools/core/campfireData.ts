// Where the tools read Campfire: an interface, so VS Code answers from the window's model and cache
// where it has them and the MCP server from the API alone. Every listing is exact or throws.
import type { CampfireClient } from '../../api/client';
import { firstPage, type ListPage, type ListSummary } from '../../api/pagination';
import type { Contract } from '../../api/schemas/contract';
import type { Consumption } from '../../api/schemas/consumption';
import type { PrepaidCommit } from '../../api/schemas/prepaidCommit';
import type { TierPriceOverride } from '../../api/schemas/tierPriceOverride';
import { diffContracts, type ChangeSet } from '../../model/contractChanges';
import { consumption, contracts, prepaidCommits, tierPriceOverrides, usageEvents } from '../../resources';
import type { CommitReconciliation } from '../../reconcile/checks';
import { reconcileListedCommit } from '../../reconcile/listing';
import type { AggregateRow } from './usageAggregate';

export interface Listed<T> {
  items: T[];
  /** When the list was read, if it came from the local cache rather than from Campfire just now. */
  cachedAt?: number;
  /** Campfire's count changed while the list was read: it holds every row that existed throughout. */
  changedWhileRead?: { initialCount: number; finalCount: number };
}

export interface UsageRows {
  /** Pages of rows, in order; the iteration throws if the listing cannot be read in full. */
  pages: AsyncIterable<readonly AggregateRow[]>;
  /** When the rows were read, if they come from the local cache. */
  cachedAt?: number;
  /** Called once the pages are read: Campfire's count changed meanwhile (live listings only). */
  changedWhileRead?: () => { initialCount: number; finalCount: number } | undefined;
}

/** What the last contracts sync changed, or why there is nothing to compare yet. */
export type ChangesAnswer = { kind: 'changes'; changes: ChangeSet } | { kind: 'none'; reason: string };

export interface CampfireData {
  /** Whose data this is, for the user: "Production (https://…)" or "the sample data". */
  readonly accountLabel: string;
  /** Strings a result must never hold (the key). */
  readonly secrets: readonly string[];
  contracts(signal?: AbortSignal): Promise<Listed<Contract>>;
  /** Rows the contracts listing will read (undefined when already held). */
  contractCount(signal?: AbortSignal): Promise<number | undefined>;
  contract(contractId: number, signal?: AbortSignal): Promise<Contract>;
  commits(contractId: number, signal?: AbortSignal): Promise<Listed<PrepaidCommit>>;
  overrides(contractId: number, signal?: AbortSignal): Promise<Listed<TierPriceOverride>>;
  ledger(contractId: number, commitId: number, signal?: AbortSignal): Promise<Listed<Consumption>>;
  /** Usage events a commit's listing will read (undefined when already cached). */
  usageEventCount(contractId: number, commitId: number, signal?: AbortSignal): Promise<number | undefined>;
  usageEvents(contractId: number, commitId: number, signal?: AbortSignal): Promise<UsageRows>;
  changes(signal?: AbortSignal): Promise<ChangesAnswer>;
  /** The commit's ledger and usage events listed exactly and reconciled (a check that could not run says why). */
  reconciliation(commit: PrepaidCommit, signal?: AbortSignal): Promise<CommitReconciliation>;
}

export interface ListingSettings {
  pageSize: number;
  concurrency: number;
}

/** Every row of a listing; paginate throws CampfireIncompleteError rather than end short. */
export async function drainListing<T>(pages: AsyncGenerator<ListPage<T>, ListSummary>): Promise<Listed<T>> {
  const items: T[] = [];
  for (;;) {
    const r = await pages.next();
    if (r.done) {
      const { initialCount, finalCount } = r.value;
      return initialCount !== finalCount ? { items, changedWhileRead: { initialCount, finalCount } } : { items };
    }
    for (const item of r.value.items) items.push(item);
  }
}

/** Campfire's count of a listing, from one page of one row. */
async function countOf<T>(pages: AsyncGenerator<ListPage<T>, ListSummary>): Promise<number> {
  return (await firstPage(pages))?.count ?? 0;
}

/** A usage event as the aggregates read it, from the API's record. */
export function aggregateRowOf(event: { period_month: string; total_revenue_dollars?: number | undefined; total_events?: number | undefined; is_adjustment?: boolean | undefined; data?: unknown }): AggregateRow {
  const data = event.data;
  return {
    periodMonth: event.period_month,
    revenue: event.total_revenue_dollars,
    events: event.total_events,
    isAdjustment: event.is_adjustment === true,
    dataValue: (key) => (data !== null && typeof data === 'object' && !Array.isArray(data) && Object.hasOwn(data, key) ? (data as Record<string, unknown>)[key] : undefined),
  };
}

/** Reads straight from Campfire through the one client and the exact listing path (the MCP server, and VS Code for what the window does not hold). */
export class ApiData implements CampfireData {
  constructor(
    private readonly client: () => CampfireClient,
    readonly accountLabel: string,
    readonly secrets: readonly string[],
    private readonly settings: ListingSettings,
    /** The contracts list of the previous call, for changes between two calls (the MCP server keeps it in memory). */
    private readonly remember?: { previous?: { items: Contract[]; at: number }; changes?: ChangeSet },
  ) {}

  private options(signal: AbortSignal | undefined) {
    return { pageSize: this.settings.pageSize, concurrency: this.settings.concurrency, signal };
  }

  async contracts(signal?: AbortSignal): Promise<Listed<Contract>> {
    const listed = await drainListing(contracts.list(this.client(), {}, this.options(signal)));
    if (this.remember) this.rememberContracts(listed.items);
    return listed;
  }

  private rememberContracts(items: Contract[]): void {
    const memory = this.remember;
    if (!memory) return;
    const now = Date.now();
    if (memory.previous) memory.changes = { at: now, since: memory.previous.at, contracts: diffContracts(memory.previous.items, items), commits: [] };
    memory.previous = { items, at: now };
  }

  contractCount(signal?: AbortSignal): Promise<number | undefined> {
    return countOf(contracts.list(this.client(), {}, { pageSize: 1, signal }));
  }

  contract(contractId: number, signal?: AbortSignal): Promise<Contract> {
    return contracts.get(this.client(), { contractId }, signal);
  }

  commits(contractId: number, signal?: AbortSignal): Promise<Listed<PrepaidCommit>> {
    return drainListing(prepaidCommits.list(this.client(), { contractId }, this.options(signal)));
  }

  overrides(contractId: number, signal?: AbortSignal): Promise<Listed<TierPriceOverride>> {
    return drainListing(tierPriceOverrides.list(this.client(), { contractId }, this.options(signal)));
  }

  ledger(contractId: number, commitId: number, signal?: AbortSignal): Promise<Listed<Consumption>> {
    return drainListing(consumption.list(this.client(), { contractId, commitId }, this.options(signal)));
  }

  usageEventCount(contractId: number, commitId: number, signal?: AbortSignal): Promise<number | undefined> {
    return countOf(usageEvents.list(this.client(), { contractId, commitId }, { pageSize: 1, signal }));
  }

  usageEvents(contractId: number, commitId: number, signal?: AbortSignal): Promise<UsageRows> {
    const pages = usageEvents.list(this.client(), { contractId, commitId }, this.options(signal));
    let summary: ListSummary | undefined;
    async function* rows(): AsyncGenerator<readonly AggregateRow[]> {
      for (;;) {
        const r = await pages.next();
        if (r.done) {
          summary = r.value;
          return;
        }
        yield r.value.items.map(aggregateRowOf);
      }
    }
    return Promise.resolve({
      pages: rows(),
      changedWhileRead: () => (summary && summary.initialCount !== summary.finalCount ? { initialCount: summary.initialCount, finalCount: summary.finalCount } : undefined),
    });
  }

  reconciliation(commit: PrepaidCommit, signal?: AbortSignal): Promise<CommitReconciliation> {
    return reconcileListedCommit(this.client(), commit, this.options(signal));
  }

  changes(): Promise<ChangesAnswer> {
    const memory = this.remember;
    if (memory?.changes) return Promise.resolve({ kind: 'changes', changes: memory.changes });
    return Promise.resolve({
      kind: 'none',
      reason: memory?.previous
        ? 'The contracts were listed once in this session; changes show after they are listed again (campfire_find_contracts lists them).'
        : 'Nothing was synced yet in this session: changes are counted between two listings of the contracts (campfire_find_contracts lists them).',
    });
  }
}
