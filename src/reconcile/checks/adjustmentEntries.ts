// A consumption row's `adjustments`: free-form objects Campfire documents only as "return/adjustment
// amounts recorded in this period, grouped by the period they correct (gross/discount/net/overage
// split)". Their keys are not published; these are the names read, and an entry without them is
// reported as unreadable rather than guessed at.
import { ExactNumber } from '../../shared/exactNumber';
import { money, type Money } from './money';

const MONTH_KEYS = ['original_period', 'original_period_month', 'period_month', 'period'];
const GROSS_KEYS = ['gross', 'gross_usage_amount', 'gross_amount'];
const NET_KEYS = ['net', 'net_consumption_amount', 'net_amount'];

export interface AdjustmentEntry {
  /** The month corrected, "YYYY-MM-01"; null when the entry names none that can be read. */
  month: string | null;
  gross: Money | undefined;
  net: Money | undefined;
}

function first(entry: Record<string, unknown>, keys: readonly string[]): unknown {
  for (const k of keys) if (Object.hasOwn(entry, k)) return entry[k];
  return undefined;
}

function amount(v: unknown): Money | undefined {
  return typeof v === 'number' || typeof v === 'string' || v instanceof ExactNumber ? money(v) : undefined;
}

/** The first of a month ("2025-03-14" and "2025-03" → "2025-03-01"). */
export function monthOf(date: string): string {
  return `${date.slice(0, 7)}-01`;
}

export function adjustmentEntries(adjustments: readonly Record<string, unknown>[]): AdjustmentEntry[] {
  return adjustments.map((entry) => {
    const m = first(entry, MONTH_KEYS);
    return {
      month: typeof m === 'string' && /^\d{4}-\d{2}/.test(m) ? monthOf(m) : null,
      gross: amount(first(entry, GROSS_KEYS)),
      net: amount(first(entry, NET_KEYS)),
    };
  });
}
