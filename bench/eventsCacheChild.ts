// The usage-events cache's reopen, in its own process (run with --expose-gc, see
// eventsCacheBench.ts): a panel's loader lists a commit from the local server with the cache on
// (the complete listing is saved), then a new loader reopens it from the cache as a panel does:
// read and decode the file (host), encode the column bytes the panel posts, and what the page does
// with them (decode, adopt as its row store, build the table's view of every row). Reports the
// times, the file's size and the host's heap after the live load and after the reopen.
import { CampfireClient } from '../src/api/client';
import { bulkPageSize } from '../src/api/pageSizes';
import { CampfireCache } from '../src/cache/cacheStore';
import { PERIOD_MONTH_INDEX } from '../src/usageEvents/host/eventsCache';
import { UsageEventsLoader } from '../src/usageEvents/host/loader';
import { decodeColumns, encodeColumns, joinParts } from '../src/usageEvents/protocol/columnsCodec';
import { RowStore } from '../src/usageEvents/page/model/rowStore';
import { TableView, emptySpec } from '../src/usageEvents/page/model/tableView';
import { fullGc, mib } from './measure';

interface Job {
  url: string;
  token: string | null;
  contractId: number;
  commitId: number;
  dir: string;
}

const heldNow = () => {
  fullGc();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
};
const silent = { info: () => undefined, warn: (m: string) => console.error(m) };

function loaderFor(job: Job, client: CampfireClient, cache: CampfireCache, events: { replaced?: () => void; settled: () => void; failed: (e: Error) => void }) {
  const scope = cache.scope({ origin: job.url, accountId: 'bench' });
  const l: UsageEventsLoader = new UsageEventsLoader(
    job.contractId,
    job.commitId,
    { client: () => client, pageSize: () => bulkPageSize(100), concurrency: () => 4, cache: () => scope, log: silent },
    {
      header: () => undefined,
      ledger: () => undefined,
      rows: () => undefined,
      progress: () => {
        if (l.phase === 'error') events.failed(new Error(l.error ?? 'load failed'));
        else if (l.phase === 'done' && !l.checking && !l.busy) events.settled();
      },
      replaced: events.replaced,
    },
  );
  return l;
}

async function main(): Promise<void> {
  const job = JSON.parse(process.argv[2] ?? '{}') as Job;
  const client = new CampfireClient({ baseUrl: job.url, getApiKey: () => job.token ?? undefined });
  const cache = new CampfireCache({ root: job.dir, maxBytes: () => 4 * 2 ** 30, log: silent });

  // A live load, saved to the cache just after it ends.
  const base = heldNow();
  const t0 = performance.now();
  const live = await new Promise<UsageEventsLoader>((resolve, reject) => {
    const l = loaderFor(job, client, cache, { settled: () => resolve(l), failed: reject });
    l.open();
  });
  const liveMs = performance.now() - t0;
  const afterLive = heldNow() - base;
  for (let i = 0; i < 600; i++) {
    if ((await cache.sizeBytes()) > 0) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  const fileBytes = await cache.sizeBytes();
  const rows = live.rows.length;
  live.dispose();

  // The reopen: rows in the host, the bytes the panel posts, the page's row store and view.
  const base2 = heldNow();
  const r0 = performance.now();
  let hostMs = 0;
  let postMs = 0;
  let pageMs = 0;
  let checkedMs = 0;
  const reopened = await new Promise<UsageEventsLoader>((resolve, reject) => {
    const l: UsageEventsLoader = loaderFor(job, client, cache, {
      replaced: () => {
        if (hostMs > 0) return;
        hostMs = performance.now() - r0;
        const p0 = performance.now();
        const parts = encodeColumns(l.rows, PERIOD_MONTH_INDEX, null);
        const bytes = joinParts(parts);
        postMs = performance.now() - p0;
        const w0 = performance.now();
        const store = new RowStore();
        store.adopt(decodeColumns(bytes).store);
        const view = new TableView(store, emptySpec());
        view.rebuild();
        if (view.display.length !== rows) reject(new Error(`the page shows ${view.display.length} of ${rows} rows`));
        pageMs = performance.now() - w0;
      },
      settled: () => {
        checkedMs = performance.now() - r0;
        resolve(l);
      },
      failed: reject,
    });
    l.open();
  });
  if (reopened.rows.length !== rows) throw new Error(`reopened ${reopened.rows.length} of ${rows} rows`);
  const afterReopen = heldNow() - base2;
  await client.close();
  process.send?.({ rows, liveMs, hostMs, postMs, pageMs, checkedMs, fileMb: fileBytes / 1e6, liveHeapMb: mib(afterLive), reopenHeapMb: mib(afterReopen) });
}

void main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
