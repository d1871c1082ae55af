// Text from a server on its way to a person: a proxy may echo the Authorization header, and control
// or bidi characters can rewrite a terminal or a line. Every such message passes here once.

/** C0 and C1 controls and DEL, and the bidi embedding, override and isolate characters. */
const UNSAFE_CLASS = '[\\u0000-\\u001f\\u007f-\\u009f\\u061c\\u200e\\u200f\\u202a-\\u202e\\u2066-\\u2069]';
/** Characters that show as nothing: zero-width spaces and joiners, word joiner, soft hyphen, BOM. */
const INVISIBLE_CLASS = '[\\u00ad\\u200b-\\u200d\\u2060-\\u2064\\ufeff]';
const UNSAFE = new RegExp(`${UNSAFE_CLASS}+`, 'g');
const INVISIBLE = new RegExp(INVISIBLE_CLASS, 'g');
/** Between two characters of a secret: anything that would hide it from a plain search. */
const HIDING = `(?:${UNSAFE_CLASS}|${INVISIBLE_CLASS})*`;
/** A credential as an echo writes it (`Token abc…`); DRF's "Invalid token header." stays readable. */
const SCHEME_CREDENTIAL = /\b(Token|Bearer|Basic)(\s+|%20|\+)[^\s"',;<>]{8,}/g;
const HEADER_CREDENTIAL = /\b(authorization|proxy-authorization|x-api-key|api[-_]?key)("?\s*[:=]\s*"?)(?:(?:Token|Bearer|Basic)\s+)?[^\s"',;<>]+/gi;
const REDACTED = '‹redacted›';

export const MESSAGE_MAX_CHARS = 500;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The last secret's pattern: the log cleans every line with the same key, so it is built once. */
let cachedPattern: { secret: string; pattern: RegExp } | undefined;

/** Matches `secret` in any case, also with control or invisible characters slipped between its characters. */
function secretPattern(secret: string): RegExp {
  if (cachedPattern?.secret !== secret) cachedPattern = { secret, pattern: new RegExp(Array.from(secret, escapeRegExp).join(HIDING), 'gi') };
  return cachedPattern.pattern;
}

/** `text` without `secrets` (even with invisible characters between theirs), control, bidi or credential-shaped text, capped. */
export function safeText(text: string, secrets: readonly (string | undefined)[] = [], max = MESSAGE_MAX_CHARS): string {
  let out = text;
  for (const secret of secrets) {
    if (secret && secret.length >= 4) out = out.replace(secretPattern(secret), REDACTED);
  }
  out = out.replace(INVISIBLE, '').replace(UNSAFE, ' ');
  out = out.replace(HEADER_CREDENTIAL, (_match: string, header: string, sep: string) => `${header}${sep}${REDACTED}`);
  out = out.replace(SCHEME_CREDENTIAL, (_match: string, scheme: string, gap: string) => `${scheme}${gap}${REDACTED}`);
  out = out.replace(/ {2,}/g, ' ').trim();
  return out.length > max ? `${out.slice(0, max - 1)}…` : out;
}
