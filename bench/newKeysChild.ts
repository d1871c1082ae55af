// The extension host's column store (src/usageEvents/protocol/cellColumns.ts, what the panel's loader keeps)
// fed a commit in which every row brings a new `data` key, in its own process (run with
// --expose-gc, see newKeysBench.ts). Reports over IPC what stays after a full GC, and what a
// replay to a re-created webview costs (rows rebuilt and serialized as VS Code posts them).
import { UsageEventColumns } from '../src/usageEvents/protocol/cellColumns';
import { fieldIndex, USAGE_EVENT_FIELDS, type UsageEventRow } from '../src/usageEvents/protocol/usageEventRow';
import { fullGc, mib } from './measure';

const PAGE = 500;
const REPLAY_CHUNK = 5000;

function row(i: number): UsageEventRow {
  const fields: unknown[] = USAGE_EVENT_FIELDS.map(() => null);
  fields[fieldIndex('id')] = i + 1;
  fields[fieldIndex('period_month')] = '2026-03-01';
  fields[fieldIndex('total_revenue_dollars')] = i / 4;
  fields[fieldIndex('is_adjustment')] = false;
  return [...fields, [['team', `t${i % 3}`], [`key_${i}`, i]]] as UsageEventRow;
}

function main(): void {
  const rows = Number(process.argv[2] ?? 40_000);
  fullGc();
  const before = process.memoryUsage();
  const store = new UsageEventColumns(fieldIndex('period_month'));
  // Page by page, as the loader appends them; each page is garbage once appended.
  for (let start = 0; start < rows; start += PAGE) store.append(Array.from({ length: Math.min(PAGE, rows - start) }, (_, k) => row(start + k)));
  fullGc();
  const after = process.memoryUsage();
  const r0 = performance.now();
  let serialized = 0;
  for (let start = 0; start < store.length; start += REPLAY_CHUNK) serialized += JSON.stringify({ type: 'rows', start, rows: store.slice(start, start + REPLAY_CHUNK) }).length;
  const replayMs = performance.now() - r0;
  process.send?.({
    rows: store.length,
    columns: store.columns.length,
    otherDataKeys: store.otherDataKeys,
    heapGrowthMb: mib(after.heapUsed + after.arrayBuffers - before.heapUsed - before.arrayBuffers),
    rssGrowthMb: mib(after.rss - before.rss),
    heldMb: mib(store.heldBytes),
    replayMs,
    replayMb: mib(serialized),
  });
}

main();
