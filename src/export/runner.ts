// The export runner, shared by the export commands and campfire-export: pages stream into the
// format's writer as they arrive, and the file is renamed over the target only on success.
import * as l10n from '@vscode/l10n';
import type { Writable } from 'node:stream';
import type { CampfireClient, Query } from '../api/client';
import { IdSet } from '../api/idSet';
import { paginate, type ListPage, type ListSummary, type PaginateOptions } from '../api/pagination';
import { usageEvents, type AnyResource, type IdKey } from '../resources';
import { AtomicFile } from './atomicFile';
import { ByteSink } from './byteSink';
import { DecimalSum } from '../shared/exactDecimal';
import type { ExportWriter, WriterReport } from './exportWriter';
import { FORMATS, exportable, type ExportFormat, type ExportResource } from './formats';

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
  /** Campfire's change filters, for a resource whose list takes them (see Resource.deletedStubSchema). */
  changes?: ChangeFilters;
  signal?: AbortSignal;
  onProgress?: (p: ExportProgress) => void;
  /** XLSX: rows a sheet holds, header included. Excel's limit (EXCEL_MAX_ROWS) unless a test lowers it. */
  xlsxMaxRows?: number;
  /** Parquet: rows a row group holds (PARQUET_ROW_GROUP unless a test lowers it). */
  parquetRowGroup?: number;
}

export interface ChangeFilters {
  /** ISO 8601 instants, sent as `last_modified_at__gte` and `__lte`; for deleted rows, their deletion time. */
  modifiedSince?: string;
  modifiedUntil?: string;
  /** The stubs of soft-deleted rows too, listed after the active rows (`include_deleted=true` lists only those). */
  includeDeleted?: boolean;
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
  /** Campfire's data changed while it was read: the file holds more than one moment, never a plain success. */
  dataChanged: boolean;
  /** Usage events only. */
  /** `revenue`: the exact sum as decimal text (src/shared/exactDecimal.ts). */
  totals?: { revenue: string; events: number };
  bytes: number;
  /** CSV and XLSX: `data` keys past MAX_KEY_COLUMNS, written together as JSON in the OTHER_DATA_KEYS column. */
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
  const changes = r.changes ?? {};
  if (Object.values(changes).every((v) => v === undefined || v === false)) return resource.list(client, ids as never, opts) as Pages;
  const stubSchema = resource.deletedStubSchema;
  if (!stubSchema) throw new Error(l10n.t('Campfire lists {0} with no change filters', resource.label.many));
  const query: Query = { last_modified_at__gte: changes.modifiedSince, last_modified_at__lte: changes.modifiedUntil };
  if (!changes.includeDeleted) return resource.list(client, ids as never, opts, query) as Pages;
  // One id set across both listings: a row deleted between them is handed out once, and the
  // listing's counts then say that the data changed.
  const listed = new IdSet();
  const deleted = () =>
    paginate(client, { path: resource.listPath(ids as never), endpoint: l10n.t('deleted {0}', resource.describe(ids as never)), itemSchema: stubSchema, query: { ...query, include_deleted: true } }, { ...opts, listed });
  return oneAfterTheOther(resource.list(client, ids as never, { ...opts, listed }, query) as Pages, deleted as () => Pages);
}

/** Two listings as one: the second's pages after the first's, their counts and summaries added up. */
async function* oneAfterTheOther(first: Pages, second: () => Pages): Pages {
  const a: ListSummary = yield* first;
  const rest = second();
  for (;;) {
    const next = await rest.next();
    if (next.done) {
      const b = next.value;
      return {
        initialCount: a.initialCount + b.initialCount,
        finalCount: a.finalCount + b.finalCount,
        delivered: a.delivered + b.delivered,
        duplicatesSkipped: a.duplicatesSkipped + b.duplicatesSkipped,
        complete: a.complete && b.complete,
      };
    }
    yield { ...next.value, count: a.finalCount + next.value.count, delivered: a.delivered + next.value.delivered };
  }
}

export interface Output {
  sink: ByteSink;
  commit(): Promise<void>;
  discard(): Promise<void>;
  path: string | undefined;
}

/** A file written beside and renamed on commit, or a stream written as it goes. */
export async function openOutput(target: string | Writable): Promise<Output> {
  if (typeof target === 'string') {
    const file = await AtomicFile.open(target);
    return { sink: file.sink, commit: () => file.commit(), discard: () => file.discard(), path: file.target };
  }
  const sink = new ByteSink(target);
  return { sink, commit: () => Promise.resolve(), discard: () => Promise.resolve(), path: undefined };
}

export async function runExport(client: CampfireClient, r: ExportRequest): Promise<ExportResult> {
  const totals = r.resource === usageEvents.name ? new UsageTotals() : undefined;
  let total: number | undefined;
  let summary: ListSummary | undefined;
  // Pages are asked for only once the target (and, for CSV and XLSX, the spool beside it) is open.
  async function* pages(): AsyncGenerator<readonly Record<string, unknown>[]> {
    const listing = pagesFor(client, r, { pageSize: r.pageSize, concurrency: r.concurrency, signal: r.signal });
    for (;;) {
      const next = await listing.next();
      if (next.done) {
        summary = next.value;
        return;
      }
      // The latest count: a listing of active and deleted rows knows the second part's only then.
      total = next.value.count;
      if (totals) for (const record of next.value.items) totals.add(record);
      yield next.value.items;
    }
  }
  const written = await writeRecords(r.target, { ...r, resource: exportable(r.resource) }, pages(), (rows) => r.onProgress?.({ rows, total }));
  if (!summary) throw new Error('The listing ended without its summary');
  return {
    ...written,
    initialCount: summary.initialCount,
    finalCount: summary.finalCount,
    duplicatesSkipped: summary.duplicatesSkipped,
    difference: written.rows - summary.initialCount,
    dataChanged: written.rows !== summary.initialCount || summary.finalCount !== summary.initialCount,
    ...(totals ? { totals: { revenue: totals.revenue, events: totals.events } } : {}),
  };
}

/** What the writer and the output say of records written: where, how many, how big, how laid out. */
export interface WrittenRecords extends WriterReport {
  path: string | undefined;
  rows: number;
  bytes: number;
}

/** How the records are written: the format and what its writer is told (see WriterContext). */
export interface RecordsFormat {
  format: ExportFormat;
  resource: AnyResource;
  bom?: boolean;
  signal?: AbortSignal;
  xlsxMaxRows?: number;
  parquetRowGroup?: number;
  columns?: readonly string[];
}

/**
 * Writes every batch of records through the format's writer into `target`. A file appears only
 * once every row is in it; after a failure, a stream (standard output) has had the rows so far,
 * and what it holds stays a valid document of them for the reader at the other end of the pipe.
 */
export async function writeRecords(
  target: string | Writable,
  f: RecordsFormat,
  batches: AsyncIterable<readonly Record<string, unknown>[]> | Iterable<readonly Record<string, unknown>[]>,
  onProgress?: (rows: number) => void,
  /** Asked once every row is written: false discards the file and leaves the target as it was (a synced partition whose content is unchanged). */
  keep?: () => boolean,
): Promise<WrittenRecords> {
  const out = await openOutput(target);
  let rows = 0;
  let writer: ExportWriter | undefined;
  try {
    writer = await FORMATS[f.format].open({
      resource: f.resource,
      out: out.sink,
      targetPath: typeof target === 'string' ? target : undefined,
      bom: f.bom === true,
      signal: f.signal,
      xlsxMaxRows: f.xlsxMaxRows,
      parquetRowGroup: f.parquetRowGroup,
      ...(f.columns ? { columns: f.columns } : {}),
    });
    for await (const records of batches) {
      await writer.write(records);
      rows += records.length;
      onProgress?.(rows);
    }
    await writer.finish();
    if (keep && !keep()) await out.discard();
    else await out.commit();
    return { path: out.path, rows, bytes: out.sink.bytes, ...writer.report() };
  } catch (e) {
    if (typeof target !== 'string') await writer?.endPartial().catch(() => undefined);
    await out.discard();
    throw e;
  } finally {
    await writer?.close();
  }
}

/** Running totals of a usage-event export for the closing message, revenue summed exactly in decimal. */
class UsageTotals {
  private readonly sum = new DecimalSum();
  events = 0;

  add(record: Record<string, unknown>): void {
    const revenue = record.total_revenue_dollars;
    if (typeof revenue === 'number') this.sum.add(revenue);
    const events = record.total_events;
    if (typeof events === 'number') this.events += events;
  }

  /** The exact total as decimal text ("137953.605"). */
  get revenue(): string {
    return this.sum.toString();
  }
}
