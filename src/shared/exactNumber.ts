// JSON numbers a double cannot hold (64-bit ids, 1e400), kept as the text Campfire sent, by a scanner of
// our own: Node 22 and VS Code's Chromium have the reviver's `context.source`, but the webview also runs in
// any browser that opens code-server, and one reader keeps host, CLI and webview alike. No Node built-ins.

/** A literal JSON.parse would round: `text` as sent, `approx` its nearest double for sorting and charts. */
export class ExactNumber {
  readonly approx: number;
  constructor(readonly text: string) {
    this.approx = Number(text);
  }

  /** Inside stringifyExact a marker it turns back into the bare literal; elsewhere the digits as a string, never a rounded number. */
  toJSON(): string {
    return marking ? `${STRINGIFY_MARK}${this.text}` : this.text;
  }

  toString(): string {
    return this.text;
  }
}

/** A JSON number literal: what the scanner takes as one and what may be kept. */
const JSON_NUMBER = /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?$/;

/** The decimal a literal denotes, normalized, so "43384.40" and "43384.4" compare equal. */
function normalizedDecimal(literal: string): string {
  const m = /^(-?)([0-9]*)(?:\.([0-9]*))?(?:[eE]([+-]?[0-9]+))?$/.exec(literal);
  if (!m) return literal;
  const int = m[2] ?? '';
  const frac = m[3] ?? '';
  let digits = int + frac;
  let exponent = int.length + Number(m[4] ?? 0);
  let lead = 0;
  while (lead < digits.length && digits.charCodeAt(lead) === 48) lead++;
  if (lead === digits.length) return '0';
  exponent -= lead;
  let end = digits.length;
  while (digits.charCodeAt(end - 1) === 48) end--;
  digits = digits.slice(lead, end);
  return `${m[1]}${digits}e${exponent}`;
}

/** Whether JSON.parse would not keep this literal's value (`12345678901234567890`, `1e400`). */
export function isExactNeeded(literal: string): boolean {
  const n = Number(literal);
  if (!Number.isFinite(n)) return true;
  return normalizedDecimal(String(n)) !== normalizedDecimal(literal);
}

/** The value of one literal as this module parses it: a number, or an ExactNumber when a double would round it. */
export function exactOrNumber(literal: string): number | ExactNumber {
  return isExactNeeded(literal) ? new ExactNumber(literal) : Number(literal);
}

function isDigitOrDot(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || c === 0x2e;
}

/**
 * Whether `text` has a run of 16 or more digits and dots, looking only at every 16th character: a
 * regular expression took as long as JSON.parse itself on a page of timestamps.
 */
function hasLongDigitRun(text: string): boolean {
  for (let i = 15; i < text.length; i += 16) {
    if (!isDigitOrDot(text.charCodeAt(i))) continue;
    let start = i;
    while (start > 0 && isDigitOrDot(text.charCodeAt(start - 1))) start--;
    let end = i + 1;
    while (end < text.length && isDigitOrDot(text.charCodeAt(end))) end++;
    if (end - start >= 16) return true;
  }
  return false;
}

/** An exponent of three digits (beyond double range, or subnormal). Strings can match too (a hex id): that only costs the scan. */
const LONG_EXPONENT = /[eE][+-]?[0-9]{3}/;

/** Where a body may hold a literal a double rounds; false positives only cost the scan below, which then finds nothing. */
function mayNeedExact(text: string): boolean {
  return hasLongDigitRun(text) || LONG_EXPONENT.test(text);
}

/** JSON.parse, except that a literal a double would round comes back as an ExactNumber. */
export function parseJsonExact(text: string): unknown {
  if (!mayNeedExact(text)) return JSON.parse(text);
  const nonce = freshNonce(text);
  const rewritten = quoteExactLiterals(text, nonce);
  if (rewritten === text) return JSON.parse(text);
  // The literals became strings that start with this parse's nonce, which a server cannot know:
  // a string Campfire sent can never turn into a number here.
  return JSON.parse(rewritten, (_key, value: unknown) => (typeof value === 'string' && value.startsWith(nonce) ? new ExactNumber(value.slice(nonce.length)) : value));
}

/** A random marker that does not occur in `text`. */
function freshNonce(text: string): string {
  for (;;) {
    const bytes = new Uint8Array(12);
    globalThis.crypto.getRandomValues(bytes);
    let nonce = 'exact:';
    for (const b of bytes) nonce += b.toString(16).padStart(2, '0');
    nonce += ':';
    if (!text.includes(nonce)) return nonce;
  }
}

/** `text` with each literal a double would round written as a string: the nonce, then the literal. */
function quoteExactLiterals(text: string, nonce: string): string {
  let out = '';
  let copied = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      // Skip the string, honouring escapes.
      for (i++; i < text.length; i++) {
        const s = text.charCodeAt(i);
        if (s === 0x5c /* \ */) i++;
        else if (s === 0x22) break;
      }
    } else if (c === 0x2d /* - */ || (c >= 0x30 && c <= 0x39)) {
      let end = i + 1;
      let exponent = false;
      for (; end < text.length; end++) {
        const d = text.charCodeAt(end);
        if (d === 0x65 || d === 0x45) exponent = true;
        else if (!((d >= 0x30 && d <= 0x39) || d === 0x2e || d === 0x2b || d === 0x2d)) break;
      }
      // Fewer than 16 characters and no exponent: at most 15 significant digits, which a double keeps.
      if (end - i >= 16 || exponent) {
        const literal = text.slice(i, end);
        // Not a JSON number (`01`, `1.`): left for JSON.parse to refuse.
        if (JSON_NUMBER.test(literal) && isExactNeeded(literal)) {
          out += `${text.slice(copied, i)}"${nonce}${literal}"`;
          copied = end;
        }
      }
      i = end - 1;
    }
  }
  return copied === 0 ? text : out + text.slice(copied);
}

/** Set while stringifyExact runs (JSON.stringify is synchronous), so ExactNumber.toJSON writes its marker. */
let marking = false;

/** Random per process: text from a server cannot hold it, so only an ExactNumber writes it. */
const STRINGIFY_MARK = (() => {
  const bytes = new Uint8Array(12);
  globalThis.crypto.getRandomValues(bytes);
  return `exact!${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}!`;
})();
const MARKED = new RegExp(`"${STRINGIFY_MARK}(-?[0-9][0-9.eE+-]*)"`, 'g');

/** JSON.stringify that writes an ExactNumber as its bare literal; `write` may substitute other JSON text. */
export function stringifyExact(value: unknown, space?: number, write?: (literal: string) => string): string {
  const outer = marking;
  marking = true;
  let out: string;
  try {
    // Typed string, but undefined for undefined or a function, as JSON.stringify gives it.
    out = JSON.stringify(value, undefined, space);
  } finally {
    marking = outer;
  }
  if (typeof out !== 'string' || !out.includes(STRINGIFY_MARK)) return out;
  return write ? out.replace(MARKED, (_match, literal: string) => write(literal)) : out.replace(MARKED, '$1');
}

/** Whether a value (an object or array searched all through) holds an ExactNumber. */
export function holdsExact(value: unknown): boolean {
  if (value instanceof ExactNumber) return true;
  if (typeof value !== 'object' || value === null) return false;
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (v instanceof ExactNumber) return true;
    if (typeof v === 'object' && v !== null) for (const key in v) stack.push((v as Record<string, unknown>)[key]);
  }
  return false;
}

/** A number or an ExactNumber as a double (the latter approximate), NaN for anything else. */
export function approxNumber(value: unknown): number {
  if (typeof value === 'number') return value;
  return value instanceof ExactNumber ? value.approx : Number.NaN;
}
