// Parquet rows buffered by column and written a row group at a time, so memory holds one row group.
import * as l10n from '@vscode/l10n';
import type { ByteSink } from '../byteSink';
import type { OpenWriter } from '../exportWriter';
import { loadParquetWriter } from '../lazyModules';
import { parquetColumns, viewColumns } from './parquetSchema';
import type { ParquetColumnSpec, ParquetFile } from './parquetWriter';
import type * as z from 'zod';
import { ExactNumber, stringifyExact } from '../../shared/exactNumber';

/** Measured on 1M usage events: 8,192 rows peaked about 40 MB above CSV (65,536: 168 MB) with a file only 4% larger. */
export const PARQUET_ROW_GROUP = 8_192;

declare const CAMPFIRE_VERSION: string;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const ISO_DATE_TIME = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:\d{2})?$/;

/** Days since 1970-01-01 of a `YYYY-MM-DD`; not Date.UTC, which reads the years 0–99 as 1900–1999. */
export function epochDays(text: string): number | undefined {
  const m = ISO_DATE.exec(text);
  if (!m) return undefined;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  // Howard Hinnant's days_from_civil: years counted from March, so the leap day ends a year.
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Microseconds since the epoch of an ISO date-time (Date.parse stops at milliseconds); no offset means UTC. */
export function epochMicros(text: string): bigint | undefined {
  const m = ISO_DATE_TIME.exec(text);
  if (!m) return undefined;
  const day = epochDays(m[1] as string);
  if (day === undefined) return undefined;
  const zone = m[6];
  const offsetMin = zone === undefined || zone === 'Z' ? 0 : (zone[0] === '-' ? -1 : 1) * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6)));
  const seconds = day * 86_400 + (Number(m[2]) * 60 + Number(m[3]) - offsetMin) * 60 + Number(m[4] ?? 0);
  const micros = Number(((m[5] ?? '') + '000000').slice(0, 6));
  return BigInt(seconds) * 1_000_000n + BigInt(micros);
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** An integer literal that a double would round, as INT64 when it fits; undefined otherwise (then it is no INT64 value). */
function exactInt64(literal: string): bigint | undefined {
  if (!/^-?[0-9]+$/.test(literal)) return undefined;
  const n = BigInt(literal);
  return n >= INT64_MIN && n <= INT64_MAX ? n : undefined;
}

/** An integer that fits INT64 stays a JSON number; anything else becomes a string, as readers would round it. */
function jsonLiteral(literal: string): string {
  return exactInt64(literal) !== undefined ? literal : JSON.stringify(literal);
}

/** JSON text with every digit Campfire sent. */
function json(value: unknown): string {
  return stringifyExact(value, undefined, jsonLiteral);
}

export interface ParquetRowsOptions {
  rowGroup?: number;
  /** A view's columns (WriterContext.columns): these alone, in this order, with no `extra`. */
  columns?: readonly string[];
}

export class ParquetRows {
  readonly columns: readonly ParquetColumnSpec[];
  /** Field name → column index, for the declared fields (the last column is `extra`, unless a view's). */
  private readonly index = new Map<string, number>();
  private buffers: unknown[][];
  private rows = 0;
  private readonly rowGroup: number;
  private file: ParquetFile | undefined;
  /** Where `extra` is; the column count when there is none (a view's). */
  private readonly extraColumn: number;

  constructor(
    resource: { itemSchema: z.ZodObject; baseColumns: readonly string[] },
    private readonly sink: ByteSink,
    options: ParquetRowsOptions = {},
  ) {
    this.columns = options.columns ? viewColumns(resource.itemSchema, options.columns) : parquetColumns(resource.itemSchema, resource.baseColumns);
    this.extraColumn = options.columns ? this.columns.length : this.columns.length - 1;
    for (let i = 0; i < this.extraColumn; i++) this.index.set((this.columns[i] as ParquetColumnSpec).name, i);
    this.buffers = this.columns.map(() => []);
    this.rowGroup = options.rowGroup ?? PARQUET_ROW_GROUP;
  }

  /** Loads the writer and starts the file (before any request, so a broken installation fails first). */
  async open(): Promise<ParquetFile> {
    // The bytes are lent: the writer reuses its buffer once the output is done with them.
    this.file ??= await loadParquetWriter().createParquetFile(this.columns, (b) => this.sink.writeBorrowed(Buffer.from(b.buffer, b.byteOffset, b.byteLength)), `campfire-vscode ${CAMPFIRE_VERSION}`);
    return this.file;
  }

  /** The value of a declared field, as its column holds it; a value of another type fails loudly. */
  private convert(column: ParquetColumnSpec, value: unknown): unknown {
    if (value === null || value === undefined) return null;
    switch (column.kind) {
      case 'int64':
        if (typeof value === 'number' && Number.isSafeInteger(value)) return BigInt(value);
        break;
      case 'double':
        if (typeof value === 'number') return value;
        break;
      case 'boolean':
        if (typeof value === 'boolean') return value;
        break;
      case 'date':
        if (typeof value === 'string') {
          const days = epochDays(value);
          if (days !== undefined) return days;
        }
        break;
      case 'timestamp':
        if (typeof value === 'string') {
          const micros = epochMicros(value);
          if (micros !== undefined) return micros;
        }
        break;
      case 'string':
        return typeof value === 'string' ? value : value instanceof ExactNumber ? value.text : json(value);
      case 'json':
        return json(value);
    }
    throw new Error(l10n.t('Cannot write {0} {1} in the Parquet column "{2}" ({3})', typeof value, json(value).slice(0, 80), column.name, column.kind));
  }

  async write(records: readonly Record<string, unknown>[]): Promise<void> {
    const extraColumn = this.extraColumn;
    for (const r of records) {
      const row = this.rows % this.rowGroup;
      for (let i = 0; i < extraColumn; i++) {
        const c = this.columns[i] as ParquetColumnSpec;
        (this.buffers[i] as unknown[])[row] = this.convert(c, Object.hasOwn(r, c.name) ? r[c.name] : undefined);
      }
      if (extraColumn < this.columns.length) (this.buffers[extraColumn] as unknown[])[row] = this.extraOf(r);
      this.rows++;
      if (this.rows % this.rowGroup === 0) await this.flush();
    }
  }

  /** The record's fields without a column of their own, as JSON; null when it has none. */
  private extraOf(r: Record<string, unknown>): string | null {
    let extra: Record<string, unknown> | undefined;
    for (const key of Object.keys(r)) {
      if (this.index.has(key)) continue;
      // No prototype, so a field named "__proto__" is kept as an ordinary key.
      extra ??= Object.create(null) as Record<string, unknown>;
      extra[key] = r[key];
    }
    return extra ? json(extra) : null;
  }

  private async flush(): Promise<void> {
    const file = await this.open();
    const data = this.buffers;
    this.buffers = this.columns.map(() => []);
    await file.writeRowGroup(data);
  }

  async finish(): Promise<void> {
    if (this.rows % this.rowGroup !== 0 || this.rows === 0) await this.flush();
    await (await this.open()).finish();
  }
}

export const openParquet: OpenWriter = async (context) => {
  const parquet = new ParquetRows(context.resource, context.out, { rowGroup: context.parquetRowGroup, columns: context.columns });
  await parquet.open();
  return {
    write: (records) => parquet.write(records),
    finish: () => parquet.finish(),
    // The row groups a stream has had, with a footer, are a valid file of the rows so far.
    endPartial: () => parquet.finish(),
    close: () => Promise.resolve(),
    report: () => ({ otherDataKeys: 0, otherFields: 0 }),
  };
};
