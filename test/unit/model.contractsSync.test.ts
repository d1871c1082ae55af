// The contracts delta sync: the merge on its own, the three requests against an in-memory Campfire
// that keeps last_modified_at and soft-deleted stubs as the API documents them, and a property
// test that a delta sync after any history of inserts, edits and deletions equals a full re-list.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { Contract } from '../../src/api/schemas/contract';
import { decodeSnapshot, deltaSince, encodeSnapshot, mergeDelta, syncContracts, SNAPSHOT_FORMAT, SYNC_MARGIN_MS, type ContractsSnapshot, type DeltaSource } from '../../src/model/contractsSync';
import { ExactNumber, stringifyExact } from '../../src/shared/exactNumber';
import { makeContract } from '../../src/sampleServer/contracts';

const c = (id: number, extra: Partial<Contract> = {}): Contract => ({ ...makeContract(1, id, false), ...extra });

/**
 * A Campfire in memory: active rows in server order, soft-deleted stubs, a clock of its own
 * (`skewMs` ahead of the client's) that stamps last_modified_at, and the requests made.
 */
class FakeCampfire {
  rows: Contract[] = [];
  deleted: { id: number; is_deleted: boolean; deleted_at: string; last_modified_at: string }[] = [];
  requests: string[] = [];
  clientNow = Date.parse('2026-12-01T09:00:00Z');
  nextId = 1001;
  constructor(
    readonly skewMs = 0,
    /** Where inserts go: 'idOrder' keeps ids rising, 'front' puts them first. */
    readonly inserts: 'idOrder' | 'front' = 'idOrder',
  ) {}
  stamp(): string {
    return new Date(this.clientNow + this.skewMs).toISOString();
  }
  tick(ms: number): void {
    this.clientNow += ms;
  }
  insert(): void {
    const row = c(this.nextId++, { last_modified_at: this.stamp() });
    if (this.inserts === 'front') this.rows.unshift(row);
    else this.rows.push(row);
  }
  modify(index: number): void {
    if (this.rows.length === 0) return;
    const i = index % this.rows.length;
    const row = this.rows[i] as Contract;
    this.rows[i] = { ...row, total_contract_value: (row.total_contract_value ?? 0) + 1, last_modified_at: this.stamp() };
  }
  remove(index: number): void {
    if (this.rows.length === 0) return;
    const [row] = this.rows.splice(index % this.rows.length, 1);
    if (row) this.deleted.push({ id: row.id, is_deleted: true, deleted_at: this.stamp(), last_modified_at: this.stamp() });
  }
  source(pageSize = 500): DeltaSource {
    const pages = (n: number) => Math.max(1, Math.ceil(n / pageSize));
    const after = (since: string) => (t: string) => Date.parse(t) >= Date.parse(since);
    const record = (what: string, n: number) => {
      for (let i = 0; i < n; i++) this.requests.push(what);
    };
    return {
      changedSince: (since) => {
        const items = this.rows.filter((r) => after(since)(r.last_modified_at));
        record('changed', pages(items.length));
        return Promise.resolve({ items: structuredClone(items), complete: true });
      },
      deletedSince: (since) => {
        const items = this.deleted.filter((r) => after(since)(r.last_modified_at));
        record('deleted', pages(items.length));
        return Promise.resolve({ items: structuredClone(items), complete: true });
      },
      count: () => {
        record('count', 1);
        return Promise.resolve(this.rows.length);
      },
      fullList: () => {
        record('full', pages(this.rows.length));
        return Promise.resolve({ items: structuredClone(this.rows), complete: true });
      },
    };
  }
  snapshot(): ContractsSnapshot {
    return { contracts: structuredClone(this.rows), complete: true, count: this.rows.length, listedAt: this.clientNow };
  }
}

const ids = (list: readonly { id: number }[]) => list.map((r) => r.id);
const byId = (list: readonly Contract[]) => [...list].sort((a, b) => a.id - b.id);

describe('contracts delta sync: merge', () => {
  it('removes deleted ids, replaces modified contracts in place and adds new ones in id order', () => {
    const cached = [c(1), c(2), c(3), c(5)];
    const merged = mergeDelta(cached, [c(2, { deal_name: 'new name' }), c(4), c(6)], [3]);
    assert.deepEqual(ids(merged), [1, 2, 4, 5, 6]);
    assert.equal(merged[1]?.deal_name, 'new name');
  });

  it('keeps a falling id order falling, and appends to any other order', () => {
    assert.deepEqual(ids(mergeDelta([c(9), c(5), c(2)], [c(7), c(10)], [])), [10, 9, 7, 5, 2]);
    assert.deepEqual(ids(mergeDelta([c(5), c(9), c(2)], [c(7)], [])), [5, 9, 2, 7]);
  });

  it('counts a contract in both listings as deleted (deleted between the two requests)', () => {
    assert.deepEqual(ids(mergeDelta([c(1), c(2)], [c(2, { deal_name: 'x' }), c(3)], [2, 3])), [1]);
  });

  it('asks for changes from the previous start minus the margin, to the second', () => {
    assert.equal(deltaSince(Date.parse('2026-12-01T09:12:34.567Z')), '2026-12-01T09:02:34Z');
    assert.equal(SYNC_MARGIN_MS, 600_000);
  });
});

describe('contracts delta sync: requests', () => {
  it('10,000 contracts, 10 modified and 2 deleted: three requests, equal to a full re-list', async () => {
    const server = new FakeCampfire();
    for (let i = 0; i < 10_000; i++) server.insert();
    // Listed an hour after the last insert, so only the changes below fall in the window.
    server.tick(3_600_000);
    const previous = server.snapshot();
    server.tick(3_600_000);
    for (let i = 0; i < 10; i++) server.modify(i * 997);
    server.remove(17);
    server.remove(4242);
    server.requests = [];
    const result = await syncContracts(previous, server.source(), { now: () => server.clientNow });
    assert.equal(result.mode, 'delta');
    assert.deepEqual(server.requests.sort(), ['changed', 'count', 'deleted']);
    assert.deepEqual(result.contracts, server.rows);
    assert.equal(result.count, 9_998);
  });

  it('reads everything again when the count disagrees (a change the window did not see)', async () => {
    const server = new FakeCampfire();
    for (let i = 0; i < 50; i++) server.insert();
    const previous = server.snapshot();
    server.tick(60 * 60_000);
    // Removed without a stub: only the count can tell.
    server.rows.splice(3, 1);
    const result = await syncContracts(previous, server.source(), { now: () => server.clientNow });
    assert.equal(result.mode, 'full');
    assert.match(result.reason ?? '', /49/);
    assert.deepEqual(result.contracts, server.rows);
  });

  it('reads everything when nothing complete is cached, and when a delta listing is incomplete', async () => {
    const server = new FakeCampfire();
    for (let i = 0; i < 5; i++) server.insert();
    assert.equal((await syncContracts(undefined, server.source())).mode, 'full');
    assert.equal((await syncContracts({ ...server.snapshot(), complete: false }, server.source())).mode, 'full');
    const source = server.source();
    const partial: DeltaSource = { ...source, changedSince: async (since) => ({ ...(await source.changedSince(since)), complete: false }) };
    const result = await syncContracts(server.snapshot(), partial);
    assert.equal(result.mode, 'full');
    assert.deepEqual(result.contracts, server.rows);
  });

  it('fails loudly when the full listing is incomplete rather than keep a partial list', async () => {
    const server = new FakeCampfire();
    server.insert();
    const source: DeltaSource = { ...server.source(), fullList: () => Promise.resolve({ items: [], complete: false }) };
    await assert.rejects(syncContracts(undefined, source), /before its end/);
  });
});

describe('contracts delta sync: property', () => {
  type Op = { kind: 'insert' } | { kind: 'modify'; at: number } | { kind: 'remove'; at: number } | { kind: 'wait'; ms: number };
  const op: fc.Arbitrary<Op> = fc.oneof(
    fc.constant<Op>({ kind: 'insert' }),
    fc.nat(1000).map<Op>((at) => ({ kind: 'modify', at })),
    fc.nat(1000).map<Op>((at) => ({ kind: 'remove', at })),
    fc.integer({ min: 1, max: 3_600_000 }).map<Op>((ms) => ({ kind: 'wait', ms })),
  );
  const apply = (server: FakeCampfire, ops: readonly Op[]) => {
    for (const o of ops) {
      if (o.kind === 'insert') server.insert();
      else if (o.kind === 'modify') server.modify(o.at);
      else if (o.kind === 'remove') server.remove(o.at);
      else server.tick(o.ms);
      server.tick(1);
    }
  };

  it('a delta sync over random histories equals a full re-list, syncing again and again', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(op, { maxLength: 60 }),
        fc.array(fc.array(op, { maxLength: 40 }), { minLength: 1, maxLength: 4 }),
        // The server's clock: behind by up to the margin, or ahead by up to a day.
        fc.integer({ min: -SYNC_MARGIN_MS, max: 86_400_000 }),
        fc.constantFrom<'idOrder' | 'front'>('idOrder', 'front'),
        async (before, rounds, skew, inserts) => {
          const server = new FakeCampfire(skew, inserts);
          apply(server, before);
          let snapshot: ContractsSnapshot | undefined;
          for (const round of rounds) {
            server.requests = [];
            const result = await syncContracts(snapshot, server.source(), { now: () => server.clientNow });
            // The list a full re-list gives: the same order where the server keeps ids in order.
            if (inserts === 'idOrder') assert.deepEqual(result.contracts, server.rows);
            else assert.deepEqual(byId(result.contracts), byId(server.rows));
            if (result.mode === 'delta') assert.equal(server.requests.length, 3);
            snapshot = { contracts: result.contracts, complete: true, count: result.count, listedAt: result.listedAt };
            // The cached form round-trips.
            assert.deepEqual(await decodeSnapshot(encodeSnapshot(snapshot)), snapshot);
            apply(server, round);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('contracts snapshot in the cache', () => {
  it('discards what is not a snapshot, with a reason', async () => {
    const reasons: string[] = [];
    const problem = (r: string) => reasons.push(r);
    const header = { format: SNAPSHOT_FORMAT, complete: true, count: 1, listedAt: 0 };
    const good = JSON.parse(Buffer.from(encodeSnapshot({ contracts: [c(1)], complete: true, count: 1, listedAt: 0 })).toString()) as { shapes: string[][]; rows: unknown[][] };
    const bad = [
      Buffer.from(`{"format":${SNAPSHOT_FORMAT},`),
      Buffer.from(JSON.stringify({ ...header, format: 1, contracts: [] })),
      Buffer.from(JSON.stringify({ ...header, shapes: [['id']], rows: [[0, 'x']] })),
      encodeSnapshot({ contracts: [c(1), c(1)], complete: true, count: 2, listedAt: 0 }),
      Buffer.from(JSON.stringify({ ...header, shapes: good.shapes, rows: [[1, ...(good.rows[0] ?? []).slice(1)]] })),
      // Fine at a glance, wrong for the schema: only the full check finds it.
      encodeSnapshot({ contracts: [c(1, { total_revenue: 'lots' as never })], complete: true, count: 1, listedAt: 0 }),
    ];
    for (const bytes of bad) assert.equal(await decodeSnapshot(bytes, problem), undefined);
    assert.equal(reasons.length, bad.length, reasons.join('\n'));
    assert.match(reasons[0] ?? '', /not JSON/);
    assert.match(reasons[3] ?? '', /twice/);
    assert.match(reasons[4] ?? '', /shape/);
    assert.match(reasons[5] ?? '', /contract 1: total_revenue/);
  });

  it('is a third of the bytes of plain JSON records', () => {
    const contracts = Array.from({ length: 200 }, (_, i) => c(i + 1));
    const compact = encodeSnapshot({ contracts, complete: true, count: 200, listedAt: 0 }).byteLength;
    assert.ok(compact < JSON.stringify(contracts).length * 0.5, `${compact} bytes`);
  });

  it('keeps fields the schema does not name', async () => {
    const s: ContractsSnapshot = { contracts: [{ ...c(1), brand_new_field: { a: 1 } }], complete: true, count: 1, listedAt: 5 };
    assert.deepEqual((await decodeSnapshot(encodeSnapshot(s)))?.contracts[0]?.brand_new_field, { a: 1 });
  });

  it('keeps every digit of a number a double would round, as the number it is', async () => {
    const s: ContractsSnapshot = { contracts: [{ ...c(1), erp_id: new ExactNumber('12345678901234567890'), rates: [new ExactNumber('0.12345678901234567891')], label: '12345678901234567890' }], complete: true, count: 1, listedAt: 5 };
    const back = (await decodeSnapshot(encodeSnapshot(s)))?.contracts[0];
    assert.ok(back?.erp_id instanceof ExactNumber);
    assert.equal(back.erp_id.text, '12345678901234567890');
    assert.equal(stringifyExact(back.rates), '[0.12345678901234567891]');
    assert.equal(back.label, '12345678901234567890', 'a string stays a string');
  });
});
