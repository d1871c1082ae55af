import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { IdSet } from '../../src/api/idSet';

describe('IdSet (deduplication of listed ids)', () => {
  it('tells new ids from ones already seen, across growth, for large and negative ids', () => {
    const s = new IdSet();
    const ids = [0, 1, -1, 2 ** 31, 2 ** 31 + 1, 2 ** 32, 50_010_000_001, Number.MAX_SAFE_INTEGER];
    for (let i = 0; i < 100_000; i++) ids.push(10_064 * 10_000_000 + i);
    for (const id of ids) assert.equal(s.add(id), true, `first ${id}`);
    for (const id of ids) assert.equal(s.add(id), false, `again ${id}`);
    assert.equal(s.size, ids.length);
    assert.equal(s.has(10_064 * 10_000_000 + 100_000), false);
    assert.equal(s.has(50_010_000_001), true);
  });

  it('agrees with a Set on random ids, with or without a size hint (also one that is too small)', () => {
    for (const s of [new IdSet(), new IdSet(3000), new IdSet(10)]) {
      const ref = new Set<number>();
      let x = 12345;
      for (let i = 0; i < 20_000; i++) {
        x = (x * 1103515245 + 12345) % 2 ** 31;
        const id = x % 5000;
        assert.equal(s.add(id), !ref.has(id));
        ref.add(id);
      }
      assert.equal(s.size, ref.size);
    }
  });
});
