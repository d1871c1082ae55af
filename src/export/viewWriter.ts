// A view of records (the rows and columns a table shows, in its order) written to a file by the
// format's own writer: the same cells, formula guard and atomic file as a full export, no request.
import type { WriterReport } from './exportWriter';
import { exportable, type ExportFormat, type ExportResource } from './formats';
import { writeRecords } from './runner';

export interface ViewExportRequest {
  resource: ExportResource;
  format: ExportFormat;
  /** The file written; it appears only once every row is in it. */
  target: string;
  /** The columns, in order; each record holds its cells under these names. */
  columns: readonly string[];
  /** Byte-order mark for Excel (CSV only). */
  bom?: boolean;
  signal?: AbortSignal;
  /** XLSX: rows a sheet holds, header included (Excel's limit unless a test lowers it). */
  xlsxMaxRows?: number;
  onProgress?: (rows: number) => void;
}

export interface ViewExportResult extends WriterReport {
  path: string;
  rows: number;
  bytes: number;
}

/** Writes the records, batch by batch, through the format's writer into a file renamed over `target` on success. */
export async function writeView(r: ViewExportRequest, batches: Iterable<readonly Record<string, unknown>[]>): Promise<ViewExportResult> {
  // The records are in memory: nothing else would notice a cancel between two batches.
  function* checked(): Generator<readonly Record<string, unknown>[]> {
    for (const records of batches) {
      r.signal?.throwIfAborted();
      yield records;
    }
  }
  const written = await writeRecords(r.target, { ...r, resource: exportable(r.resource) }, checked(), r.onProgress);
  return { ...written, path: written.path ?? r.target };
}
