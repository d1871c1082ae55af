// Usage-event exports from the local Campfire server (page 500): CSV's rows per second and the
// exporter's peak RSS at 1M rows, and the same at 100k to show memory does not grow with rows;
// then XLSX and Parquet at 1M rows against CSV's time, RSS and file size.
import { fork } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { round, type BenchFigure } from './measure';
import { startServerProcess } from './sampleServerProcess';

interface ChildReport {
  rows: number;
  ms: number;
  bytes: number;
  maxRssKb: number;
  /** JS heap in use after the export and a full garbage collection. */
  heapAfterBytes: number;
}

function exportInChild(job: Record<string, unknown>): Promise<ChildReport> {
  const child = fork(path.join(__dirname, 'exportChild.js'), [JSON.stringify(job)], { execArgv: ['--expose-gc'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    child.once('message', (m: ChildReport) => resolve(m));
    child.once('exit', (code) => {
      if (code !== 0) reject(new Error(`export child exited with ${code}`));
    });
  });
}

/** A reading of the run: where the memory went when the RSS target is missed. */
export function exportNote(figures: BenchFigure[]): string | undefined {
  const rss = figures.find((f) => f.name === '1M rows: peak RSS of the exporter');
  const after = figures.find((f) => f.name.startsWith('1M rows: JS heap still in use'));
  if (rss?.ok !== false || !after) return undefined;
  return (
    `The RSS target is missed in this run, while the export holds ${after.value} MB of JS heap once it is over: the peak measures ` +
    `how far the runtime lets its heap grow between collections more than anything the export keeps. On Node 24, V8's young ` +
    `generation has 32 MB semi-spaces (16 MB on Node 20), so dead page buffers and strings wait longer to be freed; ` +
    `\`CAMPFIRE_BENCH_NODE\` runs the bench on another Node to compare.`
  );
}

export const EXPORT_SECTION = {
  title: 'Exports',
  what: 'Usage events of one commit exported to CSV, XLSX and Parquet (page 500, 4 requests at once) from the local Campfire server running in its own process; the exporter runs in a child process of its own so its peak RSS is measured alone. CSV and XLSX are spooled and rewritten (see docs/ARCHITECTURE.md, "Exports"), so each row is written twice; XLSX is deflated (level 1) as the zip is assembled; Parquet writes a row group every 8,192 rows. The raw floor fetches the same pages at the same concurrency and only parses them.',
};

export async function runExportBench(): Promise<BenchFigure[]> {
  const server = await startServerProcess({ seed: 3, maxPageSize: 1000 });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'campfire-export-bench-'));
  try {
    const run = async (ref: { contractId: number; commitId: number }, format: 'csv' | 'xlsx' | 'parquet' = 'csv') => {
      const target = path.join(dir, `${ref.commitId}.${format}`);
      const report = await exportInChild({ url: server.url, token: server.token, ...ref, target, pageSize: 500, concurrency: 4, format });
      fs.rmSync(target, { force: true });
      return report;
    };
    const small = await run(server.wellKnown.commitWith100kEvents);
    const big = await run(server.wellKnown.commitWith1MEvents);
    const xlsx = await run(server.wellKnown.commitWith1MEvents, 'xlsx');
    const parquet = await run(server.wellKnown.commitWith1MEvents, 'parquet');
    // The floor no exporter can beat on this machine: the same pages, fetched at the same
    // concurrency from the same server, only parsed.
    const raw = await exportInChild({ url: server.url, token: server.token, ...server.wellKnown.commitWith1MEvents, target: '', pageSize: 500, concurrency: 4, raw: true });
    const rate = (r: ChildReport) => Math.round(r.rows / (r.ms / 1000));
    const mb = (kb: number) => round(kb / 1024, 0);
    const binary = (label: string, r: ChildReport): BenchFigure[] => [
      { name: `1M rows to ${label}: time (${round(r.bytes / 2 ** 20, 0)} MiB, ${round(r.bytes / big.bytes, 2)}× the CSV's size)`, value: round(r.ms / 1000, 1), unit: 's' },
      { name: `1M rows to ${label}: rows per second`, value: rate(r), unit: 'rows/s' },
      { name: `1M rows to ${label}: time against CSV's`, value: round(r.ms / big.ms, 2), unit: '×', target: '≤ 2×', ok: r.ms / big.ms <= 2 },
      { name: `1M rows to ${label}: peak RSS of the exporter`, value: mb(r.maxRssKb), unit: 'MB' },
      { name: `1M rows to ${label}: peak RSS above CSV's`, value: mb(r.maxRssKb - big.maxRssKb), unit: 'MB', target: '≤ 50 MB', ok: (r.maxRssKb - big.maxRssKb) / 1024 <= 50 },
    ];
    return [
      { name: `1M rows: time (${big.rows.toLocaleString('en-US')} rows, ${round(big.bytes / 2 ** 20, 0)} MiB of CSV)`, value: round(big.ms / 1000, 1), unit: 's' },
      { name: '1M rows: rows per second', value: rate(big), unit: 'rows/s', target: '≥ 100,000 rows/s', ok: rate(big) >= 100_000 },
      { name: '1M rows: peak RSS of the exporter', value: mb(big.maxRssKb), unit: 'MB', target: '≤ 200 MB', ok: big.maxRssKb / 1024 <= 200 },
      { name: '100k rows: rows per second', value: rate(small), unit: 'rows/s' },
      { name: '100k rows: peak RSS of the exporter', value: mb(small.maxRssKb), unit: 'MB' },
      { name: 'peak RSS growth from 100k to 1M rows', value: mb(big.maxRssKb - small.maxRssKb), unit: 'MB' },
      { name: '1M rows: JS heap still in use after the export (after a full collection)', value: mb(big.heapAfterBytes / 1024), unit: 'MB' },
      { name: '1M rows: raw floor (the same pages fetched and JSON.parse\'d, nothing else)', value: round(raw.ms / 1000, 1), unit: 's' },
      { name: '1M rows: CSV time against the raw floor', value: round(big.ms / raw.ms, 2), unit: '×', target: '≤ 1.5×', ok: big.ms / raw.ms <= 1.5 },
      { name: '1M rows: Parquet time against the raw floor', value: round(parquet.ms / raw.ms, 2), unit: '×' },
      ...binary('XLSX', xlsx),
      ...binary('Parquet', parquet),
    ];
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
    await server.stop();
  }
}

if (require.main === module) {
  void runExportBench().then((figures) => console.table(figures));
}
