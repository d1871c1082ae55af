// The usage-events table's column filters as a user types them: comparisons and ranges on numbers
// and dates, text matches, and the mistakes (a value that is not a number or a date, a range
// missing a side) reported in words instead of silently matching nothing.
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ColumnKind } from '../../src/usageEvents/page/model/columns';
import { checkColumnFilter, filterPlaceholder, filterSyntax, parseColumnFilter } from '../../src/usageEvents/page/model/filters';

/** The values of `cells` (value, shown text) the filter keeps. */
function kept(kind: ColumnKind, text: string, cells: [unknown, string][]): unknown[] {
  const parsed = checkColumnFilter(kind, text);
  assert.ok(parsed.ok, `"${text}" is a valid ${kind} filter: ${parsed.ok ? '' : parsed.error}`);
  const p = parsed.predicate;
  assert.ok(p, `"${text}" filters something`);
  return cells.filter(([v, shown]) => p(v, shown)).map(([v]) => v);
}

function errorOf(kind: ColumnKind, text: string): string {
  const parsed = checkColumnFilter(kind, text);
  if (parsed.ok) assert.fail(`"${text}" in a ${kind} column is an error`);
  return parsed.error;
}

const money: [unknown, string][] = [
  [5, '5.00'],
  [50, '50.00'],
  [1234.5, '1,234.50'],
  [-20, '-20.00'],
  [null, ''],
];
const dates: [unknown, string][] = ['2024-12-31', '2025-01-15', '2025-03-01', '2025-03-14', '2025-04-02'].map((d) => [d, d]);

describe('usage-events column filters', () => {
  it('compare numbers with > >= < <= = != and ranges, digits grouped or not', () => {
    assert.deepEqual(kept('money', '> 5', money), [50, 1234.5]);
    assert.deepEqual(kept('money', '>=5', money), [5, 50, 1234.5]);
    assert.deepEqual(kept('money', '<0', money), [-20]);
    assert.deepEqual(kept('money', '<= 50', money), [5, 50, -20]);
    assert.deepEqual(kept('money', '= 1,234.5', money), [1234.5]);
    assert.deepEqual(kept('money', '!= 5', money), [50, 1234.5, -20]);
    assert.deepEqual(kept('money', '0..100', money), [5, 50]);
    assert.deepEqual(kept('money', '-30 .. 10', money), [5, -20]);
    assert.deepEqual(kept('count', '1,000..2,000', [[1500, '1,500'], [2500, '2,500']]), [1500]);
  });

  it('other text in a number column matches what is shown', () => {
    assert.deepEqual(kept('money', '234', money), [1234.5]);
  });

  it('compare dates by the part typed, and ranges of them', () => {
    assert.deepEqual(kept('date', '2025-03', dates), ['2025-03-01', '2025-03-14']);
    assert.deepEqual(kept('date', '< 2025-03', dates), ['2024-12-31', '2025-01-15']);
    assert.deepEqual(kept('date', '>2025-03-01', dates), ['2025-03-14', '2025-04-02']);
    assert.deepEqual(kept('date', '2025-01..2025-03', dates), ['2025-01-15', '2025-03-01', '2025-03-14']);
    assert.deepEqual(kept('date', '= 2025-03-14', dates), ['2025-03-14']);
    const stamps: [unknown, string][] = [
      ['2025-03-04T09:15:00+00:00', '2025-03-04 09:15:00'],
      ['2025-03-04T18:00:00+00:00', '2025-03-04 18:00:00'],
    ];
    assert.deepEqual(kept('datetime', '> 2025-03-04 12:00', stamps), ['2025-03-04T18:00:00+00:00']);
  });

  it('text columns: contains, = for the whole text, != for anything else, and never an error', () => {
    const ids: [unknown, string][] = ['evt_1', 'evt_12', 'EVT_3', '<b>x</b>'].map((s) => [s, s]);
    assert.deepEqual(kept('text', 'evt_1', ids), ['evt_1', 'evt_12']);
    assert.deepEqual(kept('text', '= evt_1', ids), ['evt_1']);
    assert.deepEqual(kept('text', '=EVT_3', ids), ['EVT_3']);
    assert.deepEqual(kept('text', '!= evt_1', ids), ['evt_12', 'EVT_3', '<b>x</b>']);
    assert.deepEqual(kept('text', '<b>', ids), ['<b>x</b>']);
    assert.deepEqual(kept('text', '>> abc', [['a >> abc', 'a >> abc'], ['b', 'b']]), ['a >> abc']);
    assert.deepEqual(kept('flag', 'adj', [[true, 'Adjustment'], [false, '']]), [true]);
  });

  it('a comparison whose value is not a number says so, in words, and filters nothing', () => {
    assert.match(errorOf('money', '>> abc'), /"> abc" is not a number/);
    assert.match(errorOf('count', '< lots'), /"lots" is not a number/);
    assert.match(errorOf('money', '>'), /Write a number after >/);
    assert.match(errorOf('number', '= 1.2.3'), /not a number/);
    // The view keeps every row for a filter in error: it has no predicate.
    assert.equal(parseColumnFilter('money', '>> abc'), undefined);
    assert.equal(parseColumnFilter('money', '  '), undefined);
  });

  it('a malformed range says what it needs', () => {
    assert.match(errorOf('money', '..'), /needs a number on both sides/);
    assert.match(errorOf('money', '10..'), /needs a number on both sides/);
    assert.match(errorOf('money', '..20'), /needs a number on both sides/);
    assert.match(errorOf('money', '1..2..3'), /needs a number on both sides/);
    assert.match(errorOf('money', '1..x'), /"x" is not a number/);
    assert.match(errorOf('date', '2025-01..'), /needs a date on both sides/);
  });

  it('a date that is not a date says so', () => {
    assert.match(errorOf('date', '> yesterday'), /"yesterday" is not a date/);
    assert.match(errorOf('date', '>= 2025-13'), /"2025-13" is not a date/);
    assert.match(errorOf('date', '< 2025-02-30'), /"2025-02-30" is not a date/);
    assert.match(errorOf('date', '2025-01..soon'), /"soon" is not a date/);
    assert.match(errorOf('datetime', '> 2025-03-04 25:00'), /not a date/);
    assert.ok(checkColumnFilter('date', '= 2024-02-29').ok, 'a leap day is a date');
  });

  it('placeholders give an example, the tooltip the whole syntax', () => {
    assert.equal(filterPlaceholder('money'), 'e.g. > 100');
    assert.equal(filterPlaceholder('date'), 'e.g. 2025-03');
    assert.equal(filterPlaceholder('text'), 'Filter');
    const numbers = filterSyntax('count').join('\n');
    for (const example of ['> 5', '10..20', '= 5', '!= 0']) assert.ok(numbers.includes(example), `the number syntax shows ${example}`);
    assert.ok(filterSyntax('date').join('\n').includes('2025-01..2025-03'));
    assert.ok(filterSyntax('text').join('\n').includes('= abc'));
  });
});
