// The virtualized table. The DOM holds a header (labels, sort, resize handles, column filters), a
// pool of row elements for the rows on screen plus a small buffer (never more than MAX_DOM_ROWS),
// and a totals row. Scrolling moves and refills pooled rows; nothing is created per data row.
import { DATA_COLUMN_PREFIX, dataColumnName } from '../../../shared/dataColumn';
import type { UsageEventField } from '../../protocol/usageEventRow';
import { approxNumber } from '../../../shared/exactNumber';
import type { SortSpec } from '../../protocol/usageEventsMessages';
import { CellSelection, type CellPosition, type CellRect } from '../model/cellSelection';
import { cellText, formatMoney, isNumericKind, type Column } from '../model/columns';
import { formatCount } from '../../../shared/countFormat';
import type { RowStore } from '../model/rowStore';
import type { TableView } from '../model/tableView';
import { t } from '../strings';
import { h } from './dom';
import { gridKeyAction, headerKeyTarget, type GridKeyAction } from './gridKeyboard';
import { fitWidth, isCut } from './columnFit';
import { decorateFilterField } from './filterField';
import { computeWindow, scrollTopFor } from './virtualWindow';

export const MAX_DOM_ROWS = 150;
const BUFFER_ROWS = 12;
const MIN_WIDTH = 48;
/** The columns under which group rows and the totals row show their sums. */
const REVENUE: UsageEventField = 'total_revenue_dollars';
const EVENTS: UsageEventField = 'total_events';
const ADJUSTMENT: UsageEventField = 'is_adjustment';

export interface GridEvents {
  sort(columnId: string, additive: boolean): void;
  columnFilter(columnId: string, text: string): void;
  resized(columnId: string, width: number): void;
  toggleGroup(month: string): void;
  selectionChanged(): void;
  scrolled(scrollTop: number): void;
  /** Ctrl+C: the selected cells (Ctrl+Shift+C: with headers). */
  copyCells(headers: boolean): void;
  /** Enter or double-click on an event's row: open it as JSON. */
  open(row: number): void;
}

/** The selected cells: the rows (store indexes, display order; month group rows left out) and the columns. */
export interface CellBlock {
  rows: number[];
  columns: Column[];
}

interface PooledRow {
  el: HTMLElement;
  cells: HTMLElement[];
  item: number;
  version: number;
}

export class Grid {
  readonly root: HTMLElement;
  private readonly head: HTMLElement;
  private readonly headRow: HTMLElement;
  private readonly filterRow: HTMLElement;
  private readonly body: HTMLElement;
  private readonly foot: HTMLElement;
  private readonly empty: HTMLElement;
  private columns: Column[] = [];
  private widths = new Map<string, number>();
  private filters = new Map<string, string>();
  private sort: SortSpec | null = null;
  private pool: PooledRow[] = [];
  private version = 0;
  private frame = 0;
  readonly rowHeight = 22;
  /** The active cell and the selected rectangle, by position in the rows shown and the visible columns. */
  readonly cells = new CellSelection();
  /** What VS Code's webview context menu is given besides the cell (the panel's commit). */
  private menuContext: Record<string, string | number | boolean> = {};
  private emptyText = '';
  private footVersion = -1;
  /** Classes a row gets besides the grid's own (the find's matches: ui/findBox.ts), with a leading space. */
  rowDecoration: ((row: number, position: number) => string) | null = null;

  constructor(
    private readonly store: RowStore,
    private readonly view: TableView,
    private readonly events: GridEvents,
  ) {
    this.headRow = h('div', { class: 'grid-row head-row', attrs: { role: 'row', 'aria-rowindex': '1' } });
    this.filterRow = h('div', { class: 'grid-row filter-row', attrs: { role: 'row', 'aria-rowindex': '2' } });
    this.head = h('div', { class: 'grid-head', attrs: { role: 'rowgroup', 'data-vscode-context': JSON.stringify({ webviewSection: 'usageEventHeader' }) } }, [this.headRow, this.filterRow]);
    this.body = h('div', { class: 'grid-body', attrs: { role: 'rowgroup' } });
    this.foot = h('div', { class: 'grid-row grid-foot', attrs: { role: 'row', 'data-vscode-context': JSON.stringify({ webviewSection: 'usageEventTotals' }) } });
    this.empty = h('div', { class: 'grid-empty', attrs: { role: 'status' } });
    this.root = h('div', { class: 'grid', attrs: { role: 'grid', tabindex: '0', 'aria-multiselectable': 'true', 'aria-label': t('Usage events') } }, [
      this.head,
      this.body,
      this.empty,
      this.foot,
    ]);
    this.root.addEventListener('scroll', () => {
      this.schedule();
      this.events.scrolled(this.root.scrollTop);
    });
    this.root.addEventListener('keydown', (e) => this.onKey(e));
    this.root.addEventListener('focus', () => this.onFocus());
    this.body.addEventListener('mousedown', (e) => this.onRowMouse(e));
    this.body.addEventListener('dblclick', (e) => this.onRowDoubleClick(e));
    this.root.addEventListener('contextmenu', (e) => this.onContextMenu(e));
    this.updateMenuContext();
    // The heights the rows are fitted to, read when they change (after the browser's layout)
    // rather than at each draw, where reading them would force a layout of what just changed.
    const sizes = new ResizeObserver(() => {
      this.heights = { root: this.root.clientHeight, head: this.head.offsetHeight, foot: this.foot.offsetHeight };
      this.schedule();
    });
    for (const el of [this.root, this.head, this.foot]) sizes.observe(el);
  }

  private heights: { root: number; head: number; foot: number } | undefined;

  get visibleColumns(): readonly Column[] {
    return this.columns;
  }

  setColumns(columns: Column[], widths: Map<string, number>, sort: SortSpec | null, filters: Map<string, string>): void {
    this.columns = columns;
    this.widths = widths;
    this.sort = sort;
    this.filters = filters;
    this.buildHead();
    this.applyWidths();
    // Pooled rows have one cell per column: rebuild them for the new column set.
    this.pool = [];
    this.body.replaceChildren();
    this.invalidate();
  }

  setEmptyText(text: string): void {
    this.emptyText = text;
    this.schedule();
  }

  /** The view changed (rows appended, filter, sort, selection): redraw what is on screen. */
  invalidate(): void {
    this.version++;
    this.schedule();
  }

  scrollTo(scrollTop: number): void {
    // Size the body for the rows there are now first: rows appended since the last frame are not
    // in its height yet, and the browser would clamp the offset to the shorter height.
    this.renderNow();
    this.root.scrollTop = scrollTop;
    this.renderNow();
  }

  scrollToPosition(position: number): void {
    const vh = this.viewportHeight();
    const top = scrollTopFor(position, this.view.display.length, this.rowHeight, vh);
    const current = this.root.scrollTop;
    const rowTop = top;
    if (rowTop < current) this.root.scrollTop = rowTop;
    else if (rowTop + this.rowHeight > current + vh) this.root.scrollTop = rowTop - vh + this.rowHeight;
    this.renderNow();
  }

  private schedule(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.render();
    });
  }

  /** Draws now what waits for the next frame: the end of a load shows its rows, totals and header together. */
  drawPending(): void {
    if (this.frame) this.renderNow();
  }

  /** Draws at once, rather than at the next frame (before and after a scroll the view makes). */
  private renderNow(): void {
    if (this.frame) cancelAnimationFrame(this.frame);
    this.frame = 0;
    this.render();
  }

  /** The selection while render() draws rows (read once per draw); undefined otherwise. */
  private drawingRect: CellRect | null | undefined;

  private viewportHeight(): number {
    const h = this.heights ?? { root: this.root.clientHeight, head: this.head.offsetHeight, foot: this.foot.offsetHeight };
    return Math.max(this.rowHeight, h.root - h.head - h.foot);
  }

  private buildHead(): void {
    // A header that had the focus (Enter sorted by it) keeps it in the new header row.
    const focused = this.headRow.contains(document.activeElement) ? (document.activeElement?.closest<HTMLElement>('[role="columnheader"]')?.dataset.column ?? null) : null;
    const headCells = this.columns.map((c, i) => this.headCell(c, i));
    this.headRow.replaceChildren(...headCells);
    if (focused !== null) this.headRow.querySelector<HTMLElement>(`[data-column="${CSS.escape(focused)}"] .head-label`)?.focus({ preventScroll: true });
    const filterCells = this.columns.map((c) => {
      const input = h('input', {
        class: 'column-filter',
        attrs: {
          type: 'text',
          spellcheck: 'false',
          'aria-label': t('Filter {0}', c.label),
        },
      });
      input.value = this.filters.get(c.id) ?? '';
      const filterCell = h('div', { class: 'grid-cell filter-cell', attrs: { role: 'gridcell' } }, [input]);
      // Placeholder, syntax tooltip and a filter's error on the field (filterField.ts).
      const checkFilter = decorateFilterField(filterCell, input, c.kind);
      let timer = 0;
      input.addEventListener('input', () => {
        clearTimeout(timer);
        checkFilter(input.value);
        timer = window.setTimeout(() => this.events.columnFilter(c.id, input.value), 150);
      });
      input.addEventListener('keydown', (e) => e.stopPropagation());
      return filterCell;
    });
    this.filterRow.replaceChildren(...filterCells);
  }

  private headCell(c: Column, index: number): HTMLElement {
    const sorted = this.sort?.column === c.id ? this.sort.direction : undefined;
    const label = h('button', {
      class: 'head-label',
      attrs: { type: 'button', title: t('{0} — click to sort', c.dataKey !== undefined ? dataColumnName(c.dataKey) : c.label) },
    });
    if (c.dataKey !== undefined) label.append(h('span', { class: 'data-prefix', text: DATA_COLUMN_PREFIX }));
    label.append(h('span', { class: 'head-text', text: c.label }));
    label.append(h('span', { class: `sort-indicator${sorted ? ` ${sorted}` : ''}`, attrs: { 'aria-hidden': 'true' }, text: sorted === 'asc' ? '▲' : sorted === 'desc' ? '▼' : '' }));
    label.addEventListener('click', (e) => this.events.sort(c.id, e.shiftKey));
    label.addEventListener('keydown', (e) => this.onHeaderKey(e, index));
    const handle = h('div', { class: 'resize-handle', attrs: { 'aria-hidden': 'true' } });
    handle.addEventListener('pointerdown', (e) => this.startResize(e, c, handle));
    // A double-click on the edge fits the column to what it shows (columnFit.ts).
    handle.addEventListener('dblclick', () => this.fitColumn(c));
    const cls = `grid-cell head-cell${isNumericKind(c.kind) && c.kind !== 'flag' ? ' numeric' : ''}`;
    return h(
      'div',
      { class: cls, attrs: { role: 'columnheader', 'data-column': c.id, 'aria-colindex': String(index + 1), 'aria-sort': sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : 'none' } },
      [label, handle],
    );
  }

  private startResize(e: PointerEvent, c: Column, handle: HTMLElement): void {
    e.preventDefault();
    e.stopPropagation();
    const startX = e.clientX;
    const startWidth = this.widths.get(c.id) ?? c.width;
    handle.setPointerCapture(e.pointerId);
    const move = (ev: PointerEvent) => {
      this.widths.set(c.id, Math.max(MIN_WIDTH, Math.round(startWidth + ev.clientX - startX)));
      this.applyWidths();
    };
    const up = () => {
      handle.removeEventListener('pointermove', move);
      handle.removeEventListener('pointerup', up);
      handle.removeEventListener('pointercancel', up);
      this.events.resized(c.id, this.widths.get(c.id) ?? c.width);
    };
    handle.addEventListener('pointermove', move);
    handle.addEventListener('pointerup', up);
    handle.addEventListener('pointercancel', up);
  }

  private applyWidths(): void {
    // A column is never narrower than its total needs (totalFits): a total is never cut.
    const widths = this.columns.map((c) => Math.max(this.widths.get(c.id) ?? c.width, this.totalFits.get(c.id) ?? 0));
    const total = widths.reduce((a, b) => a + b, 0);
    this.root.style.setProperty('--grid-columns', widths.map((w) => `${w}px`).join(' '));
    this.root.style.setProperty('--grid-width', `${total}px`);
  }

  private render(): void {
    const display = this.view.display;
    const count = display.length;
    const w = computeWindow({
      scrollTop: this.root.scrollTop,
      viewportHeight: this.viewportHeight(),
      rowHeight: this.rowHeight,
      count,
      buffer: BUFFER_ROWS,
      maxRows: MAX_DOM_ROWS,
    });
    this.body.style.height = `${w.bodyHeight}px`;
    this.root.setAttribute('aria-rowcount', String(count + 2));
    const needed = w.end - w.first;
    // Pool slots are addressed by position modulo pool size, so scrolling by a row refills one element.
    const poolSize = Math.min(MAX_DOM_ROWS, Math.max(this.pool.length, needed));
    while (this.pool.length < poolSize) this.pool.push(this.createRow());
    // Read once, before the loop writes styles: reading the layout (the viewport's height) between
    // those writes would make the browser lay the page out again for every row drawn.
    this.drawingRect = this.selectedRect();
    for (let p = w.first; p < w.end; p++) {
      const slot = this.pool[p % poolSize] as PooledRow;
      const item = display[p] as number;
      if (slot.item !== item || slot.version !== this.version) this.fill(slot, item, p);
      slot.el.style.transform = `translateY(${w.firstTop + (p - w.first) * this.rowHeight}px)`;
      if (!slot.el.isConnected) this.body.append(slot.el);
    }
    this.drawingRect = undefined;
    // Slots not used by this window leave the DOM.
    for (let i = 0; i < this.pool.length; i++) {
      const slot = this.pool[i] as PooledRow;
      const p = w.first + ((i - (w.first % poolSize) + poolSize) % poolSize);
      if (p >= w.end && slot.el.isConnected) {
        slot.el.remove();
        slot.item = Number.NaN;
      }
    }
    if (this.footVersion !== this.version) this.renderFoot();
    this.updateActiveDescendant();
    this.empty.textContent = count === 0 ? this.emptyText : '';
    this.empty.hidden = count !== 0 || this.emptyText === '';
  }

  private createRow(): PooledRow {
    const cells = this.columns.map((_, i) => h('div', { class: 'grid-cell', attrs: { role: 'gridcell', 'aria-colindex': String(i + 1) } }));
    const el = h('div', { class: 'grid-row row', attrs: { role: 'row' } }, cells);
    return { el, cells, item: Number.NaN, version: -1 };
  }

  private fill(slot: PooledRow, item: number, position: number): void {
    slot.item = item;
    slot.version = this.version;
    slot.el.setAttribute('aria-rowindex', String(position + 3));
    slot.el.dataset.position = String(position);
    if (item < 0) {
      this.fillGroup(slot, -item - 1);
      return;
    }
    const adjustment = this.store.isAdjustment(item);
    const rect = this.drawingRect !== undefined ? this.drawingRect : this.selectedRect();
    const inRows = rect !== null && position >= rect.top && position <= rect.bottom;
    const active = this.cells.active;
    const activeRow = active !== null && active.row === position;
    slot.el.className = `grid-row row${position % 2 ? ' odd' : ''}${adjustment ? ' adjustment' : ''}${inRows ? ' selected' : ''}${activeRow ? ' focused' : ''}${this.rowDecoration?.(item, position) ?? ''}`;
    slot.el.removeAttribute('aria-selected');
    slot.el.removeAttribute('aria-expanded');
    this.columns.forEach((c, i) => {
      const cell = slot.cells[i] as HTMLElement;
      const col = this.store.columnIndex(c.id);
      const raw = col === undefined ? undefined : this.store.cell(item, col);
      const text = cellText(c.kind, raw);
      const selected = inRows && i >= rect.left && i <= rect.right;
      cell.className = `grid-cell${isNumericKind(c.kind) && c.kind !== 'flag' ? ' numeric' : ''}${c.kind === 'flag' && raw === true ? ' flag' : ''}${approxNumber(raw) < 0 ? ' negative' : ''}${selected ? ' selected' : ''}${activeRow && active.col === i ? ' active' : ''}`;
      cell.id = cellId(position, i);
      cell.setAttribute('aria-selected', selected ? 'true' : 'false');
      cell.textContent = text;
      if (text.length > 18) cell.title = text;
      else cell.removeAttribute('title');
    });
  }

  private fillGroup(slot: PooledRow, index: number): void {
    const g = this.view.groups[index];
    const active = this.cells.active;
    const position = Number(slot.el.dataset.position);
    const activeRow = active !== null && active.row === position;
    slot.el.className = `grid-row row group${g?.collapsed ? ' collapsed' : ''}${activeRow ? ' focused' : ''}`;
    slot.el.removeAttribute('aria-selected');
    slot.el.setAttribute('aria-expanded', g?.collapsed ? 'false' : 'true');
    this.columns.forEach((c, i) => {
      const cell = slot.cells[i] as HTMLElement;
      cell.className = `grid-cell${isNumericKind(c.kind) && c.kind !== 'flag' ? ' numeric' : ''}${activeRow && active.col === i ? ' active' : ''}`;
      cell.id = cellId(position, i);
      cell.removeAttribute('aria-selected');
      cell.removeAttribute('title');
      if (!g) cell.textContent = '';
      else if (i === 0) cell.textContent = `${g.collapsed ? '▸' : '▾'} ${t(g.rows === 1 ? '{0} · {1} row' : '{0} · {1} rows', g.month.slice(0, 7), formatCount(g.rows))}`;
      else if (c.id === REVENUE) cell.textContent = formatMoney(g.revenue);
      else if (c.id === EVENTS) cell.textContent = formatCount(g.events);
      else cell.textContent = '';
    });
  }

  private renderFoot(): void {
    this.footVersion = this.version;
    const totals = this.view.totals;
    const cells = this.columns.map((c, i) => {
      let text = '';
      if (i === 0) text = t('Total · {0} shown', formatCount(totals.rows));
      else if (c.id === REVENUE) text = formatMoney(totals.revenue);
      else if (c.id === EVENTS) text = formatCount(totals.events);
      else if (c.id === ADJUSTMENT && totals.adjustments > 0) text = t('{0} adj.', formatCount(totals.adjustments));
      return h('div', { class: `grid-cell${isNumericKind(c.kind) && c.kind !== 'flag' ? ' numeric' : ''}`, attrs: { role: 'gridcell' }, text });
    });
    this.foot.replaceChildren(...cells);
    this.fitTotals();
  }

  // ---- column widths that fit their content (columnFit.ts) -----------------------------------

  /** Widest total each column has had to show: the column is kept at least this wide. */
  private readonly totalFits = new Map<string, number>();

  /**
   * Per column, the width it had and the longest total found to fit in it. Totals are figures in
   * tabular digits, so a total no longer than one that fitted fits too: while rows stream in, the
   * Total row is redrawn every few frames, and measuring it each time forced a layout per frame.
   */
  private readonly totalChecked = new Map<string, { width: number; chars: number }>();

  /** Gives the columns whose total is cut the room it needs. */
  private fitTotals(): void {
    let changed = false;
    // The first cell's "Total · n shown" runs on over the empty cells beside it.
    for (let i = 1; i < this.columns.length; i++) {
      const c = this.columns[i];
      const cell = this.foot.children.item(i);
      if (!c || !cell) continue;
      const chars = cell.textContent.length;
      const width = Math.max(this.widths.get(c.id) ?? c.width, this.totalFits.get(c.id) ?? 0);
      const checked = this.totalChecked.get(c.id);
      if (chars === 0 || (checked && checked.width === width && chars <= checked.chars)) continue;
      if (!isCut(cell)) {
        this.totalChecked.set(c.id, { width, chars });
        continue;
      }
      const need = fitWidth(this.root, [cell]);
      if (need > (this.totalFits.get(c.id) ?? 0)) {
        this.totalFits.set(c.id, need);
        changed = true;
      }
    }
    if (changed) this.applyWidths();
  }

  /** Fits the column to its content: its header, the rows drawn and its total. */
  private fitColumn(c: Column): void {
    const i = this.columns.indexOf(c);
    if (i < 0) return;
    const cells: Element[] = [];
    const head = this.headRow.children[i];
    if (head) cells.push(head);
    for (const slot of this.pool) {
      const cell = slot.cells[i];
      if (slot.el.isConnected && cell && cell.textContent !== '') cells.push(cell);
    }
    const total = this.foot.children[i];
    if (total && total.textContent !== '' && i > 0) cells.push(total);
    const width = Math.max(MIN_WIDTH, fitWidth(this.root, cells));
    this.widths.set(c.id, width);
    this.applyWidths();
    this.events.resized(c.id, width);
  }

  // ---- the active cell and the selection (model/cellSelection.ts; keys in gridKeyboard.ts) -----

  private size(): { rows: number; cols: number; page: number } {
    return { rows: this.view.display.length, cols: this.columns.length, page: Math.max(1, Math.floor(this.viewportHeight() / this.rowHeight) - 1) };
  }

  private selectedRect(): CellRect | null {
    return this.cells.rect(this.size());
  }

  /** The selected cells; the active cell alone when nothing is selected; null when there is neither. */
  selectedBlock(): CellBlock | null {
    const size = this.size();
    let rect = this.cells.rect(size);
    if (!rect) {
      const a = this.cells.active;
      if (!a || a.row >= size.rows || a.col >= size.cols) return null;
      rect = { top: a.row, bottom: a.row, left: a.col, right: a.col };
    }
    return { rows: this.eventsBetween(rect.top, rect.bottom), columns: this.columns.slice(rect.left, rect.right + 1) };
  }

  /** Events (store indexes) shown at these positions, in display order; month group rows left out. */
  private eventsBetween(top: number, bottom: number): number[] {
    const display = this.view.display;
    const out: number[] = [];
    for (let p = top; p <= bottom; p++) {
      const r = display[p];
      if (r !== undefined && r >= 0) out.push(r);
    }
    return out;
  }

  /** Rows selected, in display order. */
  selectedRows(): number[] {
    const rect = this.selectedRect();
    return rect ? this.eventsBetween(rect.top, rect.bottom) : [];
  }

  /** How many events are in the selected rows. */
  get selectedRowCount(): number {
    const rect = this.selectedRect();
    if (!rect) return 0;
    if (this.view.groups.length === 0) return rect.bottom - rect.top + 1;
    return this.eventsBetween(rect.top, rect.bottom).length;
  }

  /** The event at this position (a store index), or undefined for a month group row or no row. */
  eventAt(position: number): number | undefined {
    const r = this.view.display[position];
    return r !== undefined && r >= 0 ? r : undefined;
  }

  /** The column at this visible position. */
  columnAt(col: number): Column | undefined {
    return this.columns[col];
  }

  /** Nothing selected and no active cell (a new load). */
  clearSelection(): void {
    this.cells.clear(true);
    this.invalidate();
  }

  selectAll(): void {
    this.cells.selectAll();
    this.invalidate();
    this.events.selectionChanged();
  }

  /** Makes this cell the active one (and the selection, or extends the selection to it), and shows it. */
  activate(target: CellPosition, extend: boolean): void {
    this.cells.moveTo(target, extend);
    this.invalidate();
    this.scrollToPosition(target.row);
    this.scrollToColumn(target.col);
    this.events.selectionChanged();
  }

  /** The commit this grid shows, for VS Code's context menu (the menu's commands find the panel by it). */
  setMenuContext(context: Record<string, string | number | boolean>): void {
    this.menuContext = context;
    this.updateMenuContext();
  }

  /**
   * VS Code's webview context menu reads `data-vscode-context` from the element right-clicked and
   * its ancestors. The grid's names the active cell, so the menu opened from the keyboard
   * (Shift+F10) acts on it; a right-click first makes the cell clicked the active one.
   */
  private updateMenuContext(): void {
    const a = this.cells.active;
    const context: Record<string, string | number | boolean> = { ...this.menuContext, webviewSection: 'usageEventCell', preventDefaultContextMenuItems: true };
    if (a) {
      context.row = a.row;
      context.col = a.col;
    }
    this.root.setAttribute('data-vscode-context', JSON.stringify(context));
  }

  private updateActiveDescendant(): void {
    const a = this.cells.active;
    const id = a ? cellId(a.row, a.col) : '';
    const present = id !== '' && this.body.querySelector(`#${id}`) !== null;
    if (present) this.root.setAttribute('aria-activedescendant', id);
    else this.root.removeAttribute('aria-activedescendant');
    this.updateMenuContext();
  }

  private scrollToColumn(col: number): void {
    let left = 0;
    for (let i = 0; i < col; i++) {
      const c = this.columns[i];
      if (c) left += this.widths.get(c.id) ?? c.width;
    }
    const c = this.columns[col];
    if (!c) return;
    const right = left + (this.widths.get(c.id) ?? c.width);
    const view = this.root.clientWidth;
    if (left < this.root.scrollLeft) this.root.scrollLeft = left;
    else if (right > this.root.scrollLeft + view) this.root.scrollLeft = Math.min(left, right - view);
  }

  /** Focus comes to the rows: a cell becomes active (the one before, or the first), so a screen reader has a cell to read. */
  private onFocus(): void {
    if (this.cells.active) {
      this.invalidate();
      return;
    }
    if (this.cells.ensureActive(this.size())) this.invalidate();
  }

  private cellFromEvent(e: Event): CellPosition | null {
    const cellEl = (e.target as Element).closest<HTMLElement>('.grid-cell');
    const rowEl = cellEl?.closest<HTMLElement>('.row');
    const position = Number(rowEl?.dataset.position);
    if (!cellEl || !rowEl || !Number.isInteger(position)) return null;
    const col = Math.max(0, [...rowEl.children].indexOf(cellEl));
    return { row: position, col };
  }

  private onRowMouse(e: MouseEvent): void {
    if (e.button !== 0) return;
    const at = this.cellFromEvent(e);
    if (!at) return;
    this.root.focus({ preventScroll: true });
    const item = this.view.display[at.row];
    if (item !== undefined && item < 0) {
      const g = this.view.groups[-item - 1];
      this.cells.moveTo(at, false);
      this.invalidate();
      if (g) this.events.toggleGroup(g.month);
      return;
    }
    this.activate(at, e.shiftKey);
  }

  private onRowDoubleClick(e: MouseEvent): void {
    const at = this.cellFromEvent(e);
    const row = at ? this.eventAt(at.row) : undefined;
    if (row !== undefined) this.events.open(row);
  }

  /** A right-click on a cell outside the selection makes it the active (and selected) cell, before the menu reads the context. */
  private onContextMenu(e: MouseEvent): void {
    const at = this.cellFromEvent(e);
    if (!at) return;
    if (!this.cells.contains(at.row, at.col, this.size())) {
      this.cells.moveTo(at, false);
      this.invalidate();
      this.events.selectionChanged();
    } else {
      this.cells.active = at;
    }
    this.updateMenuContext();
  }

  private onHeaderKey(e: KeyboardEvent, index: number): void {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    const target = headerKeyTarget(e.key, index, this.columns.length);
    if (target === null) {
      // Enter and Space are the header button's own (they sort); they are not the rows' keys.
      if (e.key === 'Enter' || e.key === ' ') e.stopPropagation();
      return;
    }
    e.preventDefault();
    e.stopPropagation();
    if (target === 'rows') {
      if (this.view.display.length === 0) return;
      // The active row if it is on screen, else the first row on screen.
      const top = Math.min(this.visibleTop(), this.view.display.length - 1);
      const active = this.cells.active?.row;
      const row = active !== undefined && active >= top && active < top + this.size().page ? active : top;
      this.root.focus({ preventScroll: true });
      this.activate({ row, col: index }, false);
      return;
    }
    this.headRow.querySelectorAll<HTMLElement>('.head-label')[target]?.focus();
  }

  /** The first row position on screen. */
  private visibleTop(): number {
    return Math.max(0, Math.ceil(this.root.scrollTop / this.rowHeight));
  }

  private onKey(e: KeyboardEvent): void {
    // Keys in the headers' buttons and the filter boxes are theirs.
    if (e.target !== this.root) return;
    const action = gridKeyAction(e);
    if (!action) return;
    e.preventDefault();
    this.perform(action);
  }

  private perform(action: GridKeyAction): void {
    const size = this.size();
    switch (action.kind) {
      case 'move': {
        // Up from the first row goes to its column's header.
        if (action.move === 'up' && !action.extend && this.cells.active?.row === 0) {
          this.headRow.querySelectorAll<HTMLElement>('.head-label')[this.cells.active.col]?.focus();
          return;
        }
        const target = this.cells.target(action.move, size);
        if (target) this.activate(target, action.extend);
        return;
      }
      case 'selectAll':
        this.selectAll();
        return;
      case 'copy':
        this.events.copyCells(action.headers);
        return;
      case 'clear':
        this.cells.clear();
        this.invalidate();
        this.events.selectionChanged();
        return;
      case 'open':
      case 'select': {
        const a = this.cells.ensureActive(size);
        if (!a) return;
        const item = this.view.display[a.row];
        if (item !== undefined && item < 0) {
          const g = this.view.groups[-item - 1];
          if (g) this.events.toggleGroup(g.month);
          return;
        }
        if (action.kind === 'open' && item !== undefined) this.events.open(item);
        else this.activate(a, false);
        return;
      }
    }
  }
}

/** The id of the cell at this position (what aria-activedescendant names). */
function cellId(position: number, col: number): string {
  return `cell-${position}-${col}`;
}
