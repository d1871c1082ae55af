// Money added up exactly in decimal: a million amounts summed in floating point drift by cents,
// and rounding to cents first loses the sub-cent digits of rates and usage prices.
import { ExactNumber } from './exactNumber';

/** Beyond this the cents are moved into the BigInt, before an addition could stop being exact. */
const CENTS_LIMIT = 2 ** 52;

/** A decimal as [integer mantissa, digits after the point]; undefined for what is no finite decimal. */
export function decimalParts(value: number | ExactNumber | string): [bigint, number] | undefined {
  const text = typeof value === 'number' ? (Number.isFinite(value) ? String(value) : '') : value instanceof ExactNumber ? value.text : value;
  const m = /^([+-]?)([0-9]*)(?:\.([0-9]*))?(?:[eE]([+-]?[0-9]+))?$/.exec(text);
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) return undefined;
  const frac = m[3] ?? '';
  const exponent = Number(m[4] ?? 0);
  // A decimal exponent far beyond any amount (1e400) is no sum of money; refusing it keeps the BigInt small.
  if (Math.abs(exponent) > 1000) return undefined;
  let mantissa = BigInt(`${m[1] === '-' ? '-' : ''}${m[2] || '0'}${frac}`);
  let scale = frac.length - exponent;
  if (scale < 0) {
    mantissa *= 10n ** BigInt(-scale);
    scale = 0;
  }
  return [mantissa, scale];
}

/** `mantissa / 10^scale` as plain decimal text, trailing zeros after the point dropped ("-0.5", "12"). */
export function formatDecimal(mantissa: bigint, scale: number): string {
  const negative = mantissa < 0n;
  let digits = (negative ? -mantissa : mantissa).toString();
  if (scale > 0) {
    digits = digits.padStart(scale + 1, '0');
    const int = digits.slice(0, digits.length - scale);
    const frac = digits.slice(digits.length - scale).replace(/0+$/, '');
    digits = frac ? `${int}.${frac}` : int;
  }
  return negative && digits !== '0' ? `-${digits}` : digits;
}

/** A running exact sum: integer cents in a double while amounts have two decimals (fast, exact below 2^53), else a BigInt. */
export class DecimalSum {
  private cents = 0;
  private big = 0n;
  private scale = 2;

  /** Adds an amount; returns false (adding nothing) for one that is no finite decimal. */
  add(value: number | ExactNumber | string): boolean {
    if (typeof value === 'number') {
      const k = Math.round(value * 100);
      // k / 100 === value: the double is the one nearest k cents, so its shortest decimal is k cents
      // (two such decimals are 0.01 apart, more than a double's spacing below 2^46 dollars).
      if (k / 100 === value && Math.abs(k) < CENTS_LIMIT) {
        this.cents += k;
        if (Math.abs(this.cents) >= CENTS_LIMIT) this.spillCents();
        return true;
      }
    }
    const parts = decimalParts(value);
    if (!parts) return false;
    this.addScaled(parts[0], parts[1]);
    return true;
  }

  /** Adds another sum's value. */
  addSum(other: DecimalSum): void {
    this.addScaled(other.big, other.scale);
    this.addScaled(BigInt(other.cents), 2);
  }

  private spillCents(): void {
    this.addScaled(BigInt(this.cents), 2);
    this.cents = 0;
  }

  private addScaled(mantissa: bigint, scale: number): void {
    if (scale > this.scale) {
      this.big *= 10n ** BigInt(scale - this.scale);
      this.scale = scale;
    }
    this.big += scale < this.scale ? mantissa * 10n ** BigInt(this.scale - scale) : mantissa;
  }

  /** The exact sum as plain decimal text ("1234.005", "-12", "0"). */
  toString(): string {
    return formatDecimal(this.big + BigInt(this.cents) * 10n ** BigInt(this.scale - 2), this.scale);
  }

  /** The sum as the nearest double (for charts and proportions, never for what a message states). */
  toNumber(): number {
    return Number(this.toString());
  }
}

/** Decimal text rounded half away from zero ("1.005" -> "1.01" where toFixed says "1.00"). */
export function toFixedDecimal(text: string, digits: number): string {
  const parts = decimalParts(text);
  if (!parts) return text;
  let [mantissa, scale] = parts;
  if (scale > digits) {
    const unit = 10n ** BigInt(scale - digits);
    const half = unit / 2n;
    mantissa = (mantissa < 0n ? mantissa - half : mantissa + half) / unit;
    scale = digits;
  }
  const fixed = formatDecimal(mantissa * 10n ** BigInt(digits - scale), digits);
  const [int, frac = ''] = fixed.split('.');
  return digits > 0 ? `${int}.${frac.padEnd(digits, '0')}` : (int as string);
}

/** The exact sum of decimals as text (amounts that are no finite decimal are left out). */
export function sumDecimals(values: Iterable<number | ExactNumber | string>): string {
  const sum = new DecimalSum();
  for (const v of values) sum.add(v);
  return sum.toString();
}
