// A commit's usage events summed per (consumption row, period month, adjustment, corrected month),
// straight from the panel's columns: one pass over the rows' dictionary codes and numbers, no
// object per row, and the revenue added up exactly from the digits Campfire sent.
import { DecimalSum } from '../../shared/exactDecimal';
import { ExactNumber } from '../../shared/exactNumber';
import type { CellColumn, CellValue, UsageEventColumns } from '../../usageEvents/protocol/cellColumns';
import { fieldIndex } from '../../usageEvents/protocol/usageEventRow';

/** The events that share a consumption row, a period month, the adjustment flag and the month they correct. */
export interface EventGroup {
  /** The consumption row the events name; null when they name none. */
  consumption: number | null;
  periodMonth: string | null;
  isAdjustment: boolean;
  /** For adjustments, the month they correct. */
  originalPeriodMonth: string | null;
  /** total_revenue_dollars summed exactly. */
  revenue: DecimalSum;
  /** total_events summed. */
  events: number;
  /** Usage events (rows) in the group. */
  rows: number;
  /** Rows without a total_revenue_dollars (their revenue is unknown, not zero). */
  missingRevenue: number;
}

/** A column read through per-row codes: a dictionary's own, or codes handed out here for a wide column. */
interface Coded {
  code(i: number): number;
  value(code: number): CellValue;
  size: number;
}

function coded(column: CellColumn | undefined, rows: number): Coded {
  if (!column) return { code: () => 0, value: () => undefined, size: 1 };
  if (column.isDictionary) {
    const values = column.dictionary;
    return { code: (i) => column.code(i), value: (c) => (c === 0 ? undefined : values[c - 1]), size: values.length + 1 };
  }
  // A column of mostly distinct values (a commit with thousands of consumption rows): codes made once.
  const codes = new Uint32Array(rows);
  const index = new Map<unknown, number>();
  const values: CellValue[] = [undefined];
  for (let i = 0; i < rows; i++) {
    const v = column.get(i);
    if (v === undefined) continue;
    const key = v instanceof ExactNumber ? `exact:${v.text}` : v;
    let c = index.get(key);
    if (c === undefined) {
      c = values.length;
      values.push(v);
      index.set(key, c);
    }
    codes[i] = c;
  }
  return { code: (i) => codes[i] ?? 0, value: (c) => values[c], size: values.length };
}

const CONSUMPTION = fieldIndex('consumption');
const PERIOD_MONTH = fieldIndex('period_month');
const IS_ADJUSTMENT = fieldIndex('is_adjustment');
const ORIGINAL_PERIOD_MONTH = fieldIndex('original_period_month');
const REVENUE = fieldIndex('total_revenue_dollars');
const EVENTS = fieldIndex('total_events');

function idOrNull(v: CellValue): number | null {
  return typeof v === 'number' ? v : v instanceof ExactNumber ? Number(v.text) : null;
}

function textOrNull(v: CellValue): string | null {
  return typeof v === 'string' ? v : null;
}

/** The loaded events of one commit, summed per group. */
export function groupEvents(table: UsageEventColumns): EventGroup[] {
  const rows = table.length;
  const cols = table.columns;
  const consumption = coded(cols[CONSUMPTION], rows);
  const period = coded(cols[PERIOD_MONTH], rows);
  const adjustment = coded(cols[IS_ADJUSTMENT], rows);
  const original = coded(cols[ORIGINAL_PERIOD_MONTH], rows);
  const revenue = cols[REVENUE] as CellColumn;
  const events = cols[EVENTS] as CellColumn;
  const groups = new Map<number, EventGroup>();
  const dims = [consumption.size, period.size, adjustment.size, original.size];
  // One number per combination of codes while their product stays exact, else a string.
  const numeric = dims.reduce((a, b) => a * b, 1) < Number.MAX_SAFE_INTEGER;
  const byText = new Map<string, EventGroup>();
  for (let i = 0; i < rows; i++) {
    const c = consumption.code(i);
    const p = period.code(i);
    const a = adjustment.code(i);
    const o = original.code(i);
    let group: EventGroup | undefined;
    const key = ((c * period.size + p) * adjustment.size + a) * original.size + o;
    group = numeric ? groups.get(key) : byText.get(`${c}/${p}/${a}/${o}`);
    if (!group) {
      group = {
        consumption: idOrNull(consumption.value(c)),
        periodMonth: textOrNull(period.value(p)),
        isAdjustment: adjustment.value(a) === true,
        originalPeriodMonth: textOrNull(original.value(o)),
        revenue: new DecimalSum(),
        events: 0,
        rows: 0,
        missingRevenue: 0,
      };
      if (numeric) groups.set(key, group);
      else byText.set(`${c}/${p}/${a}/${o}`, group);
    }
    group.rows++;
    const r = revenue.get(i);
    if (r === undefined || r === null || !group.revenue.add(r as number | ExactNumber | string)) group.missingRevenue++;
    const n = events.number(i);
    if (n === n) group.events += n;
  }
  return [...(numeric ? groups.values() : byText.values())];
}
