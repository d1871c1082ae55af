// The API client against the local Campfire server over real HTTP: auth, each error type, retries
// and backoff, timeouts, cancellation, and where the API key may go.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { CampfireClient, DEFAULT_MAX_RESPONSE_BYTES, type CampfireClientOptions } from '../../src/api/client';
import { createClient, DEFAULT_CLIENT_LIMITS } from '../../src/api/createClient';
import {
  CampfireAuthError,
  CampfireBadResponseError,
  CampfireCancelledError,
  CampfireError,
  CampfireNetworkError,
  CampfireNoApiKeyError,
  CampfireNotFoundError,
  CampfirePermissionError,
  CampfireRateLimitError,
  CampfireSchemaError,
  CampfireServerError,
  CampfireTimeoutError,
  CampfireUnexpectedStatusError,
} from '../../src/api/errors';
import { firstPage } from '../../src/api/pagination';
import { contracts, prepaidCommits, usageEvents } from '../../src/resources';
import type { RequestLogEntry } from '../../src/api/requestLog';
import { SampleDataset } from '../../src/sampleServer/dataset';
import { startSampleServer, type SampleServer } from '../../src/sampleServer/server';
import { ExactNumber, stringifyExact } from '../../src/shared/exactNumber';
import { FaultPlan } from './support/faults';
import { json, startInlineServer } from './support/inlineServer';
import { recordSocketWrites } from './support/socketWrites';

const KEY = 'unit-test-key-5f2c9a';

/** Polls until `cond` holds (the surrounding test's own timeout ends a wait that never does). */
async function waitUntil(cond: () => boolean): Promise<void> {
  while (!cond()) await new Promise((r) => setTimeout(r, 10));
}

describe('CampfireClient against the local Campfire server', () => {
  let server: SampleServer;
  const faults = new FaultPlan();
  const clients: CampfireClient[] = [];
  let log: RequestLogEntry[] = [];

  function client(overrides: Partial<CampfireClientOptions> = {}): CampfireClient {
    const c = new CampfireClient({
      baseUrl: server.url,
      getApiKey: () => KEY,
      userAgent: 'campfire-vscode/9.9.9 (unit tests)',
      // No jitter wait in tests: retries happen at once unless Campfire says Retry-After.
      random: () => 0,
      retry: { maxAttempts: 4 },
      logger: (e) => log.push(e),
      ...overrides,
    });
    clients.push(c);
    return c;
  }

  before(async () => {
    server = await startSampleServer({ token: KEY, forbiddenTokens: ['role-without-access'], seed: 3, faults });
  });
  after(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await server.close();
  });
  beforeEach(() => {
    server.resetRecording();
    faults.set({});
    log = [];
  });

  it('sends the key as `Authorization: Token`, asks for JSON, names itself, and validates the answer', async () => {
    const c = client();
    const expected = server.dataset.contracts()[0];
    assert.ok(expected);
    const contract = await contracts.get(c, { contractId: expected.id });
    assert.equal(contract.id, expected.id);
    assert.equal(contract.deal_name, expected.deal_name);
    const [req] = server.requests;
    assert.ok(req);
    assert.equal(req.authorization, `Token ${KEY}`);
    assert.equal(req.accept, 'application/json');
    assert.equal(req.userAgent, 'campfire-vscode/9.9.9 (unit tests)');
    assert.equal(req.path, `/rr/api/v1/contracts/${expected.id}`);
  });

  it('401: a wrong key is an auth error with Campfire’s detail, not retried, and the key is not in the message', async () => {
    const c = client({ getApiKey: () => 'wrong-key-123456' });
    await assert.rejects(firstPage(contracts.list(c, {}, { pageSize: 5 })), (e: unknown) => {
      assert.ok(e instanceof CampfireAuthError);
      assert.match(e.message, /Invalid token/);
      assert.doesNotMatch(e.message, /wrong-key-123456/);
      return true;
    });
    assert.equal(server.requests.length, 1, 'never retried');
  });

  it('403: a key whose role lacks access is a permission error', async () => {
    const c = client({ getApiKey: () => 'role-without-access' });
    await assert.rejects(firstPage(contracts.list(c, {}, { pageSize: 5 })), CampfirePermissionError);
    assert.equal(server.requests.length, 1);
  });

  it('no key at all fails before any request is made', async () => {
    const c = client({ getApiKey: () => undefined });
    await assert.rejects(contracts.get(c, { contractId: 1 }), CampfireNoApiKeyError);
    assert.equal(server.requests.length, 0);
  });

  it('404: an unknown id is a not-found error that names what was asked for', async () => {
    const c = client();
    await assert.rejects(contracts.get(c, { contractId: 987654321 }), (e: unknown) => {
      assert.ok(e instanceof CampfireNotFoundError);
      assert.match(e.message, /contract 987654321/);
      return true;
    });
    const contract = server.dataset.contracts()[0];
    assert.ok(contract);
    await assert.rejects(prepaidCommits.get(c, { contractId: contract.id, commitId: 987654321 }), /prepaid commit 987654321/);
    assert.equal(server.requests.length, 2, '404 is never retried');
  });

  it('429: waits as long as Retry-After says, then succeeds', async () => {
    const c = client();
    faults.inject({ path: /\/contracts$/, kind: '429', times: 1, retryAfter: '1' });
    const page = await firstPage(contracts.list(c, {}, { pageSize: 5 }));
    assert.equal(page?.items.length, 5);
    const retry = log.find((e) => e.outcome === 'retry');
    assert.equal(retry?.status, 429);
    assert.equal(retry.retryInMs, 1000, 'the delay is the one Campfire asked for');
    assert.equal(server.requests.length, 2);
  });

  it('429: Retry-After as an HTTP date is honoured too', async () => {
    const c = client();
    faults.inject({ path: /\/contracts$/, kind: '429', times: 1, retryAfter: new Date(Date.now() + 2000).toUTCString() });
    await firstPage(contracts.list(c, {}, { pageSize: 5 }));
    const retry = log.find((e) => e.outcome === 'retry');
    assert.ok(retry?.retryInMs !== undefined && retry.retryInMs > 0 && retry.retryInMs <= 2000, `waited ${retry?.retryInMs}`);
  });

  it('429: a Retry-After beyond the cap fails at once with a rate-limit error', async () => {
    const c = client({ retry: { maxAttempts: 4, maxRetryAfterMs: 5_000 } });
    faults.inject({ path: /\/contracts$/, kind: '429', times: 1, retryAfter: '3600' });
    await assert.rejects(firstPage(contracts.list(c, {}, { pageSize: 5 })), CampfireRateLimitError);
    assert.equal(server.requests.length, 1);
    // The refused wait does not hold back everything else the window asks for.
    assert.equal(c.scheduler.pausedForMs, 0);
    assert.equal((await firstPage(contracts.list(c, {}, { pageSize: 5 })))?.items.length, 5);
    assert.equal(server.requests.length, 2);
  });

  it('429: other requests are held back for a Retry-After within the cap', async () => {
    const c = client({ retry: { maxRetryAfterMs: 5_000 } });
    faults.inject({ path: /\/contracts$/, kind: '429', times: 1, retryAfter: '2' });
    const listing = firstPage(contracts.list(c, {}, { pageSize: 5 }));
    await waitUntil(() => log.some((e) => e.outcome === 'retry'));
    const held = c.scheduler.pausedForMs;
    assert.ok(held > 0 && held <= 2000, `held for ${held} ms`);
    assert.equal((await listing)?.items.length, 5);
  });

  for (const kind of ['502', '503', '504', '500'] as const) {
    it(`${kind}: retried with backoff, then succeeds`, async () => {
      const c = client();
      faults.inject({ path: /\/contracts$/, kind, times: 2 });
      const page = await firstPage(contracts.list(c, {}, { pageSize: 3 }));
      assert.equal(page?.items.length, 3);
      assert.equal(server.requests.length, 3);
      assert.deepEqual(log.map((e) => e.outcome), ['retry', 'retry', 'ok']);
    });
  }

  it('503 with Retry-After: the wait Campfire asks for replaces the backoff', async () => {
    const c = client({ random: () => 0 });
    faults.inject({ path: /\/contracts$/, kind: '503', times: 1, retryAfter: '1' });
    assert.equal((await firstPage(contracts.list(c, {}, { pageSize: 3 })))?.items.length, 3);
    const retry = log.find((e) => e.outcome === 'retry');
    assert.equal(retry?.status, 503);
    assert.equal(retry.retryInMs, 1000, 'not the jittered backoff, which is 0 with this random source');
  });

  it('5xx that persists: a server error after the last attempt, with the attempts logged', async () => {
    const c = client({ retry: { maxAttempts: 3 } });
    faults.inject({ path: /\/contracts$/, kind: '503', times: 10 });
    await assert.rejects(firstPage(contracts.list(c, {}, { pageSize: 3 })), (e: unknown) => e instanceof CampfireServerError && e.status === 503);
    assert.equal(server.requests.length, 3);
    assert.deepEqual(log.map((e) => e.attempt), [1, 2, 3]);
  });

  it('connection reset: retried; if it persists, a network error', async () => {
    const c = client({ retry: { maxAttempts: 2 } });
    faults.inject({ path: /\/contracts$/, kind: 'reset', times: 1 });
    assert.equal((await firstPage(contracts.list(c, {}, { pageSize: 3 })))?.items.length, 3);
    faults.inject({ path: /\/contracts$/, kind: 'reset', times: 5 });
    await assert.rejects(firstPage(contracts.list(c, {}, { pageSize: 3 })), CampfireNetworkError);
  });

  it('timeout: a request that gets no answer is abandoned, retried, then reported as a timeout', async () => {
    const c = client({ timeoutMs: 300, retry: { maxAttempts: 2 } });
    faults.inject({ path: /\/contracts$/, kind: 'timeout', times: 5 });
    await assert.rejects(firstPage(contracts.list(c, {}, { pageSize: 3 })), (e: unknown) => {
      assert.ok(e instanceof CampfireTimeoutError);
      assert.match(e.message, /did not answer/);
      return true;
    });
    assert.equal(server.requests.length, 2);
  });

  for (const kind of ['truncated', 'malformed', 'html', 'empty'] as const) {
    it(`${kind} body: retried once, then a clear "not valid JSON" error`, async () => {
      const c = client({ retry: { maxAttempts: 2 } });
      faults.inject({ path: /\/contracts$/, kind, times: 5 });
      await assert.rejects(firstPage(contracts.list(c, {}, { pageSize: 3 })), (e: unknown) => {
        // An HTML page with a 502 status is a server error; a 200 with a broken body a bad response.
        assert.ok(e instanceof CampfireBadResponseError || (kind === 'html' && e instanceof CampfireServerError), String(e));
        return true;
      });
    });
  }

  it('onReceived: called for each successful response read, with its slot already free, before the body is parsed', async () => {
    const c = client({ maxConcurrent: 1, retry: { maxAttempts: 2 } });
    faults.inject({ path: /\/contracts$/, kind: 'malformed', times: 1 });
    const slotsInUse: number[] = [];
    const res = await c.get({ path: '/rr/api/v1/contracts', query: { limit: 2 }, endpoint: 'list contracts', onReceived: () => slotsInUse.push(c.scheduler.inFlight) });
    // The first attempt's body is malformed JSON, which only parsing finds out: it is retried.
    assert.deepEqual(slotsInUse, [0, 0]);
    assert.equal((res.body as { results: unknown[] }).results.length, 2);
  });

  it('a record that breaks the schema: a schema error naming the endpoint, row and field; not retried', async () => {
    const c = client();
    faults.inject({ path: /\/contracts$/, kind: 'schema', times: 1 });
    await assert.rejects(firstPage(contracts.list(c, {}, { pageSize: 10 })), (e: unknown) => {
      assert.ok(e instanceof CampfireSchemaError);
      assert.match(e.message, /contracts \(GET \/rr\/api\/v1\/contracts\?limit=10&offset=0\)/);
      assert.match(e.issues[0]?.path ?? '', /^results\[\d+\]\.\w+ \(row \d+\)$/);
      return true;
    });
    assert.equal(server.requests.length, 1);
  });

  it('cancellation mid-listing stops at once and sends no further requests', async () => {
    const c = client({ maxConcurrent: 2 });
    const { contractId, commitId } = server.dataset.wellKnown.commitWith100kEvents;
    faults.set({ latencyMs: 30 });
    // Requests are counted as written, not as the in-process server records them: it may record a
    // request written just before the cancellation only after it.
    const writes = recordSocketWrites();
    const ctrl = new AbortController();
    let pages = 0;
    let cancelledAt = 0;
    try {
      await assert.rejects(
        (async () => {
          for await (const _page of usageEvents.list(c, { contractId: contractId, commitId: commitId }, { pageSize: 100, concurrency: 2, signal: ctrl.signal })) {
            if (++pages === 2) {
              cancelledAt = performance.now();
              ctrl.abort();
            }
          }
        })(),
        CampfireCancelledError,
      );
      await new Promise((r) => setTimeout(r, 150));
    } finally {
      writes.stop();
    }
    const written = writes.times;
    assert.deepEqual(written.filter((t) => t > cancelledAt), [], 'nothing more is requested after cancelling');
    assert.equal(server.requests.length, written.length, 'the server saw exactly the requests written');
    // The two pages handed out, plus at most the read-ahead window (twice the concurrency).
    assert.ok(written.length <= 2 + 2 * 2, `no more than the read-ahead window was requested (${written.length})`);
    assert.equal(server.inFlight(), 0, 'requests in flight were aborted');
  });

  it('every error is a CampfireError whose message never contains the key', async () => {
    const c = client({ retry: { maxAttempts: 1 } });
    const failures: unknown[] = [];
    for (const kind of ['429', '500', 'reset', 'malformed', 'schema'] as const) {
      faults.inject({ path: /\/contracts$/, kind, times: 1 });
      failures.push(await firstPage(contracts.list(c, {}, { pageSize: 2 })).catch((e: unknown) => e));
    }
    for (const f of failures) {
      assert.ok(f instanceof CampfireError, String(f));
      assert.doesNotMatch(f.message, new RegExp(KEY));
    }
  });
});

describe('where the API key may go', () => {
  it('is never sent to the origin of a `next` link, which concurrent paging does not follow', async () => {
    const elsewhere = await startInlineServer((_req, res) => json(res, 200, { count: 0, next: null, previous: null, results: [] }));
    const server = await startSampleServer({ token: KEY, linkBaseUrl: elsewhere.url });
    const c = new CampfireClient({ baseUrl: server.url, getApiKey: () => KEY, random: () => 0 });
    try {
      const ids: number[] = [];
      for await (const page of contracts.list(c, {}, { pageSize: 50, concurrency: 3 })) ids.push(...page.items.map((x) => x.id));
      assert.equal(ids.length, server.dataset.contracts().length);
      assert.equal(elsewhere.requests.length, 0, 'the other origin received nothing');
    } finally {
      await c.close();
      await server.close();
      await elsewhere.close();
    }
  });

  it('redirects are not followed', async () => {
    const elsewhere = await startInlineServer((_req, res) => json(res, 200, {}));
    const redirecting = await startInlineServer((_req, res) => {
      res.writeHead(302, { location: `${elsewhere.url}/rr/api/v1/contracts/1` });
      res.end();
    });
    const c = new CampfireClient({ baseUrl: redirecting.url, getApiKey: () => KEY });
    try {
      await assert.rejects(contracts.get(c, { contractId: 1 }), (e: unknown) => e instanceof CampfireUnexpectedStatusError && e.status === 302);
      assert.equal(elsewhere.requests.length, 0);
    } finally {
      await c.close();
      await redirecting.close();
      await elsewhere.close();
    }
  });

  it('refuses a plain-http base URL that is not loopback before any request', () => {
    assert.throws(() => new CampfireClient({ baseUrl: 'http://api.meetcampfire.com', getApiKey: () => KEY }), /must use https/);
  });
});

describe('the client factory and unknown values', () => {
  it('builds clients with the shared defaults, the limits asked for, and a probe that asks once at a time', async () => {
    const setup = { baseUrl: 'https://campfire.example', getApiKey: () => KEY, userAgent: 'ua' };
    const plain = createClient(setup);
    const limited = createClient({ ...setup, limits: { timeoutMs: 5000, maxConcurrent: 9 } });
    const probe = createClient({ ...setup, limits: { maxConcurrent: 9 }, purpose: 'probe' });
    const made = [plain, limited, probe];
    try {
      assert.deepEqual(DEFAULT_CLIENT_LIMITS, { timeoutMs: 60_000, maxConcurrent: 4, maxResponseBytes: DEFAULT_MAX_RESPONSE_BYTES });
      assert.equal(plain.timeoutMs, 60_000);
      assert.equal(plain.scheduler.maxConcurrent, 4);
      assert.equal(limited.timeoutMs, 5000);
      assert.equal(limited.scheduler.maxConcurrent, 9);
      assert.equal(probe.scheduler.maxConcurrent, 1);
      assert.throws(() => createClient({ baseUrl: 'http://campfire.example', getApiKey: () => KEY, userAgent: 'ua' }), /must use https/);
    } finally {
      await Promise.all(made.map((c) => c.close()));
    }
  });

  it("each client tells its own listener of each unknown value once; another client's listener never hears of it", async () => {
    // Contracts from a newer Campfire: statuses this version does not know, in several rows and pages.
    const newerContracts = new SampleDataset({ seed: 4, contracts: 8, hostile: false }).contracts().map((c, i) => ({ ...c, status: ['FOO', 'ACTIVE', 'FOO', 'BAR'][i % 4] ?? 'ACTIVE' }));
    const newer = await startInlineServer((req, res) => {
      const q = new URL(req.url ?? '/', 'http://x').searchParams;
      const offset = Number(q.get('offset') ?? 0);
      const limit = Number(q.get('limit') ?? 100);
      json(res, 200, { count: newerContracts.length, next: null, previous: null, results: newerContracts.slice(offset, offset + limit) });
    });
    const heardA: string[] = [];
    const heardB: string[] = [];
    const setup = { baseUrl: newer.url, getApiKey: () => KEY, userAgent: 'ua' };
    const a = createClient({ ...setup, onUnknownValue: (n, v) => heardA.push(`${n}=${v}`) });
    const b = createClient({ ...setup, onUnknownValue: (n, v) => heardB.push(`${n}=${v}`) });
    const quiet = createClient(setup);
    try {
      const statuses = async (c: CampfireClient) => {
        const out: string[] = [];
        for await (const page of contracts.list(c, {}, { pageSize: 2, concurrency: 2 })) out.push(...page.items.map((x) => String(x.status)));
        return out;
      };
      // Side by side, their pages interleaved, twice each: still once per value per client.
      const results = await Promise.all([statuses(a), statuses(b), statuses(quiet), statuses(a), statuses(b)]);
      for (const r of results) assert.deepEqual(r, newerContracts.map((c) => c.status), 'records are kept as sent');
      assert.deepEqual(heardA.sort(), ['ContractStatus=BAR', 'ContractStatus=FOO']);
      assert.deepEqual(heardB.sort(), ['ContractStatus=BAR', 'ContractStatus=FOO']);
    } finally {
      await Promise.all([a.close(), b.close(), quiet.close()]);
      await newer.close();
    }
  });
});

describe('text that is not text', () => {
  /** A 200 whose body is `bytes`, read through a contracts listing. */
  async function answer(bytes: Buffer): Promise<unknown> {
    const srv = await startInlineServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(bytes);
    });
    const c = new CampfireClient({ baseUrl: srv.url, getApiKey: () => KEY });
    try {
      return await firstPage(contracts.list(c, {}, { pageSize: 1 })).then(
        () => undefined,
        (e: unknown) => e,
      );
    } finally {
      await c.close();
      await srv.close();
    }
  }
  const contract = new SampleDataset({ seed: 1, contracts: 1, hostile: false }).contracts()[0];
  /** A valid page of one contract whose deal name is `name`, written into the JSON as is. */
  const page = (name: string) => JSON.stringify({ count: 1, next: null, previous: null, results: [{ ...contract, deal_name: 'NAME' }] }).replace('"NAME"', `"${name}"`);

  it('a body that is not valid UTF-8 is refused in words, not read with U+FFFD in place of its bytes', async () => {
    const [before, after] = page('X').split('X') as [string, string];
    const e = await answer(Buffer.concat([Buffer.from(before), Buffer.from([0x41, 0xc3, 0x28, 0xff]), Buffer.from(after)]));
    assert.ok(e instanceof CampfireError, String(e));
    assert.match(e.message, /not valid UTF-8 text/);
  });

  it('a lone surrogate written as an escape is refused; a pair is a character like any other', async () => {
    const lone = await answer(Buffer.from(page('half \\ud83d of a face')));
    assert.ok(lone instanceof CampfireError, String(lone));
    assert.match(lone.message, /lone surrogate/);
    const pair = await answer(Buffer.from(page('a whole \\ud83d\\ude00 face')));
    assert.ok(!(pair instanceof Error), String(pair));
  });
});

describe('numbers a double would round', () => {
  /** The first page of a contracts listing whose one contract has `patch` written into its JSON text as is. */
  async function firstContract(patch: string): Promise<Record<string, unknown> | Error> {
    const contract = new SampleDataset({ seed: 1, contracts: 1, hostile: false }).contracts()[0];
    const text = JSON.stringify({ count: 1, next: null, previous: null, results: [{ ...contract, PATCH: 1 }] }).replace('"PATCH":1', patch);
    const srv = await startInlineServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(text);
    });
    const c = new CampfireClient({ baseUrl: srv.url, getApiKey: () => KEY });
    try {
      const page = await firstPage(contracts.list(c, {}, { pageSize: 1 }));
      return page?.items[0] as Record<string, unknown>;
    } catch (e) {
      return e as Error;
    } finally {
      await c.close();
      await srv.close();
    }
  }

  it('keeps the digits of a field the schema does not name, nested or not, and 1e400 the same way', async () => {
    const row = await firstContract('"order_id":12345678901234567890,"extra":{"rate":0.12345678901234567891,"huge":1e400},"plain":43384.40');
    assert.ok(!(row instanceof Error), row instanceof Error ? row.message : '');
    assert.ok(row.order_id instanceof ExactNumber);
    assert.equal(row.order_id.text, '12345678901234567890');
    assert.equal(stringifyExact(row.extra), '{"rate":0.12345678901234567891,"huge":1e400}');
    assert.equal(row.plain, 43384.4);
  });

  it('refuses such a number in a field the schema types as a number, naming the field and the digits', async () => {
    const e = await firstContract('"total_contract_value":12345678901234567890.5');
    assert.ok(e instanceof CampfireSchemaError, e instanceof Error ? e.message : '');
    assert.match(e.message, /total_contract_value/);
    assert.match(e.message, /12345678901234567890\.5, which a double cannot hold without rounding/);
  });
});
