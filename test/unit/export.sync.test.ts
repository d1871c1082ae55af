// campfire-export sync against the local Campfire server: the dataset read back with DuckDB and
// compared with the server's rows, incremental syncs after changes and deletions, a failure in the
// middle, an interrupt, two syncs on one folder, and incremental = fresh full sync as a property.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { main } from '../../src/export/cli';
import { MANIFEST_FILE, type Manifest } from '../../src/export/sync/manifest';
import { LOCK_FILE } from '../../src/export/sync/syncLock';
import { startSampleServer, type FaultHook, type SampleServer } from '../../src/sampleServer/server';
import { DecimalSum } from '../../src/shared/exactDecimal';
import { CLI } from './support/cliProcess';
import { FaultPlan } from './support/faults';

const KEY = 'sync-test-key';
const SHAPE = { commitsPerContract: 3, eventsPerCommit: 300 };

type Duck = { query(sql: string): Promise<Record<string, unknown>[]>; close(): void };

async function duck(): Promise<Duck> {
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const db = await DuckDBInstance.create(':memory:');
  const connection = await db.connect();
  return {
    query: async (sql) => (await connection.runAndReadAll(sql)).getRowObjectsJson(),
    close: () => {
      connection.closeSync();
      db.closeSync();
    },
  };
}

/** The dataset's files of a resource, as DuckDB reads a Hive-partitioned folder. */
const files = (dir: string, folder: string) => `read_parquet('${path.join(dir, folder).replaceAll("'", "''")}/**/*.parquet', hive_partitioning = true)`;

/** "12.50" and "12.5" alike. */
function decimalText(text: string): string {
  return text.includes('.') ? text.replace(/0+$/, '').replace(/\.$/, '') : text;
}

async function sync(server: SampleServer, args: string[], terminal = false): Promise<{ code: number; stderr: string }> {
  const stderr = Object.assign(new PassThrough(), { isTTY: terminal });
  let said = '';
  stderr.on('data', (d: Buffer) => (said += d.toString()));
  const stdout = new PassThrough() as unknown as NodeJS.WriteStream;
  const code = await main(['sync', ...args], { env: { CAMPFIRE_API_TOKEN: KEY, CAMPFIRE_BASE_URL: server.url }, stdout, stderr: stderr as unknown as NodeJS.WriteStream });
  return { code, stderr: said };
}

function manifest(dir: string): Manifest {
  return JSON.parse(fs.readFileSync(path.join(dir, MANIFEST_FILE), 'utf8')) as Manifest;
}

/** Each partition's file identity: a rename into place gives a new inode. */
function inodes(dir: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const [key, entry] of Object.entries(manifest(dir).partitions)) {
    const file = path.join(dir, entry.file);
    if (fs.existsSync(file)) out.set(key, fs.statSync(file).ino);
  }
  return out;
}

function rewritten(before: Map<string, number>, after: Map<string, number>): string[] {
  return [...after].filter(([k, ino]) => before.get(k) !== ino).map(([k]) => k).sort();
}

/** What the server holds now, as the dataset should: rows and exact sums per commit, row counts per contract. */
function serverTotals(server: SampleServer) {
  const events = new Map<string, { rows: number; events: number; revenue: DecimalSum }>();
  const lists = { commits: 0, overrides: 0, ledger: 0 };
  for (const c of server.dataset.contracts()) {
    lists.overrides += server.dataset.tierPriceOverrides(c.id).length;
    for (const p of server.dataset.prepaidCommits(c.id)) {
      lists.commits++;
      lists.ledger += server.dataset.consumption(c.id, p.id).length;
      const rows = server.dataset.usageEvents(c.id, p.id, 0, server.dataset.usageEventCount(c.id, p.id));
      const revenue = new DecimalSum();
      let total = 0;
      for (const e of rows) {
        revenue.add(e.total_revenue_dollars ?? 0);
        total += e.total_events ?? 0;
      }
      events.set(`${c.id}/${p.id}`, { rows: rows.length, events: total, revenue });
    }
  }
  return { events, lists, contracts: server.dataset.contracts().length };
}

/** The dataset read back with DuckDB equals the server's data: counts per partition and exact sums. */
async function assertDatasetMatches(dir: string, server: SampleServer): Promise<void> {
  const expected = serverTotals(server);
  const db = await duck();
  try {
    const perCommit = await db.query(
      `SELECT contract_id, commit_id, count(*) AS n, sum(total_events) AS events, sum(total_revenue_dollars::DECIMAL(38,9))::VARCHAR AS revenue FROM ${files(dir, 'usage_events')} GROUP BY ALL`,
    );
    const got = new Map(perCommit.map((r) => [`${String(r.contract_id)}/${String(r.commit_id)}`, r]));
    for (const [key, want] of expected.events) {
      if (want.rows === 0) {
        assert.equal(got.get(key), undefined, key);
        continue;
      }
      const r = got.get(key);
      assert.ok(r, `usage events of ${key} are missing`);
      assert.equal(Number(r.n), want.rows, key);
      assert.equal(Number(r.events), want.events, key);
      assert.equal(decimalText(String(r.revenue)), decimalText(want.revenue.toString()), key);
    }
    assert.equal(got.size, [...expected.events.values()].filter((e) => e.rows > 0).length, 'no usage events of a commit the server does not have');
    const count = async (folder: string) => Number((await db.query(`SELECT count(*) AS n FROM ${files(dir, folder)}`))[0]?.n);
    assert.equal(await count('contracts'), expected.contracts);
    assert.equal(await count('prepaid_commits'), expected.lists.commits);
    assert.equal(await count('tier_price_overrides'), expected.lists.overrides);
    assert.equal(await count('consumption'), expected.lists.ledger);
    const [ids] = await db.query(`SELECT count(DISTINCT id) AS n, count(*) AS rows FROM ${files(dir, 'usage_events')}`);
    assert.equal(Number(ids?.n), Number(ids?.rows), 'every usage event once');
  } finally {
    db.close();
  }
  for (const [key, entry] of Object.entries(manifest(dir).partitions)) {
    assert.equal(entry.failed, undefined, key);
    assert.equal(entry.complete, true, key);
    assert.ok(fs.existsSync(path.join(dir, entry.file)), key);
  }
}

describe('campfire-export sync', () => {
  let server: SampleServer;
  const faults = new FaultPlan();
  let root: string;
  let n = 0;
  const freshDir = () => path.join(root, `dataset-${++n}`);

  before(async () => {
    server = await startSampleServer({ token: KEY, seed: 30, contracts: 12, shape: SHAPE, faults });
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'campfire-sync-test-'));
  });
  after(async () => {
    await server.close();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('writes every resource as Hive partitions that DuckDB reads back with the server\'s counts and exact sums', async () => {
    const dir = freshDir();
    const r = await sync(server, ['--to', dir]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /synced .* 12 contracts \(all listed\), 36 of 36 commits listed/);
    await assertDatasetMatches(dir, server);
    const m = manifest(dir);
    assert.equal(m.origin, new URL(server.url).origin);
    assert.equal(m.contracts, 'all');
    const c = server.dataset.contracts()[0];
    const p = c && server.dataset.prepaidCommits(c.id)[0];
    assert.ok(c && p);
    const entry = m.partitions[`usage_events/contract_id=${c.id}/commit_id=${p.id}`];
    assert.equal(entry?.rows, server.dataset.usageEventCount(c.id, p.id));
    assert.match(entry.sha256 ?? '', /^[0-9a-f]{64}$/);
    assert.ok(fs.existsSync(path.join(dir, 'usage_events', `contract_id=${c.id}`, `commit_id=${p.id}`, 'part-0.parquet')));
    assert.ok(!fs.existsSync(path.join(dir, LOCK_FILE)), 'the lock is released');
  });

  it('retries failed requests and 429s like every listing, and the dataset still matches', async () => {
    const dir = freshDir();
    // Enough attempts that 20 % faults cannot plausibly exhaust them; a 429 holds every request a second.
    faults.set({ rate: 0.2, kinds: ['500', '502', '503', 'reset', 'truncated'], retryAfter: '0', seed: 7 });
    faults.inject({ path: /\/usage-events$/, kind: '429', times: 2, retryAfter: '0' });
    try {
      const r = await sync(server, ['--to', dir]);
      assert.equal(r.code, 0, r.stderr);
    } finally {
      faults.set({});
    }
    await assertDatasetMatches(dir, server);
  });

  it('syncs again with one delta and a limit=1 count per commit, rewriting only what changed and removing deleted contracts', async () => {
    const dir = freshDir();
    assert.equal((await sync(server, ['--to', dir])).code, 0);
    const first = inodes(dir);
    const [edited, deleted, withEvents, withCommit] = server.dataset.contracts().slice(0, 4);
    assert.ok(edited && deleted && withEvents && withCommit);
    server.dataset.modifyContracts([edited.id], () => ({ deal_name: 'Renegotiated' }));
    server.dataset.removeContracts([deleted.id]);
    const [added] = server.dataset.insertContracts(1);
    assert.ok(added);
    const grown = server.dataset.prepaidCommits(withEvents.id)[0];
    assert.ok(grown);
    server.dataset.addUsageEvents(withEvents.id, grown.id, 25);
    const renamed = server.dataset.prepaidCommits(withCommit.id)[1];
    assert.ok(renamed);
    server.dataset.modifyPrepaidCommit(withCommit.id, renamed.id, () => ({ name: 'Renamed commit' }));
    server.dataset.modifyContracts([withCommit.id], () => ({}));

    server.resetRecording();
    const r = await sync(server, ['--to', dir]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /12 contracts \(3 changed, 1 deleted since the last sync\)/);
    const contractListings = server.requests.filter((q) => q.path === '/rr/api/v1/contracts');
    assert.equal(contractListings.length, 3, 'changed, deleted and count: one request each');
    // Every commit of an unchanged contract is checked by one limit=1 request and listed no further.
    const unchangedCommits = server.dataset.contracts().filter((c) => ![edited.id, added.id, withCommit.id].includes(c.id)).flatMap((c) => server.dataset.prepaidCommits(c.id).map((p) => `/rr/api/v1/contracts/${c.id}/prepaid-commits/${p.id}/usage-events`));
    for (const p of unchangedCommits) {
      const requests = server.requests.filter((q) => q.path === p);
      const listed = p.includes(`/prepaid-commits/${grown.id}/`);
      assert.deepEqual(requests.map((q) => q.query.limit), listed ? ['1', '500'] : ['1'], p);
    }
    assert.equal(server.requests.filter((q) => q.path.endsWith(`/prepaid-commits/${renamed.id}/usage-events`)).map((q) => q.query.limit).join(), '500', 'a changed commit record is listed again without a count first');
    await assertDatasetMatches(dir, server);

    const second = inodes(dir);
    const at = (c: { id: number }, folder: string, commit?: { id: number }) => `${folder}/contract_id=${c.id}${commit ? `/commit_id=${commit.id}` : ''}`;
    const addedPartitions = [at(added, 'prepaid_commits'), at(added, 'tier_price_overrides'), ...server.dataset.prepaidCommits(added.id).flatMap((p) => [at(added, 'usage_events', p), at(added, 'consumption', p)])];
    assert.deepEqual(
      rewritten(first, second),
      // The grown commit's new events fall in its open month: its ledger is listed again but unchanged, so not rewritten.
      ['contracts', at(withCommit, 'prepaid_commits'), at(withEvents, 'usage_events', grown), ...addedPartitions].sort(),
      'only partitions whose content changed are written',
    );
    assert.ok(!fs.existsSync(path.join(dir, 'usage_events', `contract_id=${deleted.id}`)));
    assert.ok(!fs.existsSync(path.join(dir, 'prepaid_commits', `contract_id=${deleted.id}`)));
    assert.ok(Object.keys(manifest(dir).partitions).every((k) => !k.includes(`contract_id=${deleted.id}`)));

    // Nothing changed since: one delta, a count per commit, nothing written.
    server.resetRecording();
    const again = await sync(server, ['--to', dir]);
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stderr, /0 of 36 commits listed, .* partitions: 0 written, 1 unchanged, 0 removed/);
    assert.deepEqual(rewritten(second, inodes(dir)), []);

    // --full lists everything again and still rewrites nothing that did not change.
    const full = await sync(server, ['--to', dir, '--full']);
    assert.equal(full.code, 0, full.stderr);
    assert.match(full.stderr, /36 of 36 commits listed, .* 0 written/);
    assert.deepEqual(rewritten(second, inodes(dir)), []);
  });

  it('keeps a partition that could not be listed, names it, exits non-zero, and lists it again next time', async () => {
    const dir = freshDir();
    assert.equal((await sync(server, ['--to', dir])).code, 0);
    const [a, b] = server.dataset.contracts().slice(5, 7);
    const pa = a && server.dataset.prepaidCommits(a.id)[0];
    const pb = b && server.dataset.prepaidCommits(b.id)[0];
    assert.ok(a && b && pa && pb);
    const failing = `usage_events/contract_id=${a.id}/commit_id=${pa.id}`;
    const before = fs.readFileSync(path.join(dir, failing, 'part-0.parquet'));
    const beforeEntry = manifest(dir).partitions[failing];
    server.dataset.addUsageEvents(a.id, pa.id, 600);
    server.dataset.addUsageEvents(b.id, pb.id, 10);
    // The count answers; the listing's pages then break the schema, which no retry mends.
    const listing = new RegExp(`/prepaid-commits/${pa.id}/usage-events$`);
    const stop = server.onRequest((q) => {
      if (listing.test(q.path) && q.query.limit !== '1') faults.inject({ path: listing, kind: 'schema', times: 1000 });
    });
    const r = await sync(server, ['--to', dir]);
    stop();
    faults.set({});
    assert.notEqual(r.code, 0, r.stderr);
    assert.match(r.stderr, new RegExp(`${failing} was not replaced: `));
    assert.match(r.stderr, /1 partitions keep their previous files; the next sync lists them again/);
    assert.deepEqual(fs.readFileSync(path.join(dir, failing, 'part-0.parquet')), before, 'the previous file is intact');
    const m = manifest(dir);
    assert.equal(m.partitions[failing]?.sha256, beforeEntry?.sha256);
    assert.ok(m.partitions[failing]?.failed);
    assert.equal(m.partitions[`usage_events/contract_id=${b.id}/commit_id=${pb.id}`]?.rows, server.dataset.usageEventCount(b.id, pb.id), 'the other commits were synced');
    const db = await duck();
    try {
      const [row] = await db.query(`SELECT count(*) AS n FROM ${files(dir, 'usage_events')} WHERE commit_id = ${pa.id}`);
      assert.equal(Number(row?.n), beforeEntry?.rows, 'the dataset stays readable with the old rows');
    } finally {
      db.close();
    }
    const next = await sync(server, ['--to', dir]);
    assert.equal(next.code, 0, next.stderr);
    await assertDatasetMatches(dir, server);
  });

  it('writes a partition whose rows changed while it was read, marks it incomplete, exits 5 and lists it again next time', async () => {
    const dir = freshDir();
    assert.equal((await sync(server, ['--to', dir, '--page-size', '100'])).code, 0);
    const c = server.dataset.contracts()[8];
    const p = c && server.dataset.prepaidCommits(c.id)[2];
    assert.ok(c && p);
    server.dataset.addUsageEvents(c.id, p.id, 5);
    let added = false;
    const stop = server.onRequest((q) => {
      if (!added && q.path.endsWith(`/prepaid-commits/${p.id}/usage-events`) && q.query.limit !== '1' && q.query.offset !== '0') {
        added = true;
        server.dataset.addUsageEvents(c.id, p.id, 150);
      }
    });
    const r = await sync(server, ['--to', dir, '--page-size', '100']);
    stop();
    const key = `usage_events/contract_id=${c.id}/commit_id=${p.id}`;
    assert.equal(r.code, 5, r.stderr);
    assert.match(r.stderr, new RegExp(`warning: rows changed while 1 partitions were read \\(${key}\\)`));
    assert.equal(manifest(dir).partitions[key]?.complete, false);
    const next = await sync(server, ['--to', dir, '--page-size', '100']);
    assert.equal(next.code, 0, next.stderr);
    assert.match(next.stderr, /1 of 36 commits listed/);
    await assertDatasetMatches(dir, server);
  });

  it('refuses a second sync of the same folder while one runs, naming its process, and takes over a stale lock', async () => {
    const dir = freshDir();
    faults.set({ latencyMs: 40 });
    const child = spawn(process.execPath, [CLI, 'sync', '--to', dir, '--quiet'], { env: { PATH: process.env.PATH, CAMPFIRE_API_TOKEN: KEY, CAMPFIRE_BASE_URL: server.url }, stdio: ['ignore', 'ignore', 'pipe'] });
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    try {
      while (!fs.existsSync(path.join(dir, LOCK_FILE))) await new Promise((r) => setTimeout(r, 20));
      const refused = await sync(server, ['--to', dir]);
      assert.equal(refused.code, 1);
      assert.match(refused.stderr, new RegExp(`is being synced by process ${child.pid ?? 0} on ${os.hostname()}, since .*: wait for it to finish`));
    } finally {
      faults.set({});
    }
    assert.equal(await exited, 0);
    await assertDatasetMatches(dir, server);
    // A lock left by a process that is gone.
    const gone = spawn(process.execPath, ['-e', '0']);
    await new Promise((r) => gone.on('close', r));
    fs.writeFileSync(path.join(dir, LOCK_FILE), JSON.stringify({ pid: gone.pid, host: os.hostname(), startedAt: new Date().toISOString() }));
    const r = await sync(server, ['--to', dir]);
    assert.equal(r.code, 0, r.stderr);
    assert.ok(!fs.existsSync(path.join(dir, LOCK_FILE)));
  });

  it('an interrupted sync leaves every partition whole and the dataset readable', async () => {
    const dir = freshDir();
    assert.equal((await sync(server, ['--to', dir])).code, 0);
    for (const c of server.dataset.contracts()) for (const p of server.dataset.prepaidCommits(c.id)) server.dataset.addUsageEvents(c.id, p.id, 3);
    faults.set({ latencyMs: 30 });
    const child = spawn(process.execPath, [CLI, 'sync', '--to', dir, '--quiet'], { env: { PATH: process.env.PATH, CAMPFIRE_API_TOKEN: KEY, CAMPFIRE_BASE_URL: server.url }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    let listings = 0;
    const stop = server.onRequest((q) => {
      if (q.path.endsWith('/usage-events') && q.query.limit !== '1' && ++listings === 5) child.kill('SIGINT');
    });
    const code = await exited;
    stop();
    faults.set({});
    assert.equal(code, 130, stderr);
    assert.match(stderr, /interrupted by SIGINT; every partition of .* is whole/);
    assert.ok(!fs.existsSync(path.join(dir, LOCK_FILE)));
    const leftovers = fs.readdirSync(dir, { recursive: true }).map(String).filter((f) => f.endsWith('.partial'));
    assert.deepEqual(leftovers, []);
    const db = await duck();
    try {
      const [row] = await db.query(`SELECT count(*) AS n FROM ${files(dir, 'usage_events')}`);
      assert.ok(Number(row?.n) > 0);
    } finally {
      db.close();
    }
    for (const [key, entry] of Object.entries(manifest(dir).partitions)) assert.ok(fs.existsSync(path.join(dir, entry.file)), key);
    const next = await sync(server, ['--to', dir]);
    assert.equal(next.code, 0, next.stderr);
    await assertDatasetMatches(dir, server);
  });

  it('shows progress on a terminal and none otherwise', async () => {
    const quiet = await sync(server, ['--to', freshDir()]);
    assert.equal(quiet.code, 0, quiet.stderr);
    assert.doesNotMatch(quiet.stderr, /\r/);
    const shown = await sync(server, ['--to', freshDir()], true);
    assert.equal(shown.code, 0, shown.stderr);
    assert.match(shown.stderr, /\rcontracts \d+ of 12, [\d,]+ rows/);
    assert.match(shown.stderr, /\rcommits 36 of 36, [\d,]+ rows\n/);
    const none = await sync(server, ['--to', freshDir(), '--quiet'], true);
    assert.equal(none.code, 0);
    assert.equal(none.stderr, '');
  });

  it('--contract keeps only the chosen contracts, and a folder of another scope is refused', async () => {
    const dir = freshDir();
    const [a, b] = server.dataset.contracts().slice(1, 3);
    assert.ok(a && b);
    const r = await sync(server, ['--to', dir, '--contract', String(a.id), '--contract', String(b.id)]);
    assert.equal(r.code, 0, r.stderr);
    const contractIds = new Set(Object.keys(manifest(dir).partitions).flatMap((k) => /contract_id=(\d+)/.exec(k)?.[1] ?? []).map(Number));
    assert.deepEqual([...contractIds].sort(), [a.id, b.id].sort());
    const other = await sync(server, ['--to', dir]);
    assert.equal(other.code, 2);
    assert.match(other.stderr, /holds contracts .* \(--contract\): sync every contract of the account into another folder/);
    fs.writeFileSync(path.join(root, 'not-a-dataset.txt'), 'x');
    const notEmpty = await sync(server, ['--to', root]);
    assert.equal(notEmpty.code, 2);
    assert.match(notEmpty.stderr, /is not empty and holds no _manifest.json/);
  });
});

describe('campfire-export sync against a server whose pages do not add up', () => {
  it('exits 4 naming the partition, keeps its previous file and syncs the rest', async () => {
    let brokenCommit: number | undefined;
    // Pages after the first of one commit's usage events come back empty, whatever is asked: the listing cannot be completed.
    const hook: FaultHook = {
      latencyMs: 0,
      intercept: ({ url, res }) => {
        if (brokenCommit === undefined || !url.pathname.endsWith(`/prepaid-commits/${brokenCommit}/usage-events`) || url.searchParams.get('offset') === '0') return undefined;
        const body = JSON.stringify({ count: Number(url.searchParams.get('offset')) + 500, next: null, previous: null, results: [] });
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) });
        res.end(body);
        return 'answered';
      },
    };
    const server = await startSampleServer({ token: KEY, seed: 32, contracts: 4, shape: { commitsPerContract: 2, eventsPerCommit: 300 }, faults: hook });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'campfire-sync-incomplete-'));
    try {
      assert.equal((await sync(server, ['--to', dir, '--page-size', '100'])).code, 0);
      const c = server.dataset.contracts()[1];
      const p = c && server.dataset.prepaidCommits(c.id)[0];
      assert.ok(c && p);
      const key = `usage_events/contract_id=${c.id}/commit_id=${p.id}`;
      const before = fs.readFileSync(path.join(dir, key, 'part-0.parquet'));
      server.dataset.addUsageEvents(c.id, p.id, 40);
      brokenCommit = p.id;
      const r = await sync(server, ['--to', dir, '--page-size', '100']);
      assert.equal(r.code, 4, r.stderr);
      assert.match(r.stderr, new RegExp(`${key} was not replaced: .*usage events of prepaid commit ${p.id} of contract ${c.id}`));
      assert.deepEqual(fs.readFileSync(path.join(dir, key, 'part-0.parquet')), before);
      assert.ok(manifest(dir).partitions[key]?.failed);
      brokenCommit = undefined;
      const next = await sync(server, ['--to', dir, '--page-size', '100']);
      assert.equal(next.code, 0, next.stderr);
      await assertDatasetMatches(dir, server);
    } finally {
      await server.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('campfire-export sync as a property', () => {
  it('an incremental sync after any changes holds what a fresh full sync holds', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'campfire-sync-property-'));
    type Op = { kind: 'edit' | 'delete' | 'events' | 'commit'; at: number } | { kind: 'insert' };
    const op: fc.Arbitrary<Op> = fc.oneof(
      fc.constant<Op>({ kind: 'insert' }),
      ...(['edit', 'delete', 'events', 'commit'] as const).map((kind) => fc.nat(100).map<Op>((at) => ({ kind, at }))),
    );
    let run = 0;
    try {
      await fc.assert(
        fc.asyncProperty(fc.array(fc.array(op, { maxLength: 4 }), { minLength: 1, maxLength: 3 }), async (rounds) => {
          const server = await startSampleServer({ token: KEY, seed: 31 + run, contracts: 6, shape: { commitsPerContract: 2, eventsPerCommit: 40 } });
          const dir = path.join(root, `incremental-${++run}`);
          try {
            assert.equal((await sync(server, ['--to', dir])).code, 0);
            for (const ops of rounds) {
              for (const o of ops) {
                const list = server.dataset.contracts();
                if (o.kind === 'insert') {
                  server.dataset.insertContracts(1);
                  continue;
                }
                const c = list[o.at % Math.max(1, list.length)];
                if (!c) continue;
                const commits = server.dataset.prepaidCommits(c.id);
                const p = commits[o.at % Math.max(1, commits.length)];
                if (o.kind === 'edit') server.dataset.modifyContracts([c.id], () => ({ deal_name: `Deal ${o.at}` }));
                else if (o.kind === 'delete') server.dataset.removeContracts([c.id]);
                else if (o.kind === 'events' && p) server.dataset.addUsageEvents(c.id, p.id, 1 + o.at);
                else if (o.kind === 'commit' && p) {
                  // A commit's record edited with its contract's, which Campfire's delta then lists.
                  server.dataset.modifyPrepaidCommit(c.id, p.id, () => ({ remaining_value: o.at }));
                  server.dataset.modifyContracts([c.id], () => ({}));
                }
              }
              const r = await sync(server, ['--to', dir]);
              assert.equal(r.code, 0, r.stderr);
            }
            const fresh = `${dir}-fresh`;
            assert.equal((await sync(server, ['--to', fresh])).code, 0);
            const shape = (d: string) => Object.fromEntries(Object.entries(manifest(d).partitions).map(([k, e]) => [k, { rows: e.rows, sha256: e.sha256, complete: e.complete }]));
            assert.deepEqual(shape(dir), shape(fresh));
          } finally {
            await server.close();
          }
        }),
        { numRuns: 12 },
      );
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
