// Hostile and broken servers, through the client and through campfire-export: every row exactly
// once, or a loud failure that says how many rows are missing; never the key or a control
// character in anything shown; never a response that eats the machine.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { CampfireClient, MAX_RESPONSE_CEILING_BYTES, responseByteCap, type CampfireClientOptions } from '../../src/api/client';
import { CampfireError, CampfireIncompleteError, CampfireRefusedResponseError } from '../../src/api/errors';
import type { RequestLogEntry } from '../../src/api/requestLog';
import { describeRequest } from '../../src/api/requestLog';
import { CLI, runCli, runCliMeasured } from './support/cliProcess';
import { startHostileServer, type HostileMode, type HostileServer } from './support/hostileServer';
import { drainItems } from './support/listing';
import { OpenApiValidator } from './support/openapi';
import { usageEvents } from '../../src/resources';
import { ExactNumber } from '../../src/shared/exactNumber';

const KEY = 'hostile-Key-9f3a7c21e5';
const CONTRACT = 12;
const COMMIT = 77;

describe('hostile Campfire stand-ins', () => {
  let server: HostileServer;
  let dir: string;
  const clients: CampfireClient[] = [];
  const log: RequestLogEntry[] = [];
  const client = (over: Partial<CampfireClientOptions> = {}) => {
    const c = new CampfireClient({ baseUrl: server.url, getApiKey: () => KEY, random: () => 0, retry: { minRateLimitWaitMs: 10 }, logger: (e) => log.push(e), ...over });
    clients.push(c);
    return c;
  };
  const list = (mode: HostileMode, pageSize = 500, concurrency = 4) => {
    server.setMode(mode);
    return drainItems(usageEvents.list(client(), { contractId: CONTRACT, commitId: COMMIT }, { pageSize, concurrency }));
  };
  const cli = (mode: HostileMode, args: string[] = []) => {
    server.setMode(mode);
    return runCli(['usage-events', '--contract', String(CONTRACT), '--commit', String(COMMIT), '--format', 'jsonl', ...args], { CAMPFIRE_API_TOKEN: KEY, CAMPFIRE_BASE_URL: server.url });
  };
  const ids = (stdout: string) => stdout.trimEnd().split('\n').filter(Boolean).map((l) => (JSON.parse(l) as { id: number }).id);

  before(async () => {
    assert.ok(fs.existsSync(CLI), `build first: ${CLI} is missing`);
    server = await startHostileServer({ rows: 0 });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'campfire-hostile-'));
  });
  after(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await server.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(() => {
    log.length = 0;
  });

  it("serves rows that are valid PrepaidUsageEvents under Campfire's published schema", async () => {
    server.setMode({ rows: 3 });
    const res = await fetch(`${server.url}/rr/api/v1/contracts/${CONTRACT}/prepaid-commits/${COMMIT}/usage-events?limit=3&offset=0`);
    const validator = new OpenApiValidator();
    const { validate } = validator.forPath(`/rr/api/v1/contracts/${CONTRACT}/prepaid-commits/${COMMIT}/usage-events`);
    assert.ok(validate);
    assert.ok(validate(await res.json()), validator.errorsText(validate));
  });

  describe('completeness', () => {
    it('a server that caps `limit` at 100 while 500 are asked for: every row once, in order', async () => {
      const { items, summary } = await list({ rows: 2345, maxLimit: 100 });
      assert.deepEqual(items.map((r) => r.id), server.currentIds());
      assert.equal(summary.complete, true);
      assert.equal(summary.delivered, 2345);
      // Through the CLI too, with --quiet: exit 0 and every row.
      const r = await cli({ rows: 2345, maxLimit: 100 }, ['--quiet', '--page-size', '500']);
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual(ids(r.stdout), server.currentIds());
    });

    it('caps that differ from page to page, and a page size of 1000 against a cap of 7', async () => {
      const { items } = await list({ rows: 1003, maxLimit: 7 }, 1000, 8);
      assert.deepEqual(items.map((r) => r.id), server.currentIds());
    });

    it('an empty page in the middle (count unchanged): a loud failure naming how many rows were read', async () => {
      await assert.rejects(list({ rows: 1000, emptyFrom: 400, emptyTo: 600 }, 100), (e: unknown) => {
        assert.ok(e instanceof CampfireIncompleteError);
        assert.equal(e.expected, 1000);
        assert.ok(e.delivered >= 400 && e.delivered < 1000, `${e.delivered}`);
        assert.match(e.message, /read \d+ of 1000 rows of usage events of prepaid commit 77/);
        assert.match(e.message, /empty page at offset \d+ while it reported 1000 rows/);
        return true;
      });
      // The CLI: exit 4 and one line, even with --quiet; --out is not written.
      const out = path.join(dir, 'empty-middle.jsonl');
      const r = await cli({ rows: 1000, emptyFrom: 400, emptyTo: 600 }, ['--quiet', '--page-size', '100', '--out', out]);
      assert.equal(r.code, 4, r.stderr);
      assert.match(r.stderr, /^campfire-export: Incomplete: read \d+ of 1000 rows of usage events/);
      assert.equal(r.stderr.trimEnd().split('\n').length, 1);
      assert.equal(fs.existsSync(out), false);
      assert.deepEqual(fs.readdirSync(dir).filter((f) => f.includes('partial') || f.includes('spool')), []);
    });

    it('every page repeating the same rows: each row once, then a loud failure, not 1 in 5', async () => {
      const r = await cli({ rows: 5000, repeatFirstPage: true }, ['--page-size', '100']);
      assert.equal(r.code, 4, r.stderr);
      assert.match(r.stderr, /read 100 of 5000 rows/);
      assert.match(r.stderr, /kept sending rows already listed/);
      assert.deepEqual(ids(r.stdout), server.currentIds().slice(0, 100));
    });

    it('exit 4 with JSON on standard output: what was written is a valid JSON array of the rows read', async () => {
      const r = await cli({ rows: 5000, repeatFirstPage: true }, ['--page-size', '100', '--format', 'json']);
      assert.equal(r.code, 4, r.stderr);
      const rows = JSON.parse(r.stdout) as { id: number }[];
      assert.deepEqual(rows.map((x) => x.id), server.currentIds().slice(0, 100));
    });

    it('rows that end before `count` (950 of a reported 1000): a loud failure that says where they end', async () => {
      await assert.rejects(list({ rows: 950, count: 1000 }, 100), (e: unknown) => {
        assert.ok(e instanceof CampfireIncompleteError);
        assert.equal(e.delivered, 950);
        assert.match(e.message, /read 950 of 1000 rows .*: the rows end at 950 while Campfire reported 1000/);
        return true;
      });
    });

    it('a count of 10^12 with pages that repeat: stops after a handful of requests', async () => {
      await assert.rejects(list({ rows: 300, count: 1e12, repeatFirstPage: true }, 100), (e: unknown) => e instanceof CampfireIncompleteError && e.expected === 1e12 && e.delivered === 100);
      assert.ok(server.requests.length <= 12, `${server.requests.length} requests`);
    });

    it('rows deleted at the front while paging, with as many appended (count unchanged): no row that still exists is skipped, none twice', async () => {
      for (const concurrency of [1, 4]) {
        server.setMode({ rows: 1500 });
        const atStart = server.currentIds();
        const { items } = await list({ rows: 1500, churn: { afterRequests: 3, rows: 40 } }, 100, concurrency);
        const got = items.map((r) => r.id);
        assert.equal(new Set(got).size, got.length, 'no row twice');
        const survivors = new Set(server.currentIds());
        for (const id of atStart) if (survivors.has(id)) assert.ok(got.includes(id), `row ${id} still exists and was listed (concurrency ${concurrency})`);
        // The appended rows come after the page that was read last, so they are listed too.
        for (const id of server.currentIds().slice(-40)) assert.ok(got.includes(id), `appended row ${id} (concurrency ${concurrency})`);
        for (const id of got) assert.ok(server.everId().has(id));
      }
    });

    it('a matrix of caps, churn, page sizes and concurrency: every listing exact, or failed loudly; never a silent loss', async (t) => {
      let cases = 0;
      let rowsChecked = 0;
      let silentLosses = 0;
      let duplicates = 0;
      for (const maxLimit of [undefined, 7, 100, 250]) {
        for (const churn of [undefined, { afterRequests: 2, rows: 13 }, { afterRequests: 5, rows: 150 }]) {
          for (const pageSize of [100, 500]) {
            for (const concurrency of [1, 4, 8]) {
              cases++;
              const mode = { rows: 1777, ...(maxLimit ? { maxLimit } : {}), ...(churn ? { churn } : {}) };
              server.setMode(mode);
              const atStart = server.currentIds();
              const { items } = await list(mode, pageSize, concurrency);
              const got = items.map((r) => r.id);
              const unique = new Set(got);
              duplicates += got.length - unique.size;
              // Every row that was there from the start to the end must have been listed (rows
              // appended after the listing read the end may or may not be).
              const atEnd = new Set(server.currentIds());
              for (const id of atStart) if (atEnd.has(id) && !unique.has(id)) silentLosses++;
              // Rows appended while the listing ran and read before it ended are listed too.
              for (const id of got) if (!server.everId().has(id)) silentLosses++;
              rowsChecked += got.length;
            }
          }
        }
      }
      t.diagnostic(`${cases} listings, ${rowsChecked} rows checked, ${silentLosses} silent losses, ${duplicates} duplicates`);
      assert.equal(silentLosses, 0);
      assert.equal(duplicates, 0);
    });

    it('the CLI on a server that caps and churns at once: every row that existed throughout, and exit 5 saying the data changed', async () => {
      const r = await cli({ rows: 3000, maxLimit: 250, churn: { afterRequests: 5, rows: 60 } }, ['--quiet', '--page-size', '500']);
      // Rows removed and appended while it ran: complete, but not one moment's data, and never a plain success.
      assert.equal(r.code, 5, r.stderr);
      assert.match(r.stderr, /warning: Campfire's data changed while it was read: 3,000 rows at the start, 3,000 at the end, 3,060 written/);
      const got = ids(r.stdout);
      assert.equal(new Set(got).size, got.length);
      // The churn comes at the sixth of about fifteen requests: every row there at the end is listed.
      for (const id of server.currentIds()) assert.ok(got.includes(id), `row ${id}`);
    });
  });

  describe('the key and the terminal', () => {
    const shapes = ['detail', 'fieldList', 'html', 'text', 'schema', 'row', 'escapedRow', 'controls'] as const;
    for (const shape of shapes) {
      it(`an error that echoes the Authorization header (${shape}): no key in the error, the log or the CLI's output`, async () => {
        const status = shape === 'schema' || shape === 'row' || shape === 'escapedRow' ? 200 : 400;
        server.setMode({ rows: 1, echo: { status, shape } });
        const err = await list({ rows: 1, echo: { status, shape } }, 100).then(
          () => undefined,
          (e: unknown) => e,
        );
        assert.ok(err instanceof CampfireError, String(err));
        const shown = [err.message, JSON.stringify(err), ...log.map((e) => describeRequest(e) + (e.message ?? ''))].join('\n');
        assert.ok(!shown.includes(KEY), `key in: ${shown}`);
        assert.ok(!shown.toLowerCase().includes(KEY.toLowerCase()));
        const r = await cli({ rows: 1, echo: { status, shape } });
        assert.notEqual(r.code, 0);
        assert.ok(!r.stderr.includes(KEY), r.stderr);
        assert.ok(!r.stdout.includes(KEY), `nothing written carries the key: ${r.stdout}`);
        // Nothing that drives a terminal: no ESC, BEL, carriage return or bidi override, one line.
        // eslint-disable-next-line no-control-regex -- these are what must not be there
        assert.doesNotMatch(r.stderr, /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
        assert.equal(r.stderr.trimEnd().split('\n').length, 1, r.stderr);
      });
    }
  });

  describe('bounded responses', () => {
    it('a 500 MB page fails at once, is not retried, and memory stays flat', async () => {
      server.setMode({ rows: 1, hugeBody: 500 * 1024 * 1024 });
      const rss = process.memoryUsage().rss;
      await assert.rejects(drainItems(usageEvents.list(client(), { contractId: CONTRACT, commitId: COMMIT }, { pageSize: 500 })), (e: unknown) => {
        assert.ok(e instanceof CampfireRefusedResponseError);
        assert.match(e.message, /more than 16 MiB in one response/);
        assert.match(e.message, /usage events of prepaid commit 77/);
        return true;
      });
      const urls = server.requests.map((r) => r.url);
      assert.equal(new Set(urls).size, urls.length, `no request retried: ${urls.join(', ')}`);
      assert.ok(process.memoryUsage().rss - rss < 200 * 1024 * 1024, 'no more than a few pages of memory');
    });

    it('an endless body through the CLI: exit 1 with a clear message, its peak RSS far below 512 MB', async (t) => {
      server.setMode({ rows: 1, hugeBody: 'endless' });
      const r = await runCliMeasured(['usage-events', '--contract', '12', '--commit', '77', '--quiet'], { CAMPFIRE_API_TOKEN: KEY, CAMPFIRE_BASE_URL: server.url });
      t.diagnostic(`peak RSS of campfire-export under an endless body: ${Math.round(r.peakRssBytes / 2 ** 20)} MB`);
      assert.equal(r.code, 1, r.stderr);
      assert.match(r.stderr, /will not read \(more than 16 MiB in one response/);
      assert.ok(r.peakRssBytes > 0 && r.peakRssBytes < 512 * 2 ** 20, `${r.peakRssBytes} bytes`);
    });

    it("the cap has a fixed ceiling of 256 MiB, below V8's longest string, whatever the setting or the page size", () => {
      const MiB = 2 ** 20;
      assert.equal(MAX_RESPONSE_CEILING_BYTES, 256 * MiB);
      // V8's longest string on 64-bit is 2^29 - 24 characters; a body of N bytes decodes to at most N.
      assert.ok(MAX_RESPONSE_CEILING_BYTES < 2 ** 29 - 24);
      assert.equal(responseByteCap(16 * MiB, 500), 16 * MiB);
      assert.equal(responseByteCap(16 * MiB, 1024), 32 * MiB, '32 KiB a row asked for, when that is more');
      assert.equal(responseByteCap(1024 * MiB, 0), 256 * MiB, 'the setting at its old maximum');
      assert.equal(responseByteCap(16 * MiB, 100_000), 256 * MiB, '--page-size 100000');
      assert.equal(responseByteCap(Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER), 256 * MiB);
    });

    it('every request settles and frees its slot: a body over a small cap, and a 600 MB one at the ceiling', async () => {
      const MiB = 2 ** 20;
      const ids = { contractId: CONTRACT, commitId: COMMIT };
      // Just over a small cap (1 MiB), so the test holds little: refused, and the one slot is free again.
      const small = client({ maxResponseBytes: MiB, maxConcurrent: 1 });
      server.setMode({ rows: 1, hugeBody: 'endless' });
      await assert.rejects(drainItems(usageEvents.list(small, ids, { pageSize: 10, concurrency: 1 })), (e: unknown) => {
        assert.ok(e instanceof CampfireRefusedResponseError, String(e));
        assert.match(e.message, /more than 1 MiB in one response; raise the limit/);
        return true;
      });
      assert.equal(small.scheduler.inFlight, 0);
      // The setting at 1 GiB and 100,000 rows a page would allow 3 GiB; the ceiling refuses the
      // 600 MB its Content-Length announces before reading it (decoding it would pass V8's limit).
      const big = client({ maxResponseBytes: 1024 * MiB, maxConcurrent: 1 });
      server.setMode({ rows: 1, hugeBody: 600 * MiB, declareLength: true });
      await assert.rejects(drainItems(usageEvents.list(big, ids, { pageSize: 100_000, concurrency: 1 })), (e: unknown) => {
        assert.ok(e instanceof CampfireRefusedResponseError, String(e));
        assert.match(e.message, /more than 256 MiB in one response, the most any response may hold; ask for fewer rows a request/);
        return true;
      });
      assert.equal(big.scheduler.inFlight, 0);
      server.setMode({ rows: 3 });
      for (const c of [small, big]) assert.equal((await drainItems(usageEvents.list(c, ids, { pageSize: 100, concurrency: 1 }))).items.length, 3);
    });

    it('through the CLI, past the ceiling: one line on standard error, exit 1, no stack trace', async () => {
      const env = { CAMPFIRE_API_TOKEN: KEY, CAMPFIRE_BASE_URL: server.url };
      const args = ['usage-events', '--contract', '12', '--commit', '77', '--page-size', '100000'];
      server.setMode({ rows: 1, hugeBody: 600 * 2 ** 20, declareLength: true });
      const r = await runCli([...args, '--quiet'], env);
      assert.equal(r.code, 1, r.stderr);
      assert.match(r.stderr, /^campfire-export: Campfire sent a response this extension will not read \(more than 256 MiB in one response, the most any response may hold/);
      assert.equal(r.stderr.trimEnd().split('\n').length, 1, r.stderr);
      assert.doesNotMatch(r.stderr, /ERR_STRING_TOO_LONG|\n\s+at /);
      // A flag above the ceiling is clamped, and says so.
      const clamped = await runCli([...args, '--quiet', '--max-response-mb', '1024'], env);
      assert.equal(clamped.code, 1, clamped.stderr);
      const lines = clamped.stderr.trimEnd().split('\n');
      assert.deepEqual(lines.slice(0, 1), ['campfire-export: warning: --max-response-mb 1024 is above the most any response may hold; using 256']);
      assert.equal(lines.length, 2, clamped.stderr);
      assert.match(lines[1] ?? '', /more than 256 MiB in one response/);
    });

    it('--max-response-mb raises the limit', async () => {
      server.setMode({ rows: 1, hugeBody: 20 * 1024 * 1024 });
      const r = await runCli(['usage-events', '--contract', '12', '--commit', '77', '--quiet', '--page-size', '10', '--max-response-mb', '64'], {
        CAMPFIRE_API_TOKEN: KEY,
        CAMPFIRE_BASE_URL: server.url,
      });
      // The body is read whole, and then refused for what it is (a padding field, no id), not for its size.
      assert.doesNotMatch(r.stderr, /will not read/);
    });

    it('`data` nested 5,000 levels deep: a clear error naming the endpoint and the row, no stack overflow, no retry', async () => {
      await assert.rejects(list({ rows: 300, deep: { levels: 5000, row: 217 } }, 100), (e: unknown) => {
        assert.ok(e instanceof CampfireRefusedResponseError, String(e));
        assert.match(e.message, /nested more than 64 levels deep at row 218 \(results\[\d+\]\.data/);
        assert.match(e.message, /usage events of prepaid commit 77/);
        return true;
      });
      const r = await cli({ rows: 300, deep: { levels: 5000, row: 217 } }, ['--quiet', '--page-size', '100', '--format', 'csv']);
      assert.equal(r.code, 1);
      assert.match(r.stderr, /row 218/);
      assert.doesNotMatch(r.stderr, /Maximum call stack/);
    });

    it('a number beyond double range is kept as the digits Campfire sent, never null or Infinity', async () => {
      const { items } = await list({ rows: 5, hugeNumberRow: 2 }, 100);
      const huge = (items[2] as Record<string, unknown>).huge;
      assert.ok(huge instanceof ExactNumber, String(huge));
      assert.equal(huge.text, '1e400');
      const r = await cli({ rows: 5, hugeNumberRow: 2 }, ['--quiet']);
      assert.equal(r.code, 0, r.stderr);
      // As a number, unquoted: JSON Lines holds the literal Campfire sent.
      assert.match(r.stdout.split('\n')[2] ?? '', /"huge":1e400[,}]/);
      const csv = await cli({ rows: 5, hugeNumberRow: 2 }, ['--quiet', '--format', 'csv']);
      assert.match(csv.stdout, /,1e400(,|\r\n)/);
    });

    it('429 with Retry-After: 0 on every request does not burn every attempt at once', async () => {
      server.setMode({ rows: 1, rateLimit: { retryAfter: '0' } });
      const c = client({ retry: { maxAttempts: 3, minRateLimitWaitMs: 400 } });
      const started = Date.now();
      await assert.rejects(drainItems(usageEvents.list(c, { contractId: CONTRACT, commitId: COMMIT }, { pageSize: 10, concurrency: 1 })), /429/);
      assert.ok(Date.now() - started >= 800, `waited ${Date.now() - started} ms over three attempts`);
      assert.equal(server.requests.length, 3);
    });
  });
});
