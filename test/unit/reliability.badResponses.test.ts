// Every bad answer in the corpus gets a clear error of the right kind (naming the field for
// schema breaks), or is tolerated with the raw value kept: never a crash, a hang or silence.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CampfireClient } from '../../src/api/client';
import { CampfireError } from '../../src/api/errors';
import { BAD_RESPONSES, type BadResponse } from './support/badResponses';
import { startInlineServer, type InlineServer } from './support/inlineServer';
import { prepaidCommits, usageEvents } from '../../src/resources';

describe(`bad responses (${BAD_RESPONSES.length} cases)`, () => {
  let current: BadResponse | undefined;
  let server: InlineServer;
  let client: CampfireClient;
  /** Where the client's unknown values go: the case running now. */
  let unknownEnums: string[] = [];

  before(async () => {
    server = await startInlineServer((req, res) => {
      const c = current;
      if (!c) throw new Error('no case');
      const offset = Number(new URL(req.url ?? '/', 'http://x').searchParams.get('offset') ?? 0);
      const body = typeof c.body === 'function' ? c.body(offset) : c.body;
      res.writeHead(c.status ?? 200, { 'content-type': c.contentType ?? 'application/json', ...c.headers });
      res.end(body);
    });
    // One attempt: retryable bad answers would only repeat themselves here.
    client = new CampfireClient({ baseUrl: server.url, getApiKey: () => 'k', retry: { maxAttempts: 1 }, timeoutMs: 5000, onUnknownValue: (name, value) => unknownEnums.push(`${name}=${value}`) });
  });
  after(async () => {
    await client.close();
    await server.close();
  });

  it('has at least 40 cases', () => {
    assert.ok(BAD_RESPONSES.length >= 40);
  });

  for (const c of BAD_RESPONSES) {
    it(c.name, async () => {
      current = c;
      const run = async () => {
        const rows: Record<string, unknown>[] = [];
        unknownEnums = [];
        let count = 0;
        const options = { pageSize: 2, concurrency: 2 };
        const pages = c.list === 'prepaidCommits' ? prepaidCommits.list(client, { contractId: 1 }, options) : usageEvents.list(client, { contractId: 1, commitId: 7 }, options);
        for await (const p of pages) {
          count = p.count;
          rows.push(...(p.items as Record<string, unknown>[]));
        }
        return { count, rows, ids: rows.map((r) => r.id as number), unknownEnums };
      };
      if ('ok' in c.expect) {
        const page = await run();
        c.expect.check?.(page);
        return;
      }
      const expected = c.expect;
      await assert.rejects(run(), (e: unknown) => {
        assert.ok(e instanceof CampfireError, `a CampfireError, got ${String(e)}`);
        assert.equal(e.kind, expected.error, e.message);
        assert.ok(e.message.length > 20 && e.message.length < 600, `a clear, bounded message: ${e.message.slice(0, 100)}`);
        if ('field' in expected) assert.match(e.message, expected.field);
        return true;
      });
    });
  }
});
