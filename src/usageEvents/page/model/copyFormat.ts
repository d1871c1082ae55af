// Selected rows as text for the clipboard. CSV follows RFC 4180; TSV is what spreadsheets paste
// (tabs and line breaks inside values become spaces); JSON has the API's field names (the columns'
// ids) and typed values, with the data keys under `data`. Text that a spreadsheet would run as a
// formula is prefixed with an apostrophe in CSV and TSV, because usage data comes from customers'
// systems; the guard and the quoting are the export's (src/shared/csvCell.ts), so a copy and an
// export of the same value are written alike.
import { csvField, guardFormula } from '../../../shared/csvCell';
import { dataColumnName } from '../../../shared/dataColumn';
import { ExactNumber, stringifyExact } from '../../../shared/exactNumber';
import type { CopyFormat, JsonValue } from '../../protocol/usageEventsMessages';
import { cellText, isNumericKind, type Column } from './columns';
import type { RowStore } from './rowStore';

/** Numbers in numeric columns are never guarded: -7 is a number, not a formula. */
function guardCell(text: string, column: Column, raw: unknown): string {
  if ((typeof raw === 'number' || raw instanceof ExactNumber) && isNumericKind(column.kind)) return text;
  return guardFormula(text);
}

export function tsvField(text: string): string {
  return text.replace(/[\t\r\n]+/g, ' ');
}

function columnHeader(c: Column): string {
  return c.dataKey === undefined ? c.label : dataColumnName(c.dataKey);
}

/** Values as plain as possible: numbers without grouping, so the text pastes back as numbers. */
function exportText(column: Column, raw: unknown): string {
  if (raw === null || raw === undefined) return '';
  if (column.kind === 'flag') return raw === true ? 'true' : 'false';
  if (typeof raw === 'number') return String(raw);
  if (raw instanceof ExactNumber) return raw.text;
  if (column.kind === 'datetime' && typeof raw === 'string') return raw;
  return cellText(column.kind, raw as JsonValue);
}

/**
 * A block of cells (the grid's rectangular selection): these columns of these rows, as TSV or CSV,
 * with the column headers first when asked. Rows and cells are written as formatRows writes them
 * (one row path); the text ends without a line break, so one cell pastes as just its value.
 */
export function formatCells(store: RowStore, columns: readonly Column[], rows: ArrayLike<number>, options: { format: 'tsv' | 'csv'; headers: boolean }): string {
  const lines = delimitedLines(store, columns, rows, options.format, options.headers);
  return lines.join(options.format === 'csv' ? '\r\n' : '\n');
}

function delimitedLines(store: RowStore, columns: readonly Column[], rows: ArrayLike<number>, format: 'tsv' | 'csv', headers: boolean): string[] {
  const indexes = columns.map((c) => store.columnIndex(c.id) ?? -1);
  const field = format === 'csv' ? csvField : tsvField;
  const sep = format === 'csv' ? ',' : '\t';
  const lines = headers ? [columns.map((c) => field(columnHeader(c))).join(sep)] : [];
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i] as number;
    lines.push(
      columns
        .map((c, k) => {
          const raw = store.cell(r, indexes[k] ?? -1);
          return field(guardCell(exportText(c, raw), c, raw));
        })
        .join(sep),
    );
  }
  return lines;
}

export function formatRows(store: RowStore, columns: readonly Column[], rows: ArrayLike<number>, format: CopyFormat): string {
  if (format === 'json') {
    const indexes = columns.map((c) => store.columnIndex(c.id) ?? -1);
    const out: Record<string, JsonValue>[] = [];
    for (let i = 0; i < rows.length; i++) out.push(rowObject(store, columns, indexes, rows[i] as number));
    // Every digit Campfire sent: a number a double would round is written as its literal.
    return stringifyExact(out, 2);
  }
  const lines = delimitedLines(store, columns, rows, format, true);
  return lines.join(format === 'csv' ? '\r\n' : '\n') + (format === 'csv' ? '\r\n' : '\n');
}

/** One row as the API names it: these columns' fields, with the data keys under `data`. */
function rowObject(store: RowStore, columns: readonly Column[], indexes: readonly number[], r: number): Record<string, JsonValue> {
  const obj: Record<string, JsonValue> = {};
  let data: Record<string, JsonValue> | undefined;
  columns.forEach((c, k) => {
    const v = store.cell(r, indexes[k] ?? -1);
    const value = v === undefined ? null : v;
    if (c.otherData) {
      // The overflow column's keys are `data` keys like the others.
      if (v !== undefined) {
        data ??= {};
        for (const [k, x] of Object.entries(v as Record<string, JsonValue>)) Object.defineProperty(data, k, { value: x, enumerable: true, writable: true, configurable: true });
      }
    } else if (c.dataKey === undefined) {
      obj[c.id] = value;
    } else {
      data ??= {};
      // defineProperty: a key named "__proto__" stays an ordinary key.
      Object.defineProperty(data, c.dataKey, { value, enumerable: true, writable: true, configurable: true });
    }
  });
  if (data) obj.data = data;
  return obj;
}

/** A whole event (every column the table knows, hidden or not) as the API names it: what "Open as JSON" shows. */
export function eventObject(store: RowStore, row: number): Record<string, JsonValue> {
  // Only the data keys this event has: a key other events have is not shown as null.
  const columns = store.columns.filter((c) => (c.dataKey === undefined && !c.otherData) || store.cell(row, store.columnIndex(c.id) ?? -1) !== undefined);
  const obj = rowObject(store, columns, columns.map((c) => store.columnIndex(c.id) ?? -1), row);
  obj.data ??= {};
  return obj;
}
