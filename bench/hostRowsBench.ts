// The extension host's memory for a usage-events panel of a whole commit: the loader and the
// panel's row path fed 100k and 1M rows from the local server (hostRowsChild.ts, one child process
// each, run with --expose-gc so what is measured is what stays after a full collection).
import { fork } from 'node:child_process';
import path from 'node:path';
import { round, type BenchFigure } from './measure';
import { startServerProcess, type WellKnownIds } from './sampleServerProcess';

interface ChildReport {
  rows: number;
  replayed: number;
  loadMs: number;
  replayMs: number;
  posted: number;
  postedMb: number;
  heapGrowthMb: number;
  rssGrowthMb: number;
  heldMb: number;
  arraysHeapGrowthMb: number;
}

function inChild(job: Record<string, unknown>): Promise<ChildReport> {
  const child = fork(path.join(__dirname, 'hostRowsChild.js'), [JSON.stringify(job)], { execArgv: ['--expose-gc'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    child.once('message', (m: ChildReport) => resolve(m));
    child.once('exit', (code) => {
      if (code !== 0) reject(new Error(`host rows child exited with ${code}`));
    });
  });
}

const NOTE_RSS =
  "What the host keeps, its heap and the typed arrays' memory, meets the target at a million rows. Its resident memory does not come back down to it: in the child, V8's heap returns to its size before the load within seconds (heapTotal), yet the RSS stays, and 100k rows already leave about 100 MB of RSS growth for 17 MB kept. The RSS follows the load's peak (pages in flight and parsed, the messages serialized for the webview) and what the allocator keeps of it, not the rows kept; it is reported as missed.";

export const HOST_ROWS_SECTION = {
  note: (figures: BenchFigure[]): string | undefined => {
    const rss = figures.find((f) => f.name.startsWith('1M rows: host RSS growth'));
    return rss && rss.ok === false ? NOTE_RSS : undefined;
  },
  title: 'Usage-events table: extension host',
  what: "What the extension host keeps for a usage-events panel: the loader (src/usageEvents/host/loader.ts) lists a commit from the local server (its own process) and keeps every row for replay, while the panel's row path is reproduced (pages coalesced for 50 ms, each message serialized to JSON as VS Code does). In a child process with --expose-gc; growth is measured after a full GC, from before the load to after it. For comparison, the same rows held as the wire's arrays (how the host kept them before).",
};

export async function runHostRowsBench(): Promise<BenchFigure[]> {
  const server = await startServerProcess({ seed: 7, maxPageSize: 1000 });
  try {
    const figures: BenchFigure[] = [];
    const at = async (label: string, ref: WellKnownIds['commitWith1MEvents']) => {
      const r = await inChild({ url: server.url, token: server.token, contractId: ref.contractId, commitId: ref.commitId });
      if (r.replayed !== r.rows) throw new Error(`replayed ${r.replayed} of ${r.rows} rows`);
      const big = label === '1M';
      figures.push(
        { name: `${label} rows: host heap growth after the load (GC'd)`, value: round(r.heapGrowthMb), unit: 'MB', ...(big ? { target: '≤ 150 MB', ok: r.heapGrowthMb <= 150 } : {}) },
        { name: `${label} rows: host RSS growth after the load (GC'd)`, value: round(r.rssGrowthMb), unit: 'MB', ...(big ? { target: '≤ 150 MB', ok: r.rssGrowthMb <= 150 } : {}) },
        { name: `${label} rows: the loader's columns (typed arrays and dictionaries)`, value: round(r.heldMb), unit: 'MB' },
        { name: `${label} rows: the same rows as wire arrays (before)`, value: round(r.arraysHeapGrowthMb), unit: 'MB' },
        { name: `${label} rows: load (list from the server, keep, post)`, value: round(r.loadMs), unit: 'ms' },
        { name: `${label} rows: replay to a re-created webview (rebuild and serialize)`, value: round(r.replayMs), unit: 'ms' },
      );
    };
    await at('100k', server.wellKnown.commitWith100kEvents);
    await at('1M', server.wellKnown.commitWith1MEvents);
    return figures;
  } finally {
    await server.stop();
  }
}
