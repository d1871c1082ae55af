// Selected rows as text for the clipboard. CSV follows RFC 4180; TSV is what spreadsheets paste
// (tabs and line breaks inside values become spaces); JSON has the API's field names (the columns'
// ids) and typed values, with the data keys under `data`. Text that a spreadsheet would run as a
// formula is prefixed with an apostrophe in CSV and TSV, because usage data comes from customers'
// systems; the guard and the quoting are the export's (src/shared/csvCell.ts), so a copy and an
// export of the same value are written alike.
import { csvField, guardFormula } from '../../shared/csvCell';
import { dataColumnName } from '../../shared/dataColumn';
import type { CopyFormat, JsonValue } from '../../shared/usageEventsMessages';
import { cellText, isNumericKind, type Column } from './columns';
import type { RowStore } from './rowStore';

/** Numbers in numeric columns are never guarded: -7 is a number, not a formula. */
function guardCell(text: string, column: Column, raw: unknown): string {
  if (typeof raw === 'number' && isNumericKind(column.kind)) return text;
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
  if (column.kind === 'datetime' && typeof raw === 'string') return raw;
  return cellText(column.kind, raw as JsonValue);
}

export function formatRows(store: RowStore, columns: readonly Column[], rows: ArrayLike<number>, format: CopyFormat): string {
  const indexes = columns.map((c) => store.columnIndex(c.id) ?? -1);
  if (format === 'json') {
    const out: Record<string, JsonValue>[] = [];
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i] as number;
      const obj: Record<string, JsonValue> = {};
      let data: Record<string, JsonValue> | undefined;
      columns.forEach((c, k) => {
        const v = store.cell(r, indexes[k] ?? -1);
        const value = v === undefined ? null : v;
        if (c.dataKey === undefined) {
          obj[c.id] = value;
        } else {
          data ??= {};
          // defineProperty: a key named "__proto__" stays an ordinary key.
          Object.defineProperty(data, c.dataKey, { value, enumerable: true, writable: true, configurable: true });
        }
      });
      if (data) obj.data = data;
      out.push(obj);
    }
    return JSON.stringify(out, null, 2);
  }
  const field = format === 'csv' ? csvField : tsvField;
  const sep = format === 'csv' ? ',' : '\t';
  const lines = [columns.map((c) => field(columnHeader(c))).join(sep)];
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
  return lines.join(format === 'csv' ? '\r\n' : '\n') + (format === 'csv' ? '\r\n' : '\n');
}
