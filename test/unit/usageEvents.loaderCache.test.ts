// The usage-events loader with a local cache: a complete load is saved; a panel opens with the
// cached rows at once and "as of" their time, checks them with two requests and keeps them when
// current; re-lists and replaces them when Campfire's differ; keeps them as offline data when
// Campfire is unreachable; loads normally past a damaged cache file; never saves part of a listing.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { CampfireClient } from '../../src/api/client';
import { CampfireCache, entryFileName, ownerFolder, type CacheScope } from '../../src/cache/cacheStore';
import { eventsCacheName } from '../../src/usageEvents/host/eventsCache';
import { UsageEventsLoader } from '../../src/usageEvents/host/loader';
import { usageEvents } from '../../src/resources';
import { startSampleServer, type SampleServer } from '../../src/sampleServer/server';
import { fieldIndex } from '../../src/usageEvents/protocol/usageEventRow';
import { json, startInlineServer, type InlineServer } from './support/inlineServer';

const KEY = 'loader-cache-key';
const OWNER = { origin: 'http://stand-in', accountId: 'acct' };
const ID = fieldIndex('id');

describe('usage-events loader: the local cache', () => {
  let sample: SampleServer;
  let srv: InlineServer;
  let client: CampfireClient;
  let deadClient: CampfireClient;
  let ref: { contractId: number; commitId: number };
  let events: Record<string, unknown>[] = [];
  let eventRequests = 0;
  let root: string;
  let cache: CampfireCache;
  let scope: CacheScope;
  const lines: string[] = [];
  const log = { info: (m: string) => lines.push(`info ${m}`), warn: (m: string) => lines.push(`warn ${m}`) };

  before(async () => {
    sample = await startSampleServer({ token: KEY, seed: 22 });
    ref = sample.dataset.wellKnown.commitWith100kEvents;
    const eventsPath = usageEvents.listPath({ contractId: ref.contractId, commitId: ref.commitId });
    srv = await startInlineServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://stand-in');
      if (url.pathname === eventsPath) {
        eventRequests++;
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
    // Nothing listens on port 9 of this host: every request fails at once as unreachable.
    deadClient = new CampfireClient({ baseUrl: 'http://127.0.0.1:9', getApiKey: () => KEY, maxConcurrent: 4, random: () => 0, retry: { maxAttempts: 1 } });
  });
  after(async () => {
    await client.close();
    await deadClient.close();
    await srv.close();
    await sample.close();
  });
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'campfire-loader-cache-'));
    cache = new CampfireCache({ root, maxBytes: () => 1 << 30, log });
    scope = cache.scope(OWNER);
    events = sample.dataset.usageEvents(ref.contractId, ref.commitId, 0, 2_345);
    eventRequests = 0;
    lines.length = 0;
  });

  /** A loader with a sink that records what it was told; `settled()` resolves when it is neither loading nor checking. */
  function makeLoader(clientOf: () => CampfireClient) {
    const told: string[] = [];
    const loader: UsageEventsLoader = new UsageEventsLoader(ref.contractId, ref.commitId, { client: clientOf, pageSize: () => 500, concurrency: () => 4, cache: () => scope, log }, {
      header: () => told.push('header'),
      ledger: () => told.push('ledger'),
      rows: () => told.push('rows'),
      progress: () => told.push(`progress ${loader.phase}${loader.checking ? ' checking' : ''}`),
      replaced: () => told.push('replaced'),
    });
    const settled = async () => {
      for (let i = 0; i < 400 && (loader.phase === 'loading' || loader.phase === 'idle' || loader.checking); i++) await new Promise((r) => setTimeout(r, 10));
    };
    return { loader, told, settled };
  }

  const ids = (loader: UsageEventsLoader) => Array.from({ length: loader.rows.length }, (_, i) => loader.rows.columns[ID]?.get(i));
  /** The cache file is written just after the load ends (off its path): wait for it. */
  async function cached(): Promise<void> {
    const file = path.join(root, ownerFolder(OWNER), entryFileName(eventsCacheName(ref.contractId, ref.commitId)));
    for (let i = 0; i < 200 && !fs.existsSync(file); i++) await new Promise((r) => setTimeout(r, 10));
    assert.ok(fs.existsSync(file), 'the cache file is written');
  }

  async function loadAndCache(): Promise<void> {
    const first = makeLoader(() => client);
    first.loader.open();
    await first.settled();
    assert.equal(first.loader.phase, 'done');
    assert.equal(first.loader.asOf, null, 'nothing cached yet: live data');
    assert.equal(first.loader.rows.length, events.length);
    await cached();
    first.loader.dispose();
  }

  it('saves a complete load; a reopen shows the cached rows at once, checks them with two requests, and keeps them', async () => {
    await loadAndCache();
    eventRequests = 0;
    const { loader, told, settled } = makeLoader(() => client);
    loader.open();
    // The cached rows are there before any request is answered.
    for (let i = 0; i < 100 && !told.includes('replaced'); i++) await new Promise((r) => setTimeout(r, 5));
    assert.equal(loader.rows.length, events.length);
    assert.notEqual(loader.asOf, null);
    assert.ok(loader.header, 'the cached header');
    assert.ok(loader.ledger.length > 0, 'the cached ledger');
    await settled();
    assert.equal(loader.asOf, null, 'checked: current');
    assert.equal(loader.offline, false);
    assert.equal(eventRequests, 2, 'the first and the last page');
    assert.deepEqual(ids(loader), events.map((e) => e.id));
    assert.equal(told.filter((t) => t === 'replaced').length, 1, 'not replaced again');
    loader.dispose();
  });

  it('re-lists and replaces the rows when Campfire has others, and saves the new listing', async () => {
    await loadAndCache();
    const firstSave = (await scope.read(eventsCacheName(ref.contractId, ref.commitId)))?.savedAt;
    events = [...events.slice(0, 1000), { ...events[1000], id: 987_654_321 }, ...events.slice(1001), events[5]].map((e, i) => (i === events.length ? { ...e, id: 987_654_322 } : e)) as Record<string, unknown>[];
    const { loader, told, settled } = makeLoader(() => client);
    loader.open();
    await settled();
    assert.equal(loader.asOf, null);
    assert.deepEqual(ids(loader), events.map((e) => e.id));
    assert.equal(told.filter((t) => t === 'replaced').length, 2, 'the cached rows, then the fresh ones');
    assert.match(lines.join('\n'), /differ from Campfire's, listing them again/);
    loader.dispose();
    // The new listing was saved (written off the load's path: wait for it): a third panel shows it from the cache.
    for (let i = 0; i < 500 && (await scope.read(eventsCacheName(ref.contractId, ref.commitId)))?.savedAt === firstSave; i++) await new Promise((r) => setTimeout(r, 10));
    const third = makeLoader(() => deadClient);
    third.loader.open();
    await third.settled();
    assert.deepEqual(ids(third.loader), events.map((e) => e.id));
    third.loader.dispose();
  });

  it('unreachable: keeps the cached rows as offline data, and a later refresh that reaches Campfire clears it', async () => {
    await loadAndCache();
    let current = deadClient;
    const { loader, settled } = makeLoader(() => current);
    loader.open();
    await settled();
    assert.equal(loader.phase, 'done');
    assert.equal(loader.rows.length, events.length);
    assert.equal(loader.offline, true);
    assert.notEqual(loader.asOf, null);
    assert.ok(loader.header, 'the cached header, for the title');
    current = client;
    loader.refresh();
    await settled();
    assert.equal(loader.offline, false);
    assert.equal(loader.asOf, null);
    loader.dispose();
  });

  it('a damaged cache file is discarded with a log line and the commit loads from Campfire', async () => {
    await loadAndCache();
    const file = path.join(root, ownerFolder(OWNER), entryFileName(eventsCacheName(ref.contractId, ref.commitId)));
    const bytes = fs.readFileSync(file);
    fs.writeFileSync(file, bytes.subarray(0, bytes.length >> 1));
    lines.length = 0;
    const { loader, settled } = makeLoader(() => client);
    loader.open();
    await settled();
    assert.equal(loader.phase, 'done');
    assert.equal(loader.asOf, null);
    assert.equal(loader.rows.length, events.length);
    assert.match(lines.join('\n'), /warn Cache: discarded usageEvents\/\d+-\d+ \(/);
    loader.dispose();
  });

  it('never saves part of a listing (a cancelled load)', async () => {
    const { loader, settled } = makeLoader(() => client);
    const gate = { stop: true };
    loader.open();
    for (let i = 0; i < 200 && loader.rows.length === 0; i++) await new Promise((r) => setTimeout(r, 2));
    if (gate.stop) loader.cancel();
    await settled();
    await new Promise((r) => setTimeout(r, 100));
    if (loader.phase === 'cancelled') assert.equal(await scope.read(eventsCacheName(ref.contractId, ref.commitId)), undefined);
    loader.dispose();
  });
});
