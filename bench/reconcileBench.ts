// Reconciling the sample data's 1,000,000-event commit: from rows already loaded (the panel's
// column store), and from the server (the exact listings, then the checks).
import { CampfireClient } from '../src/api/client';
import { prepaidCommits, usageEvents } from '../src/resources';
import { reconcileCommit } from '../src/reconcile/checks';
import { reconcileListedCommit } from '../src/reconcile/listing';
import { SampleDataset } from '../src/sampleServer/dataset';
import { UsageEventColumns } from '../src/usageEvents/protocol/cellColumns';
import { fieldIndex, toUsageEventRow } from '../src/usageEvents/protocol/usageEventRow';
import { median, round, timeMs, type BenchFigure } from './measure';
import { startServerProcess } from './sampleServerProcess';

const SEED = 7;
const PAGE = 1000;

export const RECONCILE_SECTION = {
  title: 'Reconciliation',
  what: "Reconciling the sample data's commit of 1,000,000 usage events (src/reconcile/): from rows already loaded in the panel's column store (the four checks; median of 5), and from the local Campfire server in its own process (the commit's ledger and events listed exactly, page 1000, then the checks; median of 3), against a plain listing of the same events.",
};

export async function runReconcileBench(): Promise<BenchFigure[]> {
  const figures: BenchFigure[] = [];
  const ds = new SampleDataset({ seed: SEED, contracts: 240, hostile: false });
  const { contractId, commitId } = ds.wellKnown.commitWith1MEvents;
  const commit = ds.prepaidCommit(contractId, commitId);
  if (!commit) throw new Error('no million-event commit');
  const events = new UsageEventColumns(fieldIndex('period_month'));
  const n = ds.usageEventCount(contractId, commitId);
  for (let offset = 0; offset < n; offset += 10_000) events.append(ds.usageEvents(contractId, commitId, offset, 10_000).map(toUsageEventRow));
  const input = { commit, ledger: { ok: true as const, value: ds.consumption(contractId, commitId) }, events: { ok: true as const, value: events } };
  const verdicts: string[] = [];
  const loaded: number[] = [];
  for (let i = 0; i < 5; i++) loaded.push(await timeMs(() => Promise.resolve(verdicts.push(reconcileCommit(input).verdict))));
  if (verdicts.some((v) => v !== 'agrees')) throw new Error(`the sample's million-event commit does not reconcile: ${verdicts.join(', ')}`);
  figures.push({ name: `reconcile ${n.toLocaleString('en-US')} loaded events (four checks)`, value: round(median(loaded)), unit: 'ms', target: '≤ 1000 ms', ok: median(loaded) <= 1000 });

  const server = await startServerProcess({ seed: SEED, maxPageSize: PAGE });
  const client = new CampfireClient({ baseUrl: server.url, getApiKey: () => server.token ?? undefined, maxConcurrent: 8 });
  try {
    const ref = server.wellKnown.commitWith1MEvents;
    const listed = await prepaidCommits.get(client, ref);
    const listing: number[] = [];
    const whole: number[] = [];
    for (let i = 0; i < 3; i++) {
      listing.push(
        await timeMs(async () => {
          let rows = 0;
          for await (const page of usageEvents.list(client, ref, { pageSize: PAGE, concurrency: 8 })) rows += page.items.length;
          if (rows !== n) throw new Error(`listed ${rows} of ${n} events`);
        }),
      );
      whole.push(await timeMs(async () => verdicts.push((await reconcileListedCommit(client, listed, { pageSize: PAGE, concurrency: 8 })).verdict)));
    }
    if (verdicts.some((v) => v !== 'agrees')) throw new Error(`the served million-event commit does not reconcile: ${verdicts.join(', ')}`);
    const extra = median(whole) - median(listing);
    figures.push(
      { name: 'list the same 1,000,000 events from the server (plain listing)', value: round(median(listing)), unit: 'ms' },
      { name: 'reconcile from the server: ledger and events listed exactly, then the checks', value: round(median(whole)), unit: 'ms' },
      { name: 'reconciling from the server beyond the plain listing', value: round(extra), unit: 'ms', target: '≤ 1000 ms', ok: extra <= 1000 },
    );
  } finally {
    await client.close();
    await server.stop();
  }
  return figures;
}
