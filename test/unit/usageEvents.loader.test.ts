// The usage-events panel's loader: Retry continues after the rows already loaded, and every row is
// shown once even when rows moved in the meantime. Deduplication is the listing's (it is handed
// the ids the loader holds); the loader itself keeps no second copy of that logic.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CampfireClient } from '../../src/api/client';
import { UsageEventsLoader } from '../../src/usageEvents/host/loader';
import { usageEvents } from '../../src/resources';
import { startSampleServer, type SampleServer } from '../../src/sampleServer/server';
import { json, startInlineServer, type InlineServer } from './support/inlineServer';

const KEY = 'loader-retry-key';

describe('usage-events loader: Retry after rows moved', () => {
  let sample: SampleServer;
  let srv: InlineServer;
  let client: CampfireClient;
  let ref: { contractId: number; commitId: number };
  /** The commit's usage events as this stand-in serves them; tests change it between requests. */
  let events: Record<string, unknown>[] = [];

  before(async () => {
    sample = await startSampleServer({ token: KEY, seed: 21 });
    ref = sample.dataset.wellKnown.commitWith100kEvents;
    const eventsPath = usageEvents.listPath({ contractId: ref.contractId, commitId: ref.commitId });
    // The usage events come from `events`; the commit, its contract and its ledger from the sample server.
    srv = await startInlineServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://stand-in');
      if (url.pathname === eventsPath) {
        const limit = Number(url.searchParams.get('limit') ?? 100);
        const offset = Number(url.searchParams.get('offset') ?? 0);
        json(res, 200, { count: events.length, next: null, previous: null, results: events.slice(offset, offset + limit) });
        return;
      }
      void fetch(`${sample.url}${req.url ?? '/'}`, { headers: { authorization: req.headers.authorization ?? '' } }).then(async (r) => {
        res.writeHead(r.status, { 'content-type': r.headers.get('content-type') ?? 'application/json' });
        res.end(await r.text());
      });
    });
    client = new CampfireClient({ baseUrl: srv.url, getApiKey: () => KEY, maxConcurrent: 4, random: () => 0 });
  });
  after(async () => {
    await client.close();
    await srv.close();
    await sample.close();
  });

  it('rows inserted in front while the panel was stopped: the Retry shows each row once, and finishes without an error', async () => {
    const original = sample.dataset.usageEvents(ref.contractId, ref.commitId, 0, 300) as unknown as Record<string, unknown>[];
    events = [...original];
    const starts: number[] = [];
    let stopAt = 100;
    let settled!: () => void;
    let phaseEnd = new Promise<void>((r) => (settled = r));
    const loader: UsageEventsLoader = new UsageEventsLoader(ref.contractId, ref.commitId, { client: () => client, pageSize: () => 50 }, {
      header: () => undefined,
      ledger: () => undefined,
      rows: (start, rows) => {
        starts.push(start, rows.length);
        if (loader.rows.length >= stopAt) loader.cancel();
      },
      progress: () => {
        if (loader.phase !== 'loading') settled();
      },
    });
    try {
      loader.reload();
      await phaseEnd;
      assert.equal(loader.phase, 'cancelled');
      const held = loader.rows.length;
      assert.ok(held >= 100 && held < 300, `stopped part way (${held} rows)`);

      // Ten new events in front: the last 10 rows held move past the offset the Retry starts at.
      events = [...original.slice(0, 10).map((e, i) => ({ ...e, id: 9_000_000 + i })), ...original];
      stopAt = Infinity;
      phaseEnd = new Promise<void>((r) => (settled = r));
      loader.retry();
      await phaseEnd;

      assert.equal(loader.phase, 'done', loader.error ?? '');
      const ids = loader.rows.map((r) => r[0]);
      assert.equal(new Set(ids).size, ids.length, 'no row twice');
      // Rows put in front of what was read cannot be told from rows that moved there: the listing
      // reads once more at its end and shows the ten new events after the others.
      assert.deepEqual(ids, [...original.map((e) => e.id), ...Array.from({ length: 10 }, (_, i) => 9_000_000 + i)], 'every row once: the rows in order, then the new ones');
      // The pages posted to the webview follow each other without gaps or overlaps.
      for (let i = 0, at = 0; i < starts.length; i += 2) {
        assert.equal(starts[i], at, `page ${i / 2} starts where the last ended`);
        at += starts[i + 1] as number;
      }
    } finally {
      loader.dispose();
    }
  });
});
