import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ByteSink } from '../../src/export/byteSink';
import fc from 'fast-check';
import { CsvColumns, CsvSpool, TSV, type Delimited } from '../../src/export/csvSpool';
import { MAX_KEY_COLUMNS as MAX_DATA_COLUMNS, OTHER_DATA_KEYS } from '../../src/shared/columnBound';
import { csvCell, guardFormula, tsvCell, tsvEscaped } from '../../src/shared/csvCell';
import { defaultFileName, slug } from '../../src/export/formats';

describe('CSV cells (RFC 4180)', () => {
  it('quotes commas, quotes and line breaks, doubling inner quotes', () => {
    assert.equal(csvCell('plain'), 'plain');
    assert.equal(csvCell('a,b'), '"a,b"');
    assert.equal(csvCell('say "hi"'), '"say ""hi"""');
    assert.equal(csvCell('line1\nline2'), '"line1\nline2"');
    assert.equal(csvCell('cr\rlf'), '"cr\rlf"');
  });

  it('keeps unicode as is', () => {
    assert.equal(csvCell('Zürich — 東京 🔥'), 'Zürich — 東京 🔥');
  });

  it('writes null and absent as empty, an empty string as empty, booleans as words', () => {
    assert.equal(csvCell(null), '');
    assert.equal(csvCell(undefined), '');
    assert.equal(csvCell(''), '');
    assert.equal(csvCell(true), 'true');
    assert.equal(csvCell(false), 'false');
  });

  it('writes numbers digit for digit, never rounded, padded or guarded', () => {
    const cases: [string, string][] = [
      ['12.5', '12.5'],
      ['0.1', '0.1'],
      ['-42.75', '-42.75'],
      ['123456789.12', '123456789.12'],
      ['0.0000001', '1e-7'],
      ['100000000000000000000', '100000000000000000000'],
      ['0', '0'],
      // The one change: JSON.parse keeps no trailing zeros, so a whole amount sent as 12.0 reads back as 12.
      ['12.0', '12'],
    ];
    for (const [sent, written] of cases) assert.equal(csvCell(JSON.parse(sent) as number), written, sent);
    assert.equal(csvCell(-5), '-5', 'a negative number is a number, not a formula');
    assert.equal(csvCell(JSON.parse('0.30000000000000004') as number), '0.30000000000000004');
  });

  it('guards strings a spreadsheet would run as formulas', () => {
    for (const bad of ['=SUM(A1)', '+1', '-2+3', '@cmd', '\tTAB', '\rCR']) assert.equal(guardFormula(bad), `'${bad}`);
    assert.equal(csvCell('=HYPERLINK("x")'), `"'=HYPERLINK(""x"")"`);
    assert.equal(csvCell('safe=value'), 'safe=value');
    assert.equal(csvCell('-'), "'-");
  });

  it('writes nested values as compact JSON', () => {
    assert.equal(csvCell({ env: 'prod', n: 1 }), '"{""env"":""prod"",""n"":1}"');
    assert.equal(csvCell(['a', 'b']), '"[""a"",""b""]"');
  });

  it('ends rows with CRLF', () => {
    const columns = new CsvColumns(false);
    const row = { a: 'a', n: 1, none: null, s: 'x,y' };
    columns.observe(row);
    assert.equal(columns.line(row), 'a,1,,"x,y"\r\n');
  });
});

describe('CSV columns', () => {
  it('lists every field and data key in the order first seen; keys that appear late are appended', () => {
    const cols = new CsvColumns(true);
    const rows = [
      { id: 1, period_month: '2025-01-01', data: { team_id: 't1' } },
      { id: 2, period_month: '2025-01-01', data: { team_id: 't2', product_feature: 'chat' } },
      { id: 3, period_month: '2025-02-01', data: null, new_field: 'x' },
      { id: 4, period_month: '2025-02-01', data: { model: 'atlas', labels: { env: 'prod' } } },
    ];
    const lines: string[] = [];
    for (const r of rows) {
      cols.observe(r);
      lines.push(cols.line(r));
    }
    assert.equal(cols.header(), 'id,period_month,data.team_id,data.product_feature,new_field,data.model,data.labels\r\n');
    // Each row has the cells of the columns known when it was written; the spool pads the rest.
    assert.equal(lines[0], '1,2025-01-01,t1\r\n');
    assert.equal(lines[2], '3,2025-02-01,,,x\r\n');
    assert.equal(lines[3], '4,2025-02-01,,,,atlas,"{""env"":""prod""}"\r\n');
  });

  it('keeps data as one field when not flattening', () => {
    const cols = new CsvColumns(false);
    cols.observe({ id: 1, data: { a: 1 } });
    assert.equal(cols.header(), 'id,data\r\n');
  });
});

describe('TSV cells', () => {
  /** The reader's side of the escapes (README, "TSV"): \\ \t \n \r. */
  const unescape = (field: string) => field.replace(/\\([\\tnr])/g, (_m, c: string) => ({ '\\': '\\', t: '\t', n: '\n', r: '\r' })[c] ?? c);

  it('a row of any texts is one line whose tab-separated fields read back as the texts', () => {
    const text = fc.string({ unit: fc.constantFrom('a', ' ', '\t', '\n', '\r', '\\', 't', 'n', '"', ',', '東') });
    fc.assert(
      fc.property(fc.array(text, { minLength: 1, maxLength: 6 }), (texts) => {
        const line = texts.map(tsvEscaped).join('\t');
        assert.ok(!/[\n\r]/.test(line));
        assert.deepEqual(line.split('\t').map(unescape), texts);
      }),
    );
  });

  it('writes values as the CSV does, without quoting: numbers digit for digit, formulas guarded, nested values as JSON', () => {
    assert.equal(tsvCell(-42.75), '-42.75');
    assert.equal(tsvCell(null), '');
    assert.equal(tsvCell(true), 'true');
    assert.equal(tsvCell('say "hi", ok'), 'say "hi", ok');
    assert.equal(tsvCell('\tleading tab'), "'\\tleading tab");
    assert.equal(tsvCell({ path: 'C:\\x' }), '{"path":"C:\\\\\\\\x"}');
  });
});

describe('CSV spool', () => {
  /** Spools the pages, copies the spool behind the header and returns the CSV with the spool's size and the columns. */
  async function spoolAndCopy(pages: Record<string, unknown>[][], dialect?: Delimited): Promise<{ csv: string; spooled: number; counted: number; columns: CsvColumns }> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'campfire-spool-'));
    try {
      const spoolPath = path.join(dir, 'spool');
      const outPath = path.join(dir, 'out.csv');
      const spoolSink = new ByteSink(fs.createWriteStream(spoolPath));
      const columns = new CsvColumns(true);
      const spool = new CsvSpool(columns, spoolSink, dialect);
      for (const page of pages) await spool.write(page);
      await spoolSink.close();
      const outSink = new ByteSink(fs.createWriteStream(outPath));
      await spool.copyTo(spoolPath, outSink, false);
      await outSink.close();
      return { csv: fs.readFileSync(outPath, 'utf8'), spooled: fs.statSync(spoolPath).size, counted: outSink.bytes, columns };
    } finally {
      fs.rmSync(dir, { recursive: true });
    }
  }

  it('pads rows written before a column appeared, and copies the rest byte for byte', async () => {
    const { csv } = await spoolAndCopy([
      [{ id: 1, data: { a: 'x,y' } }, { id: 2, data: { a: 'multi\nline' } }],
      [{ id: 3, data: { a: 'z', late: '=1+1' } }, { id: 4, data: {} }],
    ]);
    assert.equal(csv, 'id,data.a,data.late\r\n1,"x,y",\r\n2,"multi\nline",\r\n3,z,\'=1+1\r\n4,,\r\n');
  });

  it('TSV: the same columns and padding, tab-separated, LF-ended, escapes instead of quotes', async () => {
    const { csv: tsv } = await spoolAndCopy([
      [{ id: 1, data: { a: 'x\ty' } }, { id: 2, data: { a: 'multi\nline\r\\' } }],
      [{ id: 3, data: { a: 'say "hi", z', late: '=1+1' } }, { id: 4, data: {} }],
    ], TSV);
    assert.equal(tsv, 'id\tdata.a\tdata.late\n1\tx\\ty\t\n2\tmulti\\nline\\r\\\\\t\n3\tsay "hi", z\t\'=1+1\n4\t\t\n');
  });

  it('copies megabytes of rows through reused buffers without mixing them up, padded or not', async () => {
    // 3 MB of rows before a column appears (padded in the copy), 3 MB after it (copied as they are),
    // each row different so that a block written from a buffer already refilled would show.
    const page = (n: number, data: (i: number) => Record<string, string>) =>
      Array.from({ length: 20_000 }, (_, k) => ({ id: n * 20_000 + k, data: data(n * 20_000 + k) }));
    const before = (i: number) => ({ note: `row ${i} ${'x'.repeat(i % 97)}` });
    const after = (i: number) => ({ note: `row ${i} ${'y'.repeat(i % 89)}`, late: String(i) });
    const pages = [page(0, before), page(1, before), page(2, after), page(3, after)];
    const { csv, spooled, counted } = await spoolAndCopy(pages);
    assert.ok(spooled > 5 * 2 ** 20, 'several copy blocks on each side of the new column');
    const rows = pages.flat().map((r) => `${r.id},${r.data.note},${'late' in r.data ? r.data.late : ''}\r\n`);
    assert.equal(csv, `id,data.note,data.late\r\n${rows.join('')}`);
    assert.equal(counted, Buffer.byteLength(csv));
  });

  it('30,000 distinct data keys, one a row: 1,001 data columns and a file linear in the input', async () => {
    const n = 30_000;
    const rows = Array.from({ length: n }, (_, i) => ({ id: i, period_month: '2025-01-01', data: { [`key_${i}`]: `v${i}` } }));
    const pages = Array.from({ length: n / 500 }, (_, p) => rows.slice(p * 500, (p + 1) * 500));
    const jsonl = rows.reduce((bytes, r) => bytes + Buffer.byteLength(JSON.stringify(r)) + 1, 0);
    const { csv, columns } = await spoolAndCopy(pages);
    const lines = csv.split('\r\n');
    const header = (lines[0] ?? '').split(',');
    assert.equal(header.filter((c) => c.startsWith('data')).length, MAX_DATA_COLUMNS + 1);
    assert.equal(header.at(-1), OTHER_DATA_KEYS);
    assert.equal(columns.overflowKeys, n - MAX_DATA_COLUMNS);
    // A rectangular CSV spends a separator on every cell, so rows times columns is its floor; beyond
    // that the cells hold no more than three times the JSON. Without the bound, each of the 30,000
    // keys would be a column and the file would pass 400 MB.
    const bytes = Buffer.byteLength(csv);
    assert.ok(bytes < 3 * jsonl + n * header.length, `${bytes} bytes of CSV for ${jsonl} of JSON Lines`);
    // Every value is in the file: in its own column, or in the other-keys column.
    for (let i = 0; i < n; i++) {
      const line = lines[i + 1] ?? '';
      if (i < MAX_DATA_COLUMNS) assert.equal(line.split(',')[2 + i], `v${i}`, `row ${i}`);
      else assert.ok(line.startsWith(`${i},2025-01-01,,`) && line.endsWith(`,"{""key_${i}"":""v${i}""}"`), `row ${i}`);
    }
  });
});

describe('default file names', () => {
  it('names resource, deal, commit and date, file-system safe', () => {
    const name = defaultFileName('usageEvents', 'csv', ['Acme Robotics — Growth Plan 2025', 'Inference API prepaid #2'], new Date('2026-11-22T10:00:00Z'));
    assert.equal(name, 'usage-events_acme-robotics-growth-plan-2025_inference-api-prepaid-2_2026-11-22.csv');
    assert.equal(slug('<img src=x onerror=alert(1)>/../../etc'), 'img-srcx-onerroralert1etc');
    assert.equal(slug('///'), 'export');
  });
});
