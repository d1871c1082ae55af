import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ColumnSet } from '../../src/export/columns';
import { csvCell, csvRow, guardFormula } from '../../src/export/csv';
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

  it('writes numbers as the API sent them (shortest round-trip form), never guarded', () => {
    for (const text of ['12.5', '0.1', '-42.75', '100000000000000000000', '1e-7', '123456789.12', '0']) {
      assert.equal(csvCell(JSON.parse(text) as number), String(JSON.parse(text)));
    }
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
    assert.equal(csvRow(['a', 1, null, 'x,y']), 'a,1,,"x,y"\r\n');
  });
});

describe('CSV columns', () => {
  it('lists every field in first-seen order, with data keys that appear late as their own columns', () => {
    const cols = new ColumnSet(true);
    const rows = [
      { id: 1, period_month: '2025-01-01', data: { team_id: 't1' } },
      { id: 2, period_month: '2025-01-01', data: { team_id: 't2', product_feature: 'chat' } },
      { id: 3, period_month: '2025-02-01', data: null, new_field: 'x' },
      { id: 4, period_month: '2025-02-01', data: { model: 'atlas', labels: { env: 'prod' } } },
    ];
    for (const r of rows) cols.observe(r);
    assert.deepEqual(cols.header(), ['id', 'period_month', 'data.team_id', 'data.product_feature', 'data.model', 'data.labels', 'new_field']);
    assert.deepEqual(cols.cells(rows[0] as Record<string, unknown>), [1, '2025-01-01', 't1', undefined, undefined, undefined, undefined]);
    assert.deepEqual(cols.cells(rows[3] as Record<string, unknown>), [4, '2025-02-01', undefined, undefined, 'atlas', { env: 'prod' }, undefined]);
  });

  it('keeps data as one field when not flattening', () => {
    const cols = new ColumnSet(false);
    cols.observe({ id: 1, data: { a: 1 } });
    assert.deepEqual(cols.header(), ['id', 'data']);
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
