// The usage-events table's logic, without a browser: column discovery, sorting (numbers, dates,
// text, missing values), filters, grouping with subtotals, streaming appends, and copy formats.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { UsageEventRow } from '../../src/usageEvents/protocol/usageEventsMessages';
import { eventFields, wireRow, type UsageEventFields } from './support/usageEventRows';
import { CsvColumns } from '../../src/export/csvSpool';
import { USAGE_EVENT_FIELDS } from '../../src/usageEvents/protocol/usageEventRow';
import { cellText, fixedColumns, formatMoney, formatTimestamp } from '../../src/usageEvents/page/model/columns';
import { csvField } from '../../src/shared/csvCell';
import { formatRows } from '../../src/usageEvents/page/model/copyFormat';
import { parseColumnFilter } from '../../src/usageEvents/page/model/filters';
import { RowStore } from '../../src/usageEvents/page/model/rowStore';
import { TableView, emptySpec, makeComparator, sortRows, sortRowsByNumber, type ViewSpec } from '../../src/usageEvents/page/model/tableView';
import { CellColumn, UsageEventColumns, type CellValue } from '../../src/usageEvents/protocol/cellColumns';
import { computeWindow, MAX_BODY_HEIGHT } from '../../src/usageEvents/page/grid/virtualWindow';

let nextId = 1;
function row(over: Partial<UsageEventFields> = {}): UsageEventRow {
  const id = nextId++;
  return wireRow(eventFields({ id, external_id: `evt_${id}`, ...over }));
}

function storeWith(rows: UsageEventRow[]): RowStore {
  const s = new RowStore();
  s.append(rows);
  return s;
}

function shown(store: RowStore, spec: Partial<ViewSpec>, column = 'external_id'): string[] {
  const v = new TableView(store, { ...emptySpec(), ...spec });
  v.rebuild();
  const c = store.columnIndex(column) ?? -1;
  return Array.from(v.display, (r) => (r < 0 ? `#group ${v.groups[-r - 1]?.month ?? ''}` : store.text(r, c)));
}

describe('usage-events table: columns', () => {
  it('names columns as the API and the CSV export do: field names in the wire row’s order, data.<key> for data keys', () => {
    assert.deepEqual(fixedColumns().map((c) => c.id), [...USAGE_EVENT_FIELDS]);
    const s = storeWith([row({ total_revenue_dollars: 7, data: [['team_id', 'a']] })]);
    assert.equal(s.text(0, s.columnIndex('total_revenue_dollars') ?? -1), formatMoney(7));
    const csv = new CsvColumns(true);
    csv.observe({ id: 1, data: { team_id: 'a' } });
    assert.equal(s.columns.at(-1)?.id, csv.names.at(-1));
    assert.equal(s.columns.at(-1)?.id, 'data.team_id');
  });

  it('append reports the revenue and events it added (missing counts as 0)', () => {
    const s = new RowStore();
    const added = s.append([row({ total_revenue_dollars: 2.5, total_events: 3 }), row({ total_revenue_dollars: null, total_events: null })]);
    assert.deepEqual({ revenue: added.revenue.toString(), events: added.events }, { revenue: '2.5', events: 3 });
  });

  it('adds one column per data key, in the order keys first appear, even when later rows bring new keys', () => {
    const s = storeWith([row({ data: [['team_id', 'a']] }), row({ data: [['region', 'eu'], ['team_id', 'b']] })]);
    s.append([row({ data: [['model', 'm1']] })]);
    assert.deepEqual(s.columns.filter((c) => c.dataKey !== undefined).map((c) => c.dataKey), ['team_id', 'region', 'model']);
    assert.equal(s.text(0, s.columnIndex('data.region') ?? -1), '', 'a key missing from a row is empty');
  });

  it('sorts a data column as numbers while every value is a number, as text once one is not', () => {
    const s = storeWith([row({ data: [['units', 10]] }), row({ data: [['units', 9]] })]);
    assert.equal(s.columns[s.columnIndex('data.units') ?? -1]?.kind, 'number');
    assert.deepEqual(shown(s, { sort: { column: 'data.units', direction: 'asc' } }, 'data.units'), ['9', '10']);
    s.append([row({ data: [['units', 'n/a']] })]);
    assert.equal(s.columns[s.columnIndex('data.units') ?? -1]?.kind, 'text');
  });

  it('shows objects as compact JSON and missing values as empty, never "undefined" or "null"', () => {
    const s = storeWith([row({ external_id: null, total_revenue_dollars: null, data: [['labels', { env: 'prod', tags: [1, 2] }]] })]);
    assert.equal(s.text(0, s.columnIndex('data.labels') ?? -1), '{"env":"prod","tags":[1,2]}');
    assert.equal(s.text(0, s.columnIndex('external_id') ?? -1), '');
    assert.equal(s.text(0, s.columnIndex('total_revenue_dollars') ?? -1), '');
    assert.equal(cellText('flag', false), '');
    assert.equal(cellText('flag', true), 'Adjustment');
  });

  it('shows timestamps to the second, keeping a zone other than UTC', () => {
    assert.equal(formatTimestamp('2025-03-04T12:34:56.123456Z'), '2025-03-04 12:34:56');
    assert.equal(formatTimestamp('2025-03-04T12:34:56+00:00'), '2025-03-04 12:34:56');
    assert.equal(formatTimestamp('2025-03-04T12:34:56+02:00'), '2025-03-04 12:34:56 +02:00');
    assert.equal(formatTimestamp('not a date'), 'not a date');
  });
});

describe('usage-events table: sorting', () => {
  it('sorts numbers as numbers, with missing values last in both directions', () => {
    const s = storeWith([row({ external_id: 'a', total_revenue_dollars: 100 }), row({ external_id: 'b', total_revenue_dollars: null }), row({ external_id: 'c', total_revenue_dollars: 9.5 }), row({ external_id: 'd', total_revenue_dollars: -3 })]);
    assert.deepEqual(shown(s, { sort: { column: 'total_revenue_dollars', direction: 'asc' } }), ['d', 'c', 'a', 'b']);
    assert.deepEqual(shown(s, { sort: { column: 'total_revenue_dollars', direction: 'desc' } }), ['a', 'c', 'd', 'b']);
  });

  it('sorts dates chronologically and text naturally ("team-7" before "team-12"), case-insensitively', () => {
    const s = storeWith([
      row({ external_id: 'team-12', event_date: '2025-02-01' }),
      row({ external_id: 'Team-7', event_date: '2024-12-31' }),
      row({ external_id: 'team-100', event_date: '2025-01-10' }),
    ]);
    assert.deepEqual(shown(s, { sort: { column: 'external_id', direction: 'asc' } }), ['Team-7', 'team-12', 'team-100']);
    assert.deepEqual(shown(s, { sort: { column: 'event_date', direction: 'asc' } }), ['Team-7', 'team-100', 'team-12']);
  });

  it('is stable: equal keys keep the order they were loaded in', () => {
    const s = storeWith(['a', 'b', 'c', 'd'].map((x, i) => row({ external_id: x, total_revenue_dollars: i % 2 })));
    assert.deepEqual(shown(s, { sort: { column: 'total_revenue_dollars', direction: 'asc' } }), ['a', 'c', 'b', 'd']);
    assert.deepEqual(shown(s, { sort: { column: 'total_revenue_dollars', direction: 'desc' } }), ['b', 'd', 'a', 'c']);
  });

  it('sorting by precomputed ranks gives exactly the comparator order', () => {
    const values = Array.from({ length: 2000 }, (_, i) => ((i * 7919) % 503) - 250);
    const s = storeWith(values.map((v, i) => row({ total_revenue_dollars: i % 17 === 0 ? null : v, external_id: i % 13 === 0 ? null : `x-${v}` })));
    const all = Uint32Array.from({ length: s.size }, (_, i) => i);
    for (const column of ['total_revenue_dollars', 'external_id']) {
      const col = s.columnIndex(column) ?? -1;
      for (const direction of ['asc', 'desc'] as const) {
        const cmp = makeComparator(s.sortKeys(col), direction);
        const expected = all.slice().sort(cmp);
        assert.deepEqual(sortRows(all, s.ranks(col), () => cmp, direction), expected, `${column} ${direction}`);
      }
    }
  });

  it('sorts a column of mostly distinct text (external ids) naturally and case-insensitively, ties in load order, missing values last', () => {
    // Enough distinct values for the column to be kept as text bytes rather than a dictionary.
    const ids = Array.from({ length: 6000 }, (_, i) => {
      if (i % 97 === 0) return null;
      if (i % 89 === 0) return 'EVT-42'; // ties, in several cases
      const n = (i * 7919) % 100_003;
      return i % 3 === 0 ? `Evt-${n}` : i % 3 === 1 ? `evt-${n}-b${i % 11}` : `batch ${i % 7} evt-${n}`;
    });
    const s = storeWith(ids.map((external_id) => row({ external_id })));
    // The natural order, worked out the plain way: lower case, every run of digits read as a number.
    const key = (t: string) => t.toLowerCase().replace(/\d+/g, (d) => d.padStart(16, '0'));
    for (const direction of ['asc', 'desc'] as const) {
      const expected = ids
        .map((id, i) => ({ id, i }))
        .sort((a, b) => {
          if (a.id === null || b.id === null) return a.id === null ? (b.id === null ? a.i - b.i : 1) : -1;
          const [x, y] = [key(a.id), key(b.id)];
          const c = x < y ? -1 : x > y ? 1 : 0;
          return (direction === 'asc' ? c : -c) || a.i - b.i;
        })
        .map((r) => r.id ?? '');
      assert.deepEqual(shown(s, { sort: { column: 'external_id', direction } }), expected, direction);
    }
  });

  it('keeps the sort while rows stream in (appended rows are merged, same result as sorting everything)', () => {
    const s = new RowStore();
    const v = new TableView(s, { ...emptySpec(), sort: { column: 'total_revenue_dollars', direction: 'desc' } });
    const all: UsageEventRow[] = [];
    for (let page = 0; page < 5; page++) {
      const rows = Array.from({ length: 40 }, (_, i) => row({ total_revenue_dollars: ((page * 40 + i) * 37) % 101 }));
      all.push(...rows);
      s.append(rows);
      v.update();
    }
    const fresh = storeWith(all);
    const w = new TableView(fresh, { ...emptySpec(), sort: { column: 'total_revenue_dollars', direction: 'desc' } });
    w.rebuild();
    assert.deepEqual(Array.from(v.order), Array.from(w.order));
  });
});

describe('usage-events table: filters and grouping', () => {
  const sample = () =>
    storeWith([
      row({ external_id: 'alpha', total_revenue_dollars: 50, period_month: '2025-01-01', data: [['team_id', 'search']] }),
      row({ external_id: 'beta', total_revenue_dollars: 500, period_month: '2025-02-01', data: [['team_id', 'growth']] }),
      row({ external_id: 'gamma', total_revenue_dollars: -20, period_month: '2025-01-01', is_adjustment: true, original_period_month: '2024-12-01' }),
      row({ external_id: 'delta', total_revenue_dollars: 5, period_month: '2025-03-01', event_date: '2025-03-02' }),
    ]);

  it('the filter box matches any column, case-insensitively, including data values and what is shown', () => {
    const s = sample();
    assert.deepEqual(shown(s, { filter: 'GROWTH' }), ['beta']);
    assert.deepEqual(shown(s, { filter: 'adjustment' }), ['gamma']);
    assert.deepEqual(shown(s, { filter: formatMoney(500) }), ['beta']);
  });

  it('column filters compare numbers and dates, and fall back to text', () => {
    const s = sample();
    assert.deepEqual(shown(s, { columnFilters: new Map([['total_revenue_dollars', '>= 50']]) }), ['alpha', 'beta']);
    assert.deepEqual(shown(s, { columnFilters: new Map([['total_revenue_dollars', '0..100']]) }), ['alpha', 'delta']);
    assert.deepEqual(shown(s, { columnFilters: new Map([['period_month', '<2025-02']]) }), ['alpha', 'gamma']);
    assert.deepEqual(shown(s, { columnFilters: new Map([['external_id', 'ta']]) }), ['beta', 'delta']);
    assert.equal(parseColumnFilter('money', '  '), undefined);
  });

  it('hides adjustments on request, and the totals are of the rows shown', () => {
    const s = sample();
    assert.deepEqual(shown(s, { hideAdjustments: true }), ['alpha', 'beta', 'delta']);
    const v = new TableView(s, { ...emptySpec(), hideAdjustments: true });
    v.rebuild();
    assert.deepEqual(v.totals, { rows: 3, revenue: '555', events: 3, adjustments: 0 });
  });

  it('groups by period month with subtotals, rows keeping the sort inside each group; collapsed groups hide their rows', () => {
    const s = sample();
    const sort = { column: 'total_revenue_dollars', direction: 'asc' } as const;
    assert.deepEqual(shown(s, { groupByMonth: true, sort }), ['#group 2025-01-01', 'gamma', 'alpha', '#group 2025-02-01', 'beta', '#group 2025-03-01', 'delta']);
    const newestFirst = shown(s, { groupByMonth: true, sort: { column: 'period_month', direction: 'desc' } }).filter((x) => x.startsWith('#group'));
    assert.deepEqual(newestFirst, ['#group 2025-03-01', '#group 2025-02-01', '#group 2025-01-01'], 'sorted by period month descending: newest group first');
    const v = new TableView(s, { ...emptySpec(), groupByMonth: true, collapsed: new Set(['2025-02-01']) });
    v.rebuild();
    assert.deepEqual(
      v.groups.map((g) => [g.month, g.rows, g.revenue, g.adjustmentRevenue, g.collapsed]),
      [
        ['2025-01-01', 2, '30', '-20', false],
        ['2025-02-01', 1, '500', '0', true],
        ['2025-03-01', 1, '5', '0', false],
      ],
    );
    assert.equal(v.display.length, 3 + 3);
    assert.deepEqual(v.months, [
      { month: '2025-01-01', regular: 50, adjustments: -20 },
      { month: '2025-02-01', regular: 500, adjustments: 0 },
      { month: '2025-03-01', regular: 5, adjustments: 0 },
    ]);
  });
});

describe('usage-events table: copy formats', () => {
  const s = storeWith([
    row({ external_id: 'a,"b"\nc', total_revenue_dollars: 1234.5, data: [['note', '=HYPERLINK("x")'], ['__proto__', 'p']] }),
    row({ external_id: '-2+3', total_revenue_dollars: -7, is_adjustment: true, data: [['labels', { env: 'prod' }]] }),
  ]);
  const columns = ['external_id', 'total_revenue_dollars', 'is_adjustment', 'data.note', 'data.__proto__', 'data.labels'].map((id) => {
    const c = s.columns[s.columnIndex(id) ?? -1];
    assert.ok(c, id);
    return c;
  });

  it('CSV quotes per RFC 4180, keeps numbers plain and defuses spreadsheet formulas in text', () => {
    const csv = formatRows(s, columns, [0, 1], 'csv');
    assert.equal(
      csv,
      'External ID,Revenue,Adjustment,data.note,data.__proto__,data.labels\r\n' +
        '"a,""b""\nc",1234.5,false,"\'=HYPERLINK(""x"")",p,\r\n' +
        '\'-2+3,-7,true,,,"{""env"":""prod""}"\r\n',
    );
    assert.equal(csvField('plain'), 'plain');
  });

  it('TSV puts one row per line with tabs and line breaks inside values turned into spaces', () => {
    const tsv = formatRows(s, columns, [0], 'tsv');
    assert.equal(tsv, 'External ID\tRevenue\tAdjustment\tdata.note\tdata.__proto__\tdata.labels\na,"b" c\t1234.5\tfalse\t\'=HYPERLINK("x")\tp\t\n');
  });

  it('JSON uses the API field names, typed values and nests data keys (even "__proto__")', () => {
    const parsed = JSON.parse(formatRows(s, columns, [1, 0], 'json')) as Record<string, unknown>[];
    assert.equal(parsed.length, 2);
    assert.deepEqual(parsed[0], { external_id: '-2+3', total_revenue_dollars: -7, is_adjustment: true, data: { note: null, ['__proto__']: null, labels: { env: 'prod' } } });
    assert.equal(Object.getOwnPropertyNames((parsed[1] as { data: object }).data).includes('__proto__'), true);
  });
});

describe('usage-events table: virtual window', () => {
  it('draws the rows in view plus a buffer, never more than the cap', () => {
    const w = computeWindow({ scrollTop: 22 * 500, viewportHeight: 660, rowHeight: 22, count: 100_000, buffer: 12, maxRows: 150 });
    assert.equal(w.first, 488);
    assert.ok(w.end - w.first <= 150);
    assert.ok(w.end >= 500 + 30, 'covers the viewport');
    const huge = computeWindow({ scrollTop: 0, viewportHeight: 50_000, rowHeight: 22, count: 100_000, buffer: 12, maxRows: 150 });
    assert.equal(huge.end - huge.first, 150);
  });

  it('compresses very long tables so the last scroll position shows the last rows', () => {
    const count = 1_000_000;
    const vh = 660;
    const body = Math.min(count * 22, MAX_BODY_HEIGHT);
    const w = computeWindow({ scrollTop: body - vh, viewportHeight: vh, rowHeight: 22, count, buffer: 12, maxRows: 150 });
    assert.equal(w.bodyHeight, MAX_BODY_HEIGHT);
    assert.equal(w.end, count);
    // The last row's bottom lands on the viewport's bottom.
    const lastTop = w.firstTop + (count - 1 - w.first) * 22;
    assert.ok(Math.abs(lastTop + 22 - body) < 1, `${lastTop + 22} vs ${body}`);
  });
});

describe('usage-events table: rows kept column by column', () => {
  // Values of every kind a cell holds, some repeated, some not Latin-1, with gaps (missing cells).
  const kinds = (i: number): CellValue => {
    switch (i % 11) {
      case 0:
        return i; // distinct integers
      case 1:
        return i / 7; // distinct fractions
      case 2:
        return `evt_${i.toString(36)}`; // distinct Latin-1 text
      case 3:
        return `café ÀÉ ${i % 5}`; // repeated Latin-1 text
      case 4:
        return `日本 ${i}`; // beyond Latin-1
      case 5:
        return null;
      case 6:
        return i % 2 === 0;
      case 7:
        return { env: i % 3 === 0 ? 'prod' : 'staging', n: [i % 4] };
      case 8:
        return undefined; // missing
      case 9:
        return -1.5e300;
      default:
        return '';
    }
  };

  for (const rows of [300, 20_000]) {
    it(`gives back every value as it went in (${rows} rows: ${rows > 10_000 ? 'turned wide' : 'a dictionary'})`, () => {
      const c = new CellColumn();
      for (let i = 0; i < rows; i++) {
        const v = kinds(i);
        // Every third row is skipped (missing) when it would be undefined anyway.
        if (v !== undefined) c.put(i, v);
      }
      assert.equal(c.isDictionary, rows < 10_000);
      for (let i = 0; i < rows; i++) assert.deepEqual(c.get(i), kinds(i), `row ${i}`);
      assert.equal(c.get(rows + 5), undefined, 'past the end: missing');
      assert.ok(Number.isNaN(c.number(2)) && c.number(0) === 0 && c.number(1) === 1 / 7);
    });
  }

  it('keeps wire rows and gives them back, data keys in the order the columns were made', () => {
    const t = new UsageEventColumns(2);
    const rows = Array.from({ length: 6000 }, (_, i) =>
      row({ id: 10_000 + i, total_revenue_dollars: i % 3 === 0 ? null : i * 1.25, data: i % 2 === 0 ? [['team_id', `t${i % 9}`], ['units', i]] : [['units', i], ['__proto__', { deep: [i] }]] }),
    );
    t.append(rows.slice(0, 2500));
    t.append(rows.slice(2500));
    assert.equal(t.length, rows.length);
    const back = t.slice(0, t.length);
    const order = (r: UsageEventRow) => {
      const data = r[r.length - 1] as [string, unknown][];
      const rank = ['team_id', 'units', '__proto__'];
      return [...r.slice(0, -1), [...data].sort((a, b) => rank.indexOf(a[0]) - rank.indexOf(b[0]))];
    };
    assert.deepEqual(back, rows.map(order));
    assert.deepEqual(t.map((r) => r[0]).slice(0, 3), [10_000, 10_001, 10_002]);
  });

  it('sorts numbers by radix in the comparator’s order: missing last both ways, ties in load order, -0 with 0', () => {
    const keys = Float64Array.from({ length: 5000 }, (_, i) => (i % 13 === 0 ? NaN : i % 17 === 0 ? -0 : ((i * 7919) % 1009) - 500 + (i % 3) * 0.25 - (i % 5 === 0 ? 1e12 : 0)));
    const all = Uint32Array.from({ length: keys.length }, (_, i) => i);
    const subset = all.filter((i) => i % 4 !== 1);
    for (const rows of [all, subset]) {
      for (const direction of ['asc', 'desc'] as const) {
        const expected = rows.slice().sort(makeComparator({ numeric: true, keys }, direction));
        assert.deepEqual(Array.from(sortRowsByNumber(rows, keys, direction)), Array.from(expected), direction);
      }
    }
  });

  it('sorts and filters columns turned wide (mostly distinct values) as it does dictionaries', () => {
    const rows = Array.from({ length: 9000 }, (_, i) =>
      row({
        total_revenue_dollars: ((i * 7919) % 10_007) / 4,
        external_id: i % 500 === 0 ? `ÉVT-${i}` : `evt-${(i * 31) % 9001}`,
        created_at: `2025-0${1 + (i % 9)}-1${i % 10}T0${i % 10}:1${i % 6}:00.${String(i).padStart(6, '0')}Z`,
        data: [['team_id', `team-${i % 12}`]],
      }),
    );
    const s = storeWith(rows);
    const ext = s.columnIndex('external_id') ?? -1;
    const created = s.columnIndex('created_at') ?? -1;
    // The filter box: case-insensitive, Latin-1 folded, timestamps as shown.
    const expect = (needle: string) =>
      rows.flatMap((r, i) => {
        const shown = [s.text(i, ext), s.text(i, created), s.text(i, s.columnIndex('total_revenue_dollars') ?? -1), String(r[3]), `team-${i % 12}`].join('\u0001').toLowerCase();
        return shown.includes(needle) ? [i] : [];
      });
    for (const needle of ['évt-1', 'evt-90', '2025-03-13 03:', '1,2', 'team-11']) {
      const v = new TableView(s, { ...emptySpec(), filter: needle });
      v.rebuild();
      assert.deepEqual(Array.from(v.order), expect(needle), needle);
      assert.ok(v.order.length > 0, `${needle} matches something`);
    }
    // Sorting: the same as the comparator over every row.
    for (const column of ['external_id', 'created_at', 'total_revenue_dollars', 'data.team_id']) {
      const col = s.columnIndex(column) ?? -1;
      for (const direction of ['asc', 'desc'] as const) {
        const v = new TableView(s, { ...emptySpec(), sort: { column, direction } });
        v.rebuild();
        const expected = Uint32Array.from({ length: rows.length }, (_, i) => i).sort(makeComparator(s.sortKeys(col), direction));
        assert.deepEqual(Array.from(v.order), Array.from(expected), `${column} ${direction}`);
      }
    }
  });
});
