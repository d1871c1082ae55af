// The table's columns: the usage event's own fields, then one column per key found in `data`, in
// the order the keys first appear. A column's kind decides how it is shown, sorted and filtered.
// A column's id is its name as Campfire and the CSV export spell it: the API's field name
// (`total_revenue_dollars`) or dataColumnName(key) (`data.team_id`), so nothing is renamed between
// the API, the table, Copy and the export.
import * as l10n from '@vscode/l10n';
import { OTHER_DATA_KEYS } from '../../../shared/columnBound';
import { dataColumnName } from '../../../shared/dataColumn';
import { ExactNumber, stringifyExact } from '../../../shared/exactNumber';
import { formatCount } from '../../../shared/countFormat';
import { USAGE_EVENT_FIELDS, type UsageEventField } from '../../protocol/usageEventRow';
import type { JsonValue } from '../../protocol/usageEventsMessages';

export type ColumnKind =
  | 'money' // revenue: two decimals, sorted as a number
  | 'count' // event counts: grouped digits, sorted as a number
  | 'id' // ids: digits as they are, sorted as a number
  | 'date' // YYYY-MM-DD, sorted chronologically
  | 'datetime' // ISO timestamp, shown to the second
  | 'flag' // the adjustment flag
  | 'number' // a data key whose values are all numbers
  | 'text'; // anything else (objects and arrays shown as compact JSON)

export interface Column {
  /** The API's field name, or dataColumnName(key) for a `data` key. */
  id: string;
  label: string;
  kind: ColumnKind;
  /** For data columns: the key inside `data`. */
  dataKey?: string;
  /** The overflow column: each row's `data` keys beyond the first MAX_KEY_COLUMNS, as one object. */
  otherData?: true;
  width: number;
  hiddenByDefault?: boolean;
}

export type Cell = JsonValue | undefined;

/** The event's own fields; a label is read when the columns are made (the page's strings are in by then). */
const FIELD_COLUMNS: { readonly [F in UsageEventField]: Omit<Column, 'id' | 'label'> & { label: () => string } } = {
  id: { label: () => l10n.t('ID'), kind: 'id', width: 90, hiddenByDefault: true },
  event_date: { label: () => l10n.t('Event date'), kind: 'date', width: 116 },
  period_month: { label: () => l10n.t('Period month'), kind: 'date', width: 126 },
  total_revenue_dollars: { label: () => l10n.t('Revenue'), kind: 'money', width: 120 },
  total_events: { label: () => l10n.t('Events'), kind: 'count', width: 104 },
  external_id: { label: () => l10n.t('External ID'), kind: 'text', width: 170 },
  is_adjustment: { label: () => l10n.t('Adjustment'), kind: 'flag', width: 116 },
  adjustment_date: { label: () => l10n.t('Adjusted on'), kind: 'date', width: 118 },
  original_period_month: { label: () => l10n.t('Original period'), kind: 'date', width: 134 },
  consumption: { label: () => l10n.t('Consumption'), kind: 'id', width: 110 },
  created_at: { label: () => l10n.t('Created at'), kind: 'datetime', width: 160 },
};

/** The event's own fields, in the order a wire row holds them (so a row's cells are its fields' values): new objects, labelled in the page's language. */
export function fixedColumns(): Column[] {
  return USAGE_EVENT_FIELDS.map((id) => {
    const { label, ...column } = FIELD_COLUMNS[id];
    return { id, ...column, label: label() };
  });
}

export function dataColumn(key: string): Column {
  return { id: dataColumnName(key), label: key, kind: 'number', dataKey: key, width: Math.min(220, Math.max(90, key.length * 8 + 40)) };
}

/** The column of the `data` keys without one of their own, named as the exports name it. */
export function otherDataColumn(): Column {
  return { id: OTHER_DATA_KEYS, label: OTHER_DATA_KEYS, kind: 'text', otherData: true, width: 220 };
}

export function isNumericKind(kind: ColumnKind): boolean {
  return kind === 'money' || kind === 'count' || kind === 'id' || kind === 'number' || kind === 'flag';
}

/**
 * The user's locale as the page knows it (VS Code's display language in its webviews); the runtime's
 * default elsewhere. Read through globalThis because the page's model is typed without the DOM.
 */
const LOCALE: string | undefined = (globalThis as { navigator?: { language: string } }).navigator?.language || undefined;

const moneyFormat = new Intl.NumberFormat(LOCALE, { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** Two decimals; `n` may be decimal text (an exact sum, src/shared/exactDecimal.ts), which Intl rounds as the decimal it is. */
export function formatMoney(n: number | string): string {
  return moneyFormat.format(n as number | `${number}`);
}

/** Compact JSON for objects and arrays, the value itself for the rest (every digit of an ExactNumber); missing values are empty. */
export function cellText(kind: ColumnKind, value: Cell): string {
  if (value === null || value === undefined) return '';
  switch (kind) {
    case 'money':
      return typeof value === 'number' ? formatMoney(value) : plainText(value);
    case 'count':
      return typeof value === 'number' ? formatCount(value) : plainText(value);
    case 'flag':
      return value === true ? l10n.t('Adjustment') : '';
    case 'datetime':
      return typeof value === 'string' ? formatTimestamp(value) : plainText(value);
    default:
      return plainText(value);
  }
}

export function plainText(value: Cell): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof ExactNumber) return value.text;
  return stringifyExact(value);
}

/** `2025-03-04T12:34:56.123456+00:00` -> `2025-03-04 12:34:56` (the zone is kept when it is not UTC). */
export function formatTimestamp(s: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}(?::\d{2})?)(?:\.\d+)?(Z|[+-]\d{2}:?\d{2})?$/.exec(s);
  if (!m) return s;
  const zone = m[3];
  const utc = zone === undefined || zone === 'Z' || zone === '+00:00' || zone === '+0000';
  return `${m[1]} ${m[2]}${utc ? '' : ` ${zone}`}`;
}
