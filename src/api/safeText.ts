// Text that came from a server (an error body, a value that broke the schema, a socket error) on
// its way to a person: a notification, the log, a terminal. A server or a proxy in between may echo
// the request's Authorization header, and may send control characters that retitle or clear a
// terminal, or bidi overrides that make a line read differently than it is. Every such message
// passes through safeText once before it is shown.

/** C0 and C1 controls and DEL, and the bidi embedding, override and isolate characters. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]+/g;
/**
 * A credential in the shapes an echo takes: a header value (`Token abc…`, `Bearer abc…`, written as
 * in a header, so DRF's "Invalid token header." stays readable) or a header line.
 */
const SCHEME_CREDENTIAL = /\b(Token|Bearer|Basic)(\s+|%20|\+)[^\s"',;<>]{8,}/g;
const HEADER_CREDENTIAL = /\b(authorization|proxy-authorization|x-api-key|api[-_]?key)("?\s*[:=]\s*"?)(?:(?:Token|Bearer|Basic)\s+)?[^\s"',;<>]+/gi;
const REDACTED = '‹redacted›';

export const MESSAGE_MAX_CHARS = 500;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * `text` without control or bidi characters (each run becomes one space, so a line stays one line),
 * without any of `secrets` (matched case-insensitively) or anything shaped like a credential, and
 * at most `max` characters long. Secrets are removed after the controls, so a key broken up by
 * invisible characters is still found.
 */
export function safeText(text: string, secrets: readonly (string | undefined)[] = [], max = MESSAGE_MAX_CHARS): string {
  let out = text.replace(UNSAFE, ' ');
  for (const secret of secrets) {
    if (secret && secret.length >= 4) out = out.replace(new RegExp(escapeRegExp(secret), 'gi'), REDACTED);
  }
  out = out.replace(HEADER_CREDENTIAL, (_match: string, header: string, sep: string) => `${header}${sep}${REDACTED}`);
  out = out.replace(SCHEME_CREDENTIAL, (_match: string, scheme: string, gap: string) => `${scheme}${gap}${REDACTED}`);
  out = out.replace(/ {2,}/g, ' ').trim();
  return out.length > max ? `${out.slice(0, max - 1)}…` : out;
}
