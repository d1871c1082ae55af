// campfire-export as data tools are used (gh, duckdb, xsv, mlr): -o/-f, TSV, a pipe closed early,
// change filters on contracts, --verbose, the key from a file. The built dist/cli.js runs as a
// child process against the local Campfire server.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DuckDBInstance } from '@duckdb/node-api';
import { startSampleServer, type SampleServer } from '../../src/sampleServer/server';
import { CLI, runCli as run } from './support/cliProcess';
import { smallCommit, valueUnder } from './support/exportExpect';

const KEY = 'conventions-key';

/** What a TSV field holds for a value the server sent, worked out from the value alone (README, "TSV"). */
function expectedTsvText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/** The reverse of the TSV escapes: \\ \t \n \r. */
function unescapeTsv(field: string): string {
  return field.replace(/\\([\\tnr])/g, (_m, c: string) => ({ '\\': '\\', t: '\t', n: '\n', r: '\r' })[c] ?? c);
}

/** The TSV's header and rows as DuckDB reads them, quoting and escapes off: every field as written. */
async function readTsvWithDuckDb(file: string): Promise<{ header: string[]; rows: string[][] }> {
  const db = await DuckDBInstance.create(':memory:');
  const conn = await db.connect();
  try {
    const sql = `SELECT * FROM read_csv('${file.replace(/'/g, "''")}', delim = '\t', quote = '', escape = '', header = true, all_varchar = true)`;
    const reader = await conn.runAndReadAll(sql);
    const header = reader.columnNames();
    const rows = reader.getRows().map((r) => r.map((v) => (v === null ? '' : String(v))));
    return { header, rows };
  } finally {
    conn.closeSync();
    db.closeSync();
  }
}

describe('campfire-export as a data tool', () => {
  let server: SampleServer;
  let dir: string;
  let env: Record<string, string>;

  before(async () => {
    assert.ok(fs.existsSync(CLI), `build first: ${CLI} is missing`);
    server = await startSampleServer({ token: KEY, seed: 6, hostile: true });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'campfire-cli-conventions-'));
    env = { CAMPFIRE_API_TOKEN: KEY, CAMPFIRE_BASE_URL: server.url };
  });
  after(async () => {
    await server.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('-o FILE, --output FILE and --out FILE write the file; - and no -o write standard output; -f picks the format', async () => {
    const ids = server.dataset.contracts().map((c) => c.id);
    const idsIn = (text: string) => text.trimEnd().split('\n').map((l) => (JSON.parse(l) as { id: number }).id);
    for (const flag of ['-o', '--output', '--out']) {
      const file = path.join(dir, `contracts${flag}.jsonl`);
      const r = await run(['contracts', '-f', 'jsonl', flag, file, '--quiet'], env);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stdout, '');
      assert.deepEqual(idsIn(fs.readFileSync(file, 'utf8')), ids, flag);
    }
    for (const args of [['-o', '-'], ['--out', '-'], ['--output=-'], []]) {
      const r = await run(['contracts', '--format', 'jsonl', '--quiet', ...args], { ...env });
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual(idsIn(r.stdout), ids, args.join(' '));
    }
    assert.equal(fs.existsSync(path.join(process.cwd(), '-')), false, 'no file named -');
    const both = await run(['contracts', '-o', 'a.csv', '--out', 'b.csv'], env);
    assert.equal(both.code, 2);
    assert.match(both.stderr, /^campfire-export: --out and --output are the same option: give it once \(see campfire-export --help\)\n$/);
  });

  it('-f tsv: DuckDB reads back, field by field, every value the server sent, tabs, line breaks and backslashes included', async () => {
    // Hostile contracts carry tabs, carriage returns, line breaks and quotes in their names; one more with backslashes.
    const [odd] = server.dataset.insertContracts(1, 3);
    assert.ok(odd);
    server.dataset.modifyContracts([odd.id], () => ({ deal_name: 'C:\\deals\\new\tdeal\\n (not a line break)', client_name: 'ends with a backslash \\' }));
    const file = path.join(dir, 'contracts.tsv');
    const r = await run(['contracts', '-f', 'tsv', '-o', file, '--quiet'], env);
    assert.equal(r.code, 0, r.stderr);
    const records = JSON.parse(JSON.stringify(server.dataset.contracts())) as Record<string, unknown>[];
    const text = fs.readFileSync(file, 'utf8');
    assert.equal(text.split('\n').length - 1, records.length + 1, 'one line per row, LF only, after the header');
    assert.ok(!text.includes('\r'), 'no carriage return anywhere: it is escaped');
    const { header, rows } = await readTsvWithDuckDb(file);
    assert.equal(header[0], 'id');
    assert.equal(rows.length, records.length);
    let escaped = 0;
    records.forEach((record, i) => {
      header.forEach((h, c) => {
        const field = rows[i]?.[c] ?? '';
        if (field.includes('\\')) escaped++;
        assert.equal(unescapeTsv(field), expectedTsvText(valueUnder(record, unescapeTsv(h), false)), `row ${i + 1} ${h}`);
      });
    });
    assert.ok(escaped > 0, 'the data had values to escape');
  });

  it('a reader that closes the pipe early: exit 0 and nothing on standard error, under set -o pipefail', async () => {
    const commit = smallCommit(server.dataset);
    assert.ok(commit);
    for (const format of ['jsonl', 'csv', 'tsv', 'json']) {
      const command = `set -o pipefail; "${process.execPath}" "${CLI}" usage-events --contract ${commit.contractId} --commit ${commit.commitId} -f ${format} --page-size 100 | head -c 100 >/dev/null; echo "status $?" >&3`;
      const child = spawn('bash', ['-c', command], { env: { PATH: process.env.PATH, ...env }, stdio: ['ignore', 'pipe', 'pipe', 'pipe'] });
      const [, , errors, statusLine] = child.stdio;
      assert.ok(errors && statusLine);
      let stderr = '';
      let status = '';
      errors.setEncoding('utf8').on('data', (d: string) => (stderr += d));
      (statusLine as NodeJS.ReadableStream).setEncoding('utf8').on('data', (d: string) => (status += d));
      const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
      assert.equal(code, 0);
      assert.equal(status, 'status 0\n', `${format}: the pipeline's status`);
      assert.equal(stderr, '', `${format}: nothing on standard error`);
    }
  });

  it('--modified-since and --modified-until list the contracts modified in that span; the bounds are sent as instants', async () => {
    const all = server.dataset.contracts();
    const times = all.map((c) => Date.parse(c.last_modified_at)).sort((a, b) => a - b);
    const since = new Date(times[Math.floor(times.length / 3)] ?? 0).toISOString().slice(0, 10);
    const until = new Date(times[Math.floor((2 * times.length) / 3)] ?? 0).toISOString().slice(0, 10);
    const expected = all.filter((c) => {
      const t = Date.parse(c.last_modified_at);
      return t >= Date.parse(`${since}T00:00:00Z`) && t < Date.parse(`${until}T00:00:00Z`) + 86_400_000;
    });
    assert.ok(expected.length > 0 && expected.length < all.length);
    server.resetRecording();
    const r = await run(['contracts', '-f', 'jsonl', '--modified-since', since, '--modified-until', until, '--quiet'], env);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(r.stdout.trimEnd().split('\n').map((l) => (JSON.parse(l) as { id: number }).id), expected.map((c) => c.id));
    for (const req of server.requests) {
      assert.equal(req.query.last_modified_at__gte, `${since}T00:00:00Z`);
      assert.equal(req.query.last_modified_at__lte, `${until}T23:59:59.999999Z`);
    }
    // A date and time with its zone is sent as given.
    server.resetRecording();
    const at = await run(['contracts', '-f', 'jsonl', '--modified-since', `${since}T10:30:00+02:00`, '--quiet'], env);
    assert.equal(at.code, 0, at.stderr);
    assert.equal(server.requests[0]?.query.last_modified_at__gte, `${since}T10:30:00+02:00`);
  });

  it('--include-deleted adds the deleted contracts after the others, as stubs; with --modified-since, those deleted since', async () => {
    const before = server.dataset.contracts().map((c) => c.id);
    const gone = [before[5], before[17]].filter((id): id is number => id !== undefined);
    const cutoff = new Date().toISOString();
    await new Promise((resolve) => setTimeout(resolve, 5));
    server.dataset.removeContracts(gone);
    const active = server.dataset.contracts().map((c) => c.id);
    const deleted = server.dataset.deletedContracts().map((c) => c.id);
    const all = await run(['contracts', '-f', 'jsonl', '--include-deleted', '--quiet'], env);
    assert.equal(all.code, 0, all.stderr);
    const rows = all.stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as { id: number; is_deleted?: unknown; deleted_at?: unknown; client_name?: unknown });
    assert.deepEqual(rows.map((c) => c.id), [...active, ...deleted]);
    for (const stub of rows.slice(active.length)) {
      assert.equal(stub.is_deleted, true);
      assert.equal(typeof stub.deleted_at, 'string');
      assert.equal(stub.client_name, undefined, 'a stub, as Campfire sends it');
    }
    // Modified (or deleted) since the cutoff, as CSV with the contracts' columns: the deletions just made are among them.
    const since = (c: { last_modified_at: string }) => Date.parse(c.last_modified_at) >= Date.parse(cutoff);
    const expected = [...server.dataset.contracts().filter(since), ...server.dataset.deletedContracts().filter(since)].map((c) => c.id);
    const recent = await run(['contracts', '--include-deleted', '--modified-since', cutoff, '--quiet'], env);
    assert.equal(recent.code, 0, recent.stderr);
    const lines = recent.stdout.trimEnd().split('\r\n');
    assert.match(lines[0] ?? '', /^id,entity_name,/);
    assert.deepEqual(lines.slice(1).map((l) => Number(l.split(',')[0])), expected);
    assert.deepEqual(expected.slice(-gone.length), gone);
  });

  it('a contract deleted between the active and the deleted listing is written once, and the run exits 5 saying so', async () => {
    const victim = server.dataset.contracts()[2]?.id;
    assert.ok(victim !== undefined);
    const off = server.onRequest((r) => {
      if (r.query.include_deleted === 'true' && server.dataset.contract(victim)) server.dataset.removeContracts([victim]);
    });
    const r = await run(['contracts', '-f', 'jsonl', '--include-deleted', '--quiet'], env);
    off();
    assert.equal(r.code, 5, r.stderr);
    const ids = r.stdout.trimEnd().split('\n').map((l) => (JSON.parse(l) as { id: number }).id);
    assert.equal(ids.filter((id) => id === victim).length, 1, 'once');
    assert.deepEqual(new Set(ids), new Set([...server.dataset.contracts(), ...server.dataset.deletedContracts()].map((c) => c.id)));
    assert.match(r.stderr, /warning: Campfire's data changed while it was read: \d+ rows at the start/);
  });

  it('bad dates and filters on lists that take none are usage errors that say what is wrong', async () => {
    const commit = smallCommit(server.dataset);
    assert.ok(commit);
    const cases: [string[], RegExp][] = [
      [['contracts', '--modified-since', 'yesterday'], /--modified-since must be a date \(2026-11-01\) or a date and time with a time zone/],
      [['contracts', '--modified-since', '2026-02-30'], /--modified-since: 2026-02-30 is not a day of the calendar/],
      [['contracts', '--modified-until', '2026-11-01T25:00:00Z'], /--modified-until: 2026-11-01T25:00:00Z is not a moment of the calendar/],
      [['contracts', '--modified-since', '2026-11-01T09:30'], /--modified-since 2026-11-01T09:30 has no time zone: end it with Z \(UTC\) or an offset/],
      [['contracts', '--modified-since', '2026-11-02', '--modified-until', '2026-11-01'], /--modified-since 2026-11-02 is after --modified-until 2026-11-01/],
      [['prepaid-commits', '--contract', String(commit.contractId), '--include-deleted'], /--include-deleted is for contracts only: Campfire lists prepaid commits with no such filter/],
      [['usage-events', '--contract', String(commit.contractId), '--commit', String(commit.commitId), '--modified-since', '2026-11-01'], /--modified-since is for contracts only/],
      [['contracts', '--quiet', '--verbose'], /--quiet and --verbose ask for opposite things/],
    ];
    server.resetRecording();
    for (const [args, message] of cases) {
      const r = await run(args, env);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, /^campfire-export: [^\n]+ \(see campfire-export --help\)\n$/, args.join(' '));
      assert.match(r.stderr, message, args.join(' '));
    }
    assert.equal(server.requests.length, 0, 'refused before any request');
  });

  it('--help has EXAMPLES that say which server they read, and documents the new options', async () => {
    const r = await run(['--help']);
    assert.equal(r.code, 0);
    const examples = r.stdout.slice(r.stdout.indexOf('\nExamples'));
    assert.match(examples, /^\nExamples \(without --base-url or CAMPFIRE_BASE_URL, each reads Campfire's production API,\nhttps:\/\/api\.meetcampfire\.com\):/);
    const commands = examples.split('\n').filter((l) => l.trimStart().startsWith('campfire-export '));
    assert.ok(commands.length >= 4);
    assert.ok(commands.some((l) => l.includes('--base-url')));
    for (const s of ['-o, --output FILE', '-f, --format csv|tsv|xlsx|parquet|json|jsonl', '--modified-since DATE', '--modified-until DATE', '--include-deleted', '--verbose', 'CAMPFIRE_API_TOKEN_FILE']) {
      assert.ok(r.stdout.includes(s), s);
    }
  });

  it('errors name the request (method and path) only with --verbose, which also says each request', async () => {
    const plain = await run(['prepaid-commits', '--contract', '999999'], env);
    assert.equal(plain.code, 1);
    assert.equal(plain.stderr, 'campfire-export: Not found (404): Not found. — prepaid commits of contract 999999\n');
    const verbose = await run(['prepaid-commits', '--contract', '999999', '--verbose'], env);
    assert.equal(verbose.code, 1);
    const lines = verbose.stderr.trimEnd().split('\n');
    assert.match(lines[0] ?? '', /^campfire-export: GET \/rr\/api\/v1\/contracts\/999999\/prepaid-commits\?limit=\d+&offset=0 404 \d+ms attempt 1/);
    assert.match(lines.at(-1) ?? '', /— prepaid commits of contract 999999 \(GET \/rr\/api\/v1\/contracts\/999999\/prepaid-commits\?limit=\d+&offset=0\)$/);
    const ok = await run(['contracts', '-o', path.join(dir, 'v.csv'), '--verbose'], env);
    assert.equal(ok.code, 0, ok.stderr);
    assert.match(ok.stderr, /^campfire-export: GET \/rr\/api\/v1\/contracts\?limit=\d+&offset=0 200 /);
    // A server that cannot be reached: the endpoint, no path.
    const refused = await run(['contracts', '--base-url', 'http://127.0.0.1:9'], { CAMPFIRE_API_TOKEN: KEY });
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /^campfire-export: Could not reach Campfire \([A-Z]+\) — contracts\n$/);
  });

  it('the key from CAMPFIRE_API_TOKEN_FILE; a missing or empty file, or both variables, are said, never the key', async () => {
    const file = path.join(dir, 'api-key');
    fs.writeFileSync(file, `${KEY}\n`, { mode: 0o600 });
    const base = { CAMPFIRE_BASE_URL: server.url };
    const ok = await run(['contracts', '-f', 'jsonl', '--quiet'], { ...base, CAMPFIRE_API_TOKEN_FILE: file });
    assert.equal(ok.code, 0, ok.stderr);
    assert.equal(ok.stdout.trimEnd().split('\n').length, server.dataset.contracts().length);
    const missing = await run(['contracts'], { ...base, CAMPFIRE_API_TOKEN_FILE: path.join(dir, 'nope') });
    assert.equal(missing.code, 3);
    assert.equal(missing.stderr, `campfire-export: cannot read the API key from CAMPFIRE_API_TOKEN_FILE (${path.join(dir, 'nope')}): ENOENT\n`);
    const emptyFile = path.join(dir, 'empty-key');
    fs.writeFileSync(emptyFile, '\n');
    const empty = await run(['contracts'], { ...base, CAMPFIRE_API_TOKEN_FILE: emptyFile });
    assert.equal(empty.code, 3);
    assert.match(empty.stderr, /CAMPFIRE_API_TOKEN_FILE \(.*empty-key\) is empty/);
    const wrongFile = path.join(dir, 'wrong-key');
    fs.writeFileSync(wrongFile, 'wrong-key-5150\n');
    const wrong = await run(['contracts'], { ...base, CAMPFIRE_API_TOKEN_FILE: wrongFile });
    assert.equal(wrong.code, 3);
    assert.match(wrong.stderr, /401/);
    assert.doesNotMatch(wrong.stderr, /wrong-key-5150/);
    const both = await run(['contracts'], { ...base, CAMPFIRE_API_TOKEN: KEY, CAMPFIRE_API_TOKEN_FILE: file });
    assert.equal(both.code, 2);
    assert.match(both.stderr, /CAMPFIRE_API_TOKEN and CAMPFIRE_API_TOKEN_FILE are both set: set one/);
  });
});
