// How amounts, dates and percentages read in the tree: compact in descriptions, exact in tooltips.
export { escapeMarkdown } from '../shared/markdownText';
const currencyFormats = new Map<string, Intl.NumberFormat>();
const plainFormat = new Intl.NumberFormat('en-US', { maximumFractionDigits: 6 });

function currencyFormat(currency: string, compact: boolean): Intl.NumberFormat | undefined {
  const key = `${currency}|${compact}`;
  let f = currencyFormats.get(key);
  if (!f) {
    try {
      f = new Intl.NumberFormat('en-US', {
        style: 'currency',
        currency,
        ...(compact ? { notation: 'compact', minimumFractionDigits: 0, maximumFractionDigits: 1 } : { maximumFractionDigits: 6 }),
      });
    } catch {
      return undefined; // not an ISO 4217 code: shown as number + raw code
    }
    currencyFormats.set(key, f);
  }
  return f;
}

/** "$1.2M USD" or "$1,234,567.89 USD": the code is always shown, as symbols are ambiguous; decimal text stays exact. */
export function formatMoney(amount: number | string | null | undefined, currency: string | null | undefined, compact = false): string {
  if (amount === null || amount === undefined || (typeof amount === 'number' ? !Number.isFinite(amount) : !/^-?[0-9]+(?:\.[0-9]+)?$/.test(amount))) return '—';
  const value = amount as number | `${number}`;
  const code = (currency ?? '').trim().toUpperCase();
  const f = code ? currencyFormat(code, compact) : undefined;
  if (!f) {
    const n = compact ? formatCompactNumber(Number(amount)) : plainFormat.format(value);
    return code ? `${n} ${code}` : n;
  }
  const text = f.format(value);
  // "$" and "€" need the code to be unambiguous; "CA$" / "CHF" already carry it.
  return text.includes(code) ? text : `${text} ${code}`;
}

/** "$108.5K", "€2M", "CA$1.2K": the amount with the symbol only, for rows where the code would repeat it (en-US symbols name one currency each). */
export function formatMoneyBySymbol(amount: number, currency: string | null | undefined, compact = false): string {
  const code = (currency ?? '').trim().toUpperCase();
  const f = code ? currencyFormat(code, compact) : undefined;
  return f && Number.isFinite(amount) ? f.format(amount) : formatMoney(amount, currency, compact);
}

/** An exchange rate as written in a tooltip: up to six significant digits, "0.0067", "1.08". */
export function formatRate(rate: number): string {
  return rate.toLocaleString('en-US', { maximumSignificantDigits: 6, useGrouping: false });
}

export function formatCompactNumber(n: number): string {
  return new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 1 }).format(n);
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "2025-03-01" -> "Mar 1, 2025"; anything unparsable is returned as is. */
export function formatDate(date: string | null | undefined): string {
  if (!date) return '—';
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(date);
  if (!m) return date;
  const month = MONTHS[Number(m[2]) - 1];
  return month ? `${month} ${Number(m[3])}, ${m[1]}` : date;
}

/** A date range's words: English by default, the VS Code side passes them in the display language. */
export interface DateRangeWords {
  between(start: string, end: string): string;
  from(start: string): string;
  fromEvergreen(start: string): string;
  until(end: string): string;
  evergreen: string;
}

const ENGLISH_DATE_RANGE: DateRangeWords = {
  between: (start, end) => `${start} → ${end}`,
  from: (start) => `from ${start}`,
  fromEvergreen: (start) => `from ${start} (evergreen)`,
  until: (end) => `until ${end}`,
  evergreen: 'evergreen',
};

/** "Mar 1, 2025 → Feb 28, 2026", "from Mar 1, 2025 (evergreen)", "until …". */
export function formatDateRange(start: string | null | undefined, end: string | null | undefined, evergreen = false, words: DateRangeWords = ENGLISH_DATE_RANGE): string {
  if (start && end) return words.between(formatDate(start), formatDate(end));
  if (start) return evergreen ? words.fromEvergreen(formatDate(start)) : words.from(formatDate(start));
  if (end) return words.until(formatDate(end));
  return evergreen ? words.evergreen : '';
}

/** Timestamps in the user's locale and zone; the raw value when it cannot be parsed. */
export function formatDateTime(value: string | null | undefined): string {
  if (!value) return '—';
  const t = Date.parse(value);
  if (Number.isNaN(t)) return value;
  return new Date(t).toLocaleString('en-US', { dateStyle: 'medium', timeStyle: 'short' });
}

export function formatTime(ms: number): string {
  return new Date(ms).toLocaleTimeString('en-US', { hour: '2-digit', minute: '2-digit' });
}

/** "$15K of $50K USD": two amounts in one currency, the code said once. */
export function formatMoneyOf(
  part: number,
  whole: number,
  currency: string | null | undefined,
  compact = false,
  of: (part: string, whole: string) => string = (a, b) => `${a} of ${b}`,
): string {
  const code = (currency ?? '').trim().toUpperCase();
  const a = formatMoney(part, currency, compact);
  const b = formatMoney(whole, currency, compact);
  const suffix = ` ${code}`;
  return code && a.endsWith(suffix) ? of(a.slice(0, -suffix.length), b) : of(a, b);
}

/** Share of a commit used so far, 0–100 (more than 100 when overdrawn); undefined without a total. */
export function percentUsed(total: number, remaining: number): number | undefined {
  if (!Number.isFinite(total) || total <= 0 || !Number.isFinite(remaining)) return undefined;
  return ((total - remaining) / total) * 100;
}

export function formatPercent(p: number | undefined, digits = 0): string {
  if (p === undefined || !Number.isFinite(p)) return '—';
  return `${p.toFixed(digits)}%`;
}


/** "ACTIVE" -> "Active"; unknown values stay raw so the user sees exactly what Campfire sent. */
export function statusLabel(status: string | null | undefined, known: boolean, none = 'no status'): string {
  if (!status) return none;
  return known ? status.charAt(0) + status.slice(1).toLowerCase() : status;
}
