// CSV export hardening: formulas hidden behind invisible characters, keys Object.prototype also
// has, header names that collide, and the bound on data columns.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { csvCell, guardFormula } from '../../src/shared/csvCell';
import { parseJsonExact } from '../../src/shared/exactNumber';
import { CsvColumns } from '../../src/export/csvSpool';
import { MAX_KEY_COLUMNS as MAX_DATA_COLUMNS, OTHER_DATA_KEYS } from '../../src/shared/columnBound';
import type { UsageEventRow } from '../../src/usageEvents/protocol/usageEventsMessages';
import { wireRow } from './support/usageEventRows';
import { formatRows } from '../../src/usageEvents/page/model/copyFormat';
import { RowStore } from '../../src/usageEvents/page/model/rowStore';

/** Observes every row first, then writes each over the final columns, as the spool's copy pads them. */
function table(cols: CsvColumns, rows: Record<string, unknown>[]): string[] {
  for (const r of rows) cols.observe(r);
  return [cols.header(), ...rows.map((r) => cols.line(r))];
}

const SIGNS = ['=', '+', '-', '@', '\uFF1D', '\uFF0B', '\uFF0D', '\uFF20'];
/** Whitespace and invisible characters a formula sign can hide behind. */
const HIDING = [
  ' ', '\t', '\r', '\n', '\v', '\f', '\u00A0', '\u1680', '\u3000', '\uFEFF',
  ...codePoints(0x2000, 0x200f), ...codePoints(0x2028, 0x202f), ...codePoints(0x205f, 0x206f),
];

function codePoints(from: number, to: number): string[] {
  return Array.from({ length: to - from + 1 }, (_, i) => String.fromCharCode(from + i));
}

describe('CSV formula guard', () => {
  it('guards a formula sign, ASCII or fullwidth, behind any leading whitespace or invisible character', () => {
    for (const sign of SIGNS) {
      assert.equal(guardFormula(`${sign}SUM(A1)`), `'${sign}SUM(A1)`, `U+${sign.charCodeAt(0).toString(16)} first`);
      for (const hide of HIDING) {
        const text = `${hide}${sign}cmd|' /C calc'!A0`;
        assert.equal(guardFormula(text), `'${text}`, `U+${hide.charCodeAt(0).toString(16)} before U+${sign.charCodeAt(0).toString(16)}`);
      }
    }
    const many = ' \u200B\u00A0\u202E\uFEFF\n=HYPERLINK("x")';
    assert.equal(guardFormula(many), `'${many}`, 'a run of several');
    assert.equal(csvCell('\n=1+1'), '"\'\n=1+1"', 'guarded, then quoted for the line break');
  });

  it('leaves text alone when no formula sign follows the leading characters', () => {
    for (const text of [' plain', '\u200Bhello', '\u00A0 1,5', 'a=b', ' a =b', '\uFF11', '\u3000\u6771\u4EAC', 'x\uFF1D1', '']) {
      assert.equal(guardFormula(text), text, JSON.stringify(text));
    }
  });

  it('copying rows from the table guards text as the export does', () => {
    const store = new RowStore();
    const row: UsageEventRow = wireRow({
      id: 1, event_date: null, period_month: '2025-01-01', total_revenue_dollars: -7, total_events: 1, external_id: '\u200B=1+1', is_adjustment: false,
      adjustment_date: null, original_period_month: null, consumption: null, created_at: null, data: [['note', ' \uFF0Bcmd']],
    });
    store.append([row]);
    const columns = ['external_id', 'total_revenue_dollars', 'data.note'].map((id) => store.columns[store.columnIndex(id) ?? -1]).filter((c) => c !== undefined);
    assert.equal(formatRows(store, columns, [0], 'csv').split('\r\n')[1], "'\u200B=1+1,-7,' \uFF0Bcmd");
    assert.equal(formatRows(store, columns, [0], 'tsv').split('\n')[1], "'\u200B=1+1\t-7\t' \uFF0Bcmd");
  });
});

describe('CSV columns: keys Object.prototype also has', () => {
  const INHERITED = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', 'isPrototypeOf'];

  it('a row without such a data key gets an empty cell; a row that has one (JSON.parse makes it own) gets its value', () => {
    const has = JSON.parse(`{"id":1,"data":{${INHERITED.map((k) => `"${k}":"${k}-value"`).join(',')},"__proto__":{"a":1}}}`) as Record<string, unknown>;
    const lacks = { id: 2, data: { other: 'x' } };
    const [header, first, second] = table(new CsvColumns(true), [has, lacks]);
    assert.equal(header, `id,${INHERITED.map((k) => `data.${k}`).join(',')},data.other\r\n`);
    assert.equal(first, `1,"{""a"":1}",${INHERITED.slice(1).map((k) => `${k}-value`).join(',')},\r\n`);
    assert.equal(second, `2,${','.repeat(INHERITED.length)}x\r\n`);
  });

  it('the same for top-level fields, and for data when not flattening', () => {
    const has = JSON.parse(`{"id":1,${INHERITED.map((k) => `"${k}":"v"`).join(',')},"data":{"a":1}}`) as Record<string, unknown>;
    for (const flatten of [true, false]) {
      const [, , second] = table(new CsvColumns(flatten), [has, { id: 2 }]);
      assert.equal(second, `2${','.repeat(INHERITED.length + 1)}\r\n`, `flatten ${String(flatten)}`);
    }
    // Fields and data only inherited, not own: empty, not read through the prototype chain.
    const [, , none] = table(new CsvColumns(true), [{ id: 1, data: { k: 1 } }, Object.create({ id: 2, data: { k: 2 } }) as Record<string, unknown>]);
    assert.equal(none, ',\r\n');
  });
});

describe('CSV columns: header names that collide', () => {
  it('a field named "data.x" and the data key "x" are two columns; the later one is suffixed " (2)"', () => {
    const [header, line] = table(new CsvColumns(true), [{ 'data.x': 'field', data: { x: 'key' } }]);
    assert.equal(header, 'data.x,data.x (2)\r\n');
    assert.equal(line, 'field,key\r\n');
    const [header2, line2] = table(new CsvColumns(true), [{ data: { x: 'key' }, 'data.x': 'field' }]);
    assert.equal(header2, 'data.x,data.x (2)\r\n', 'whichever comes first keeps the plain name');
    assert.equal(line2, 'key,field\r\n');
  });

  it('a suffixed name that is taken moves on to the next free one, for data keys and fields alike', () => {
    const rows = [
      { 'data.x': 1, data: { x: 2, 'x (2)': 3 } },
      { 'data.x (2)': 4, 'data.x (3)': 5, data: { x: 6 } },
    ];
    const [header, first, second] = table(new CsvColumns(true), rows);
    // data.x (field), data.x (2) (key x), data.x (2) (2) (key "x (2)"), then the fields "data.x (2)", "data.x (3)".
    assert.equal(header, 'data.x,data.x (2),data.x (2) (2),data.x (2) (3),data.x (3)\r\n');
    assert.equal(first, '1,2,3,,\r\n');
    assert.equal(second, ',6,,4,5\r\n');
  });

  it('names are compared as the header writes them, after the formula guard', () => {
    const [header] = table(new CsvColumns(true), [{ '=a': 1, "'=a": 2 }]);
    assert.equal(header, "'=a,'=a (2)\r\n");
  });

  it('a field named like the other-keys column does not take its place', () => {
    const data = Object.fromEntries(Array.from({ length: MAX_DATA_COLUMNS + 1 }, (_, i) => [`k${i}`, i]));
    const cols = new CsvColumns(true);
    const [header, line] = table(cols, [{ [OTHER_DATA_KEYS]: 'field', data }]);
    assert.ok(header?.startsWith(`${OTHER_DATA_KEYS},data.k0,`));
    assert.ok(header?.endsWith(`,data.k${MAX_DATA_COLUMNS - 1},${OTHER_DATA_KEYS} (2)\r\n`));
    assert.ok(line?.startsWith('field,0,'));
    assert.ok(line?.endsWith(`,${MAX_DATA_COLUMNS - 1},"{""k${MAX_DATA_COLUMNS}"":${MAX_DATA_COLUMNS}}"\r\n`));
  });
});

describe('CSV columns: at most MAX_DATA_COLUMNS data columns', () => {
  it('keeps every digit of a number a double would round in the other-keys and other-fields columns', () => {
    const keys = Array.from({ length: MAX_DATA_COLUMNS }, (_, i) => `"k${i}":${i}`).join(',');
    const fields = Array.from({ length: MAX_DATA_COLUMNS }, (_, i) => `"f${i}":${i}`).join(',');
    const rows = [
      parseJsonExact(`{"id":1,${fields},"data":{${keys}}}`),
      parseJsonExact('{"id":2,"late_field":12345678901234567890,"data":{"late":{"order_id":-9223372036854775809,"rate":0.12345678901234567891}}}'),
    ] as Record<string, unknown>[];
    const cols = new CsvColumns(true, ['id', 'data']);
    const lines = table(cols, rows);
    assert.ok(lines[2]?.endsWith(',"{""late_field"":12345678901234567890}","{""late"":{""order_id"":-9223372036854775809,""rate"":0.12345678901234567891}}"\r\n'), lines[2]?.slice(-160));
  });

  it('keys beyond the bound go into one column as compact JSON, counted for a warning', () => {
    assert.equal(MAX_DATA_COLUMNS, 1000);
    const first = Object.fromEntries(Array.from({ length: MAX_DATA_COLUMNS }, (_, i) => [`k${i}`, i]));
    const rows = [
      { id: 1, data: first },
      JSON.parse('{"id":2,"data":{"k0":"a","late":"=1","__proto__":[1,"x"]}}') as Record<string, unknown>,
      { id: 3, data: { k1: 'b' } },
      { id: 4, data: { late: 'again', later: null } },
    ];
    const cols = new CsvColumns(true);
    const lines = table(cols, rows);
    assert.equal(cols.size, 1 + MAX_DATA_COLUMNS + 1);
    assert.equal(cols.names[MAX_DATA_COLUMNS], `data.k${MAX_DATA_COLUMNS - 1}`);
    assert.equal(cols.names.at(-1), OTHER_DATA_KEYS);
    assert.equal(cols.overflowKeys, 3, 'late, __proto__ and later');
    assert.ok(lines[1]?.endsWith(`,${MAX_DATA_COLUMNS - 1},\r\n`), 'none of the keys of the first row overflowed');
    assert.ok(lines[2]?.startsWith('2,a,,'));
    assert.ok(lines[2]?.endsWith(',,"{""late"":""=1"",""__proto__"":[1,""x""]}"\r\n'), 'own "__proto__" kept as a key');
    assert.equal(lines[3], `3,,b${','.repeat(MAX_DATA_COLUMNS - 1)}\r\n`, 'empty when the row has no such key');
    assert.ok(lines[4]?.endsWith(',,"{""late"":""again"",""later"":null}"\r\n'));
  });
});

describe('CSV columns: a data that is not an object', () => {
  it('is written whole in a "data" column, not dropped; rows whose data is an object leave it empty', () => {
    const rows = [{ id: 1, data: { team: 'a' } }, { id: 2, data: 'free text' }, { id: 3, data: [1, 2] }, { id: 4, data: 7 }, { id: 5, data: null }];
    const [header, ...lines] = table(new CsvColumns(true), rows);
    assert.equal(header, 'id,data.team,data\r\n');
    assert.deepEqual(lines, ['1,a,\r\n', '2,,free text\r\n', '3,,"[1,2]"\r\n', '4,,7\r\n', '5,,\r\n']);
  });
});
