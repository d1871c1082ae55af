// The usage-events cache (issue 24): reopening a cached commit of 100k and 1M events to every row,
// the file's size on disk, and the host's heap after a reopen against after a live load. One child
// process per commit (eventsCacheChild.ts, --expose-gc); the server in its own process, 50 ms per
// request, as the figures are stated.
import { fork } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { round, type BenchFigure } from './measure';
import { startServerProcess, type WellKnownIds } from './sampleServerProcess';

interface ChildReport {
  rows: number;
  liveMs: number;
  hostMs: number;
  postMs: number;
  pageMs: number;
  checkedMs: number;
  fileMb: number;
  liveHeapMb: number;
  reopenHeapMb: number;
}

function inChild(job: Record<string, unknown>): Promise<ChildReport> {
  const child = fork(path.join(__dirname, 'eventsCacheChild.js'), [JSON.stringify(job)], { execArgv: ['--expose-gc'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    child.once('message', (m: ChildReport) => resolve(m));
    child.once('exit', (code) => {
      if (code !== 0) reject(new Error(`events cache child exited with ${code}`));
    });
  });
}

export const EVENTS_CACHE_SECTION = {
  title: 'Usage-events cache',
  what: "Reopening a prepaid commit whose events are in the local cache (src/cache, src/usageEvents/host/eventsCache.ts), against the local server in its own process with 50 ms latency per request. A live load (bulk page size, 4 requests at once) saves the listing; a new loader then reopens it as a panel does. \"To every row\" is: read and check the file, decode the columns (host), encode the bytes the panel posts to its webview, and the page's side of it (decode, adopt as its row store, build the view of every row), in one process. The freshness check (count, first and last page) runs after the rows are shown. Heap is V8's heap plus array buffers after a full GC, growth from before the load.",
};

export async function runEventsCacheBench(): Promise<BenchFigure[]> {
  const server = await startServerProcess({ seed: 7, maxPageSize: 1000, faults: { latencyMs: 50 } });
  const figures: BenchFigure[] = [];
  try {
    const at = async (label: string, ref: WellKnownIds['commitWith1MEvents'], targetMs: number) => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'campfire-events-cache-bench-'));
      try {
        const r = await inChild({ url: server.url, token: server.token, contractId: ref.contractId, commitId: ref.commitId, dir });
        const reopen = r.hostMs + r.postMs + r.pageMs;
        const big = label === '1M';
        figures.push(
          { name: `${label} events: reopen from the cache to every row`, value: round(reopen), unit: 'ms', target: `≤ ${targetMs.toLocaleString('en-US')} ms`, ok: reopen <= targetMs },
          { name: `${label} events: of which read, check and decode the file (host)`, value: round(r.hostMs), unit: 'ms' },
          { name: `${label} events: of which the column bytes for the webview`, value: round(r.postMs), unit: 'ms' },
          { name: `${label} events: of which the page's row store and view`, value: round(r.pageMs), unit: 'ms' },
          { name: `${label} events: reopen to checked current (count, first and last page)`, value: round(r.checkedMs), unit: 'ms' },
          { name: `${label} events: live load (for comparison)`, value: round(r.liveMs), unit: 'ms' },
          { name: `${label} events: cache file on disk`, value: round(r.fileMb), unit: 'MB', ...(big ? { target: '≤ 120 MB', ok: r.fileMb <= 120 } : {}) },
          { name: `${label} events: host heap after a live load (GC'd)`, value: round(r.liveHeapMb), unit: 'MB' },
          { name: `${label} events: host heap after a reopen from the cache (GC'd)`, value: round(r.reopenHeapMb), unit: 'MB', target: '≤ after a live load', ok: r.reopenHeapMb <= r.liveHeapMb },
        );
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    };
    await at('100k', server.wellKnown.commitWith100kEvents, 300);
    await at('1M', server.wellKnown.commitWith1MEvents, 2000);
    return figures;
  } finally {
    await server.stop();
  }
}
