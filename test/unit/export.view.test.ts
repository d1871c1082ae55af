// Export View without VS Code: the rows a view shows, in its order, as records of its visible
// columns (from the rows loaded), written by the export formats' own writers (exact digits,
// formula guard, columns in the view's order) to a file that appears only when complete; and the
// status bar's summary of selected cells.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import * as l10n from '@vscode/l10n';
import ExcelJS from 'exceljs';
import { writeView, type ViewExportRequest } from '../../src/export/viewWriter';
import { ExactNumber } from '../../src/shared/exactNumber';
import { fixedColumns, dataColumn } from '../../src/usageEvents/page/model/columns';
import { RowStore } from '../../src/usageEvents/page/model/rowStore';
import { summarizeCells } from '../../src/usageEvents/page/model/selectionSummary';
import { UsageEventColumns } from '../../src/usageEvents/protocol/cellColumns';
import { parseWebviewToHost } from '../../src/usageEvents/protocol/usageEventsMessages';
import { fieldIndex } from '../../src/usageEvents/protocol/usageEventRow';
import { rowIndexes, ViewRequests } from '../../src/usageEvents/host/viewRequests';
import { viewRecords } from '../../src/usageEvents/host/viewRecords';
import { eventFields, wireRow } from './support/usageEventRows';
import { readCsv } from './support/readCsv';

const fields = eventFields;

const ROWS = [
  wireRow(fields({ id: 101, total_revenue_dollars: 1.5, external_id: 'a', data: [['region', 'eu']] })),
  wireRow(fields({ id: 102, total_revenue_dollars: 20.25, external_id: '=HYPERLINK("x")', data: [['region', 'us'], ['big', new ExactNumber('12345678901234567890123')]] })),
  wireRow(fields({ id: 103, total_revenue_dollars: 3, external_id: 'c', data: [] })),
];

function store(): UsageEventColumns {
  const s = new UsageEventColumns(fieldIndex('period_month'));
  s.append(ROWS);
  return s;
}


describe('Export View', () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'campfire-view-export-'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  const columns = ['total_revenue_dollars', 'data.big', 'external_id', 'id', 'data.region'];
  const order = new Uint32Array([2, 0, 1]);
  const request = (format: ViewExportRequest['format'], name: string): ViewExportRequest => ({ resource: 'usageEvents', format, target: path.join(dir, name), columns });

  it('gives the rows in the view’s order as records of its columns, in its column order', () => {
    const batches = [...viewRecords(store(), order, columns)];
    assert.equal(batches.length, 1);
    const records = batches[0] ?? [];
    assert.deepEqual(records.map((r) => Object.keys(r)), [columns, columns, columns]);
    assert.deepEqual(records.map((r) => r.id), [103, 101, 102]);
    assert.equal(records[0]?.['data.region'], undefined, 'a data key the row lacks is absent');
    assert.equal((records[2]?.['data.big'] as ExactNumber).text, '12345678901234567890123');
  });

  it('refuses a row that is not loaded and a column the rows do not have', () => {
    assert.throws(() => [...viewRecords(store(), new Uint32Array([3]), columns)], /not loaded/);
    assert.throws(() => [...viewRecords(store(), order, ['data.nope'])], /no column/);
  });

  it('writes CSV with the view’s columns and rows in order, exact digits and the formula guard', async () => {
    const r = request('csv', 'view.csv');
    const result = await writeView(r, viewRecords(store(), order, columns));
    assert.equal(result.rows, 3);
    const cells = await readCsv(r.target);
    assert.deepEqual(cells[0], columns);
    assert.deepEqual(cells.slice(1).map((row) => row[3]), ['103', '101', '102']);
    assert.deepEqual(cells[3], ['20.25', '12345678901234567890123', `'=HYPERLINK("x")`, '102', 'us']);
    assert.deepEqual(cells[1], ['3', '', 'c', '103', '']);
  });

  it('writes XLSX whose header and cells are the view’s, typed', async () => {
    const r = request('xlsx', 'view.xlsx');
    await writeView(r, viewRecords(store(), order, columns));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(r.target);
    const sheet = wb.worksheets[0];
    assert.ok(sheet);
    const row = (n: number) => columns.map((_, c) => sheet.getRow(n).getCell(c + 1).value ?? null);
    assert.deepEqual(row(1), columns);
    assert.deepEqual(row(2), [3, null, 'c', 103, null]);
    assert.deepEqual(row(3), [1.5, null, 'a', 101, 'eu']);
    assert.deepEqual([row(4)[0], row(4)[3], row(4)[4]], [20.25, 102, 'us']);
  });

  it('writes Parquet with the view’s columns, in order, and JSON Lines of flat records', async () => {
    const p = request('parquet', 'view.parquet');
    await writeView(p, viewRecords(store(), order, columns));
    const { asyncBufferFromFile, parquetReadObjects } = await import('hyparquet');
    const rows = await parquetReadObjects({ file: await asyncBufferFromFile(p.target) });
    assert.deepEqual(Object.keys(rows[0] ?? {}), columns);
    assert.deepEqual(rows.map((x: Record<string, unknown>) => x.id), [103n, 101n, 102n]);
    const j = request('jsonl', 'view.jsonl');
    await writeView(j, viewRecords(store(), order, columns));
    const lines = fs.readFileSync(j.target, 'utf8').trim().split('\n');
    assert.equal(lines[2], '{"total_revenue_dollars":20.25,"data.big":12345678901234567890123,"external_id":"=HYPERLINK(\\"x\\")","id":102,"data.region":"us"}');
  });

  it('leaves no file when writing fails part way', async () => {
    const r = request('csv', 'failed.csv');
    function* failing(): Generator<Record<string, unknown>[]> {
      yield [{ id: 1 }];
      throw new Error('rows reloaded');
    }
    await assert.rejects(writeView(r, failing()), /rows reloaded/);
    assert.deepEqual(fs.readdirSync(dir).filter((f) => f.startsWith('failed') || f.includes('.tmp')), []);
  });

  it('carries the view’s rows as bytes the panel reads back as row indexes, checked', () => {
    const rows = new Uint32Array([5, 0, 70000]);
    const message = parseWebviewToHost({ type: 'view', id: 1, generation: 2, rows: new Uint8Array(rows.buffer), columns: ['id'], filtered: true, sorted: false });
    assert.equal(message.type, 'view');
    assert.deepEqual([...rowIndexes((message as { rows: Uint8Array }).rows)], [5, 0, 70000]);
    assert.throws(() => rowIndexes(new Uint8Array(3)), /whole row indexes/);
    assert.throws(() => parseWebviewToHost({ type: 'view', id: 1, generation: 2, rows: [1, 2], columns: ['id'], filtered: true, sorted: false }));
  });

  it('says what went wrong between the panel and its page in the user’s language', async () => {
    // A bundle as VS Code hands it over (src/core/sharedL10n.ts): English source text → translation.
    // A string with a comment for translators is keyed "message/comment".
    l10n.config({
      contents: {
        'Row {0} of the view is not loaded ({1} rows are)/Export View: the panel’s page named a row the panel does not hold': 'Zeile {0} der Ansicht ist nicht geladen ({1} Zeilen sind es)',
        'The loaded rows have no column {0}/Export View: a column the panel shows is not among the rows it holds; {0} is its name, quoted': 'Die geladenen Zeilen haben keine Spalte {0}',
        'The usage-events panel named its rows unreadably (not whole row indexes)/Export View: the panel’s page sent row numbers that cannot be read': 'Das Panel hat seine Zeilen unlesbar genannt',
        'The usage-events panel did not say which rows it shows; export the view again': 'Das Panel hat nicht gesagt, welche Zeilen es zeigt; exportieren Sie die Ansicht erneut',
      },
    });
    try {
      assert.throws(() => [...viewRecords(store(), new Uint32Array([3]), columns)], { message: 'Zeile 3 der Ansicht ist nicht geladen (3 Zeilen sind es)' });
      assert.throws(() => [...viewRecords(store(), order, ['data.nope'])], { message: 'Die geladenen Zeilen haben keine Spalte "data.nope"' });
      assert.throws(() => rowIndexes(new Uint8Array(3)), { message: 'Das Panel hat seine Zeilen unlesbar genannt' });
      // A page that never answers: the question ends with the error, once its wait is over.
      const posted: unknown[] = [];
      await assert.rejects(new ViewRequests(1).request((m) => posted.push(m)), { message: 'Das Panel hat nicht gesagt, welche Zeilen es zeigt; exportieren Sie die Ansicht erneut' });
      assert.equal(posted.length, 1, 'the page was asked');
    } finally {
      l10n.config({ contents: {} });
    }
  });
});

describe('selection summary', () => {
  it('counts the cells, sums the numbers exactly and averages them; ids and dates are not added up', () => {
    const s = new RowStore();
    s.append(ROWS);
    const cols = fixedColumns();
    const byId = (id: string) => cols.find((c) => c.id === id) ?? dataColumn(id.slice(5));
    const summary = summarizeCells(s, [0, 1, 2], [byId('id'), byId('total_revenue_dollars'), byId('event_date')]);
    assert.deepEqual(summary, { cells: 9, numbers: 3, sum: '24.75', average: 8.25 });
    assert.deepEqual(summarizeCells(s, [0], [byId('external_id')]), { cells: 1, numbers: 0, sum: null, average: null });
    const tenths = new RowStore();
    tenths.append([0.1, 0.2, 0.7].map((v, i) => wireRow(fields({ id: i, total_revenue_dollars: v }))));
    assert.equal(summarizeCells(tenths, [0, 1, 2], [byId('total_revenue_dollars')]).sum, '1', 'exact decimal, not 0.9999999999999999');
  });
});
