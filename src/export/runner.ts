// The export runner, shared by the VS Code commands and the campfire-export CLI: pages stream
// from the API into the target file as they arrive, through a temporary file that is renamed
// over the target only on success.
//
// CSV needs its header before the first row, but `data` keys (and unknown fields) can first
// appear in the last row of a million, so CSV rows are spooled and the header written at the end
// (see csvSpool.ts); XLSX the same way, as sheet rows (xlsx/xlsxSpool.ts). Parquet has a schema
// known from the start and writes a row group every so many rows (parquet/parquetRows.ts).
// Memory stays flat whatever the row count.
import * as l10n from '@vscode/l10n';
import type { Writable } from 'node:stream';
import type { CampfireClient } from '../api/client';
import type { ListPage, ListSummary, PaginateOptions } from '../api/pagination';
import { usageEvents, type IdKey } from '../resources';
import { AtomicFile, TempFile } from './atomicFile';
import { ByteSink } from './byteSink';
import { CsvColumns, CsvSpool } from './csvSpool';
import { exportable, type ExportFormat, type ExportResource } from './formats';
import { ParquetRows } from './parquet/parquetRows';
import { UsageTotals } from './totals';
import { XlsxSpool } from './xlsx/xlsxSpool';
import { stringifyExact } from '../shared/exactNumber';

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
  /** XLSX: rows a sheet holds, header included. Excel's limit (EXCEL_MAX_ROWS) unless a test lowers it. */
  xlsxMaxRows?: number;
  /** Parquet: rows a row group holds (PARQUET_ROW_GROUP unless a test lowers it). */
  parquetRowGroup?: number;
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
  /**
   * Campfire's data changed while it was read (rows written differ from `count` at the start, or
   * `count` moved): the file holds more than one moment, which is never reported as a plain success.
   */
  dataChanged: boolean;
  /** Usage events only. */
  /** `revenue`: the exact sum as decimal text (src/shared/exactDecimal.ts). */
  totals?: { revenue: string; events: number };
  bytes: number;
  /**
   * CSV and XLSX: distinct `data` keys past the first MAX_KEY_COLUMNS, written together as JSON in
   * the OTHER_DATA_KEYS column rather than one column each (so the file stays linear in the data).
   */
  otherDataKeys: number;
  /** CSV and XLSX: the same for top-level fields the schema does not name, in the OTHER_FIELDS column. */
  otherFields: number;
  /** XLSX: the sheets the rows are on (more than one past Excel's 1,048,576 rows a sheet). */
  sheets?: number;
  /** XLSX: cells whose text was longer than Excel's 32,767 characters and was cut. */
  truncatedCells?: number;
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

/** How a format's rows are written: formatted as they arrive, then finished into the target. */
interface RowWriter {
  write(records: readonly Record<string, unknown>[]): Promise<void>;
  finish(): Promise<void>;
}

export async function runExport(client: CampfireClient, r: ExportRequest): Promise<ExportResult> {
  // The target (and, for CSV and XLSX, the spool beside it) are opened before any request is made.
  const out = await openOutput(r.target);
  const spooled = r.format === 'csv' || r.format === 'xlsx';
  const spool = spooled
    ? await TempFile.openSpoolBeside(typeof r.target === 'string' ? r.target : undefined).catch(async (e: unknown) => {
        await out.discard();
        throw e;
      })
    : undefined;
  const resource = exportable(r.resource);
  const totals = r.resource === usageEvents.name ? new UsageTotals() : undefined;
  // Fields the schema names always get a column; others are bounded as `data` keys are (columnBound.ts).
  const columns = spooled ? new CsvColumns(r.resource === usageEvents.name, Object.keys(resource.itemSchema.shape)) : undefined;
  /** No row, so no column was seen: the header still names the resource's columns. */
  const nameColumns = () => {
    if (columns && columns.size === 0) columns.name(resource.baseColumns);
  };
  let rows = 0;
  let total: number | undefined;
  let writer: RowWriter | undefined;
  let xlsx: XlsxSpool | undefined;
  try {
    if (spool && columns && r.format === 'csv') {
      const csv = new CsvSpool(columns, spool.sink);
      writer = {
        write: (records) => csv.write(records),
        finish: async () => {
          nameColumns();
          await spool.sink.close();
          await csv.copyTo(spool.tempPath, out.sink, r.bom === true, r.signal);
        },
      };
    } else if (spool && columns && r.format === 'xlsx') {
      const x = new XlsxSpool(columns, spool.sink, { sheetName: resource.label.title, maxRows: r.xlsxMaxRows });
      xlsx = x;
      writer = {
        write: (records) => x.write(records),
        finish: async () => {
          nameColumns();
          await spool.sink.close();
          await x.copyTo(spool.tempPath, out.sink, r.signal);
        },
      };
    } else if (r.format === 'parquet') {
      const parquet = new ParquetRows(resource, out.sink, { rowGroup: r.parquetRowGroup });
      await parquet.open();
      writer = { write: (records) => parquet.write(records), finish: () => parquet.finish() };
    }
    const pages = pagesFor(client, r, { pageSize: r.pageSize, concurrency: r.concurrency, signal: r.signal });
    if (r.format === 'json') await out.sink.write('[');
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
      if (writer) {
        await writer.write(records);
        rows += records.length;
      } else {
        let chunk = '';
        for (const record of records) {
          // Every digit Campfire sent: a number a double would round is written as its literal, unquoted.
          const json = stringifyExact(record);
          chunk += r.format === 'json' ? `${rows === 0 ? '\n' : ',\n'}${json}` : `${json}\n`;
          rows++;
        }
        await out.sink.write(chunk);
      }
      r.onProgress?.({ rows, total });
    }
    if (r.format === 'json') await out.sink.write(rows === 0 ? ']\n' : '\n]\n');
    await writer?.finish();
    await out.commit();
    return {
      path: out.path,
      rows,
      initialCount: summary.initialCount,
      finalCount: summary.finalCount,
      duplicatesSkipped: summary.duplicatesSkipped,
      difference: rows - summary.initialCount,
      dataChanged: rows !== summary.initialCount || summary.finalCount !== summary.initialCount,
      ...(totals ? { totals: { revenue: totals.revenue, events: totals.events } } : {}),
      bytes: out.sink.bytes,
      otherDataKeys: columns?.overflowKeys ?? 0,
      otherFields: columns?.overflowFields ?? 0,
      ...(xlsx ? { sheets: xlsx.sheetCount, truncatedCells: xlsx.truncatedCells } : {}),
    };
  } catch (e) {
    // A file is not written at all. A stream (standard output) has had the rows so far: what it
    // holds stays a valid document of them, for the reader at the other end of the pipe.
    if (typeof r.target !== 'string') {
      if (r.format === 'json') await out.sink.write(rows === 0 ? ']\n' : '\n]\n').catch(() => undefined);
      if (r.format === 'parquet') await writer?.finish().catch(() => undefined);
    }
    await out.discard();
    throw e;
  } finally {
    await spool?.discard();
  }
}
