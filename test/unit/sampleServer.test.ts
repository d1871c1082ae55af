// The local Campfire server behaves like Campfire (DRF + knox): pagination links, auth bodies,
// 404s, determinism, lazy generation, and each fault knob doing what it says.
import assert from 'node:assert/strict';
import net from 'node:net';
import { after, before, describe, it } from 'node:test';
import { startSampleServer, type SampleServer } from '../../src/sampleServer/server';
import { FaultPlan } from './support/faults';

const KEY = 'server-test-key';

interface Envelope {
  count: number;
  next: string | null;
  previous: string | null;
  results: { id: number }[];
}

describe('local Campfire server', () => {
  let server: SampleServer;
  const faults = new FaultPlan();
  const get = (path: string, key: string | null = KEY) => fetch(server.url + path, { headers: key === null ? {} : { authorization: `Token ${key}` } });
  const page = async (path: string) => (await (await get(path)).json()) as Envelope;

  before(async () => {
    server = await startSampleServer({ token: KEY, forbiddenTokens: ['viewer-without-rr'], contracts: 250, defaultPageSize: 100, maxPageSize: 1000, faults });
  });
  after(() => server.close());

  it('paginates like DRF LimitOffsetPagination: count, absolute next/previous, kept query params', async () => {
    const first = await page('/rr/api/v1/contracts?limit=100&include_deleted=false');
    assert.equal(first.count, 250);
    assert.equal(first.results.length, 100);
    assert.equal(first.previous, null);
    assert.equal(first.next, `${server.url}/rr/api/v1/contracts?limit=100&include_deleted=false&offset=100`);
    const second = await page('/rr/api/v1/contracts?limit=100&offset=100');
    assert.equal(second.previous, `${server.url}/rr/api/v1/contracts?limit=100`, 'previous drops offset when it would be 0');
    const last = await page('/rr/api/v1/contracts?limit=100&offset=200');
    assert.equal(last.results.length, 50);
    assert.equal(last.next, null);
    assert.equal(last.previous, `${server.url}/rr/api/v1/contracts?limit=100&offset=100`);
    const beyond = await page('/rr/api/v1/contracts?limit=100&offset=900');
    assert.deepEqual([beyond.count, beyond.results.length], [250, 0]);
  });

  it('applies the default and maximum page size, and is lenient with bad limit/offset like DRF', async () => {
    assert.equal((await page('/rr/api/v1/contracts')).results.length, 100);
    const { contractId, commitId } = server.dataset.wellKnown.commitWith100kEvents;
    assert.equal((await page(`/rr/api/v1/contracts/${contractId}/prepaid-commits/${commitId}/usage-events?limit=5000`)).results.length, 1000);
    assert.equal((await page('/rr/api/v1/contracts?limit=abc')).results.length, 100);
    assert.equal((await page('/rr/api/v1/contracts?limit=0')).results.length, 100);
    const negative = await page('/rr/api/v1/contracts?limit=10&offset=-5');
    assert.equal(negative.results[0]?.id, server.dataset.contracts()[0]?.id);
  });

  it('answers auth failures with knox/DRF bodies: 401 missing, 401 invalid, 403 role', async () => {
    const missing = await get('/rr/api/v1/contracts', null);
    assert.equal(missing.status, 401);
    assert.deepEqual(await missing.json(), { detail: 'Authentication credentials were not provided.' });
    const wrong = await get('/rr/api/v1/contracts', 'nope');
    assert.deepEqual([wrong.status, await wrong.json()], [401, { detail: 'Invalid token.' }]);
    const bearer = await fetch(`${server.url}/rr/api/v1/contracts`, { headers: { authorization: `Bearer ${KEY}` } });
    assert.equal(bearer.status, 401, 'only the Token prefix is accepted');
    const role = await get('/rr/api/v1/contracts', 'viewer-without-rr');
    assert.deepEqual([role.status, await role.json()], [403, { detail: 'You do not have permission to perform this action.' }]);
  });

  it('404s unknown paths and ids, including a commit asked for under the wrong contract', async () => {
    const [a, b] = server.dataset.contracts().filter((c) => server.dataset.prepaidCommits(c.id).length > 0);
    assert.ok(a && b);
    const commit = server.dataset.prepaidCommits(a.id)[0];
    assert.ok(commit);
    assert.equal((await get(`/rr/api/v1/contracts/${a.id}/prepaid-commits/${commit.id}`)).status, 200);
    for (const path of [`/rr/api/v1/contracts/${b.id}/prepaid-commits/${commit.id}`, '/rr/api/v1/contracts/1', '/rr/api/v1/contracts/', '/rr/api/v1/nothing']) {
      const res = await get(path);
      assert.equal(res.status, 404, path);
      assert.deepEqual(await res.json(), { detail: 'Not found.' });
    }
    const post = await fetch(`${server.url}/rr/api/v1/contracts`, { method: 'POST', headers: { authorization: `Token ${KEY}` } });
    assert.equal(post.status, 405);
  });

  it('is deterministic: the same seed gives the same bytes', async () => {
    const other = await startSampleServer({ token: KEY, contracts: 250 });
    try {
      const { contractId, commitId } = server.dataset.wellKnown.commitWith1MEvents;
      const path = `/rr/api/v1/contracts/${contractId}/prepaid-commits/${commitId}/usage-events?limit=50&offset=777`;
      const a = await (await get(path)).text();
      const b = await (await fetch(other.url + path, { headers: { authorization: `Token ${KEY}` } })).text();
      assert.equal(a.replaceAll(server.url, ''), b.replaceAll(other.url, ''));
    } finally {
      await other.close();
    }
  });

  it('generates usage events on demand: the end of a 1M-event commit is served directly and consistently', async () => {
    const { contractId, commitId } = server.dataset.wellKnown.commitWith1MEvents;
    const p = await page(`/rr/api/v1/contracts/${contractId}/prepaid-commits/${commitId}/usage-events?limit=1000&offset=999000`);
    assert.equal(p.count, 1_000_000);
    assert.equal(p.results.length, 1000);
    assert.equal(p.results[999]?.id, server.dataset.usageEvent(contractId, commitId, 999_999).id);
    const months = p.results.map((e) => (e as unknown as { period_month: string }).period_month);
    assert.deepEqual(months, [...months].sort(), 'period_month never decreases along the listing');
  });

  it('scripted faults hit only matching requests, as many times as asked', async () => {
    faults.set({});
    faults.inject({ path: /prepaid-commits$/, kind: '503', times: 2 });
    const c = server.dataset.contracts()[0];
    assert.ok(c);
    assert.equal((await get('/rr/api/v1/contracts?limit=1')).status, 200, 'other paths are untouched');
    assert.equal((await get(`/rr/api/v1/contracts/${c.id}/prepaid-commits`)).status, 503);
    assert.equal((await get(`/rr/api/v1/contracts/${c.id}/prepaid-commits`)).status, 503);
    assert.equal((await get(`/rr/api/v1/contracts/${c.id}/prepaid-commits`)).status, 200);
  });

  it('each fault kind does what it says', async () => {
    faults.set({ retryAfter: '7' });
    const r429 = await get('/rr/api/v1/contracts?_fault=429');
    assert.equal(r429.status, 429);
    assert.equal(r429.headers.get('retry-after'), '7');
    assert.match(((await r429.json()) as { detail: string }).detail, /throttled/);
    const html = await get('/rr/api/v1/contracts?_fault=html');
    assert.deepEqual([html.status, html.headers.get('content-type')], [502, 'text/html']);
    const truncated = await (await get('/rr/api/v1/contracts?_fault=truncated')).text();
    assert.throws(() => JSON.parse(truncated) as unknown);
    const malformed = await (await get('/rr/api/v1/contracts?_fault=malformed')).text();
    assert.throws(() => JSON.parse(malformed) as unknown);
    assert.equal(await (await get('/rr/api/v1/contracts?_fault=empty')).text(), '');
    await assert.rejects(get('/rr/api/v1/contracts?_fault=reset'));
    const hung = await Promise.race([get('/rr/api/v1/contracts?_fault=timeout').then(() => 'answered'), new Promise((r) => setTimeout(() => r('no answer'), 300))]);
    assert.equal(hung, 'no answer');
  });

  it('a rate of random faults is reproducible with a fault seed', async () => {
    const statuses = async () => {
      faults.set({ rate: 0.5, kinds: ['500', '503'], seed: 42 });
      const out: number[] = [];
      for (let i = 0; i < 20; i++) out.push((await get('/rr/api/v1/contracts?limit=1')).status);
      return out;
    };
    const a = await statuses();
    const b = await statuses();
    faults.set({});
    assert.deepEqual(a, b);
    assert.ok(a.includes(200) && a.some((s) => s >= 500), String(a));
  });

  it('records requests and the peak concurrency it saw', async () => {
    server.resetRecording();
    faults.set({ latencyMs: 30 });
    const alreadyOpen = server.inFlight(); // e.g. the hung request of the timeout fault above
    await Promise.all([1, 2, 3].map(() => get('/rr/api/v1/contracts?limit=1')));
    faults.set({});
    assert.equal(server.requests.length, 3);
    assert.equal(server.requests[0]?.authorization, `Token ${KEY}`);
    assert.equal(server.maxInFlight(), alreadyOpen + 3);
  });

  it('closes promptly even with hung connections open', async () => {
    const s = await startSampleServer({ token: KEY, faults: new FaultPlan() });
    const socket = net.connect(Number(new URL(s.url).port), '127.0.0.1');
    await new Promise((r) => socket.once('connect', r));
    socket.write(`GET /rr/api/v1/contracts?_fault=timeout HTTP/1.1\r\nHost: x\r\nAuthorization: Token ${KEY}\r\n\r\n`);
    await new Promise((r) => setTimeout(r, 50));
    await s.close();
    socket.destroy();
  });
});
