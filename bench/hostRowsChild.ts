// The extension host's side of a usage-events panel, fed a whole commit, in its own process (run
// with --expose-gc, see hostRowsBench.ts): the loader (src/usageEvents/host/loader.ts) lists the
// commit from the local server and keeps its rows, while a sink does what the panel's row path
// does (src/usageEvents/host/rowStream.ts: pages coalesced for 50 ms into one `rows` message, which
// VS Code serializes to JSON). Reports over IPC what the host keeps once the load is over (heap
// and RSS growth after a full GC), how long the load took, and what a replay to a re-created
// webview costs. For comparison it then holds the same rows as wire arrays, which is how the host
// kept them before.
import { CampfireClient } from '../src/api/client';
import { bulkPageSize } from '../src/api/pageSizes';
import { UsageEventsLoader } from '../src/usageEvents/host/loader';
import type { UsageEventRow } from '../src/usageEvents/protocol/usageEventRow';
import { fullGc, mib } from './measure';

interface Job {
  url: string;
  token: string | null;
  contractId: number;
  commitId: number;
}

const COALESCE_MS = 50;
const REPLAY_CHUNK = 5000;

async function main(): Promise<void> {
  const job = JSON.parse(process.argv[2] ?? '{}') as Job;
  const client = new CampfireClient({ baseUrl: job.url, getApiKey: () => job.token ?? undefined });
  let posted = 0;
  let postedBytes = 0;
  // The panel's queue: the first page at once, the ones close behind in one message.
  let pending: { start: number; rows: UsageEventRow[] } | undefined;
  let timer: NodeJS.Timeout | undefined;
  let lastFlush = 0;
  const post = (m: unknown) => {
    postedBytes += JSON.stringify(m).length;
    posted++;
  };
  const flush = () => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    lastFlush = Date.now();
    const p = pending;
    pending = undefined;
    if (p && p.rows.length > 0) post({ type: 'rows', generation: 1, start: p.start, rows: p.rows });
  };
  const queueRows = (start: number, rows: UsageEventRow[]) => {
    if (pending) pending.rows.push(...rows);
    else pending = { start, rows: [...rows] };
    const now = Date.now();
    if (now - lastFlush >= COALESCE_MS) flush();
    else timer ??= setTimeout(flush, COALESCE_MS - (now - lastFlush));
  };
  fullGc();
  const before = process.memoryUsage();
  const t0 = performance.now();
  const loader = await new Promise<UsageEventsLoader>((resolve, reject) => {
    const l: UsageEventsLoader = new UsageEventsLoader(
      job.contractId,
      job.commitId,
      { client: () => client, pageSize: () => bulkPageSize(100) },
      {
        header: () => undefined,
        ledger: () => undefined,
        rows: queueRows,
        progress: () => {
          flush();
          if (l.phase === 'done') resolve(l);
          else if (l.phase === 'error') reject(new Error(l.error ?? 'load failed'));
        },
      },
    );
    l.reload();
  });
  const loadMs = performance.now() - t0;
  fullGc();
  const after = process.memoryUsage();
  const r0 = performance.now();
  let replayed = 0;
  for (let start = 0; start < loader.rows.length; start += REPLAY_CHUNK) {
    const rows = loader.rows.slice(start, start + REPLAY_CHUNK);
    replayed += rows.length;
    post({ type: 'rows', generation: 2, start, rows });
  }
  const replayMs = performance.now() - r0;
  // The same rows as the wire's arrays, held: what the host kept before.
  const arrays = loader.rows.map((r) => r);
  fullGc();
  const asArrays = process.memoryUsage();
  await client.close();
  process.send?.({
    rows: loader.rows.length,
    replayed,
    loadMs,
    replayMs,
    posted,
    postedMb: mib(postedBytes),
    heapGrowthMb: mib(after.heapUsed + after.arrayBuffers - before.heapUsed - before.arrayBuffers),
    rssGrowthMb: mib(after.rss - before.rss),
    heldMb: mib(loader.rows.heldBytes),
    arraysHeapGrowthMb: mib(asArrays.heapUsed - after.heapUsed) + (arrays.length > 0 ? 0 : 0),
  });
}

void main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
