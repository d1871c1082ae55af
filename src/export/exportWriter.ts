// What every export format implements, so the runner streams pages the same way whatever it writes.
import type { AnyResource } from '../resources';
import type { ByteSink } from './byteSink';

export interface WriterContext {
  resource: AnyResource;
  /** The output: the target's temporary file, or a stream. */
  out: ByteSink;
  /** The target file, beside which rows are spooled; undefined when the output is a stream. */
  targetPath: string | undefined;
  /** Byte-order mark for Excel (CSV only). */
  bom: boolean;
  signal: AbortSignal | undefined;
  /** XLSX: rows a sheet holds, header included. */
  xlsxMaxRows: number | undefined;
  /** Parquet: rows a row group holds. */
  parquetRowGroup: number | undefined;
  /**
   * A view of the records (what a table shows): only these columns, in this order, each record
   * holding its cells under these names. Undefined: every field, laid out as the resource has them.
   */
  columns?: readonly string[];
}

/** What the export's result says about how the rows were laid out (see ExportResult). */
export interface WriterReport {
  otherDataKeys: number;
  otherFields: number;
  sheets?: number;
  truncatedCells?: number;
}

/** A format's rows as they arrive: opened before any request, written page by page, then finished into the output. */
export interface ExportWriter {
  write(records: readonly Record<string, unknown>[]): Promise<void>;
  /** Completes the document in the output (the header and spooled rows, the closing bracket, the footer). */
  finish(): Promise<void>;
  /** After a failure on a stream, which keeps what it was sent: ends it as a valid document of the rows so far. */
  endPartial(): Promise<void>;
  /** Releases what the writer holds beside the output (its spool), whatever happened. */
  close(): Promise<void>;
  report(): WriterReport;
}

export type OpenWriter = (context: WriterContext) => Promise<ExportWriter>;
