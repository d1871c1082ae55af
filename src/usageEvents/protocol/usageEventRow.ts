// One usage event as the panel host sends it to the webview: the API's own fields, by the API's
// names, in one fixed order, then `data`. A row is a tuple, not an object, so a page of a million
// rows does not repeat eleven field names a million times on the wire (VS Code posts webview
// messages as JSON), and the webview's table stores the cells in the same order without renaming
// or rebuilding anything. The names are Campfire's everywhere: the wire, the table's column ids,
// Copy as JSON and the CSV export's header.
import { holdsExact, parseJsonExact, stringifyExact, type ExactNumber } from '../../shared/exactNumber';

/** A JSON value as parsed by parseJsonExact: a number a double would round is an ExactNumber. */
export type JsonValue = null | boolean | number | string | ExactNumber | JsonValue[] | { [key: string]: JsonValue };

/** The usage event's fields the table shows, as Campfire names them, in the order a row holds them. */
export const USAGE_EVENT_FIELDS = [
  'id',
  'event_date',
  'period_month',
  'total_revenue_dollars',
  'total_events',
  'external_id',
  'is_adjustment',
  'adjustment_date',
  'original_period_month',
  'consumption',
  'created_at',
] as const;

export type UsageEventField = (typeof USAGE_EVENT_FIELDS)[number];

/** What each field holds on the wire: an optional field Campfire leaves out is null, never absent. */
export interface UsageEventFieldTypes {
  id: number;
  event_date: string | null;
  period_month: string;
  total_revenue_dollars: number | null;
  total_events: number | null;
  external_id: string | null;
  is_adjustment: boolean;
  adjustment_date: string | null;
  original_period_month: string | null;
  consumption: number | null;
  created_at: string | null;
}

/** `data` as [key, value] pairs, in Campfire's order, so any key (even "__proto__") stays an ordinary key. */
export type UsageEventData = [string, JsonValue][];

type FieldValues<F extends readonly UsageEventField[]> = { -readonly [I in keyof F]: UsageEventFieldTypes[F[I]] };

/** One usage event: the values of USAGE_EVENT_FIELDS in that order, then `data`. */
export type UsageEventRow = [...FieldValues<typeof USAGE_EVENT_FIELDS>, UsageEventData];

/** Where `data` is in a row, and how many cells a row has. */
export const DATA_INDEX = USAGE_EVENT_FIELDS.length;
export const USAGE_EVENT_ROW_LENGTH = DATA_INDEX + 1;

/**
 * The rows as a webview message carries them. VS Code posts messages as JSON, where an
 * ExactNumber would arrive as a string; a data value holding one goes as `[key, null, its exact
 * JSON text]` instead. A pair of three is built only here, never from what Campfire sent, so no
 * server value can pass for one. Rows without such a value are passed on as they are.
 */
export function encodeExactData(rows: readonly UsageEventRow[]): UsageEventRow[] {
  return rows.map((row) => {
    const data = row[DATA_INDEX];
    let exact = false;
    for (const pair of data) if (typeof pair[1] === 'object' && pair[1] !== null && holdsExact(pair[1])) exact = true;
    if (!exact) return row;
    const copy = [...row] as UsageEventRow;
    copy[DATA_INDEX] = data.map((pair) => (typeof pair[1] === 'object' && pair[1] !== null && holdsExact(pair[1]) ? ([pair[0], null, stringifyExact(pair[1])] as unknown as [string, JsonValue]) : pair));
    return copy;
  });
}

/** A row as encodeExactData sent it, with its exact data values parsed back (in place). */
export function decodeExactData(row: UsageEventRow): UsageEventRow {
  const data = row[DATA_INDEX];
  for (let k = 0; k < data.length; k++) {
    const pair = data[k] as unknown[];
    if (pair.length === 3 && typeof pair[2] === 'string') data[k] = [String(pair[0]), parseJsonExact(pair[2]) as JsonValue];
  }
  return row;
}

/** A usage event as the API client validated it (src/api/schemas/usageEvent.ts), said structurally. */
export interface UsageEventRecord {
  id: number;
  period_month: string;
  consumption: number | null;
  created_at: string | null;
  event_date?: string | null;
  total_revenue_dollars?: number;
  total_events?: number;
  external_id?: string | null;
  is_adjustment?: boolean;
  adjustment_date?: string | null;
  original_period_month?: string | null;
  data?: unknown;
}

/** Key under which a `data` that is not an object (an array, a string) is shown. */
export const NON_OBJECT_DATA_KEY = '(value)';

/**
 * `data` as [key, value] pairs. The values are passed on as they are: they come from the client's
 * parse (numbers a double would round are ExactNumbers, src/shared/exactNumber.ts), which has
 * already refused nesting too deep (src/api/jsonLimits.ts), so they are not copied or checked again.
 */
export function dataEntries(data: unknown): UsageEventData {
  if (data === null || data === undefined) return [];
  if (typeof data === 'object' && !Array.isArray(data)) return Object.entries(data) as UsageEventData;
  return [[NON_OBJECT_DATA_KEY, data as JsonValue]];
}

/**
 * The row of USAGE_EVENT_FIELDS, in that order: optional fields the API leaves out are null (shown
 * empty), never undefined, and `data` keeps every key, in order.
 */
export function toUsageEventRow(e: UsageEventRecord): UsageEventRow {
  return [
    e.id,
    e.event_date ?? null,
    e.period_month,
    e.total_revenue_dollars ?? null,
    e.total_events ?? null,
    e.external_id ?? null,
    e.is_adjustment === true,
    e.adjustment_date ?? null,
    e.original_period_month ?? null,
    e.consumption,
    e.created_at,
    dataEntries(e.data),
  ];
}

/** Where a field is in a row. */
export function fieldIndex(field: UsageEventField): number {
  return USAGE_EVENT_FIELDS.indexOf(field);
}
