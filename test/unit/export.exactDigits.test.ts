// Every digit kept, end to end: a page whose `data` and unknown fields hold numbers a double would
// round (a 64-bit id, one past INT64's minimum, a 20-digit decimal, 1e400) is exported in every
// format and read back with independent readers: the CSV and JSON text, exceljs, hyparquet and
// DuckDB (Parquet's JSON columns keep an INT64-sized integer a number, anything else its digits
// as a JSON string). A schema field holding such a number fails the export, naming the field.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import ExcelJS from 'exceljs';
import { CampfireClient } from '../../src/api/client';
import { CampfireSchemaError } from '../../src/api/errors';
import { runExport, type ExportRequest } from '../../src/export/runner';
import type { ExportFormat } from '../../src/export/formats';
import { startInlineServer, type InlineServer } from './support/inlineServer';

const KEY = 'exact-digits-key';

/** The literals as Campfire sends them, and what each must read back as. */
const EXACT = {
  order_id: '12345678901234567890',
  below_int64: '-9223372036854775809',
  rate: '0.12345678901234567891',
  huge: '1e400',
  snowflake: '9007199254740993',
} as const;

function event(i: number): Record<string, unknown> {
  return {
    id: 500 + i,
    prepaid_commit: 77,
    consumption: null,
    external_id: `ev-${i}`,
    event_date: '2026-03-05',
    period_month: '2026-03-01',
    total_revenue_dollars: 12.5,
    total_events: 3,
    data: { team: `t${i}`, ...Object.fromEntries(Object.keys(EXACT).map((k) => [k, `@${k}@`])) },
    adjustment_date: null,
    is_adjustment: false,
    original_period_month: null,
    created_at: '2026-03-31T12:00:00Z',
    wide_id: '@order_id@',
  };
}

/** A stand-in Campfire whose page text carries the literals as they are (JSON.stringify could not write them). */
async function serve(records: Record<string, unknown>[], body: (text: string) => string = (t) => t): Promise<InlineServer> {
  return startInlineServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const offset = Number(url.searchParams.get('offset') ?? 0);
    const limit = Number(url.searchParams.get('limit') ?? 100);
    let text = JSON.stringify({ count: records.length, next: null, previous: null, results: records.slice(offset, offset + limit) });
    for (const [k, literal] of Object.entries(EXACT)) text = text.replaceAll(`"@${k}@"`, literal);
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(body(text));
  });
}

describe('numbers a double would round, in every export format', () => {
  let dir: string;
  let stand: InlineServer;
  let client: CampfireClient;
  const records = [event(0), event(1), event(2)];

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'campfire-exact-'));
    stand = await serve(records);
    client = new CampfireClient({ baseUrl: stand.url, getApiKey: () => KEY, random: () => 0 });
  });
  after(async () => {
    await client.close();
    await stand.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  async function exportAs(format: ExportFormat, over: Partial<ExportRequest> = {}): Promise<string> {
    const target = path.join(dir, `events.${format}`);
    await runExport(client, { resource: 'usageEvents', contractId: 12, commitId: 77, format, target, pageSize: 2, concurrency: 2, ...over });
    return target;
  }

  async function duck<T>(fn: (query: (sql: string) => Promise<Record<string, unknown>[]>) => Promise<T>): Promise<T> {
    const { DuckDBInstance } = await import('@duckdb/node-api');
    const db = await DuckDBInstance.create(':memory:');
    const connection = await db.connect();
    try {
      return await fn(async (sql) => (await connection.runAndReadAll(sql)).getRowObjectsJson());
    } finally {
      connection.closeSync();
      db.closeSync();
    }
  }

  it('CSV: the digits as sent, unquoted and unguarded, in their data columns (read by DuckDB as text)', async () => {
    const target = await exportAs('csv');
    const rows = await duck((q) => q(`SELECT * FROM read_csv('${target}', all_varchar = true, header = true)`));
    assert.equal(rows.length, records.length);
    for (const row of rows) {
      for (const [k, literal] of Object.entries(EXACT)) assert.equal(row[`data.${k}`], literal, k);
      assert.equal(row.wide_id, EXACT.order_id);
    }
    // Not quoted, no apostrophe before the minus sign: a number, not a formula.
    assert.match(fs.readFileSync(target, 'utf8'), /,-9223372036854775809,0\.12345678901234567891,1e400,9007199254740993,/);
  });

  for (const format of ['json', 'jsonl'] as const) {
    it(`${format}: every literal written back as a number, as sent`, async () => {
      const text = fs.readFileSync(await exportAs(format), 'utf8');
      for (const [k, literal] of Object.entries(EXACT)) {
        assert.equal(text.split(`"${k}":${literal}`).length - 1, records.length, `${k} as ${literal}`);
      }
      assert.equal(text.split(`"wide_id":${EXACT.order_id}`).length - 1, records.length);
    });
  }

  it('XLSX: each such number is a text cell holding every digit (exceljs)', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(await exportAs('xlsx'));
    const ws = wb.worksheets[0] as ExcelJS.Worksheet;
    const header = (ws.getRow(1).values as unknown[]).slice(1).map(String);
    for (let r = 2; r <= records.length + 1; r++) {
      for (const [k, literal] of Object.entries(EXACT)) {
        const cell = ws.getRow(r).getCell(header.indexOf(`data.${k}`) + 1);
        assert.equal(cell.type, ExcelJS.ValueType.String, `${k} is text`);
        assert.equal(cell.value, literal);
      }
      assert.equal(ws.getRow(r).getCell(header.indexOf('wide_id') + 1).value, EXACT.order_id);
    }
  });

  it('Parquet: `data` and `extra` JSON with every digit (hyparquet); DuckDB reads the text, and INT64 where it fits', async () => {
    const target = await exportAs('parquet');
    const { asyncBufferFromFile, parquetReadObjects } = await import('hyparquet');
    // The JSON columns as their text: hyparquet's own JSON.parse would round what the file holds.
    const rows = await parquetReadObjects({ file: await asyncBufferFromFile(target), parsers: { jsonFromBytes: (b: Uint8Array) => new TextDecoder().decode(b) } });
    assert.equal(rows.length, records.length);
    // INT64-sized integers stay JSON numbers; the rest are JSON strings of their digits.
    for (const row of rows) {
      assert.equal(
        row.data,
        `{"team":"${String(row.data).slice(9, 11)}","order_id":"12345678901234567890","below_int64":"-9223372036854775809","rate":"0.12345678901234567891","huge":"1e400","snowflake":9007199254740993}`,
      );
      assert.equal(row.extra, `{"wide_id":"${EXACT.order_id}"}`);
    }
    const read = await duck((q) =>
      q(`SELECT data->>'order_id' AS order_id, data->>'below_int64' AS below, data->>'rate' AS rate, (data->>'snowflake')::BIGINT AS snowflake, (data->>'order_id')::HUGEINT AS order_hugeint, extra->>'wide_id' AS wide FROM read_parquet('${target}')`),
    );
    for (const r of read) {
      assert.equal(r.order_id, EXACT.order_id);
      assert.equal(r.below, EXACT.below_int64);
      assert.equal(r.rate, EXACT.rate);
      assert.equal(String(r.snowflake), EXACT.snowflake);
      assert.equal(String(r.order_hugeint), EXACT.order_id);
      assert.equal(r.wide, EXACT.order_id);
    }
  });

  it('a schema field (an amount, an id) holding such a number fails the export naming the field; nothing is written', async () => {
    const loud = await serve([event(0)], (t) => t.replace('"total_revenue_dollars":12.5', `"total_revenue_dollars":${EXACT.rate}`).replace('"total_events":3', `"total_events":${EXACT.snowflake}`));
    const c = new CampfireClient({ baseUrl: loud.url, getApiKey: () => KEY, random: () => 0 });
    const target = path.join(dir, 'loud.csv');
    try {
      await assert.rejects(runExport(c, { resource: 'usageEvents', contractId: 12, commitId: 77, format: 'csv', target, pageSize: 2, concurrency: 1 }), (e: unknown) => {
        assert.ok(e instanceof CampfireSchemaError, String(e));
        assert.match(e.message, /total_revenue_dollars \(row 1\): expected number, received number 0\.12345678901234567891, which a double cannot hold without rounding/);
        assert.deepEqual(
          e.issues.map((i) => [i.path, i.received]),
          [
            ['results[0].total_revenue_dollars (row 1)', 'number 0.12345678901234567891, which a double cannot hold without rounding'],
            ['results[0].total_events (row 1)', 'number 9007199254740993, which a double cannot hold without rounding'],
          ],
        );
        return true;
      });
      assert.equal(fs.existsSync(target), false);
    } finally {
      await c.close();
      await loud.close();
    }
  });
});
