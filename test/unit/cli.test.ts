// campfire-export from a terminal: the built dist/cli.js run as a child process against the
// local Campfire server (npm test builds before the unit tests run).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { SampleDataset } from '../../src/sampleServer/dataset';
import { startSampleServer, type SampleServer } from '../../src/sampleServer/server';
import { CLI, interruptCli as interrupt, runCli as run } from './support/cliProcess';
import { FaultPlan } from './support/faults';
import { json, startInlineServer } from './support/inlineServer';
import ExcelJS from 'exceljs';
import { execFile } from 'node:child_process';
import { PassThrough } from 'node:stream';
import { main } from '../../src/export/cli';
import { expectedXlsxCell, sameXlsxCell, valueUnder } from './support/exportExpect';

const KEY = 'cli-test-key';

describe('campfire-export CLI', () => {
  let server: SampleServer;
  const faults = new FaultPlan();
  let dir: string;
  let env: Record<string, string>;

  before(async () => {
    assert.ok(fs.existsSync(CLI), `build first: ${CLI} is missing`);
    server = await startSampleServer({ token: KEY, seed: 4, forbiddenTokens: ['no-rr-role'], faults });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'campfire-cli-test-'));
    env = { CAMPFIRE_API_TOKEN: KEY, CAMPFIRE_BASE_URL: server.url };
  });
  after(() => server.close());

  it('--help documents resources, options, the key variable and exit codes', async () => {
    const r = await run(['--help']);
    assert.equal(r.code, 0);
    for (const s of ['usage-events --contract ID --commit ID', '--format csv|tsv|xlsx|parquet|json|jsonl', 'CAMPFIRE_API_TOKEN', 'Exit codes']) assert.ok(r.stdout.includes(s), s);
  });

  it('--version and the User-Agent carry package.json\'s version', async () => {
    const { version } = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../../package.json'), 'utf8')) as { version: string };
    const v = await run(['--version']);
    assert.equal(v.code, 0, v.stderr);
    assert.equal(v.stdout, `campfire-export ${version}\n`);
    server.resetRecording();
    const r = await run(['tier-price-overrides', '--contract', String(server.dataset.wellKnown.contractWithOverrides), '--quiet'], env);
    assert.equal(r.code, 0, r.stderr);
    assert.ok(server.requests.length > 0);
    for (const req of server.requests) assert.ok(req.userAgent?.startsWith(`campfire-export/${version} (Node `), req.userAgent);
  });

  it('contracts as JSON Lines to standard output', async () => {
    const r = await run(['contracts', '--format', 'jsonl', '--quiet'], env);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, '');
    const ids = r.stdout.trimEnd().split('\n').map((l) => (JSON.parse(l) as { id: number }).id);
    assert.deepEqual(ids, server.dataset.contracts().map((c) => c.id));
  });

  it('prepaid commits as JSON to a file (--base-url instead of the environment), with a summary on standard error', async () => {
    const contractId = server.dataset.wellKnown.contractWithManyCommits;
    const out = path.join(dir, 'commits.json');
    const ok = await run(['prepaid-commits', '--contract', String(contractId), '--format', 'json', '--out', out, '--base-url', server.url], { CAMPFIRE_API_TOKEN: KEY });
    assert.equal(ok.code, 0, ok.stderr);
    assert.match(ok.stderr, new RegExp(`${server.dataset.prepaidCommits(contractId).length} rows to ${out.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    assert.deepEqual((JSON.parse(fs.readFileSync(out, 'utf8')) as { id: number }[]).map((c) => c.id), server.dataset.prepaidCommits(contractId).map((c) => c.id));
  });

  it('tier price overrides and usage events as CSV with a header', async () => {
    const ov = server.dataset.wellKnown.contractWithOverrides;
    const r1 = await run(['tier-price-overrides', '--contract', String(ov), '--quiet'], env);
    assert.equal(r1.code, 0, r1.stderr);
    const lines = r1.stdout.trimEnd().split('\r\n');
    assert.match(lines[0] ?? '', /^id,tier,tier_name,/);
    assert.equal(lines.length - 1, server.dataset.tierPriceOverrides(ov).length);
    const c = server.dataset.contracts().find((x) => server.dataset.prepaidCommits(x.id).some((p) => { const n = server.dataset.usageEventCount(x.id, p.id); return n > 0 && n < 3000; }));
    assert.ok(c);
    const commit = server.dataset.prepaidCommits(c.id).find((p) => { const n = server.dataset.usageEventCount(c.id, p.id); return n > 0 && n < 3000; });
    assert.ok(commit);
    const r2 = await run(['usage-events', '--contract', String(c.id), '--commit', String(commit.id), '--page-size', '250', '--quiet'], env);
    assert.equal(r2.code, 0, r2.stderr);
    assert.match(r2.stdout, /^id,prepaid_commit,consumption,external_id,event_date,period_month,total_revenue_dollars,total_events,data\.team_id/);
  });

  it('usage errors exit 2 with one clear line that points to --help', async () => {
    const cases: [string[], RegExp][] = [
      [['nothing'], /unknown resource "nothing"/],
      [['usage-events', '--contract', '1'], /needs --commit ID/],
      [['contracts', '--format', 'xml'], /--format must be csv, tsv, xlsx, parquet, json or jsonl/],
      [['contracts', '--format', 'xlsx', '--bom'], /--bom is for --format csv only/],
      [['prepaid-commits'], /needs --contract ID/],
      [['contracts', '--page-size', '0'], /--page-size must be a positive whole number/],
      [['contracts', '--bogus'], /unknown option --bogus/],
      [['contracts', '--base-url', 'http://campfire.example.com'], /--base-url must use https/],
      [['contracts', '--base-url', 'api.meetcampfire.com'], /--base-url "api\.meetcampfire\.com" is not a URL/],
    ];
    for (const [args, message] of cases) {
      const r = await run(args, env);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, /^campfire-export: [^\n]+ \(see campfire-export --help\)\n$/, args.join(' '));
      assert.match(r.stderr, message, args.join(' '));
    }
    // The same checks apply to the base URL from the environment, named as such, even without a key.
    const fromEnv = await run(['contracts'], { CAMPFIRE_BASE_URL: 'http://10.0.0.5:8080' });
    assert.equal(fromEnv.code, 2, fromEnv.stderr);
    assert.match(fromEnv.stderr, /^campfire-export: CAMPFIRE_BASE_URL must use https:\/\/[^\n]*\n$/);
  });

  it('SIGINT and SIGTERM cancel an export to a file: no temporary file, no target, exit 128 + signal, one line', async () => {
    // Slow pages keep the export running long after the signal is sent.
    faults.set({ latencyMs: 150 });
    try {
      const { contractId, commitId } = server.dataset.wellKnown.commitWith100kEvents;
      for (const [signal, code, format] of [['SIGINT', 130, 'csv'], ['SIGTERM', 143, 'jsonl']] as const) {
        const where = fs.mkdtempSync(path.join(dir, 'interrupted-'));
        const out = path.join(where, `events.${format}`);
        const args = ['usage-events', '--contract', String(contractId), '--commit', String(commitId), '--page-size', '100', '--format', format, '--out', out];
        const r = await interrupt(args, env, where, [signal]);
        assert.equal(r.killedBy, null, `${signal} killed the process instead of cancelling the export`);
        assert.equal(r.code, code, r.stderr);
        assert.deepEqual(fs.readdirSync(where), [], signal);
        assert.match(r.stderr, new RegExp(`^campfire-export: interrupted by ${signal}; [^\\n]*was not written\\n$`));
      }
    } finally {
      faults.set({});
    }
  });

  it('data that changes while it is read: exit 5 and a warning in numbers even with --quiet, the file kept; --allow-changes exits 0', async () => {
    const n = (v: number) => v.toLocaleString('en-US');
    const before = server.dataset.contracts().length;
    const added: number[] = [];
    let armed = true;
    // Three contracts appended once the first page is out: the count grows while the export runs.
    const stop = server.onRequest((r) => {
      if (armed && r.query.offset !== undefined && r.query.offset !== '0') {
        armed = false;
        added.push(...server.dataset.insertContracts(3, server.dataset.contracts().length).map((c) => c.id));
      }
    });
    try {
      const out = path.join(dir, 'changed.csv');
      const r = await run(['contracts', '--out', out, '--page-size', '20', '--quiet'], env);
      assert.equal(r.code, 5, r.stderr);
      assert.equal(r.stderr, `campfire-export: warning: Campfire's data changed while it was read: ${n(before)} rows at the start, ${n(before + 3)} at the end, ${n(before + 3)} written (every row that existed throughout, once, and rows added meanwhile); run again for one state, or pass --allow-changes to accept it\n`);
      assert.equal(fs.readFileSync(out, 'utf8').trimEnd().split('\n').length, 1 + before + 3, 'the file holds every row');
      server.dataset.removeContracts(added.splice(0));
      armed = true;
      const allowed = await run(['contracts', '--out', out, '--page-size', '20', '--quiet', '--allow-changes'], env);
      assert.equal(allowed.code, 0, allowed.stderr);
      assert.match(allowed.stderr, /warning: Campfire's data changed while it was read/);
    } finally {
      stop();
      server.dataset.removeContracts(added);
    }
  });

  it('warns once on standard error for each enum value it does not know, and still exports the record as sent', async () => {
    // The sample server only sends documented values; this one sends contracts from a newer Campfire.
    const contracts = new SampleDataset({ seed: 4, contracts: 6, hostile: false }).contracts().map((c, i) => ({
      ...c,
      status: ['FOO', 'ACTIVE', 'FOO', 'BAR\u001b[31m', 'ACTIVE', 'FOO'][i] ?? 'ACTIVE',
      billing_frequency: i === 1 ? 'fortnightly' : 'monthly',
    }));
    const newer = await startInlineServer((_req, res) => json(res, 200, { count: contracts.length, next: null, previous: null, results: contracts }));
    try {
      const r = await run(['contracts', '--format', 'jsonl'], { CAMPFIRE_API_TOKEN: KEY, CAMPFIRE_BASE_URL: newer.url });
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual((r.stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as { status: string })).map((c) => c.status), contracts.map((c) => c.status));
      const warnings = r.stderr.split('\n').filter((l) => l.includes('warning'));
      assert.deepEqual(warnings.sort(), [
        'campfire-export: warning: Campfire sent an unknown billing frequency "fortnightly" (kept as sent)',
        'campfire-export: warning: Campfire sent an unknown contract status "BAR\\u001b[31m" (kept as sent)',
        'campfire-export: warning: Campfire sent an unknown contract status "FOO" (kept as sent)',
      ]);
      const quiet = await run(['contracts', '--format', 'jsonl', '--quiet'], { CAMPFIRE_API_TOKEN: KEY, CAMPFIRE_BASE_URL: newer.url });
      assert.equal(quiet.code, 0, quiet.stderr);
      assert.equal(quiet.stderr, '');
    } finally {
      await newer.close();
    }
  });

  it('no key, a wrong key and a key without permission exit 3; the key is never printed', async () => {
    const none = await run(['contracts'], { CAMPFIRE_BASE_URL: server.url });
    assert.equal(none.code, 3);
    assert.match(none.stderr, /CAMPFIRE_API_TOKEN/);
    const wrong = await run(['contracts'], { CAMPFIRE_API_TOKEN: 'wrong-key-4242', CAMPFIRE_BASE_URL: server.url });
    assert.equal(wrong.code, 3);
    assert.match(wrong.stderr, /401/);
    assert.doesNotMatch(wrong.stderr + wrong.stdout, /wrong-key-4242/);
    const role = await run(['contracts'], { CAMPFIRE_API_TOKEN: 'no-rr-role', CAMPFIRE_BASE_URL: server.url });
    assert.equal(role.code, 3);
    assert.match(role.stderr, /403/);
  });

  it('other failures exit 1: not found, an unwritable target', async () => {
    const nf = await run(['prepaid-commits', '--contract', '999999'], env);
    assert.equal(nf.code, 1);
    assert.match(nf.stderr, /Not found \(404\).*contract 999999/);
    const target = await run(['contracts', '--out', path.join(dir, 'missing', 'x.csv')], env);
    assert.equal(target.code, 1);
    assert.match(target.stderr, /Cannot write/);
  });

  it('--format xlsx --out FILE: a workbook whose every cell is the server’s; sheets and cut cells are said on standard error', async () => {
    const ov = server.dataset.wellKnown.contractWithOverrides;
    const out = path.join(dir, 'overrides.xlsx');
    const r = await run(['tier-price-overrides', '--contract', String(ov), '--format', 'xlsx', '--out', out], env);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /rows to .*overrides\.xlsx/);
    assert.doesNotMatch(r.stderr, /sheets|cut/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    const ws = wb.worksheets[0];
    assert.ok(ws);
    const header = (ws.getRow(1).values as unknown[]).slice(1).map(String);
    const records = JSON.parse(JSON.stringify(server.dataset.tierPriceOverrides(ov))) as Record<string, unknown>[];
    assert.equal(ws.rowCount - 1, records.length);
    records.forEach((record, i) => {
      header.forEach((h, c) => {
        const cell = ws.getRow(i + 2).getCell(c + 1).value;
        assert.ok(sameXlsxCell(cell ?? null, expectedXlsxCell(valueUnder(record, h, false))), `row ${i + 1} ${h}`);
      });
    });
    assert.deepEqual(fs.readdirSync(dir).filter((f) => f.includes('.partial')), []);
  });

  it('--format parquet writes to standard output when it is not a terminal, and is refused on a terminal', async () => {
    const bytes = await new Promise<Buffer>((resolve, reject) => {
      execFile(process.execPath, [CLI, 'contracts', '--format', 'parquet', '--quiet'], { env: { PATH: process.env.PATH, ...env }, encoding: 'buffer', maxBuffer: 64 << 20 }, (err, stdout) => {
        if (err) reject(new Error(err.message));
        else resolve(stdout);
      });
    });
    assert.equal(bytes.subarray(0, 4).toString(), 'PAR1');
    assert.equal(bytes.subarray(-4).toString(), 'PAR1');
    const { parquetReadObjects } = await import('hyparquet');
    const rows = await parquetReadObjects({ file: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer });
    assert.deepEqual(rows.map((r) => Number(r.id)), server.dataset.contracts().map((c) => c.id));
    // A terminal would show the bytes: the export is refused before any request, with a usage error.
    for (const format of ['xlsx', 'parquet']) {
      const stdout = Object.assign(new PassThrough(), { isTTY: true }) as unknown as NodeJS.WriteStream;
      const stderr = new PassThrough();
      let said = '';
      stderr.on('data', (d: Buffer) => (said += d.toString()));
      server.resetRecording();
      const code = await main(['contracts', '--format', format], { env, stdout, stderr: stderr as unknown as NodeJS.WriteStream });
      assert.equal(code, 2, said);
      assert.match(said, new RegExp(`--format ${format} writes a binary file: name it with -o FILE`));
      assert.equal(server.requests.length, 0);
    }
  });
});
