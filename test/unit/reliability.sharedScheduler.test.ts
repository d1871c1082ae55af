// One scheduler for the whole window: the tree, the usage-events panel and an export running at
// once never have more requests in flight than campfire.maxConcurrentRequests; a 429 lowers the
// limit for everyone and it recovers step by step. The request log never carries the key.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CampfireClient } from '../../src/api/client';
import { describeRequest, type RequestLogEntry } from '../../src/api/requestLog';
import { runExport } from '../../src/export/runner';
import { startSampleServer, type SampleServer } from '../../src/sampleServer/server';
import { apiContractsSource } from '../../src/model/contractsSource';
import { ContractsModel } from '../../src/model/contractsModel';
import { UsageEventsLoader } from '../../src/usageEvents/host/loader';
import { FaultPlan } from './support/faults';

const KEY = 'shared-scheduler-key-83f1';

describe('one request scheduler for everything the extension does', () => {
  let server: SampleServer;
  const faults = new FaultPlan();
  let client: CampfireClient;
  const log: RequestLogEntry[] = [];

  before(async () => {
    server = await startSampleServer({ token: KEY, seed: 8, faults });
    client = new CampfireClient({ baseUrl: server.url, getApiKey: () => KEY, maxConcurrent: 3, random: () => 0, logger: (e) => log.push(e) });
  });
  after(async () => {
    await client.close();
    await server.close();
  });

  it('tree, panel and export together stay within the limit', async () => {
    faults.set({ latencyMs: 15 });
    server.resetRecording();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'campfire-shared-'));
    const model = new ContractsModel(apiContractsSource(() => client), { pageSize: () => 20, concurrency: () => 8 });
    const { contractId, commitId } = server.dataset.wellKnown.commitWith100kEvents;
    let done!: () => void;
    const panelDone = new Promise<void>((r) => (done = r));
    const loader: UsageEventsLoader = new UsageEventsLoader(contractId, commitId, { client: () => client, pageSize: () => 500 }, {
      header: () => undefined,
      ledger: () => undefined,
      rows: () => {
        if (loader.rows.length >= 5000) loader.cancel();
      },
      progress: () => {
        if (loader.phase !== 'loading') done();
      },
    });
    try {
      loader.reload();
      await Promise.all([
        model.contracts.ensureLoaded().then(() => model.loadAll()),
        panelDone,
        runExport(client, { resource: 'contracts', format: 'jsonl', target: path.join(dir, 'c.jsonl'), pageSize: 20, concurrency: 8 }),
      ]);
      assert.ok(server.requests.length > 20, `many requests were made (${server.requests.length})`);
      assert.ok(server.maxInFlight() <= 3, `at most 3 in flight, saw ${server.maxInFlight()}`);
      assert.equal(server.maxInFlight(), 3, 'and the limit was used');
    } finally {
      loader.dispose();
      model.dispose();
      faults.set({});
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a 429 lowers the limit for everyone; successes raise it back gradually', async () => {
    faults.inject({ kind: '429', times: 2, retryAfter: '0' });
    const model = new ContractsModel(apiContractsSource(() => client), { pageSize: () => 10, concurrency: () => 8 });
    try {
      await model.contracts.ensureLoaded();
      assert.ok(client.scheduler.limit < 3, `lowered after two 429s (now ${client.scheduler.limit})`);
      await model.loadAll();
      assert.equal(client.scheduler.limit, 3, 'back to the maximum after enough successes');
    } finally {
      model.dispose();
    }
  });

  it('the request log names method, path, status, duration, attempt and rows, never the key', () => {
    assert.ok(log.length > 0);
    for (const e of log) {
      assert.equal(e.method, 'GET');
      assert.match(e.path, /^\/rr\/api\/v1\//);
      assert.ok(e.attempt >= 1 && e.durationMs >= 0);
      assert.ok(!JSON.stringify(e).includes(KEY), 'the key is not in a log entry');
      assert.ok(!describeRequest(e).includes(KEY), 'nor in its log line');
    }
    // The line the Campfire log channel shows for a list page, with the rows it asked for.
    const page = log.find((e) => e.outcome === 'ok' && /[?&]offset=(?!0\b)\d+/.test(e.path) && /[?&]limit=10\b/.test(e.path));
    assert.ok(page, 'a later page of ten was requested');
    const offset = Number(/[?&]offset=(\d+)/.exec(page.path)?.[1]);
    assert.match(describeRequest(page), new RegExp(`^GET /rr/api/v1/\\S+\\?\\S*offset=${offset}\\S* 200 \\d+ms attempt \\d+ rows ${offset + 1}–${offset + 10}$`));
    const single = log.find((e) => !e.path.includes('?'));
    assert.ok(single, "a single record was requested (the panel's commit)");
    assert.doesNotMatch(describeRequest(single), / page /, 'a request that is not a page has no page number');
    assert.ok(log.some((e) => e.status === 429 && e.outcome === 'retry'));
  });
});
