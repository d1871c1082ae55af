// A view of records (the rows and columns a table shows, in its order) written to a file by the
// format's own writer: the same cells, formula guard and atomic file as a full export, no request.
import { AtomicFile } from './atomicFile';
import type { WriterReport } from './exportWriter';
import { FORMATS, exportable, type ExportFormat, type ExportResource } from './formats';

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
  const file = await AtomicFile.open(r.target);
  let rows = 0;
  const writer = await FORMATS[r.format]
    .open({
      resource: exportable(r.resource),
      out: file.sink,
      targetPath: r.target,
      bom: r.bom === true,
      signal: r.signal,
      xlsxMaxRows: r.xlsxMaxRows,
      parquetRowGroup: undefined,
      columns: r.columns,
    })
    .catch(async (e: unknown) => {
      await file.discard();
      throw e;
    });
  try {
    for (const records of batches) {
      r.signal?.throwIfAborted();
      await writer.write(records);
      rows += records.length;
      r.onProgress?.(rows);
    }
    await writer.finish();
    await file.commit();
    return { path: file.target, rows, bytes: file.sink.bytes, ...writer.report() };
  } catch (e) {
    await file.discard();
    throw e;
  } finally {
    await writer.close();
  }
}
