// Exports against the local Campfire server: exact rows in every format, faults retried without
// losing or duplicating rows, and no file left behind (or clobbered) when an export fails or is
// cancelled.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { CampfireClient } from '../../src/api/client';
import { CampfireCancelledError, CampfireNotFoundError, CampfireSchemaError } from '../../src/api/errors';
import { runExport, type ExportRequest } from '../../src/export/runner';
import { startSampleServer, type SampleServer } from '../../src/sampleServer/server';
import { FaultPlan } from './support/faults';

const KEY = 'export-test-key';

/** Parses CSV written by the exporter (RFC 4180, CRLF rows). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += ch;
  }
  return rows;
}

describe('export runner against the local Campfire server', () => {
  let server: SampleServer;
  const faults = new FaultPlan();
  let client: CampfireClient;
  let dir: string;

  const base = (over: Partial<ExportRequest>): ExportRequest => ({
    resource: 'contracts',
    format: 'jsonl',
    target: path.join(dir, 'out'),
    pageSize: 50,
    concurrency: 4,
    ...over,
  });
  const leftovers = () => fs.readdirSync(dir).filter((f) => f.includes('.partial'));

  before(async () => {
    server = await startSampleServer({ token: KEY, seed: 21, faults });
    client = new CampfireClient({ baseUrl: server.url, getApiKey: () => KEY, random: () => 0, retry: { maxAttempts: 4 } });
  });
  after(async () => {
    await client.close();
    await server.close();
  });
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'campfire-export-test-'));
    faults.set({});
    server.resetRecording();
  });

  it('contracts as JSON Lines: every record once, in order, as Campfire sent it', async () => {
    const target = path.join(dir, 'contracts.jsonl');
    const result = await runExport(client, base({ target }));
    const lines = fs.readFileSync(target, 'utf8').trimEnd().split('\n');
    const expected = server.dataset.contracts();
    assert.equal(result.rows, expected.length);
    assert.equal(result.difference, 0);
    assert.deepEqual(lines.map((l) => JSON.parse(l) as unknown), JSON.parse(JSON.stringify(expected)) as unknown);
    assert.deepEqual(leftovers(), []);
  });

  it('prepaid commits and tier price overrides as a JSON array match the server', async () => {
    const contractId = server.dataset.wellKnown.contractWithManyCommits;
    const commits = path.join(dir, 'commits.json');
    await runExport(client, base({ resource: 'prepaidCommits', contractId, format: 'json', target: commits }));
    assert.deepEqual(JSON.parse(fs.readFileSync(commits, 'utf8')) as unknown, JSON.parse(JSON.stringify(server.dataset.prepaidCommits(contractId))) as unknown);
    const ov = server.dataset.wellKnown.contractWithOverrides;
    const overrides = path.join(dir, 'overrides.json');
    const r = await runExport(client, base({ resource: 'tierPriceOverrides', contractId: ov, format: 'json', target: overrides }));
    assert.equal(r.rows, server.dataset.tierPriceOverrides(ov).length);
    assert.deepEqual(JSON.parse(fs.readFileSync(overrides, 'utf8')) as unknown, JSON.parse(JSON.stringify(server.dataset.tierPriceOverrides(ov))) as unknown);
  });

  it('TSV: a header and one line per row, and no byte-order mark even when one is asked for (it is CSV’s)', async () => {
    const target = path.join(dir, 'contracts.tsv');
    const result = await runExport(client, base({ format: 'tsv', bom: true, target }));
    const text = fs.readFileSync(target, 'utf8');
    assert.ok(text.startsWith('id\tentity_name\t'), text.slice(0, 40));
    const lines = text.trimEnd().split('\n');
    assert.equal(lines.length - 1, server.dataset.contracts().length);
    assert.equal(result.rows, server.dataset.contracts().length);
    assert.deepEqual(lines.slice(1).map((l) => Number(l.split('\t')[0])), server.dataset.contracts().map((c) => c.id));
  });

  it('an empty list is a valid empty JSON array', async () => {
    const contractId = server.dataset.wellKnown.contractWithNoCommits;
    const target = path.join(dir, 'none.json');
    const r = await runExport(client, base({ resource: 'prepaidCommits', contractId, format: 'json', target }));
    assert.equal(r.rows, 0);
    assert.deepEqual(JSON.parse(fs.readFileSync(target, 'utf8')) as unknown, []);
  });

  it('an empty list as CSV is the header the same export has with rows', async () => {
    const d = server.dataset;
    const headerOf = async (over: Partial<ExportRequest>) => {
      const target = path.join(dir, `${over.resource ?? ''}-${String(over.contractId)}-${String(over.commitId)}.csv`);
      const r = await runExport(client, base({ format: 'csv', target, ...over }));
      const rows = parseCsv(fs.readFileSync(target, 'utf8'));
      return { rows: r.rows, lines: rows.length, header: rows[0] };
    };
    const noOverrides = d.contracts().find((c) => d.tierPriceOverrides(c.id).length === 0);
    assert.ok(noOverrides, 'sample data has a contract without tier price overrides');
    const events = d.contracts().flatMap((c) => d.prepaidCommits(c.id).map((p) => ({ contractId: c.id, commitId: p.id, n: d.usageEventCount(c.id, p.id) }))).find((x) => x.n > 0 && x.n < 500);
    assert.ok(events, 'sample data has a small commit');
    const cases: [Partial<ExportRequest>, Partial<ExportRequest>][] = [
      [{ resource: 'tierPriceOverrides', contractId: noOverrides.id }, { resource: 'tierPriceOverrides', contractId: d.wellKnown.contractWithOverrides }],
      [{ resource: 'prepaidCommits', contractId: d.wellKnown.contractWithNoCommits }, { resource: 'prepaidCommits', contractId: d.wellKnown.contractWithManyCommits }],
      [{ resource: 'usageEvents', ...d.wellKnown.commitWithNoEvents }, { resource: 'usageEvents', contractId: events.contractId, commitId: events.commitId }],
    ];
    for (const [emptyReq, fullReq] of cases) {
      const empty = await headerOf(emptyReq);
      const full = await headerOf(fullReq);
      assert.equal(empty.rows, 0);
      assert.equal(empty.lines, 1, `${String(emptyReq.resource)}: a header row and nothing else`);
      assert.ok(full.rows > 0);
      // Same columns in the same order; only data keys, which need rows to be known, are missing.
      assert.deepEqual(empty.header, full.header?.filter((c) => !c.startsWith('data.')), String(emptyReq.resource));
    }
    assert.deepEqual(leftovers(), []);
  });

  it('usage events as CSV: a header with every data key (even ones first seen late), exact rows and totals', async () => {
    const w = server.dataset.wellKnown.commitWith100kEvents;
    // A small commit keeps the test fast: pick one with a few thousand events.
    const c = server.dataset.contracts().find((x) => server.dataset.prepaidCommits(x.id).some((p) => { const n = server.dataset.usageEventCount(x.id, p.id); return n > 500 && n < 5000; }));
    assert.ok(c, `sample data has a small commit (big one is ${w.commitId})`);
    const commit = server.dataset.prepaidCommits(c.id).find((p) => { const n = server.dataset.usageEventCount(c.id, p.id); return n > 500 && n < 5000; });
    assert.ok(commit);
    const n = server.dataset.usageEventCount(c.id, commit.id);
    const target = path.join(dir, 'events.csv');
    const progress: number[] = [];
    const r = await runExport(client, base({ resource: 'usageEvents', contractId: c.id, commitId: commit.id, format: 'csv', target, bom: true, onProgress: (p) => progress.push(p.rows) }));
    const text = fs.readFileSync(target, 'utf8');
    assert.ok(text.startsWith('\uFEFF'), 'BOM for Excel when asked');
    const rows = parseCsv(text.slice(1));
    const header = rows[0] ?? [];
    const events = server.dataset.usageEvents(c.id, commit.id, 0, n);
    const dataKeys = new Set(events.flatMap((e) => Object.keys(e.data as object)));
    for (const k of dataKeys) assert.ok(header.includes(`data.${k}`), `column data.${k}`);
    assert.ok(header.includes('data.model'), 'a key that first appears a third of the way in has its column');
    assert.equal(rows.length - 1, n);
    assert.equal(r.rows, n);
    const idCol = header.indexOf('id');
    const revCol = header.indexOf('total_revenue_dollars');
    for (let i = 0; i < n; i += 211) {
      assert.equal(rows[i + 1]?.[idCol], String(events[i]?.id));
      assert.equal(rows[i + 1]?.[revCol], String(events[i]?.total_revenue_dollars));
    }
    // The exact decimal sum of the amounts as sent, in units of 10^-12 (no amount has more decimals).
    const units = (text: string) => {
      const [int = '', frac = ''] = text.replace('-', '').split('.');
      assert.ok(frac.length <= 12 && !/e/i.test(text), text);
      return (text.startsWith('-') ? -1n : 1n) * BigInt(int + frac.padEnd(12, '0'));
    };
    const revenue = events.reduce((a, e) => a + units(String(e.total_revenue_dollars ?? 0)), 0n);
    assert.ok(r.totals);
    assert.equal(units(r.totals.revenue), revenue);
    assert.equal(r.totals.events, events.reduce((a, e) => a + (e.total_events ?? 0), 0));
    assert.equal(progress.at(-1), n);
    assert.deepEqual(leftovers(), [], 'no spool or partial file left');
  });

  it('stays exact while 429s, 5xx, resets and truncated bodies are injected', async () => {
    const target = path.join(dir, 'contracts.jsonl');
    // Enough attempts that 30 % faults cannot plausibly exhaust them (0.3^10 per request).
    const patient = new CampfireClient({ baseUrl: server.url, getApiKey: () => KEY, random: () => 0, retry: { maxAttempts: 10 } });
    faults.set({ rate: 0.3, kinds: ['429', '500', '502', '503', 'reset', 'truncated'], retryAfter: '0', seed: 9 });
    const r = await runExport(patient, base({ target, pageSize: 20 })).finally(() => patient.close());
    faults.set({});
    const ids = fs.readFileSync(target, 'utf8').trimEnd().split('\n').map((l) => (JSON.parse(l) as { id: number }).id);
    assert.deepEqual(ids, server.dataset.contracts().map((c) => c.id));
    assert.equal(r.difference, 0);
  });

  it('a schema-breaking record stops the export, names row and field, and leaves no file', async () => {
    const target = path.join(dir, 'broken.csv');
    faults.inject({ path: /\/contracts$/, kind: 'schema', times: 1 });
    await assert.rejects(runExport(client, base({ target, format: 'csv' })), (e: unknown) => {
      assert.ok(e instanceof CampfireSchemaError);
      assert.match(e.message, /results\[\d+\]\.client_name \(row \d+\)/);
      return true;
    });
    assert.equal(fs.existsSync(target), false);
    assert.deepEqual(fs.readdirSync(dir), []);
  });

  it('a failure never clobbers an existing file', async () => {
    const target = path.join(dir, 'keep.jsonl');
    fs.writeFileSync(target, 'previous export\n');
    faults.inject({ path: /\/contracts$/, kind: '503', times: 50 });
    await assert.rejects(runExport(client, base({ target })));
    assert.equal(fs.readFileSync(target, 'utf8'), 'previous export\n');
    assert.deepEqual(leftovers(), []);
  });

  it('cancel stops the requests within a page and leaves nothing', async () => {
    const { contractId, commitId } = server.dataset.wellKnown.commitWith100kEvents;
    const target = path.join(dir, 'cancelled.csv');
    const ctrl = new AbortController();
    faults.set({ latencyMs: 10 });
    await assert.rejects(
      runExport(client, base({ resource: 'usageEvents', contractId, commitId, format: 'csv', target, pageSize: 200, signal: ctrl.signal, onProgress: (p) => p.rows >= 1000 && ctrl.abort() })),
      CampfireCancelledError,
    );
    const sent = server.requests.length;
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(server.requests.length, sent, 'no requests after cancel');
    assert.ok(sent < 20, `only a few pages were requested (${sent})`);
    assert.deepEqual(fs.readdirSync(dir), []);
  });

  it('an unknown commit is a not-found error naming it, and no file is left', async () => {
    const contractId = server.dataset.wellKnown.contractWithManyCommits;
    const target = path.join(dir, 'missing.csv');
    await assert.rejects(runExport(client, base({ resource: 'usageEvents', contractId, commitId: 999_999, format: 'csv', target })), (e: unknown) => {
      assert.ok(e instanceof CampfireNotFoundError);
      assert.match(e.message, /prepaid commit 999999/);
      return true;
    });
    assert.deepEqual(fs.readdirSync(dir), []);
  });

  it('a target that cannot be written fails before any request is made', async () => {
    await assert.rejects(runExport(client, base({ target: path.join(dir, 'no-such-folder', 'x.csv') })), /Cannot write .*the folder does not exist/);
    assert.equal(server.requests.length, 0);
  });
});
