import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CampfireCancelledError } from '../../src/api/errors';
import { RequestScheduler } from '../../src/api/scheduler';

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe('RequestScheduler', () => {
  it('never runs more tasks at once than the limit', async () => {
    const s = new RequestScheduler(3);
    let running = 0;
    let peak = 0;
    const gates = Array.from({ length: 10 }, deferred);
    const tasks = gates.map((g) =>
      s.run(async () => {
        running++;
        peak = Math.max(peak, running);
        await g.promise;
        running--;
      }),
    );
    await new Promise((r) => setImmediate(r));
    assert.equal(s.inFlight, 3);
    assert.equal(s.waiting, 7);
    for (const g of gates) {
      g.resolve();
      await new Promise((r) => setImmediate(r));
    }
    await Promise.all(tasks);
    assert.equal(peak, 3);
    assert.equal(s.inFlight, 0);
  });

  it('halves its limit on a 429 and climbs back one step at a time', () => {
    const s = new RequestScheduler(8);
    s.noteRateLimited(undefined);
    assert.equal(s.limit, 4);
    s.noteRateLimited(undefined);
    assert.equal(s.limit, 2);
    s.noteRateLimited(undefined);
    s.noteRateLimited(undefined);
    assert.equal(s.limit, 1, 'never below one');
    s.noteSuccess();
    assert.equal(s.limit, 2);
    s.noteSuccess();
    assert.equal(s.limit, 2, 'needs `limit` successes per step');
    s.noteSuccess();
    assert.equal(s.limit, 3);
    for (let i = 0; i < 100; i++) s.noteSuccess();
    assert.equal(s.limit, 8, 'never above the configured maximum');
  });

  it('holds new work back while Campfire asked to wait', async () => {
    const s = new RequestScheduler(4);
    s.noteRateLimited(150);
    let started = false;
    const p = s.run(() => {
      started = true;
      return Promise.resolve();
    });
    await new Promise((r) => setTimeout(r, 20));
    assert.equal(started, false, 'paused');
    await p;
    assert.equal(started, true);
  });

  it('drops a waiting task when its signal aborts', async () => {
    const s = new RequestScheduler(1);
    const gate = deferred();
    const first = s.run(() => gate.promise);
    const ctrl = new AbortController();
    let ran = false;
    const second = s.run(() => {
      ran = true;
      return Promise.resolve();
    }, ctrl.signal);
    ctrl.abort();
    await assert.rejects(second, CampfireCancelledError);
    gate.resolve();
    await first;
    assert.equal(ran, false);
    assert.equal(s.waiting, 0);
  });

  it('lowering the maximum takes effect for new work', () => {
    const s = new RequestScheduler(8);
    s.setMaxConcurrent(2);
    assert.equal(s.maxConcurrent, 2);
    assert.equal(s.limit, 2);
  });
});
