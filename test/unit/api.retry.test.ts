import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { backoffDelayMs, DEFAULT_RETRY_POLICY, parseRetryAfterMs, sleep } from '../../src/api/retry';
import { CampfireCancelledError } from '../../src/api/errors';

describe('Retry-After parsing', () => {
  it('reads delta-seconds', () => {
    assert.equal(parseRetryAfterMs('3'), 3000);
    assert.equal(parseRetryAfterMs(' 0 '), 0);
    assert.equal(parseRetryAfterMs('1.5'), 1500);
  });

  it('reads an HTTP date relative to now', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    assert.equal(parseRetryAfterMs('Thu, 01 Jan 2026 00:00:10 GMT', now), 10_000);
    // A date in the past means "now", never a negative wait.
    assert.equal(parseRetryAfterMs('Wed, 31 Dec 2025 23:59:00 GMT', now), 0);
  });

  it('ignores absent or garbage values', () => {
    assert.equal(parseRetryAfterMs(undefined), undefined);
    assert.equal(parseRetryAfterMs(''), undefined);
    assert.equal(parseRetryAfterMs('soon'), undefined);
    assert.equal(parseRetryAfterMs('-5'), undefined);
  });
});

describe('exponential backoff with full jitter', () => {
  const policy = { ...DEFAULT_RETRY_POLICY, baseDelayMs: 100, maxDelayMs: 1000 };

  it('doubles the ceiling per retry and caps it', () => {
    const top = () => 0.999999;
    assert.equal(backoffDelayMs(0, policy, top), 99);
    assert.equal(backoffDelayMs(1, policy, top), 199);
    assert.equal(backoffDelayMs(3, policy, top), 799);
    assert.equal(backoffDelayMs(10, policy, top), 999);
  });

  it('spreads delays over the whole range (full jitter), starting at zero', () => {
    assert.equal(backoffDelayMs(4, policy, () => 0), 0);
    const delays = new Set(Array.from({ length: 200 }, () => backoffDelayMs(3, policy)));
    assert.ok(delays.size > 50, 'delays are randomised');
    for (const d of delays) assert.ok(d >= 0 && d < 800);
  });
});

describe('cancellable sleep', () => {
  it('rejects with a cancellation as soon as the signal aborts', async () => {
    const ctrl = new AbortController();
    const p = sleep(60_000, ctrl.signal);
    ctrl.abort();
    await assert.rejects(p, CampfireCancelledError);
  });

  it('rejects at once for an already aborted signal', async () => {
    await assert.rejects(sleep(60_000, AbortSignal.abort()), CampfireCancelledError);
  });
});
