// Typed errors a user can act on. Every message passes through safeText and is translated; what the
// server said goes in as a value, never as the text translated.
import * as l10n from '@vscode/l10n';
import { safeText } from './safeText';

export type CampfireErrorKind =
  | 'config' // bad base URL or other settings
  | 'noApiKey' // no key stored yet
  | 'auth' // 401: the key is invalid or revoked
  | 'permission' // 403: the key's role may not do this
  | 'notFound' // 404
  | 'rateLimited' // 429 after retries
  | 'server' // 5xx after retries
  | 'http' // any other non-2xx status
  | 'network' // connection refused/reset, DNS, TLS
  | 'timeout' // no complete response within the request timeout
  | 'badResponse' // not JSON, truncated, wrong content type
  | 'schema' // JSON that breaks the published schema
  | 'refusedResponse' // a response no real page could be: too large, too deep, or echoing the key
  | 'incomplete' // a listing that could not prove it read every row
  | 'cancelled'; // the caller aborted

export abstract class CampfireError extends Error {
  abstract readonly kind: CampfireErrorKind;
  /** Whether trying the same request again later may succeed (drives retries and "Retry" buttons). */
  readonly retryable: boolean = false;

  constructor(message: string) {
    super(safeText(message));
  }

  /** Removes `secrets` from everything this error says (its message and any server text it keeps). */
  redact(secrets: readonly (string | undefined)[]): this {
    this.message = safeText(this.message, secrets);
    const self = this as unknown as { detail?: unknown; issues?: SchemaIssue[] };
    if (typeof self.detail === 'string') self.detail = safeText(self.detail, secrets);
    if (Array.isArray(self.issues)) {
      self.issues = self.issues.map((i) => ({ path: safeText(i.path, secrets), expected: safeText(i.expected, secrets), received: safeText(i.received, secrets) }));
    }
    return this;
  }
}

/** Where a request went, for messages: `GET /rr/api/v1/contracts?offset=100`. */
export interface RequestTarget {
  method: string;
  path: string;
  /** Short name of the operation, e.g. "list contracts". */
  endpoint: string;
}

function describe(target: RequestTarget): string {
  return `${target.endpoint} (${target.method} ${target.path})`;
}

export class CampfireConfigError extends CampfireError {
  readonly kind = 'config';
}

export class CampfireNoApiKeyError extends CampfireError {
  readonly kind = 'noApiKey';
  constructor() {
    super(l10n.t('No Campfire API key is set. Sign in to Campfire first.'));
  }
}

export abstract class CampfireHttpStatusError extends CampfireError {
  constructor(
    readonly status: number,
    readonly target: RequestTarget,
    /** Campfire's `detail` or `error` text, or a short excerpt of a non-JSON body (see safeText). */
    readonly detail: string | undefined,
    summary: string,
  ) {
    super(detail ? l10n.t('{0}: {1} — {2}', summary, detail, describe(target)) : l10n.t('{0} — {1}', summary, describe(target)));
  }
}

export class CampfireAuthError extends CampfireHttpStatusError {
  readonly kind = 'auth';
  constructor(target: RequestTarget, detail: string | undefined) {
    super(401, target, detail, l10n.t('Campfire rejected the API key (401)'));
  }
}

export class CampfirePermissionError extends CampfireHttpStatusError {
  readonly kind = 'permission';
  constructor(target: RequestTarget, detail: string | undefined) {
    super(403, target, detail, l10n.t("The API key's role does not allow this (403)"));
  }
}

export class CampfireNotFoundError extends CampfireHttpStatusError {
  readonly kind = 'notFound';
  constructor(target: RequestTarget, detail: string | undefined) {
    super(404, target, detail, l10n.t('Not found (404)'));
  }
}

export class CampfireRateLimitError extends CampfireHttpStatusError {
  readonly kind = 'rateLimited';
  override readonly retryable = true;
  constructor(target: RequestTarget, detail: string | undefined, readonly retryAfterMs: number | undefined) {
    super(429, target, detail, l10n.t('Campfire is rate-limiting requests (429)'));
  }
}

export class CampfireServerError extends CampfireHttpStatusError {
  readonly kind = 'server';
  override readonly retryable = true;
  /** A 503 may say when to come back (RFC 9110 §10.2.3). */
  constructor(status: number, target: RequestTarget, detail: string | undefined, readonly retryAfterMs?: number) {
    super(status, target, detail, l10n.t('Campfire had a server error ({0})', status));
  }
}

export class CampfireUnexpectedStatusError extends CampfireHttpStatusError {
  readonly kind = 'http';
  constructor(status: number, target: RequestTarget, detail: string | undefined) {
    super(status, target, detail, l10n.t('Campfire answered {0}', status));
  }
}

export class CampfireNetworkError extends CampfireError {
  readonly kind = 'network';
  override readonly retryable = true;
  constructor(readonly target: RequestTarget, readonly code: string | undefined, reason: string) {
    super(l10n.t('Could not reach Campfire ({0}) — {1}', code ?? reason, describe(target)));
  }
}

export class CampfireTimeoutError extends CampfireError {
  readonly kind = 'timeout';
  override readonly retryable = true;
  constructor(readonly target: RequestTarget, readonly timeoutMs: number) {
    super(l10n.t('Campfire did not answer within {0} s — {1}', Math.round(timeoutMs / 1000), describe(target)));
  }
}

export class CampfireBadResponseError extends CampfireError {
  readonly kind = 'badResponse';
  // A truncated or garbled body is usually a transient proxy or server hiccup.
  override readonly retryable = true;
  constructor(readonly target: RequestTarget, reason: string) {
    super(l10n.t('Campfire sent a response that is not valid JSON ({0}) — {1}', reason, describe(target)));
  }
}

/** A response no real page could be (too large, too deep, repeating the key): asking again would bring the same. */
export class CampfireRefusedResponseError extends CampfireError {
  readonly kind = 'refusedResponse';
  constructor(readonly target: RequestTarget, readonly reason: string) {
    super(l10n.t('Campfire sent a response this extension will not read ({0}) — {1}', reason, describe(target)));
  }
}

/** A listing that could not prove it read every row: says how much is missing, never passes partial data off as complete. */
export class CampfireIncompleteError extends CampfireError {
  readonly kind = 'incomplete';
  override readonly retryable = true;
  constructor(
    readonly endpoint: string,
    /** Rows this listing handed out before it stopped. */
    readonly delivered: number,
    /** Rows Campfire's `count` says there are from `startOffset` on. */
    readonly expected: number,
    readonly reason: string,
    /** Where the listing started ("Load more" starts after the rows already shown). */
    readonly startOffset = 0,
  ) {
    super(
      startOffset > 0
        ? l10n.t('Incomplete: read {0} of {1} rows of {2} after the first {3}: {4}', delivered, expected, endpoint, startOffset, reason)
        : l10n.t('Incomplete: read {0} of {1} rows of {2}: {3}', delivered, expected, endpoint, reason),
    );
  }
}

export interface SchemaIssue {
  /** Field path inside the response, e.g. `results[3].period_month`. */
  path: string;
  expected: string;
  received: string;
}

export class CampfireSchemaError extends CampfireError {
  readonly kind = 'schema';
  constructor(readonly target: RequestTarget, readonly issues: readonly SchemaIssue[]) {
    const first = issues[0];
    const what = first ? l10n.t('{0}: expected {1}, received {2}', first.path, first.expected, first.received) : l10n.t('invalid response');
    const message = l10n.t('Campfire sent data this extension does not understand — {0}: {1}', describe(target), what);
    super(issues.length > 1 ? l10n.t('{0} (and {1} more)', message, issues.length - 1) : message);
  }
}

export class CampfireCancelledError extends CampfireError {
  readonly kind = 'cancelled';
  constructor() {
    super(l10n.t('Cancelled'));
  }
}

/**
 * The message without the request it names (` (GET /rr/api/v1/contracts?offset=100)`), for a
 * terminal where the endpoint's name says enough.
 */
export function messageWithoutRequest(e: CampfireError): string {
  const target = (e as { target?: RequestTarget }).target;
  return target ? e.message.replace(` (${target.method} ${target.path})`, '') : e.message;
}

export function isCampfireError(e: unknown): e is CampfireError {
  return e instanceof CampfireError;
}

export function isCancellation(e: unknown): boolean {
  return e instanceof CampfireCancelledError;
}
