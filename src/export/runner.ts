// The export runner, shared by the VS Code commands and the campfire-export CLI: pages stream
// from the API into the target file as they arrive, through a temporary file that is renamed
// over the target only on success.
//
// CSV needs its header before the first row, but `data` keys (and unknown fields) can first
// appear in the last row of a million, so CSV rows are spooled and the header written at the end
// (see csvSpool.ts). Memory stays flat whatever the row count.
import * as l10n from '@vscode/l10n';
import type { Writable } from 'node:stream';
import type { CampfireClient } from '../api/client';
import type { ListPage, ListSummary, PaginateOptions } from '../api/pagination';
import { usageEvents, type IdKey } from '../resources';
import { AtomicFile, TempFile } from './atomicFile';
import { ByteSink } from './byteSink';
import { CsvColumns, CsvSpool } from './csvSpool';
import { exportable, type ExportFormat, type ExportResource } from './formats';
import { UsageTotals } from './totals';

export interface ExportRequest {
  resource: ExportResource;
  /** The ids of the resource's ancestors (a usage-events export needs both). */
  contractId?: number;
  commitId?: number;
  format: ExportFormat;
  /** A file path, or a writable stream (the CLI's stdout). */
  target: string | Writable;
  /** Byte-order mark for Excel (CSV only). */
  bom?: boolean;
  pageSize: number;
  concurrency: number;
  signal?: AbortSignal;
  onProgress?: (p: ExportProgress) => void;
}

export interface ExportProgress {
  rows: number;
  /** `count` from the first page; undefined until it arrived. */
  total: number | undefined;
}

export interface ExportResult {
  path: string | undefined;
  rows: number;
  /** `count` when the export started. */
  initialCount: number;
  /** `count` on the last page read. */
  finalCount: number;
  duplicatesSkipped: number;
  /** Rows written minus `count` at the start: 0 for an exact export. */
  difference: number;
  /** Usage events only. */
  totals?: { revenue: number; events: number };
  bytes: number;
  /**
   * CSV only: distinct `data` keys past the first MAX_DATA_COLUMNS, written together as JSON in
   * the OTHER_DATA_KEYS column rather than one column each (so the file stays linear in the data).
   */
  otherDataKeys: number;
}

type Pages = AsyncGenerator<ListPage<Record<string, unknown>>, ListSummary>;

function pagesFor(client: CampfireClient, r: ExportRequest, opts: PaginateOptions): Pages {
  const resource = exportable(r.resource);
  const ids: Partial<Record<IdKey, number>> = {};
  for (const key of resource.parentKeys) {
    const id = (r as Partial<Record<IdKey, number>>)[key];
    if (id === undefined) throw new Error(l10n.t('A {0} is needed to export {1}', key, resource.label.many));
    ids[key] = id;
  }
  return resource.list(client, ids as never, opts) as Pages;
}

interface Output {
  sink: ByteSink;
  commit(): Promise<void>;
  discard(): Promise<void>;
  path: string | undefined;
}

async function openOutput(target: string | Writable): Promise<Output> {
  if (typeof target === 'string') {
    const file = await AtomicFile.open(target);
    return { sink: file.sink, commit: () => file.commit(), discard: () => file.discard(), path: file.target };
  }
  const sink = new ByteSink(target);
  return { sink, commit: () => Promise.resolve(), discard: () => Promise.resolve(), path: undefined };
}

export async function runExport(client: CampfireClient, r: ExportRequest): Promise<ExportResult> {
  // The target (and, for CSV, the spool beside it) are opened before any request is made.
  const out = await openOutput(r.target);
  const spool =
    r.format === 'csv'
      ? await TempFile.openSpoolBeside(typeof r.target === 'string' ? r.target : undefined).catch(async (e: unknown) => {
          await out.discard();
          throw e;
        })
      : undefined;
  const totals = r.resource === usageEvents.name ? new UsageTotals() : undefined;
  const csv = spool ? new CsvSpool(new CsvColumns(r.resource === usageEvents.name), spool.sink) : undefined;
  let rows = 0;
  let total: number | undefined;
  try {
    const pages = pagesFor(client, r, { pageSize: r.pageSize, concurrency: r.concurrency, signal: r.signal });
    const sink = spool ? spool.sink : out.sink;
    if (r.format === 'json') await sink.write('[');
    let summary: ListSummary;
    for (;;) {
      const next = await pages.next();
      if (next.done) {
        summary = next.value;
        break;
      }
      total ??= next.value.count;
      const records = next.value.items;
      if (totals) for (const record of records) totals.add(record);
      if (csv) {
        await csv.write(records);
        rows += records.length;
      } else {
        let chunk = '';
        for (const record of records) {
          const json = JSON.stringify(record);
          chunk += r.format === 'json' ? `${rows === 0 ? '\n' : ',\n'}${json}` : `${json}\n`;
          rows++;
        }
        await sink.write(chunk);
      }
      r.onProgress?.({ rows, total });
    }
    if (r.format === 'json') await sink.write(rows === 0 ? ']\n' : '\n]\n');
    if (spool && csv) {
      // No row, so no column was seen: the header still names the resource's columns.
      if (csv.columns.size === 0) csv.columns.name(exportable(r.resource).baseColumns);
      await spool.sink.close();
      await csv.copyTo(spool.tempPath, out.sink, r.bom === true, r.signal);
    }
    await out.commit();
    return {
      path: out.path,
      rows,
      initialCount: summary.initialCount,
      finalCount: summary.finalCount,
      duplicatesSkipped: summary.duplicatesSkipped,
      difference: rows - summary.initialCount,
      ...(totals ? { totals: { revenue: totals.revenue, events: totals.events } } : {}),
      bytes: out.sink.bytes,
      otherDataKeys: csv?.columns.overflowKeys ?? 0,
    };
  } catch (e) {
    await out.discard();
    throw e;
  } finally {
    await spool?.discard();
  }
}
