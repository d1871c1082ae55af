// CSV and TSV in two passes with flat memory: rows are spooled as they arrive and the header, known
// only at the end, is written before them (docs/ARCHITECTURE.md, "Exports").
import * as l10n from '@vscode/l10n';
import fs from 'node:fs';
import { usageEvents } from '../resources';
import { TempFile } from './atomicFile';
import type { ByteSink } from './byteSink';
import type { OpenWriter, WriterContext, WriterReport } from './exportWriter';
import { csvCell, guardFormula, tsvCell } from '../shared/csvCell';
import { KeyBudget, MAX_KEY_COLUMNS, OTHER_DATA_KEYS, OTHER_FIELDS } from '../shared/columnBound';
import { dataColumnName } from '../shared/dataColumn';

/** How a delimited format writes a row: the one difference between CSV and TSV. */
export interface Delimited {
  readonly separator: string;
  readonly rowEnd: string;
  /** Whether the byte-order mark for Excel is written when asked for (CSV's option; data tools reading TSV would take it as text). */
  readonly bom: boolean;
  cell(value: unknown): string;
}

/** RFC 4180: CRLF, fields quoted when they must be. */
export const CSV: Delimited = { separator: ',', rowEnd: '\r\n', bom: true, cell: csvCell };
/** Tab-separated, LF, no quoting: a tab, line break or backslash in a value is escaped (tsvEscaped). */
export const TSV: Delimited = { separator: '\t', rowEnd: '\n', bom: false, cell: tsvCell };

/** What the CLI and the export commands say when `data` keys went into OTHER_DATA_KEYS; `locale` formats the numbers. */
export function otherDataKeysNote(count: number, locale?: string): string {
  return l10n.t('{0} data keys beyond the first {1} are in the "{2}" column, as JSON', count.toLocaleString(locale), MAX_KEY_COLUMNS.toLocaleString(locale), OTHER_DATA_KEYS);
}

/** The same for top-level fields the schema does not name, beyond the first MAX_KEY_COLUMNS, in OTHER_FIELDS. */
export function otherFieldsNote(count: number, locale?: string): string {
  return l10n.t('{0} unknown fields beyond the first {1} are in the "{2}" column, as JSON', count.toLocaleString(locale), MAX_KEY_COLUMNS.toLocaleString(locale), OTHER_FIELDS);
}

/** A column is what it reads, never its header: a field named `data.x` and the data key `x` are two columns. */
type Column = { kind: 'field' | 'data'; key: string } | { kind: 'otherData' } | { kind: 'otherFields' } | { kind: 'dataValue' };

/** Header of the column for a `data` that is not an object (a string, a number, a list): kept whole. */
export const DATA_VALUE = 'data';

/** Own properties only: a key the record lacks is empty, not what Object.prototype has under it. */
function own(o: Record<string, unknown>, key: string): unknown {
  return Object.hasOwn(o, key) ? o[key] : undefined;
}

function dataOf(r: Record<string, unknown>): Record<string, unknown> | undefined {
  const d = own(r, 'data');
  return d !== null && typeof d === 'object' && !Array.isArray(d) ? (d as Record<string, unknown>) : undefined;
}

/** The object's keys that have no column of their own, as one object; undefined when it has none. */
function overflowOf(o: Record<string, unknown>, budget: KeyBudget): Record<string, unknown> | undefined {
  if (budget.overflowKeys === 0) return undefined;
  let other: Record<string, unknown> | undefined;
  for (const k of Object.keys(o)) {
    if (!budget.isOverflow(k)) continue;
    // No prototype, so a key named "__proto__" is stored as an ordinary key.
    other ??= Object.create(null) as Record<string, unknown>;
    other[k] = o[k];
  }
  return other;
}

export class CsvColumns {
  private readonly columns: Column[] = [];
  readonly names: string[] = [];
  /** Headers in use, as the header row writes them. */
  private readonly taken = new Set<string>();
  /** Fields the resource's schema names: each gets a column, whatever their number. */
  private readonly known: ReadonlySet<string>;
  private readonly fields = new Set<string>();
  /** Other top-level fields and `data` keys: the first MAX_KEY_COLUMNS of each get a column (columnBound.ts). */
  private readonly unknownFields = new KeyBudget();
  private readonly dataKeys = new KeyBudget();
  private dataValueColumn = false;

  constructor(
    private readonly flattenData: boolean,
    knownFields: readonly string[] = [],
  ) {
    this.known = new Set(knownFields);
  }

  get size(): number {
    return this.columns.length;
  }

  /** How many distinct `data` keys have no column of their own (they are in OTHER_DATA_KEYS), for a warning; 0 when none. */
  get overflowKeys(): number {
    return this.dataKeys.overflowKeys;
  }

  /** How many distinct unknown fields have no column of their own (they are in OTHER_FIELDS); 0 when none. */
  get overflowFields(): number {
    return this.unknownFields.overflowKeys;
  }

  private add(column: Column, name: string): void {
    // Compared as written, after the formula guard: the fields "=a" and "'=a" would both read '=a.
    let unique = name;
    for (let n = 2; this.taken.has(guardFormula(unique)); n++) unique = `${name} (${n})`;
    this.taken.add(guardFormula(unique));
    this.names.push(unique);
    this.columns.push(column);
  }

  private addField(key: string): void {
    if (this.fields.has(key)) return;
    if (!this.known.has(key)) {
      const place = this.unknownFields.place(key);
      if (place === 'firstOverflow') this.add({ kind: 'otherFields' }, OTHER_FIELDS);
      if (place !== 'newColumn') return;
    }
    this.fields.add(key);
    this.add({ kind: 'field', key }, key);
  }

  private addDataKey(key: string): void {
    const place = this.dataKeys.place(key);
    if (place === 'newColumn') this.add({ kind: 'data', key }, dataColumnName(key));
    else if (place === 'firstOverflow') this.add({ kind: 'otherData' }, OTHER_DATA_KEYS);
  }

  /** Adds any column `record` has that is not known yet (always at the end). */
  observe(record: Record<string, unknown>): void {
    // Object.keys: own keys only, and faster here than for…in with an Object.hasOwn test.
    for (const key of Object.keys(record)) {
      if (this.flattenData && key === 'data') {
        const data = dataOf(record);
        if (data) for (const k of Object.keys(data)) this.addDataKey(k);
        else if (record.data !== null && record.data !== undefined && !this.dataValueColumn) {
          // A `data` with no keys to spread (a string, a number, a list) is written whole, not dropped.
          this.dataValueColumn = true;
          this.add({ kind: 'dataValue' }, DATA_VALUE);
        }
      } else {
        this.addField(key);
      }
    }
  }

  /** Adds plain columns by name, for a header when no row named any (see ColumnSpool.end). */
  name(names: readonly string[]): void {
    for (const n of names) this.addField(n);
  }

  /** Visits the record's cells in column order: the one place a record is laid out in columns (CSV and XLSX). */
  forEachCell(record: Record<string, unknown>, fn: (value: unknown, column: number) => void): void {
    const data = this.flattenData ? dataOf(record) : undefined;
    for (let i = 0; i < this.columns.length; i++) {
      const c = this.columns[i] as Column;
      if (c.kind === 'field') fn(own(record, c.key), i);
      else if (c.kind === 'otherFields') fn(overflowOf(record, this.unknownFields), i);
      else if (c.kind === 'dataValue') fn(data ? undefined : own(record, 'data'), i);
      else fn(data ? (c.kind === 'data' ? own(data, c.key) : overflowOf(data, this.dataKeys)) : undefined, i);
    }
  }

  line(record: Record<string, unknown>, d: Delimited = CSV): string {
    let out = '';
    this.forEachCell(record, (value, i) => {
      out += i > 0 ? `${d.separator}${d.cell(value)}` : d.cell(value);
    });
    return out + d.rowEnd;
  }

  header(d: Delimited = CSV): string {
    return this.names.map((n) => d.cell(n)).join(d.separator) + d.rowEnd;
  }
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

  constructor(
    readonly columns: CsvColumns,
    private readonly spool: ByteSink,
    private readonly dialect: Delimited = CSV,
  ) {}

  async write(records: readonly Record<string, unknown>[]): Promise<void> {
    let chunk = '';
    for (const r of records) {
      this.columns.observe(r);
      const last = this.segments[this.segments.length - 1];
      if (!last || last.columns !== this.columns.size) this.segments.push({ row: this.rows, columns: this.columns.size });
      const line = this.columns.line(r, this.dialect);
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
    await out.write(`${bom ? '\uFEFF' : ''}${this.columns.header(this.dialect)}`);
    const total = this.columns.size;
    const fd = await fs.promises.open(spoolPath, 'r');
    try {
      let position = 0;
      for (let s = 0; s < this.segments.length; s++) {
        const seg = this.segments[s] as Segment;
        const endRow = this.segments[s + 1]?.row ?? this.rows;
        let bytes = 0;
        for (let i = seg.row; i < endRow; i++) bytes += this.rowBytes[i] as number;
        const padding = this.dialect.separator.repeat(total - seg.columns);
        if (padding === '') {
          await copyRange(fd, position, bytes, out, signal);
        } else {
          await copyRowsPadded(fd, position, this.rowBytes.subarray(seg.row, endRow), padding, this.dialect.rowEnd, out, signal);
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
    if (bytesRead === 0) throw new Error(l10n.t('CSV spool ended early'));
    await out.writeBorrowed(buf.subarray(0, bytesRead));
    done += bytesRead;
  }
}

async function copyRowsPadded(fd: fs.promises.FileHandle, start: number, lengths: Uint32Array, padding: string, rowEnd: string, out: ByteSink, signal?: AbortSignal): Promise<void> {
  const pad = Buffer.from(padding + rowEnd);
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
    if (bytesRead !== bytes) throw new Error(l10n.t('CSV spool ended early'));
    position += bytes;
    const paddedBytes = bytes + (last - first) * padding.length;
    if (paddedBytes > padded.length) padded = Buffer.allocUnsafe(paddedBytes);
    let from = 0;
    let to = 0;
    for (let i = first; i < last; i++) {
      const len = lengths[i] as number;
      // The row without its line end, then the empty cells it lacks and the line end.
      to += block.copy(padded, to, from, from + len - rowEnd.length);
      to += pad.copy(padded, to);
      from += len;
    }
    await out.writeBorrowed(padded.subarray(0, to));
    first = last;
  }
}

/** The spool beside the target and the columns its rows are laid out in: the first pass of CSV and XLSX. */
export class ColumnSpool {
  private constructor(
    private readonly file: TempFile,
    readonly columns: CsvColumns,
    private readonly baseColumns: readonly string[],
  ) {}

  static async open({ resource, targetPath, columns }: WriterContext): Promise<ColumnSpool> {
    const file = await TempFile.openSpoolBeside(targetPath);
    if (columns) {
      // A view's columns are all named before any row, so its rows never add one.
      const fixed = new CsvColumns(false, columns);
      fixed.name(columns);
      return new ColumnSpool(file, fixed, columns);
    }
    // Fields the schema names always get a column; others are bounded as `data` keys are (columnBound.ts).
    return new ColumnSpool(file, new CsvColumns(resource.name === usageEvents.name, Object.keys(resource.itemSchema.shape)), resource.baseColumns);
  }

  get sink(): ByteSink {
    return this.file.sink;
  }

  get path(): string {
    return this.file.tempPath;
  }

  /** Ends the first pass. With no row, so no column seen, the header still names the resource's columns. */
  async end(): Promise<void> {
    if (this.columns.size === 0) this.columns.name(this.baseColumns);
    await this.file.sink.close();
  }

  discard(): Promise<void> {
    return this.file.discard();
  }

  report(): WriterReport {
    return { otherDataKeys: this.columns.overflowKeys, otherFields: this.columns.overflowFields };
  }
}

/** The CSV or TSV writer: rows spooled in the first pass, copied after the header in the second. */
function openDelimited(dialect: Delimited): OpenWriter {
  return async (context) => {
    const spool = await ColumnSpool.open(context);
    const rows = new CsvSpool(spool.columns, spool.sink, dialect);
    return {
      write: (records) => rows.write(records),
      finish: async () => {
        await spool.end();
        await rows.copyTo(spool.path, context.out, dialect.bom && context.bom, context.signal);
      },
      // Rows are only in the spool until finish: a stream has had nothing to end.
      endPartial: () => Promise.resolve(),
      close: () => spool.discard(),
      report: () => spool.report(),
    };
  };
}

export const openCsv = openDelimited(CSV);
export const openTsv = openDelimited(TSV);
