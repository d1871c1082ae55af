// The grid's header: a row of column headers (each a button that sorts, with the sort's arrow and
// an edge to drag or double-click to resize) and a row of column filters under it.
import * as l10n from '@vscode/l10n';
import { DATA_COLUMN_PREFIX, dataColumnName } from '../../../shared/dataColumn';
import type { SortSpec } from '../../protocol/usageEventsMessages';
import { isNumericKind, type Column } from '../model/columns';
import { h } from '../ui/dom';
import { decorateFilterField } from '../ui/filterField';
import { MIN_WIDTH, type ColumnLayout } from './columnLayout';
import { headerKeyTarget } from './keyboard';

/** What the header tells the page. */
export interface HeaderEvents {
  sort(columnId: string, additive: boolean): void;
  columnFilter(columnId: string, text: string): void;
  resized(columnId: string, width: number): void;
}

/** What the header asks of the grid it is in. */
export interface HeaderGrid {
  /** Fits the column to what it shows; its new width. */
  fitColumn(column: Column): number | undefined;
  /** Down from a header: into the rows, under its column. */
  enterRows(col: number): void;
}

export class GridHeader {
  readonly el: HTMLElement;
  private readonly headRow: HTMLElement;
  private readonly filterRow: HTMLElement;

  constructor(
    private readonly layout: ColumnLayout,
    private readonly events: HeaderEvents,
    private readonly grid: HeaderGrid,
  ) {
    this.headRow = h('div', { class: 'grid-row head-row', attrs: { role: 'row', 'aria-rowindex': '1' } });
    this.filterRow = h('div', { class: 'grid-row filter-row', attrs: { role: 'row', 'aria-rowindex': '2' } });
    this.el = h('div', { class: 'grid-head', attrs: { role: 'rowgroup', 'data-vscode-context': JSON.stringify({ webviewSection: 'usageEventHeader' }) } }, [this.headRow, this.filterRow]);
  }

  /** Builds the header of the layout's columns. */
  build(sort: SortSpec | null, filters: Map<string, string>): void {
    const columns = this.layout.columns;
    // A header that had the focus (Enter sorted by it) keeps it in the new header row.
    const focused = this.headRow.contains(document.activeElement) ? (document.activeElement?.closest<HTMLElement>('[role="columnheader"]')?.dataset.column ?? null) : null;
    this.headRow.replaceChildren(...columns.map((c, i) => this.headCell(c, i, sort)));
    if (focused !== null) this.headRow.querySelector<HTMLElement>(`[data-column="${CSS.escape(focused)}"] .head-label`)?.focus({ preventScroll: true });
    this.filterRow.replaceChildren(...columns.map((c) => this.filterCell(c, filters.get(c.id) ?? '')));
  }

  /** The header cell of the column at this visible position. */
  cellAt(col: number): Element | undefined {
    return this.headRow.children[col];
  }

  /** Gives the focus to the header of the column at this visible position. */
  focus(col: number): void {
    this.headRow.querySelectorAll<HTMLElement>('.head-label')[col]?.focus();
  }

  private headCell(c: Column, index: number, sort: SortSpec | null): HTMLElement {
    const sorted = sort?.column === c.id ? sort.direction : undefined;
    const label = h('button', {
      class: 'head-label',
      attrs: { type: 'button', title: l10n.t('{0} — click to sort', c.dataKey !== undefined ? dataColumnName(c.dataKey) : c.label) },
    });
    // "data." and the key are one name on one line, cut at its end (the tooltip has it whole).
    const name = h('span', { class: 'head-name' }, [c.dataKey !== undefined ? h('span', { class: 'data-prefix', text: DATA_COLUMN_PREFIX }) : null, h('span', { class: 'head-text', text: c.label })]);
    label.append(name);
    label.append(h('span', { class: `sort-indicator${sorted ? ` ${sorted}` : ''}`, attrs: { 'aria-hidden': 'true' }, text: sorted === 'asc' ? '▲' : sorted === 'desc' ? '▼' : '' }));
    label.addEventListener('click', (e) => this.events.sort(c.id, e.shiftKey));
    label.addEventListener('keydown', (e) => this.onKey(e, index));
    const handle = h('div', { class: 'resize-handle', attrs: { 'aria-hidden': 'true' } });
    handle.addEventListener('pointerdown', (e) => this.startResize(e, c, handle));
    handle.addEventListener('dblclick', () => {
      const width = this.grid.fitColumn(c);
      if (width !== undefined) this.events.resized(c.id, width);
    });
    const cls = `grid-cell head-cell${isNumericKind(c.kind) && c.kind !== 'flag' ? ' numeric' : ''}`;
    return h(
      'div',
      { class: cls, attrs: { role: 'columnheader', 'data-column': c.id, 'aria-colindex': String(index + 1), 'aria-sort': sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : 'none' } },
      [label, handle],
    );
  }

  private filterCell(c: Column, text: string): HTMLElement {
    const input = h('input', {
      class: 'column-filter',
      attrs: {
        type: 'text',
        spellcheck: 'false',
        'aria-label': l10n.t('Filter {0}', c.label),
      },
    });
    input.value = text;
    const cell = h('div', { class: 'grid-cell filter-cell', attrs: { role: 'gridcell' } }, [input]);
    // Placeholder, syntax tooltip and a filter's error on the field (filterField.ts).
    const checkFilter = decorateFilterField(cell, input, c.kind);
    let timer = 0;
    input.addEventListener('input', () => {
      clearTimeout(timer);
      checkFilter(input.value);
      timer = window.setTimeout(() => this.events.columnFilter(c.id, input.value), 150);
    });
    input.addEventListener('keydown', (e) => e.stopPropagation());
    return cell;
  }

  private startResize(e: PointerEvent, c: Column, handle: HTMLElement): void {
    e.preventDefault();
    e.stopPropagation();
    const startX = e.clientX;
    const startWidth = this.layout.chosenWidth(c);
    handle.setPointerCapture(e.pointerId);
    const move = (ev: PointerEvent) => this.layout.resize(c, Math.max(MIN_WIDTH, Math.round(startWidth + ev.clientX - startX)));
    const up = () => {
      handle.removeEventListener('pointermove', move);
      handle.removeEventListener('pointerup', up);
      handle.removeEventListener('pointercancel', up);
      this.events.resized(c.id, this.layout.chosenWidth(c));
    };
    handle.addEventListener('pointermove', move);
    handle.addEventListener('pointerup', up);
    handle.addEventListener('pointercancel', up);
  }

  private onKey(e: KeyboardEvent, index: number): void {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    const target = headerKeyTarget(e.key, index, this.layout.columns.length);
    if (target === null) {
      // Enter and Space are the header button's own (they sort); they are not the rows' keys.
      if (e.key === 'Enter' || e.key === ' ') e.stopPropagation();
      return;
    }
    e.preventDefault();
    e.stopPropagation();
    if (target === 'rows') this.grid.enterRows(index);
    else this.focus(target);
  }
}
