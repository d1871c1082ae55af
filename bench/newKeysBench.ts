// The extension host's memory when every row of a commit brings a new `data` key: the column
// bound (src/shared/columnBound.ts) and sparse key columns keep it linear in the values. One child
// process per size (newKeysChild.ts, --expose-gc: what stays after a full collection).
import { fork } from 'node:child_process';
import path from 'node:path';
import { round, type BenchFigure } from './measure';

interface ChildReport {
  rows: number;
  columns: number;
  otherDataKeys: number;
  heapGrowthMb: number;
  rssGrowthMb: number;
  heldMb: number;
  replayMs: number;
  replayMb: number;
}

function inChild(rows: number): Promise<ChildReport> {
  const child = fork(path.join(__dirname, 'newKeysChild.js'), [String(rows)], { execArgv: ['--expose-gc'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    child.once('message', (m: ChildReport) => resolve(m));
    child.once('exit', (code) => {
      if (code !== 0) reject(new Error(`new keys child exited with ${code}`));
    });
  });
}

export const NEW_KEYS_SECTION = {
  title: 'Usage-events table: a new data key in every row',
  what: "The extension host's column store (what the panel's loader keeps, src/usageEvents/protocol/cellColumns.ts) fed 20,000 and 40,000 usage events that each bring a new `data` key, 500 rows a page. Before the bound, 40,000 such rows held 804 MB (20,000: 202 MB) and re-showing the webview blocked for 6.5 s; now 1,000 keys get a column (sparse: only the rows that hold a value) and the rest go, per row, into one overflow column. In a child process with --expose-gc; growth is measured after a full GC. The replay rebuilds every row and serializes it as VS Code posts it.",
};

export async function runNewKeysBench(): Promise<BenchFigure[]> {
  const figures: BenchFigure[] = [];
  for (const rows of [20_000, 40_000]) {
    const r = await inChild(rows);
    const label = `${(rows / 1000).toLocaleString('en-US')}k rows`;
    const big = rows === 40_000;
    figures.push(
      { name: `${label}: columns (the event's fields, key columns, overflow)`, value: r.columns, unit: '' },
      { name: `${label}: data keys in the overflow column`, value: r.otherDataKeys, unit: '' },
      { name: `${label}: host heap growth (GC'd)`, value: round(r.heapGrowthMb), unit: 'MB', ...(big ? { target: '≤ 300 MB', ok: r.heapGrowthMb <= 300 } : {}) },
      { name: `${label}: host RSS growth (GC'd)`, value: round(r.rssGrowthMb), unit: 'MB', ...(big ? { target: '≤ 300 MB', ok: r.rssGrowthMb <= 300 } : {}) },
      { name: `${label}: the store's columns (typed arrays and estimates)`, value: round(r.heldMb), unit: 'MB' },
      { name: `${label}: replay to a re-created webview (rebuild and serialize)`, value: round(r.replayMs), unit: 'ms' },
    );
  }
  return figures;
}
