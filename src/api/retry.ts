// Retry timing: exponential backoff with full jitter, and Campfire's Retry-After (seconds or an
// HTTP date) honoured but capped, so a misbehaving proxy cannot park a request for an hour.
import { CampfireCancelledError } from './errors';

export interface RetryPolicy {
  /** Attempts in total, the first one included. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** Longest Retry-After the client will wait; longer ones fail with a rate-limit error at once. */
  maxRetryAfterMs: number;
  /** Shortest wait after a 429 or an unreadable Retry-After: `429, Retry-After: 0` must not use up all attempts at once. */
  minRateLimitWaitMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 5,
  baseDelayMs: 300,
  maxDelayMs: 10_000,
  maxRetryAfterMs: 60_000,
  minRateLimitWaitMs: 1_000,
};

/** Full jitter (AWS architecture blog): a uniform delay in [0, min(max, base * 2^retry)). */
export function backoffDelayMs(retry: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retry);
  return Math.floor(random() * ceiling);
}

/** Parses a Retry-After header: delta-seconds or an HTTP date. Undefined when absent or unparsable. */
export function parseRetryAfterMs(value: string | undefined, now: number = Date.now()): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  if (text === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  // An HTTP date names its weekday or month; anything else (e.g. "-5") is not a delay we trust.
  if (!/[a-z]/i.test(text)) return undefined;
  const date = Date.parse(text);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

/** Resolves after `ms`, or rejects with a cancellation as soon as `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(new CampfireCancelledError());
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(new CampfireCancelledError());
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
