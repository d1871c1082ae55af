// Reconciling straight from Campfire: a contract's commits (or one), each commit's consumption
// ledger and usage events, all through the one exact listing (src/api/pagination.ts). A ledger or
// events listing that cannot prove it read every row, or that saw Campfire's data change, makes the
// checks that need it "cannot be checked", with the numbers; any other failure ends the run.
import * as l10n from '@vscode/l10n';
import type { CampfireClient } from '../../api/client';
import { isCampfireError } from '../../api/errors';
import type { ListPage, ListSummary } from '../../api/pagination';
import type { Consumption } from '../../api/schemas/consumption';
import type { PrepaidCommit } from '../../api/schemas/prepaidCommit';
import { consumption, prepaidCommits, usageEvents } from '../../resources';
import { reconcileCommit, worstVerdict, type CommitReconciliation, type ContractReconciliation, type Listed } from '../checks';
import { UsageEventColumns } from '../../usageEvents/protocol/cellColumns';
import { fieldIndex, toUsageEventRow } from '../../usageEvents/protocol/usageEventRow';

export interface ReconcileProgress {
  commitId: number;
  /** The commit's place among those being reconciled, from 1. */
  index: number;
  of: number;
  what: 'ledger' | 'events';
  rows: number;
  total: number | undefined;
}

export interface ReconcileOptions {
  pageSize: number;
  concurrency?: number;
  signal?: AbortSignal | undefined;
  onProgress?: (p: ReconcileProgress) => void;
}

/** Reads a listing to its end; a short or changing one is a reason, not rows. */
async function readAll<T>(pages: AsyncGenerator<ListPage<T>, ListSummary>, onPage: (page: ListPage<T>) => void): Promise<Listed<true>> {
  try {
    for (;;) {
      const next = await pages.next();
      if (next.done) {
        const s = next.value;
        if (s.finalCount !== s.initialCount || s.delivered !== s.initialCount) {
          return { ok: false, reason: l10n.t("Campfire's data changed while it was read: {0} rows at the start, {1} at the end, {2} read", s.initialCount, s.finalCount, s.delivered) };
        }
        return { ok: true, value: true };
      }
      onPage(next.value);
    }
  } catch (e) {
    if (isCampfireError(e) && e.kind === 'incomplete') return { ok: false, reason: e.message };
    throw e;
  }
}

/** Lists one commit's ledger and usage events exactly and reconciles it. */
export async function reconcileListedCommit(client: CampfireClient, commit: PrepaidCommit, options: ReconcileOptions, place = { index: 1, of: 1 }): Promise<CommitReconciliation> {
  const ids = { contractId: commit.contract, commitId: commit.id };
  const list = { pageSize: options.pageSize, concurrency: options.concurrency, signal: options.signal };
  const report = (what: ReconcileProgress['what'], page: ListPage<unknown>) => options.onProgress?.({ commitId: commit.id, ...place, what, rows: page.delivered, total: page.count });
  const ledgerRows: Consumption[] = [];
  const ledgerRead = await readAll(consumption.list(client, ids, list), (page) => {
    ledgerRows.push(...page.items);
    report('ledger', page);
  });
  // The events go into the panel's column store, page by page, as the panel keeps them.
  const events = new UsageEventColumns(fieldIndex('period_month'));
  const eventsRead = await readAll(usageEvents.list(client, ids, list), (page) => {
    events.append(page.items.map(toUsageEventRow));
    report('events', page);
  });
  return reconcileCommit({
    commit,
    ledger: ledgerRead.ok ? { ok: true, value: ledgerRows } : ledgerRead,
    events: eventsRead.ok ? { ok: true, value: events } : eventsRead,
  });
}

/** Reconciles every commit of a contract, or the one `commitId` names, one commit at a time (one commit's events in memory at once). */
export async function reconcileListedContract(client: CampfireClient, contractId: number, options: ReconcileOptions & { commitId?: number }): Promise<ContractReconciliation> {
  let commits: PrepaidCommit[];
  if (options.commitId !== undefined) {
    commits = [await prepaidCommits.get(client, { contractId, commitId: options.commitId }, options.signal)];
  } else {
    commits = [];
    // The commit listing itself must be exact: without it there is nothing to reconcile (its error ends the run).
    for await (const page of prepaidCommits.list(client, { contractId }, { pageSize: options.pageSize, concurrency: options.concurrency, signal: options.signal })) commits.push(...page.items);
    commits.sort((a, b) => a.id - b.id);
  }
  const results: CommitReconciliation[] = [];
  for (const [k, commit] of commits.entries()) results.push(await reconcileListedCommit(client, commit, options, { index: k + 1, of: commits.length }));
  return { contractId, verdict: worstVerdict(results.map((r) => r.verdict)), commits: results };
}
