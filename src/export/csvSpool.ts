// CSV in two passes with flat memory. The header must list every column, but a `data` key (or a
// field Campfire added) can first appear in the last of a million rows. Rows are therefore
// formatted once, as they arrive, into a spool file with the columns known at that moment; new
// columns are only ever appended. At the end the header is written, then the spool is copied
// behind it, adding the empty cells that rows written before a column appeared lack. Only the
// byte length of each row is kept in memory (4 bytes a row), and only rows that need padding are
// touched; when the columns never changed after the first row, the second pass is a plain copy.
import fs from 'node:fs';
import type { ByteSink } from './byteSink';
import { csvCell } from './csv';

const ROW_END = '\r\n';

export class CsvColumns {
  private readonly index = new Map<string, number>();
  readonly names: string[] = [];
  /** Per-row getters, in column order. */
  private readonly getters: ((r: Record<string, unknown>) => unknown)[] = [];

  constructor(private readonly flattenData: boolean) {}

  get size(): number {
    return this.names.length;
  }

  private add(name: string, get: (r: Record<string, unknown>) => unknown): void {
    if (this.index.has(name)) return;
    this.index.set(name, this.names.length);
    this.names.push(name);
    this.getters.push(get);
  }

  /** Adds any column `record` has that is not known yet (always at the end). */
  observe(record: Record<string, unknown>): void {
    for (const key in record) {
      if (this.flattenData && key === 'data') {
        const data = record.data;
        if (data !== null && typeof data === 'object' && !Array.isArray(data)) {
          for (const k in data as Record<string, unknown>) {
            if (!this.index.has(`data.${k}`)) this.add(`data.${k}`, (r) => dataOf(r)?.[k]);
          }
        }
      } else if (!this.index.has(key)) {
        this.add(key, (r) => r[key]);
      }
    }
  }

  /** Adds plain columns by name, for a header when no row named any (see columns.ts). */
  name(names: readonly string[]): void {
    for (const n of names) this.add(n, (r) => r[n]);
  }

  /** The record as one CSV line, over the columns known now. */
  line(record: Record<string, unknown>): string {
    let out = '';
    for (let i = 0; i < this.getters.length; i++) {
      if (i > 0) out += ',';
      out += csvCell((this.getters[i] as (r: Record<string, unknown>) => unknown)(record));
    }
    return out + ROW_END;
  }

  header(): string {
    return this.names.map((n) => csvCell(n)).join(',') + ROW_END;
  }
}

function dataOf(r: Record<string, unknown>): Record<string, unknown> | undefined {
  const d = r.data;
  return d !== null && typeof d === 'object' && !Array.isArray(d) ? (d as Record<string, unknown>) : undefined;
}

/** Where the column count changed: rows from `row` on have `columns` cells. */
interface Segment {
  row: number;
  columns: number;
}

export class CsvSpool {
  private rowBytes = new Uint32Array(1 << 16);
  private rows = 0;
  private readonly segments: Segment[] = [];

  constructor(readonly columns: CsvColumns, private readonly spool: ByteSink) {}

  /** Formats and spools a page of records. */
  async write(records: readonly Record<string, unknown>[]): Promise<void> {
    let chunk = '';
    for (const r of records) {
      this.columns.observe(r);
      const last = this.segments[this.segments.length - 1];
      if (!last || last.columns !== this.columns.size) this.segments.push({ row: this.rows, columns: this.columns.size });
      const line = this.columns.line(r);
      if (this.rows === this.rowBytes.length) {
        const grown = new Uint32Array(this.rowBytes.length * 2);
        grown.set(this.rowBytes);
        this.rowBytes = grown;
      }
      this.rowBytes[this.rows++] = Buffer.byteLength(line);
      chunk += line;
    }
    await this.spool.write(chunk);
  }

  /** Writes the header and every spooled row, padded to the final columns, to `out`. */
  async copyTo(spoolPath: string, out: ByteSink, bom: boolean, signal?: AbortSignal): Promise<void> {
    await out.write(`${bom ? '\uFEFF' : ''}${this.columns.header()}`);
    const total = this.columns.size;
    const fd = await fs.promises.open(spoolPath, 'r');
    try {
      let position = 0;
      for (let s = 0; s < this.segments.length; s++) {
        const seg = this.segments[s] as Segment;
        const endRow = this.segments[s + 1]?.row ?? this.rows;
        let bytes = 0;
        for (let i = seg.row; i < endRow; i++) bytes += this.rowBytes[i] as number;
        const padding = ','.repeat(total - seg.columns);
        if (padding === '') {
          await copyRange(fd, position, bytes, out, signal);
        } else {
          await copyRowsPadded(fd, position, this.rowBytes.subarray(seg.row, endRow), padding, out, signal);
        }
        position += bytes;
      }
    } finally {
      await fd.close();
    }
  }
}

const CHUNK = 1 << 20;

async function copyRange(fd: fs.promises.FileHandle, start: number, length: number, out: ByteSink, signal?: AbortSignal): Promise<void> {
  const buf = Buffer.allocUnsafe(CHUNK);
  for (let done = 0; done < length; ) {
    signal?.throwIfAborted();
    const { bytesRead } = await fd.read(buf, 0, Math.min(CHUNK, length - done), start + done);
    if (bytesRead === 0) throw new Error('CSV spool ended early');
    await out.writeBorrowed(buf.subarray(0, bytesRead));
    done += bytesRead;
  }
}

async function copyRowsPadded(fd: fs.promises.FileHandle, start: number, lengths: Uint32Array, padding: string, out: ByteSink, signal?: AbortSignal): Promise<void> {
  const pad = Buffer.from(padding + ROW_END);
  // Both buffers are reused from block to block (see ByteSink.writeBorrowed), so memory stays flat.
  let block = Buffer.allocUnsafe(CHUNK);
  let padded = Buffer.allocUnsafe(CHUNK);
  let position = start;
  // Read runs of rows about a megabyte long, then cut them at the known row lengths.
  for (let first = 0; first < lengths.length; ) {
    signal?.throwIfAborted();
    let last = first;
    let bytes = 0;
    while (last < lengths.length && (bytes === 0 || bytes + (lengths[last] as number) <= CHUNK)) bytes += lengths[last++] as number;
    // A single row longer than a megabyte gets buffers of its own size.
    if (bytes > block.length) block = Buffer.allocUnsafe(bytes);
    const { bytesRead } = await fd.read(block, 0, bytes, position);
    if (bytesRead !== bytes) throw new Error('CSV spool ended early');
    position += bytes;
    const paddedBytes = bytes + (last - first) * padding.length;
    if (paddedBytes > padded.length) padded = Buffer.allocUnsafe(paddedBytes);
    let from = 0;
    let to = 0;
    for (let i = first; i < last; i++) {
      const len = lengths[i] as number;
      // The row without its CRLF, then the empty cells it lacks and the CRLF.
      to += block.copy(padded, to, from, from + len - ROW_END.length);
      to += pad.copy(padded, to);
      from += len;
    }
    await out.writeBorrowed(padded.subarray(0, to));
    first = last;
  }
}
