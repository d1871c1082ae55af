// The usage-events grid's keyboard logic without a browser: where each key moves the active cell,
// how Shift extends the rectangular selection, select all, what the header keys do, and the copy of
// a block of cells (TSV, with or without headers) and of one event as JSON.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CellSelection, moveForKey, type GridSize } from '../../src/usageEvents/page/model/cellSelection';
import { eventObject, formatCells, formatRows } from '../../src/usageEvents/page/model/copyFormat';
import { RowStore } from '../../src/usageEvents/page/model/rowStore';
import { parseHostToWebview, parseWebviewToHost } from '../../src/usageEvents/protocol/usageEventsMessages';
import { gridKeyAction, headerKeyTarget } from '../../src/usageEvents/page/grid/keyboard';
import { eventFields, wireRow } from './support/usageEventRows';

const SIZE: GridSize = { rows: 100, cols: 8, page: 10 };

function press(sel: CellSelection, key: string, opts: { shift?: boolean; ctrl?: boolean } = {}, size = SIZE): void {
  const action = gridKeyAction({ key, shiftKey: opts.shift === true, ctrlKey: opts.ctrl === true, metaKey: false, altKey: false });
  assert.ok(action, `${key} does something`);
  if (action.kind === 'move') {
    const target = sel.target(action.move, size);
    if (target) sel.moveTo(target, action.extend);
  } else if (action.kind === 'selectAll') sel.selectAll();
}

const fields = eventFields;

describe('Usage-events grid: moving the active cell', () => {
  it('starts on the first cell, and arrows move one cell, stopping at the edges', () => {
    const sel = new CellSelection();
    press(sel, 'ArrowDown');
    assert.deepEqual(sel.active, { row: 0, col: 0 });
    press(sel, 'ArrowUp');
    press(sel, 'ArrowLeft');
    assert.deepEqual(sel.active, { row: 0, col: 0 });
    press(sel, 'ArrowRight');
    press(sel, 'ArrowRight');
    press(sel, 'ArrowDown');
    assert.deepEqual(sel.active, { row: 1, col: 2 });
  });

  it('Home and End go to the row start and end; Ctrl+Home and Ctrl+End to the first and last cell', () => {
    const sel = new CellSelection();
    sel.moveTo({ row: 5, col: 3 }, false);
    press(sel, 'End');
    assert.deepEqual(sel.active, { row: 5, col: 7 });
    press(sel, 'Home');
    assert.deepEqual(sel.active, { row: 5, col: 0 });
    press(sel, 'End', { ctrl: true });
    assert.deepEqual(sel.active, { row: 99, col: 7 });
    press(sel, 'Home', { ctrl: true });
    assert.deepEqual(sel.active, { row: 0, col: 0 });
  });

  it('PageDown and PageUp go a page of rows, clamped to the first and last row', () => {
    const sel = new CellSelection();
    sel.moveTo({ row: 0, col: 2 }, false);
    press(sel, 'PageDown');
    assert.deepEqual(sel.active, { row: 10, col: 2 });
    sel.moveTo({ row: 95, col: 2 }, false);
    press(sel, 'PageDown');
    assert.deepEqual(sel.active, { row: 99, col: 2 });
    press(sel, 'PageUp');
    assert.deepEqual(sel.active, { row: 89, col: 2 });
  });

  it('clamps the active cell into a grid that got smaller (a filter) and has none in an empty grid', () => {
    const sel = new CellSelection();
    sel.moveTo({ row: 80, col: 6 }, false);
    assert.deepEqual(sel.ensureActive({ rows: 10, cols: 4 }), { row: 9, col: 3 });
    assert.equal(new CellSelection().ensureActive({ rows: 0, cols: 4 }), null);
    assert.equal(sel.target('down', { rows: 0, cols: 4, page: 1 }), null);
  });
});

describe('Usage-events grid: the cell selection', () => {
  it('a move selects the one cell it lands on; focusing alone selects nothing', () => {
    const sel = new CellSelection();
    sel.ensureActive(SIZE);
    assert.equal(sel.rect(SIZE), null);
    press(sel, 'ArrowRight');
    assert.deepEqual(sel.rect(SIZE), { top: 0, bottom: 0, left: 1, right: 1 });
  });

  it('Shift+arrows extend a rectangle from where it started, in any direction', () => {
    const sel = new CellSelection();
    sel.moveTo({ row: 4, col: 4 }, false);
    press(sel, 'ArrowDown', { shift: true });
    press(sel, 'ArrowDown', { shift: true });
    press(sel, 'ArrowRight', { shift: true });
    assert.deepEqual(sel.rect(SIZE), { top: 4, bottom: 6, left: 4, right: 5 });
    assert.ok(sel.contains(5, 5, SIZE));
    assert.ok(!sel.contains(7, 5, SIZE));
    // Back past the anchor: the rectangle flips.
    for (let i = 0; i < 4; i++) press(sel, 'ArrowUp', { shift: true });
    press(sel, 'ArrowLeft', { shift: true });
    press(sel, 'ArrowLeft', { shift: true });
    assert.deepEqual(sel.rect(SIZE), { top: 2, bottom: 4, left: 3, right: 4 });
    // Shift+Ctrl+End: to the last cell.
    press(sel, 'End', { shift: true, ctrl: true });
    assert.deepEqual(sel.rect(SIZE), { top: 4, bottom: 99, left: 4, right: 7 });
    // A move without Shift starts over.
    press(sel, 'ArrowUp');
    assert.deepEqual(sel.rect(SIZE), { top: 98, bottom: 98, left: 7, right: 7 });
  });

  it('Ctrl+A selects every cell, including rows that arrive later', () => {
    const sel = new CellSelection();
    press(sel, 'a', { ctrl: true });
    assert.deepEqual(sel.rect(SIZE), { top: 0, bottom: 99, left: 0, right: 7 });
    assert.deepEqual(sel.rect({ rows: 150, cols: 8 }), { top: 0, bottom: 149, left: 0, right: 7 });
    sel.clear();
    assert.equal(sel.hasSelection, false);
  });

  it('maps the other keys: copy (with headers on Shift), open, select, clear; not plain letters or Alt', () => {
    const k = (key: string, o: { ctrl?: boolean; shift?: boolean; alt?: boolean } = {}) =>
      gridKeyAction({ key, ctrlKey: o.ctrl === true, shiftKey: o.shift === true, metaKey: false, altKey: o.alt === true });
    assert.deepEqual(k('c', { ctrl: true }), { kind: 'copy', headers: false });
    assert.deepEqual(k('C', { ctrl: true, shift: true }), { kind: 'copy', headers: true });
    assert.deepEqual(k('Enter'), { kind: 'open' });
    assert.deepEqual(k(' '), { kind: 'select' });
    assert.deepEqual(k('Escape'), { kind: 'clear' });
    assert.equal(k('a'), null);
    assert.equal(k('ArrowDown', { alt: true }), null);
    assert.equal(moveForKey('Tab', false), null);
  });

  it('header keys: Left/Right/Home/End go between headers, Down into the rows, Enter and Space are the button’s (sort)', () => {
    assert.equal(headerKeyTarget('ArrowRight', 2, 5), 3);
    assert.equal(headerKeyTarget('ArrowRight', 4, 5), 4);
    assert.equal(headerKeyTarget('ArrowLeft', 0, 5), 0);
    assert.equal(headerKeyTarget('End', 1, 5), 4);
    assert.equal(headerKeyTarget('ArrowDown', 1, 5), 'rows');
    assert.equal(headerKeyTarget('Enter', 1, 5), null);
    assert.equal(headerKeyTarget(' ', 1, 5), null);
  });
});

describe('Usage-events grid: copying cells and opening an event', () => {
  const store = new RowStore();
  store.append([
    wireRow(fields({ id: 11, external_id: 'evt_a', total_revenue_dollars: 1234.5, data: [['region', 'eu-west']] })),
    wireRow(fields({ id: 12, external_id: '=HYPERLINK("x")', total_revenue_dollars: -7, data: [['team', 'core']] })),
  ]);
  const col = (id: string) => {
    const c = store.columns.find((x) => x.id === id);
    assert.ok(c, id);
    return c;
  };

  it('copies a block as TSV without headers, and with them on request; a single cell is just its value', () => {
    const cols = [col('id'), col('external_id'), col('total_revenue_dollars')];
    assert.equal(formatCells(store, cols, [0, 1], { format: 'tsv', headers: false }), "11\tevt_a\t1234.5\n12\t'=HYPERLINK(\"x\")\t-7");
    const labels = cols.map((c) => c.label).join('\t');
    assert.equal(formatCells(store, cols, [0], { format: 'tsv', headers: true }), `${labels}\n11\tevt_a\t1234.5`);
    assert.equal(formatCells(store, [col('external_id')], [0], { format: 'tsv', headers: false }), 'evt_a');
  });

  it('writes the rows of a block as the row copy does (one row path)', () => {
    const cols = [col('id'), col('external_id')];
    const rows = formatRows(store, cols, [0, 1], 'tsv');
    assert.equal(rows, `${formatCells(store, cols, [0, 1], { format: 'tsv', headers: true })}\n`);
  });

  it('an event as JSON has every field by the API’s name and only its own data keys', () => {
    const first = eventObject(store, 0);
    assert.equal(first.id, 11);
    assert.equal(first.total_revenue_dollars, 1234.5);
    assert.deepEqual(first.data, { region: 'eu-west' });
    assert.deepEqual(eventObject(store, 1).data, { team: 'core' });
  });
});

describe('Usage-events grid: the messages of its commands', () => {
  it('checks a context-menu action for the page and an event to open for the panel', () => {
    assert.deepEqual(parseHostToWebview({ type: 'cellAction', action: 'filterByValue', row: 3, col: 4 }), { type: 'cellAction', action: 'filterByValue', row: 3, col: 4 });
    assert.deepEqual(parseHostToWebview({ type: 'cellAction', action: 'copyCell' }), { type: 'cellAction', action: 'copyCell' });
    assert.throws(() => parseHostToWebview({ type: 'cellAction', action: 'deleteRow', row: 1, col: 1 }), /action/);
    assert.throws(() => parseHostToWebview({ type: 'cellAction', action: 'copyCell', row: 1.5 }), /row/);
    assert.deepEqual(parseWebviewToHost({ type: 'openEvent', eventId: 11, json: '{"id":11}' }), { type: 'openEvent', eventId: 11, json: '{"id":11}' });
    assert.throws(() => parseWebviewToHost({ type: 'openEvent', eventId: '11', json: '{}' }), /eventId/);
  });
});
