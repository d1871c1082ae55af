// The usage-event JSON documents' store (src/usageEvents/host/eventDocumentStore.ts): each
// document is held by the panel it was opened from and released with it, so an event's data is
// not kept, or served to an editor, after its panel closed (a panel closes on sign-out too).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { EventDocumentStore } from '../../src/usageEvents/host/eventDocumentStore';

const uri = (commit: number, event: number) => `campfire-usage-event:/contracts/12/prepaid-commits/${commit}/Usage event ${event}.json`;

describe('usage-event documents', () => {
  it('a closed panel’s documents are released and no longer served; another panel’s stay', () => {
    const store = new EventDocumentStore();
    const production = {};
    const sandbox = {};
    assert.equal(store.set(uri(77, 1), '{"id": 1}\n', production), false);
    assert.equal(store.set(uri(77, 2), '{"id": 2}\n', production), false);
    assert.equal(store.set(uri(88, 3), '{"id": 3}\n', sandbox), false);
    assert.equal(store.get(uri(77, 1)), '{"id": 1}\n');

    assert.deepEqual(store.release(production).sort(), [uri(77, 1), uri(77, 2)], 'the URIs whose editors must be told');
    assert.equal(store.get(uri(77, 1)), undefined);
    assert.equal(store.get(uri(77, 2)), undefined);
    assert.equal(store.get(uri(88, 3)), '{"id": 3}\n');
    assert.deepEqual(store.release(production), [], 'released once');
    store.release(sandbox);
    assert.equal(store.size, 0, 'nothing kept once every panel closed');
  });

  it('a document opened again from another panel passes to it: the first panel’s closing does not take it', () => {
    const store = new EventDocumentStore();
    const first = {};
    const second = {};
    store.set(uri(77, 1), 'old\n', first);
    assert.equal(store.set(uri(77, 1), 'new\n', second), true, 'an open editor of it must be told of the new text');
    assert.deepEqual(store.release(first), []);
    assert.equal(store.get(uri(77, 1)), 'new\n');
    assert.deepEqual(store.release(second), [uri(77, 1)]);
    assert.equal(store.get(uri(77, 1)), undefined);
  });

  it('whatever is opened and closed in any order, a document is served exactly while the panel that last opened it is open', () => {
    type Op = { kind: 'open'; panel: number; event: number } | { kind: 'close'; panel: number };
    const op: fc.Arbitrary<Op> = fc.oneof(
      fc.record({ kind: fc.constant('open' as const), panel: fc.nat(3), event: fc.nat(5) }),
      fc.record({ kind: fc.constant('close' as const), panel: fc.nat(3) }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 40 }), (ops) => {
        const store = new EventDocumentStore();
        const panels = [{}, {}, {}, {}];
        /** The model: which panel last opened each event, while it has not closed since. */
        const holder = new Map<number, number>();
        for (const o of ops) {
          const panel = panels[o.panel] as object;
          if (o.kind === 'open') {
            store.set(uri(77, o.event), `event ${o.event} from ${o.panel}`, panel);
            holder.set(o.event, o.panel);
          } else {
            const released = store.release(panel);
            const expected = [...holder].filter(([, p]) => p === o.panel).map(([e]) => uri(77, e));
            assert.deepEqual(released.sort(), expected.sort());
            for (const [e, p] of [...holder]) if (p === o.panel) holder.delete(e);
          }
          for (let e = 0; e <= 5; e++) {
            const p = holder.get(e);
            assert.equal(store.get(uri(77, e)), p === undefined ? undefined : `event ${e} from ${p}`);
          }
        }
        assert.equal(store.size, holder.size);
      }),
    );
  });
});
