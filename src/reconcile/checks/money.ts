// Money compared exactly: amounts are decimal text built from the digits Campfire sent, never
// doubles, and two amounts agree when their exact difference rounds to zero in the currency's
// smallest unit (the cent for USD, the yen for JPY).
import { decimalParts, formatDecimal, toFixedDecimal } from '../../shared/exactDecimal';
import type { ExactNumber } from '../../shared/exactNumber';

/** An amount as Campfire sent it, or as a sum of such amounts: exact decimal text ("43384.4", "-0.01"). */
export type Money = string;

/** An amount as exact decimal text; undefined for what is no finite decimal (null, a missing field). */
export function money(value: number | ExactNumber | string | null | undefined): Money | undefined {
  if (value === null || value === undefined) return undefined;
  const parts = decimalParts(value);
  return parts ? formatDecimal(parts[0], parts[1]) : undefined;
}

function scaled(a: Money): [bigint, number] {
  const parts = decimalParts(a);
  if (!parts) throw new RangeError(`not a decimal: ${a}`);
  return parts;
}

function combine(a: Money, b: Money, sign: 1n | -1n): Money {
  const [ma, sa] = scaled(a);
  const [mb, sb] = scaled(b);
  const s = Math.max(sa, sb);
  return formatDecimal(ma * 10n ** BigInt(s - sa) + sign * mb * 10n ** BigInt(s - sb), s);
}

/** a + b, exactly. */
export function plus(a: Money, b: Money): Money {
  return combine(a, b, 1n);
}

/** a − b, exactly. */
export function minus(a: Money, b: Money): Money {
  return combine(a, b, -1n);
}

/** The sum of amounts, exactly. */
export function total(amounts: readonly Money[]): Money {
  return amounts.reduce(plus, '0');
}

const digitsByCurrency = new Map<string, number>();

/** Digits after the point of the currency's smallest unit (2 for USD, 0 for JPY, 3 for KWD); 2 when unknown. */
export function currencyDigits(currency: string | null | undefined): number {
  const code = (currency ?? '').toUpperCase();
  let digits = digitsByCurrency.get(code);
  if (digits === undefined) {
    try {
      digits = new Intl.NumberFormat('en', { style: 'currency', currency: code }).resolvedOptions().maximumFractionDigits ?? 2;
    } catch {
      digits = 2;
    }
    digitsByCurrency.set(code, digits);
  }
  return digits;
}

/** Whether an exact difference is nothing at the currency's smallest unit (half a cent and more is a cent). */
export function isNil(difference: Money, digits: number): boolean {
  return /^-?0(?:\.0*)?$/.test(toFixedDecimal(difference, digits));
}

/** A difference with its sign, to the currency's smallest unit and beyond when it has more digits: "+100.00", "-0.01", "+0.004". */
export function signed(difference: Money, digits: number): string {
  const [m, s] = scaled(difference);
  const text = s > digits ? formatDecimal(m, s) : toFixedDecimal(difference, digits);
  return m > 0n ? `+${text}` : m < 0n ? text : toFixedDecimal('0', digits);
}
