// The table's columns: the usage event's own fields, then one column per key found in `data`, in
// the order the keys first appear. A column's kind decides how it is shown, sorted and filtered.
import type { JsonValue } from '../../shared/usageEventsMessages';

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
  id: string;
  label: string;
  kind: ColumnKind;
  /** The field name used when rows are copied as JSON (data keys go under `data`). */
  field: string;
  /** For data columns: the key inside `data`. */
  dataKey?: string;
  width: number;
  hiddenByDefault?: boolean;
}

export type Cell = JsonValue | undefined;

export const FIXED_COLUMNS: readonly Column[] = [
  { id: 'id', label: 'ID', kind: 'id', field: 'id', width: 90, hiddenByDefault: true },
  { id: 'eventDate', label: 'Event date', kind: 'date', field: 'event_date', width: 116 },
  { id: 'periodMonth', label: 'Period month', kind: 'date', field: 'period_month', width: 126 },
  { id: 'revenue', label: 'Revenue', kind: 'money', field: 'total_revenue_dollars', width: 120 },
  { id: 'events', label: 'Events', kind: 'count', field: 'total_events', width: 104 },
  { id: 'externalId', label: 'External ID', kind: 'text', field: 'external_id', width: 170 },
  { id: 'isAdjustment', label: 'Adjustment', kind: 'flag', field: 'is_adjustment', width: 116 },
  { id: 'adjustmentDate', label: 'Adjusted on', kind: 'date', field: 'adjustment_date', width: 118 },
  { id: 'originalPeriodMonth', label: 'Original period', kind: 'date', field: 'original_period_month', width: 134 },
  { id: 'consumption', label: 'Consumption', kind: 'id', field: 'consumption', width: 110 },
  { id: 'createdAt', label: 'Created at', kind: 'datetime', field: 'created_at', width: 160 },
];

export const DATA_COLUMN_PREFIX = 'data:';

export function dataColumnId(key: string): string {
  return DATA_COLUMN_PREFIX + key;
}

export function dataColumn(key: string): Column {
  return { id: dataColumnId(key), label: key, kind: 'number', field: key, dataKey: key, width: Math.min(220, Math.max(90, key.length * 8 + 40)) };
}

export function isNumericKind(kind: ColumnKind): boolean {
  return kind === 'money' || kind === 'count' || kind === 'id' || kind === 'number' || kind === 'flag';
}

const moneyFormat = new Intl.NumberFormat(undefined, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const countFormat = new Intl.NumberFormat(undefined, { maximumFractionDigits: 6 });

export function formatMoney(n: number): string {
  return moneyFormat.format(n);
}

export function formatCount(n: number): string {
  return countFormat.format(n);
}

/** Compact JSON for objects and arrays, the value itself for the rest; missing values are empty. */
export function cellText(kind: ColumnKind, value: Cell): string {
  if (value === null || value === undefined) return '';
  switch (kind) {
    case 'money':
      return typeof value === 'number' ? formatMoney(value) : plainText(value);
    case 'count':
      return typeof value === 'number' ? formatCount(value) : plainText(value);
    case 'flag':
      return value === true ? 'Adjustment' : '';
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
  return JSON.stringify(value);
}

/** `2025-03-04T12:34:56.123456+00:00` -> `2025-03-04 12:34:56` (the zone is kept when it is not UTC). */
export function formatTimestamp(s: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}(?::\d{2})?)(?:\.\d+)?(Z|[+-]\d{2}:?\d{2})?$/.exec(s);
  if (!m) return s;
  const zone = m[3];
  const utc = zone === undefined || zone === 'Z' || zone === '+00:00' || zone === '+0000';
  return `${m[1]} ${m[2]}${utc ? '' : ` ${zone}`}`;
}
