// `npm run bench`: runs every benchmark on this machine and writes the figures to bench/README.md.
// Performance is judged here, by numbers, never by timed assertions in the test suite.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BenchFigure } from './measure';
import { EXPORT_SECTION, exportNote, runExportBench } from './exportBench';
import { paginationNote, runPaginationBench } from './paginationBench';
import { runStartupBench, STARTUP_SECTION } from './startupBench';
import { runTreeBench } from './treeBench';
import { CONTRACTS_CACHE_SECTION, runContractsCacheBench } from './contractsCacheBench';
import { runWebviewTableBench, WEBVIEW_TABLE_SECTION } from './webviewTable';
import { HOST_ROWS_SECTION, runHostRowsBench } from './hostRowsBench';
import { EVENTS_CACHE_SECTION, runEventsCacheBench } from './eventsCacheBench';
import { LISTING_PROPERTY_SECTION, runListingPropertyBench } from './listingPropertyBench';
import { NEW_KEYS_SECTION, runNewKeysBench } from './newKeysBench';
import { RECONCILE_SECTION, runReconcileBench } from './reconcileBench';
import { runSyncBench, SYNC_SECTION, syncNote } from './syncBench';

interface Section {
  title: string;
  what: string;
  run: () => Promise<BenchFigure[]>;
  /** A reading of this run's figures, written under the table. */
  note?: (figures: BenchFigure[]) => string | undefined;
}

const sections: Section[] = [
  {
    title: 'Pagination',
    what: "Listing 100k usage events (page 500) from the local Campfire server with 20 ms injected latency per request; the server runs in its own process. Medians of 9 concurrent listings and raw bursts and of 3 one-page-at-a-time listings; each concurrent listing and each raw burst is timed right after an untimed one of the same kind, as the one-page-at-a-time listing before it leaves the machine idle for seconds. The latency bound counts the 20 ms waits alone; the raw HTTP floor adds what the server and loopback transfer of 200 KB pages cost on this machine with nothing parsed, and the client's own work (JSON.parse, zod validation, ordering, deduplication) comes on top of that, on the same two cores as the server.",
    run: runPaginationBench,
    note: paginationNote,
  },
  { ...LISTING_PROPERTY_SECTION, run: runListingPropertyBench },
  {
    title: 'Contracts tree',
    what: "The tree's model against the local Campfire server: loading all of 10,000 contracts at the default page size (100) and concurrency (4), filtering and sorting them, and what expanding one contract costs (its prepaid commits and tier price overrides, with 50 ms latency per request).",
    run: runTreeBench,
  },
  { ...CONTRACTS_CACHE_SECTION, run: runContractsCacheBench },
  { ...WEBVIEW_TABLE_SECTION, run: runWebviewTableBench },
  { ...HOST_ROWS_SECTION, run: runHostRowsBench },
  { ...NEW_KEYS_SECTION, run: runNewKeysBench },
  { ...EVENTS_CACHE_SECTION, run: runEventsCacheBench },
  { ...RECONCILE_SECTION, run: runReconcileBench },
  { ...EXPORT_SECTION, run: runExportBench, note: exportNote },
  { ...SYNC_SECTION, run: runSyncBench, note: syncNote },
  { ...STARTUP_SECTION, run: runStartupBench },
];

function table(figures: BenchFigure[]): string {
  const rows = figures.map((f) => `| ${f.name} | ${f.value.toLocaleString('en-US')} ${f.unit} | ${f.target ?? ''} | ${f.ok === undefined ? '' : f.ok ? 'met' : '**missed**'} |`);
  return ['| measure | value | target | |', '|---|---:|---|---|', ...rows].join('\n');
}

/**
 * A run of some sections (`npm run bench -- <section>`) replaces just those sections in
 * bench/README.md, each marked with the day and machine it was measured on, so the others keep
 * the figures of their own last run.
 */
function replaceSections(readme: string, parts: string[], header: string): string {
  const machine = header.split('\n').find((l) => l.startsWith('Written by'))?.replace(/^Written by `npm run bench` on /, '').replace(/\. Re-run it.*$/, '') ?? '';
  let out = readme;
  // Where a section the file does not have yet goes: after the one run before it, else at the end.
  let after = -1;
  for (const part of parts) {
    const title = part.split('\n')[0] ?? '';
    const marked = `${part.replace(/\n\n/, `\n\n*Measured on its own by \`npm run bench -- ${title.slice(3).toLowerCase()}\` on ${machine}.*\n\n`).trimEnd()}\n\n`;
    const found = out.indexOf(`${title}\n`);
    let start: number;
    let end: number;
    if (found >= 0) {
      start = found;
      const next = out.indexOf('\n## ', found + title.length);
      end = next < 0 ? out.length : next + 1;
    } else if (after >= 0) {
      start = after;
      end = after;
    } else {
      out = `${out.trimEnd()}\n\n`;
      start = out.length;
      end = out.length;
    }
    out = `${out.slice(0, start)}${marked}${out.slice(end)}`;
    after = start + marked.length;
  }
  return `${out.trimEnd()}\n`;
}

async function main(): Promise<void> {
  const only = process.argv.slice(2);
  const parts: string[] = [];
  let missed = 0;
  for (const s of sections) {
    if (only.length > 0 && !only.some((o) => s.title.toLowerCase().includes(o.toLowerCase()))) continue;
    console.log(`\n## ${s.title}`);
    const figures = await s.run();
    console.table(figures.map((f) => ({ measure: f.name, value: `${f.value} ${f.unit}`, target: f.target ?? '', ok: f.ok ?? '' })));
    missed += figures.filter((f) => f.ok === false).length;
    const note = s.note?.(figures);
    parts.push(`## ${s.title}\n\n${s.what}\n\n${table(figures)}\n${note ? `\n${note}\n` : ''}`);
  }
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  const header = `# Benchmarks\n\nWritten by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)}: ${os.cpus().length} × ${cpu}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}${process.env.CAMPFIRE_BENCH_RUNTIME ? ` (${process.env.CAMPFIRE_BENCH_RUNTIME})` : ''}. Re-run it to refresh these numbers; the tests never time anything.\n`;
  const readme = path.join(__dirname, '..', '..', 'bench', 'README.md');
  if (only.length === 0) fs.writeFileSync(readme, `${header}\n${parts.join('\n')}`);
  else if (fs.existsSync(readme)) fs.writeFileSync(readme, replaceSections(fs.readFileSync(readme, 'utf8'), parts, header));
  console.log(missed ? `\n${missed} target(s) missed` : '\nall targets met');
}

void main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
