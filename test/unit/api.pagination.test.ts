// Ordered concurrent pagination against the local Campfire server: every row exactly once and in
// order, within the concurrency limit, also while rows are inserted or removed mid-listing.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { CampfireClient } from '../../src/api/client';
import { CampfireIncompleteError, CampfireSchemaError } from '../../src/api/errors';
import { IdSet } from '../../src/api/idSet';
import { paginate, type ListSummary } from '../../src/api/pagination';
import { contractSchema } from '../../src/api/schemas/contract';
import { usageEventSchema } from '../../src/api/schemas/usageEvent';
import { startSampleServer, type SampleServer } from '../../src/sampleServer/server';
import { FaultPlan } from './support/faults';
import { json, startInlineServer } from './support/inlineServer';
import { drain, drainItems } from './support/listing';
import { recordSocketWrites } from './support/socketWrites';
import { contracts, usageEvents } from '../../src/resources';

const KEY = 'pagination-key';

describe('paginate against the local Campfire server', () => {
  let server: SampleServer;
  const faults = new FaultPlan();
  let client: CampfireClient;

  before(async () => {
    server = await startSampleServer({ token: KEY, seed: 11, faults });
    client = new CampfireClient({ baseUrl: server.url, getApiKey: () => KEY, maxConcurrent: 4, random: () => 0 });
  });
  after(async () => {
    await client.close();
    await server.close();
  });
  beforeEach(() => {
    server.resetRecording();
    faults.set({});
  });

  it('hands out every usage event once, in the server’s order, with pages fetched concurrently', async () => {
    const { contractId, commitId } = server.dataset.wellKnown.commitWith100kEvents;
    const total = server.dataset.usageEventCount(contractId, commitId);
    const want = Math.min(total, 20_000);
    faults.set({ latencyMs: 5 });
    const { items, summary } = await drainItems(
      paginate(
        client,
        { path: `/rr/api/v1/contracts/${contractId}/prepaid-commits/${commitId}/usage-events`, endpoint: 'usage events', itemSchema: contractSchema.pick({ id: true }) },
        { pageSize: 250, concurrency: 4, maxItems: want },
      ),
    );
    assert.equal(items.length, want);
    for (let i = 0; i < want; i += 997) assert.equal(items[i]?.id, server.dataset.usageEvent(contractId, commitId, i).id, `row ${i}`);
    assert.equal(items.at(-1)?.id, server.dataset.usageEvent(contractId, commitId, want - 1).id);
    assert.equal(summary.delivered, want);
    assert.equal(summary.complete, want === total);
    assert.ok(server.maxInFlight() > 1, 'pages were requested concurrently');
    assert.ok(server.maxInFlight() <= 4, `never more than the limit in flight (saw ${server.maxInFlight()})`);
  });

  it('reads exactly `count` contracts, first page first, and reports a complete listing', async () => {
    const expected = server.dataset.contracts().map((c) => c.id);
    const pages: number[] = [];
    const ids: number[] = [];
    const gen = contracts.list(client, {}, { pageSize: 37, concurrency: 3 });
    let summary: ListSummary | undefined;
    for (;;) {
      const r = await gen.next();
      if (r.done) {
        summary = r.value;
        break;
      }
      pages.push(r.value.offset);
      ids.push(...r.value.items.map((c) => c.id));
    }
    assert.deepEqual(ids, expected);
    assert.deepEqual(pages, pages.slice().sort((a, b) => a - b), 'pages in offset order');
    assert.equal(summary.initialCount, expected.length);
    assert.equal(summary.complete, true);
    assert.equal(summary.duplicatesSkipped, 0);
  });

  it('Load more: starts at an offset and stops after maxItems without requesting further pages', async () => {
    const all = server.dataset.contracts().map((c) => c.id);
    const { items } = await drain(paginate(client, { path: '/rr/api/v1/contracts', endpoint: 'list contracts', itemSchema: contractSchema }, { pageSize: 20, startOffset: 40, maxItems: 20 }));
    assert.deepEqual(items.flatMap((p) => p.items.map((c) => c.id)), all.slice(40, 60));
    assert.equal(server.requests.length, 1);
  });

  it('a listing that continues with the ids already held (`listed`) skips rows that moved back into it, and still hands out `maxItems` new rows', async () => {
    const req = { path: '/rr/api/v1/contracts', endpoint: 'list contracts', itemSchema: contractSchema };
    const all = server.dataset.contracts().map((c) => c.id);
    assert.ok(all.length > 100, `enough contracts (${all.length})`);
    const listed = new IdSet();
    const first = await drainItems(paginate(client, req, { pageSize: 20, maxItems: 40, listed }));
    assert.deepEqual(first.items.map((c) => c.id), all.slice(0, 40));
    assert.equal(listed.size, 40, 'every row handed out is added');
    const inserted = server.dataset.insertContracts(7, 0).map((c) => c.id);
    try {
      // "Load more" from where the first listing stopped: the 7 rows put in front pushed 7 rows
      // already held to offsets 40–46.
      const more = await drainItems(paginate(client, req, { pageSize: 20, startOffset: 40, maxItems: 20, listed }));
      assert.deepEqual(more.items.map((c) => c.id), all.slice(40, 60), 'a full page of rows not held before');
      assert.equal(more.summary.duplicatesSkipped, 7);
      assert.equal(more.summary.complete, false, 'rows remain: the listing does not claim the end');
      // The rest, several pages at once: each remaining row once, and the 7 rows read again count
      // towards `count`, so nothing is reported missing. Rows put in front of what was read cannot
      // be told from rows that moved there, so the listing reads the collection once more at its
      // end and hands out the 7 new ones last.
      const rest = await drainItems(paginate(client, req, { pageSize: 20, concurrency: 4, startOffset: 60, listed }));
      assert.deepEqual(rest.items.map((c) => c.id), [...all.slice(60), ...inserted]);
      assert.equal(rest.summary.complete, true);
      assert.equal(listed.size, all.length + inserted.length);
    } finally {
      server.dataset.removeContracts(inserted);
    }
  });

  it('rows inserted at the front while paging: nothing duplicated, nothing lost', async () => {
    const before = server.dataset.contracts().map((c) => c.id);
    let inserted = false;
    const stop = server.onRequest((r) => {
      if (!inserted && r.query.offset !== '0') {
        inserted = true;
        server.dataset.insertContracts(7, 0);
      }
    });
    try {
      const { items, summary } = await drainItems(paginate(client, { path: '/rr/api/v1/contracts', endpoint: 'list contracts', itemSchema: contractSchema }, { pageSize: 50, concurrency: 1 }));
      const ids = items.map((c) => c.id);
      assert.equal(new Set(ids).size, ids.length, 'no duplicates');
      for (const id of before) assert.ok(ids.includes(id), `contract ${id} kept`);
      assert.ok(summary.duplicatesSkipped >= 7, `shifted rows were skipped (${summary.duplicatesSkipped})`);
      assert.equal(summary.finalCount, before.length + 7);
    } finally {
      stop();
    }
  });

  it('rows removed behind the cursor while paging: no duplicates, and no row that still exists is skipped', async () => {
    const beforeIds = server.dataset.contracts().map((c) => c.id);
    let removed = false;
    const stop = server.onRequest((r) => {
      if (!removed && r.query.offset !== '0') {
        removed = true;
        // Rows already read go away: every later row moves 30 places back, past the cursor.
        server.dataset.removeContracts(beforeIds.slice(0, 30));
      }
    });
    try {
      const { items, summary } = await drainItems(paginate(client, { path: '/rr/api/v1/contracts', endpoint: 'list contracts', itemSchema: contractSchema }, { pageSize: 50, concurrency: 1 }));
      const ids = items.map((c) => c.id);
      assert.equal(new Set(ids).size, ids.length, 'no duplicates');
      for (const id of beforeIds.slice(30)) assert.ok(ids.includes(id), `contract ${id} still exists and was listed`);
      assert.deepEqual(ids, beforeIds, 'in order (the removed rows had been read before they went)');
      assert.equal(summary.initialCount, beforeIds.length);
      assert.equal(summary.finalCount, beforeIds.length - 30, 'the change is visible to the caller');
    } finally {
      stop();
    }
  });

  it('rows removed while pages are in flight: every remaining row once, in order', async () => {
    const beforeIds = server.dataset.contracts().map((c) => c.id);
    const gone = new Set(beforeIds.slice(70, 85));
    let removed = false;
    const stop = server.onRequest((r) => {
      if (!removed && r.query.offset === '60') {
        removed = true;
        server.dataset.removeContracts([...gone]);
      }
    });
    try {
      const { items } = await drainItems(paginate(client, { path: '/rr/api/v1/contracts', endpoint: 'list contracts', itemSchema: contractSchema }, { pageSize: 20, concurrency: 4 }));
      const ids = items.map((c) => c.id);
      assert.equal(new Set(ids).size, ids.length, 'no duplicates');
      const remaining = beforeIds.filter((id) => !gone.has(id));
      const listed = ids.filter((id) => !gone.has(id));
      assert.deepEqual(listed, remaining, 'every remaining row, in order');
    } finally {
      stop();
    }
  });

  it('the next page is requested, and written to the socket, as soon as a page has arrived, while that page is still being validated', async () => {
    const c = new CampfireClient({ baseUrl: server.url, getApiKey: () => KEY, maxConcurrent: 1, random: () => 0 });
    // Long enough that a request written before a page is validated is still waiting for its answer then.
    faults.set({ latencyMs: 20 });
    const writes = recordSocketWrites();
    try {
      // What is on the wire while each page's first row is validated: requests holding a slot, and
      // requests undici has written. undici writes on a reused keep-alive socket from a
      // setImmediate callback; parsing must not get in ahead of it, or every page's request would
      // wait for the previous page's parsing.
      const inFlightAtValidation: number[] = [];
      const writtenAtValidation: number[] = [];
      let row = 0;
      const itemSchema = contractSchema.pick({ id: true }).refine(() => {
        if (row++ % 50 === 0) {
          inFlightAtValidation.push(c.scheduler.inFlight);
          writtenAtValidation.push(writes.times.length);
        }
        return true;
      });
      await drain(paginate(c, { path: '/rr/api/v1/contracts', endpoint: 'list contracts', itemSchema }, { pageSize: 50, concurrency: 1, maxItems: 200 }));
      // Page 1 says how many there are, so nothing can start before it is read; pages 2 to 4
      // overlap the request for the page after them, already written; page 5 is the last one
      // wanted (each page after the first starts on the last row of the one before, so 200 rows
      // of 50 take five).
      assert.deepEqual(inFlightAtValidation, [0, 1, 1, 1, 0]);
      assert.deepEqual(writtenAtValidation, [1, 3, 4, 5, 5]);
    } finally {
      writes.stop();
      await c.close();
    }
  });

  it('an empty collection is one request and a complete, empty listing', async () => {
    const { contractId, commitId } = server.dataset.wellKnown.commitWithNoEvents;
    const { items, summary } = await drain(paginate(client, { path: usageEvents.listPath({ contractId, commitId }), endpoint: 'usage events', itemSchema: usageEventSchema }, { pageSize: 100 }));
    assert.deepEqual(items.map((p) => p.items.length), [0]);
    assert.equal(summary.complete, true);
    assert.equal(server.requests.length, 1);
  });

  it('a listing that expects many pages asks for the first `concurrency` pages together, before `count` is known', async () => {
    const { contractId, commitId } = server.dataset.wellKnown.commitWith100kEvents;
    faults.set({ latencyMs: 40 });
    const { items } = await drain(usageEvents.list(client, { contractId: contractId, commitId: commitId }, { pageSize: 100, concurrency: 4, maxItems: 1000 }));
    assert.equal(items.flatMap((p) => p.items).length, 1000);
    const offsets = server.requests.map((r) => Number(r.query.offset));
    // Each page after the first starts on the last row of the one before (the continuity check).
    assert.deepEqual(offsets.slice(0, 4).sort((a, b) => a - b), [0, 99, 198, 297], 'the first four pages at once');
    // All four arrived while the first page was still held back by the latency: none waited for `count`.
    const firstFour = server.requests.slice(0, 4).map((r) => r.at);
    assert.ok(Math.max(...firstFour) - Math.min(...firstFour) < 40, `requested together (${firstFour.join(', ')})`);
    assert.deepEqual(offsets.sort((a, b) => a - b), Array.from({ length: 11 }, (_, i) => Math.max(0, i * 99)), 'nothing past maxItems');
  });

  it('expected many but found few: pages past the end are dropped, and the listing is exact and complete', async () => {
    const commit = server.dataset
      .contracts()
      .flatMap((c) => server.dataset.prepaidCommits(c.id).map((p) => ({ contractId: c.id, commitId: p.id })))
      .find(({ contractId, commitId }) => {
        const n = server.dataset.usageEventCount(contractId, commitId);
        return n > 100 && n < 300;
      });
    assert.ok(commit, 'the sample data has a commit with 101 to 299 events');
    const total = server.dataset.usageEventCount(commit.contractId, commit.commitId);
    const { items, summary } = await drain(usageEvents.list(client, { contractId: commit.contractId, commitId: commit.commitId }, { pageSize: 100, concurrency: 4 }));
    const ids = items.flatMap((p) => p.items.map((e) => e.id));
    assert.deepEqual(ids, server.dataset.usageEvents(commit.contractId, commit.commitId, 0, total).map((e) => e.id));
    assert.deepEqual(items.map((p) => p.offset), total > 199 ? [0, 99, 198] : [0, 99], 'no empty page handed out');
    assert.equal(summary.complete, true);
    assert.equal(summary.duplicatesSkipped, 0);
    assert.ok(server.requests.length <= 4, `at most the first four pages requested (${server.requests.length})`);
  });

  it('an empty collection that was expected to be large: one empty page, complete, no request beyond the first four', async () => {
    const { contractId, commitId } = server.dataset.wellKnown.commitWithNoEvents;
    const { items, summary } = await drain(usageEvents.list(client, { contractId: contractId, commitId: commitId }, { pageSize: 100, concurrency: 4 }));
    assert.deepEqual(items.map((p) => p.items.length), [0]);
    assert.equal(summary.complete, true);
    assert.ok(server.requests.length <= 4, `${server.requests.length} requests`);
  });
});

describe('paginate: what a server may do between two requests', () => {
  /** A list endpoint over `rows`; `between(n)` changes them before the n-th request is answered. */
  async function modelServer(rows: number[], between: (request: number, rows: number[]) => void, countOf: (rows: number[], request: number) => number = (r) => r.length) {
    let request = 0;
    const srv = await startInlineServer((req, res) => {
      between(++request, rows);
      const q = new URL(req.url ?? '/', 'http://x').searchParams;
      const offset = Number(q.get('offset'));
      const limit = Number(q.get('limit'));
      json(res, 200, { count: countOf(rows, request), next: null, previous: null, results: rows.slice(offset, offset + limit).map((id) => ({ id })) });
    });
    return { srv, client: new CampfireClient({ baseUrl: srv.url, getApiKey: () => KEY }) };
  }
  const req = { path: '/x', endpoint: 'x', itemSchema: contractSchema.pick({ id: true }) };
  const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);

  it('a bare JSON array where a page is due is a schema error, not one complete page', async () => {
    const srv = await startInlineServer((_req, res) => json(res, 200, [{ id: 1 }, { id: 2 }, { id: 3 }]));
    const c = new CampfireClient({ baseUrl: srv.url, getApiKey: () => KEY });
    try {
      await assert.rejects(drainItems(paginate(c, req, { pageSize: 2 })), (e: unknown) => e instanceof CampfireSchemaError && /\(response\): expected object, received an array of 3/.test(e.message));
    } finally {
      await c.close();
      await srv.close();
    }
  });

  it('Load more after rows were removed at the front: the join is proven, and the rows that moved back are not lost', async () => {
    const { srv, client: c } = await modelServer(range(1, 201), () => undefined);
    try {
      const listed = new IdSet();
      const first = await drainItems(paginate(c, req, { pageSize: 20, maxItems: 40, listed }));
      assert.deepEqual(first.items.map((r) => r.id), range(1, 41));
      // Five rows the user already sees are deleted: rows 41–45 move back into offsets 35–39.
      const rows = range(1, 201).filter((id) => id > 5);
      const { srv: srv2, client: c2 } = await modelServer(rows, () => undefined);
      try {
        const more = await drainItems(paginate(c2, req, { pageSize: 20, startOffset: 40, maxItems: 20, listed }));
        assert.deepEqual(more.items.map((r) => r.id), range(41, 61), 'the next 20 rows, none skipped');
        const rest = await drainItems(paginate(c2, req, { pageSize: 20, concurrency: 4, startOffset: 60, listed }));
        assert.deepEqual(rest.items.map((r) => r.id), range(61, 201));
        assert.equal(rest.summary.complete, true);
      } finally {
        await c2.close();
        await srv2.close();
      }
    } finally {
      await c.close();
      await srv.close();
    }
  });

  it('Retry after so many rows were removed that the collection ends before where the listing stopped: the rows not yet read are found', async () => {
    const { srv, client: c } = await modelServer(range(1, 61).filter((id) => id > 30), () => undefined);
    try {
      // The consumer read 1–40 of 60; then 1–30 were deleted: 31–60 are at offsets 0–29 now.
      const listed = new IdSet();
      for (const id of range(1, 41)) listed.add(id);
      const rest = await drainItems(paginate(c, req, { pageSize: 20, startOffset: 40, listed }));
      assert.deepEqual(rest.items.map((r) => r.id), range(41, 61));
      assert.equal(rest.summary.complete, true);
    } finally {
      await c.close();
      await srv.close();
    }
  });

  it('a count that falls to 0 in the middle while the rows are still there: every row, not the first page alone', async () => {
    const { srv, client: c } = await modelServer(range(1, 101), () => undefined, (rows, request) => (request === 1 ? rows.length : 0));
    try {
      const all = await drainItems(paginate(c, req, { pageSize: 20, concurrency: 1 }));
      assert.deepEqual(all.items.map((r) => r.id), range(1, 101));
      assert.equal(all.summary.finalCount, 0, 'the fall is in the summary for the caller to report');
    } finally {
      await c.close();
      await srv.close();
    }
  });

  it('a count that falls below the rows that are still there, on a server that caps its pages: the end is read again, and every row is listed', async () => {
    let request = 0;
    const rows = range(1, 101);
    const srv = await startInlineServer((r, res) => {
      request++;
      const q = new URL(r.url ?? '/', 'http://x').searchParams;
      const offset = Number(q.get('offset'));
      const limit = Math.min(15, Number(q.get('limit')));
      // From the second request on, `count` says 40 while all 100 rows are still there.
      json(res, 200, { count: request === 1 ? rows.length : 40, next: null, previous: null, results: rows.slice(offset, offset + limit).map((id) => ({ id })) });
    });
    const c = new CampfireClient({ baseUrl: srv.url, getApiKey: () => KEY });
    try {
      const all = await drainItems(paginate(c, req, { pageSize: 20, concurrency: 1 }));
      assert.deepEqual(all.items.map((r) => r.id), range(1, 101));
    } finally {
      await c.close();
      await srv.close();
    }
  });

  it('a count that falls to a third because rows were removed: the rows that remain, each once', async () => {
    const { srv, client: c } = await modelServer(range(1, 91), (request, rows) => {
      // After the first page, every row from 31 on but each third one is removed.
      if (request === 2) rows.splice(0, rows.length, ...range(1, 91).filter((id) => id <= 20 || id % 3 === 0));
    });
    try {
      const all = await drainItems(paginate(c, req, { pageSize: 20, concurrency: 1 }));
      const ids = all.items.map((r) => r.id);
      assert.equal(new Set(ids).size, ids.length, 'no row twice');
      for (const id of range(1, 91).filter((x) => x <= 20 || x % 3 === 0)) assert.ok(ids.includes(id), `row ${id}, which was there all along, is listed`);
    } finally {
      await c.close();
      await srv.close();
    }
  });

  it('a server whose pages repeat rows so that fewer than `count` exist: every row once, then an error that says how many are missing', async () => {
    const srv = await startInlineServer((req, res) => {
      const offset = Number(new URL(req.url ?? '/', 'http://x').searchParams.get('offset'));
      const ids = offset === 0 ? [1, 2] : offset <= 2 ? [2, 3] : [3, 4];
      json(res, 200, { count: 6, next: null, previous: null, results: ids.map((id) => ({ id })) });
    });
    const c = new CampfireClient({ baseUrl: srv.url, getApiKey: () => KEY });
    const seen: number[] = [];
    try {
      await assert.rejects(
        (async () => {
          for await (const page of paginate(c, { path: '/x', endpoint: 'x', itemSchema: contractSchema.pick({ id: true }) }, { pageSize: 2, concurrency: 1 })) seen.push(...page.items.map((r) => r.id));
        })(),
        (e: unknown) => e instanceof CampfireIncompleteError && e.delivered === 4 && e.expected === 6 && /read 4 of 6 rows of x/.test(e.message),
      );
      assert.deepEqual(seen, [1, 2, 3, 4], 'each row handed out once before the error');
    } finally {
      await c.close();
      await srv.close();
    }
  });
});
