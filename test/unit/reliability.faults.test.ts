// The fault suite: listings, tree loading, the usage-events panel's stream and exports run against
// the local Campfire server while 20 % of requests fail at random (429 with Retry-After, 500, 502,
// 503, connection resets, timeouts, truncated JSON). Every run must either complete exactly (the
// server's rows, none lost or duplicated) or end with one clear error and no partial output.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CampfireClient } from '../../src/api/client';
import { CampfireError } from '../../src/api/errors';
import { runExport } from '../../src/export/runner';
import { startSampleServer, type SampleServer } from '../../src/sampleServer/server';
import { apiContractsSource } from '../../src/model/contractsSource';
import { ContractsModel } from '../../src/model/contractsModel';
import { UsageEventsLoader } from '../../src/usageEvents/host/loader';
import { usageEvents } from '../../src/resources';
import { FaultPlan } from './support/faults';

const KEY = 'fault-suite-key';
const FAULTS = { rate: 0.2, kinds: ['429', '500', '502', '503', 'reset', 'timeout', 'truncated'] as const, retryAfter: '0' };

interface Figures {
  runs: number;
  completed: number;
  failedClearly: number;
  faults: number;
  rowsChecked: number;
  mismatches: number;
}

describe('fault suite: 20 % of requests fail at random', () => {
  let server: SampleServer;
  const faults = new FaultPlan();
  const figures: Figures = { runs: 0, completed: 0, failedClearly: 0, faults: 0, rowsChecked: 0, mismatches: 0 };
  let ref: { contractId: number; commitId: number; count: number };
  let dir: string;

  // Short timeouts keep `timeout` faults cheap; enough attempts that most runs complete.
  const client = () => new CampfireClient({ baseUrl: server.url, getApiKey: () => KEY, timeoutMs: 400, random: () => 0.1, retry: { maxAttempts: 6, baseDelayMs: 10 }, maxConcurrent: 4 });

  /** Runs `work` under random faults (seeded, so a failure can be replayed) and counts them. */
  async function withFaults<T>(seed: number, work: () => Promise<T>): Promise<T> {
    const before = faults.injected;
    faults.set({ ...FAULTS, kinds: [...FAULTS.kinds], seed });
    try {
      return await work();
    } finally {
      faults.set({});
      figures.faults += faults.injected - before;
    }
  }

  function record(outcome: 'ok' | 'error', error?: unknown): void {
    figures.runs++;
    if (outcome === 'ok') figures.completed++;
    else {
      assert.ok(error instanceof CampfireError, `a clear Campfire error, got ${String(error)}`);
      assert.ok(error.message.length < 600);
      figures.failedClearly++;
    }
  }

  before(async () => {
    server = await startSampleServer({ token: KEY, seed: 31, faults });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'campfire-faults-'));
    const d = server.dataset;
    const c = d.contracts().find((x) => d.prepaidCommits(x.id).some((p) => { const n = d.usageEventCount(x.id, p.id); return n > 1500 && n < 6000; }));
    assert.ok(c);
    const commit = d.prepaidCommits(c.id).find((p) => { const n = d.usageEventCount(c.id, p.id); return n > 1500 && n < 6000; });
    assert.ok(commit);
    ref = { contractId: c.id, commitId: commit.id, count: d.usageEventCount(c.id, commit.id) };
  });

  after(async () => {
    await server.close();
    fs.rmSync(dir, { recursive: true, force: true });
    const f = figures;
    // This run's figures, for the log: the docs state the promise, not the counts.
    console.log(`fault suite: ${f.runs} runs, ${f.completed} complete and exact, ${f.failedClearly} ended with one clear error, ${f.faults} faults injected, ${f.rowsChecked} rows checked, ${f.mismatches} mismatches`);
  });

  it('listings: usage events arrive exactly once and in order, or one clear error', async () => {
    for (let seed = 1; seed <= 8; seed++) {
      const c = client();
      try {
        const ids = await withFaults(seed, async () => {
          const out: number[] = [];
          for await (const p of usageEvents.list(c, { contractId: ref.contractId, commitId: ref.commitId }, { pageSize: 200, concurrency: 4 })) out.push(...p.items.map((e) => e.id));
          return out;
        });
        const expected = server.dataset.usageEvents(ref.contractId, ref.commitId, 0, ref.count).map((e) => e.id);
        figures.rowsChecked += ids.length;
        if (JSON.stringify(ids) !== JSON.stringify(expected)) figures.mismatches++;
        assert.deepEqual(ids, expected);
        record('ok');
      } catch (e) {
        if (e instanceof assert.AssertionError) throw e;
        record('error', e);
      } finally {
        await c.close();
      }
    }
  });

  it('tree loading: Load all contracts is exact, or keeps what it had and shows one error', async () => {
    for (let seed = 11; seed <= 16; seed++) {
      const c = client();
      const model = new ContractsModel(apiContractsSource(() => c), { pageSize: () => 25, concurrency: () => 4 });
      try {
        await withFaults(seed, async () => {
          await model.contracts.ensureLoaded();
          await model.loadAll();
        });
        const ids = model.contracts.items.map((x) => x.id);
        assert.equal(new Set(ids).size, ids.length, 'no duplicates');
        if (model.contracts.error === undefined && model.contracts.isComplete) {
          const expected = server.dataset.contracts().map((x) => x.id);
          figures.rowsChecked += ids.length;
          if (JSON.stringify(ids) !== JSON.stringify(expected)) figures.mismatches++;
          assert.deepEqual(ids, expected);
          record('ok');
        } else {
          // Retries exhausted: an error for the tree to show, and the rows it had are all real ones.
          for (const id of ids) assert.ok(server.dataset.contract(id), `contract ${id} exists`);
          record('error', model.contracts.error);
        }
      } finally {
        model.dispose();
        await c.close();
      }
    }
  });

  it('the usage-events panel stream: every row once, or an error with the rows so far kept', async () => {
    for (let seed = 21; seed <= 26; seed++) {
      const c = client();
      let done!: () => void;
      const finished = new Promise<void>((r) => (done = r));
      const loader: UsageEventsLoader = new UsageEventsLoader(ref.contractId, ref.commitId, { client: () => c, pageSize: () => 200 }, {
        header: () => undefined,
        ledger: () => undefined,
        rows: () => undefined,
        progress: () => {
          if (loader.phase === 'done' || loader.phase === 'error') done();
        },
      });
      try {
        await withFaults(seed, async () => {
          loader.reload();
          await finished;
        });
        const ids = loader.rows.map((r) => r[0]); // a wire row starts with the id (USAGE_EVENT_FIELDS)
        assert.equal(new Set(ids).size, ids.length, 'no duplicates');
        const expected = server.dataset.usageEvents(ref.contractId, ref.commitId, 0, ref.count).map((e) => e.id);
        if (loader.phase === 'done') {
          figures.rowsChecked += ids.length;
          if (JSON.stringify(ids) !== JSON.stringify(expected)) figures.mismatches++;
          assert.deepEqual(ids, expected);
          record('ok');
        } else {
          assert.deepEqual(ids, expected.slice(0, ids.length), 'the rows kept are the first ones, in order');
          assert.ok(loader.error);
          figures.runs++;
          figures.failedClearly++;
        }
      } finally {
        loader.dispose();
        await c.close();
      }
    }
  });

  it('exports: the file holds exactly the server’s rows, or there is no file and one clear error', async () => {
    for (let seed = 31; seed <= 38; seed++) {
      const c = client();
      const target = path.join(dir, `events-${seed}.jsonl`);
      try {
        const result = await withFaults(seed, () =>
          runExport(c, { resource: 'usageEvents', contractId: ref.contractId, commitId: ref.commitId, format: seed % 2 ? 'jsonl' : 'csv', target, pageSize: 200, concurrency: 4 }),
        );
        const expected = server.dataset.usageEvents(ref.contractId, ref.commitId, 0, ref.count).map((e) => e.id);
        const text = fs.readFileSync(target, 'utf8');
        const ids = seed % 2 ? text.trimEnd().split('\n').map((l) => (JSON.parse(l) as { id: number }).id) : text.trimEnd().split('\r\n').slice(1).map((l) => Number(l.split(',')[0]));
        figures.rowsChecked += ids.length;
        if (JSON.stringify(ids) !== JSON.stringify(expected) || result.rows !== expected.length) figures.mismatches++;
        assert.deepEqual(ids, expected);
        record('ok');
      } catch (e) {
        if (e instanceof assert.AssertionError) throw e;
        assert.equal(fs.existsSync(target), false, 'no partial file');
        record('error', e);
      } finally {
        await c.close();
      }
      assert.deepEqual(fs.readdirSync(dir).filter((f) => f.includes('.partial') || f.includes('.spool')), [], 'no temporary files left');
    }
    assert.equal(figures.mismatches, 0);
    assert.ok(figures.completed > figures.runs / 2, `most runs complete (${figures.completed} of ${figures.runs})`);
  });

  it('when retries run out: one clear error, no partial file, and the tree keeps what it had', async () => {
    const impatient = new CampfireClient({ baseUrl: server.url, getApiKey: () => KEY, timeoutMs: 400, random: () => 0, retry: { maxAttempts: 2, baseDelayMs: 5 } });
    const target = path.join(dir, 'exhausted.csv');
    const model = new ContractsModel(apiContractsSource(() => impatient), { pageSize: () => 25, concurrency: () => 4 });
    try {
      await model.contracts.ensureLoaded();
      const had = model.contracts.items.map((c) => c.id);
      const before = faults.injected;
      faults.set({ rate: 0.9, kinds: ['503', 'reset', 'truncated'], seed: 5 });
      const failure = await runExport(impatient, { resource: 'usageEvents', contractId: ref.contractId, commitId: ref.commitId, format: 'csv', target, pageSize: 200, concurrency: 4 }).then(
        () => undefined,
        (e: unknown) => e,
      );
      assert.ok(failure instanceof CampfireError && failure.retryable, `a retryable Campfire error, got ${String(failure)}`);
      record('error', failure);
      await model.loadAll();
      record('error', model.contracts.error);
      figures.faults += faults.injected - before;
      faults.set({});
      assert.equal(fs.existsSync(target), false);
      assert.deepEqual(fs.readdirSync(dir).filter((f) => f.startsWith('.exhausted')), []);
      assert.ok(model.contracts.error instanceof CampfireError, 'the tree has one error to show');
      assert.deepEqual(model.contracts.items.slice(0, had.length).map((c) => c.id), had, 'and keeps the contracts it had');
    } finally {
      faults.set({});
      model.dispose();
      await impatient.close();
    }
  });
});
