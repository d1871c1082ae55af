// The virtualized table. The DOM holds a header (labels, sort, resize handles, column filters), a
// pool of row elements for the rows on screen plus a small buffer (never more than MAX_DOM_ROWS),
// and a totals row. Scrolling moves and refills pooled rows; nothing is created per data row.
import { DATA_COLUMN_PREFIX, dataColumnName } from '../../shared/dataColumn';
import type { UsageEventField } from '../../shared/usageEventRow';
import type { SortSpec } from '../../shared/usageEventsMessages';
import { cellText, formatCount, formatMoney, isNumericKind, type Column } from '../model/columns';
import type { RowStore } from '../model/rowStore';
import type { TableView } from '../model/tableView';
import { t } from '../strings';
import { h } from './dom';
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
  copy(): void;
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
  readonly selection = new Set<number>();
  private anchor = -1;
  private focus = -1;
  private emptyText = '';
  private footVersion = -1;

  constructor(
    private readonly store: RowStore,
    private readonly view: TableView,
    private readonly events: GridEvents,
  ) {
    this.headRow = h('div', { class: 'grid-row head-row', attrs: { role: 'row', 'aria-rowindex': '1' } });
    this.filterRow = h('div', { class: 'grid-row filter-row', attrs: { role: 'row', 'aria-rowindex': '2' } });
    this.head = h('div', { class: 'grid-head', attrs: { role: 'rowgroup' } }, [this.headRow, this.filterRow]);
    this.body = h('div', { class: 'grid-body', attrs: { role: 'rowgroup' } });
    this.foot = h('div', { class: 'grid-row grid-foot', attrs: { role: 'row' } });
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
    this.body.addEventListener('mousedown', (e) => this.onRowMouse(e));
    new ResizeObserver(() => this.schedule()).observe(this.root);
  }

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

  /** Draws at once, rather than at the next frame (before and after a scroll the view makes). */
  private renderNow(): void {
    if (this.frame) cancelAnimationFrame(this.frame);
    this.frame = 0;
    this.render();
  }

  private viewportHeight(): number {
    return Math.max(this.rowHeight, this.root.clientHeight - this.head.offsetHeight - this.foot.offsetHeight);
  }

  private buildHead(): void {
    const headCells = this.columns.map((c, i) => this.headCell(c, i));
    this.headRow.replaceChildren(...headCells);
    const filterCells = this.columns.map((c) => {
      const input = h('input', {
        class: 'column-filter',
        attrs: {
          type: 'text',
          spellcheck: 'false',
          placeholder: isNumericKind(c.kind) || c.kind === 'date' || c.kind === 'datetime' ? '> < = ..' : t('Filter'),
          'aria-label': t('Filter {0}', c.label),
        },
      });
      input.value = this.filters.get(c.id) ?? '';
      let timer = 0;
      input.addEventListener('input', () => {
        clearTimeout(timer);
        timer = window.setTimeout(() => this.events.columnFilter(c.id, input.value), 150);
      });
      input.addEventListener('keydown', (e) => e.stopPropagation());
      return h('div', { class: 'grid-cell filter-cell', attrs: { role: 'gridcell' } }, [input]);
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
    const handle = h('div', { class: 'resize-handle', attrs: { 'aria-hidden': 'true' } });
    handle.addEventListener('pointerdown', (e) => this.startResize(e, c, handle));
    handle.addEventListener('dblclick', () => {
      this.widths.set(c.id, c.width);
      this.applyWidths();
      this.events.resized(c.id, c.width);
    });
    const cls = `grid-cell head-cell${isNumericKind(c.kind) && c.kind !== 'flag' ? ' numeric' : ''}`;
    return h(
      'div',
      { class: cls, attrs: { role: 'columnheader', 'aria-colindex': String(index + 1), 'aria-sort': sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : 'none' } },
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
    const widths = this.columns.map((c) => this.widths.get(c.id) ?? c.width);
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
    for (let p = w.first; p < w.end; p++) {
      const slot = this.pool[p % poolSize] as PooledRow;
      const item = display[p] as number;
      if (slot.item !== item || slot.version !== this.version) this.fill(slot, item, p);
      slot.el.style.transform = `translateY(${w.firstTop + (p - w.first) * this.rowHeight}px)`;
      if (!slot.el.isConnected) this.body.append(slot.el);
    }
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
    const selected = this.selection.has(item);
    slot.el.className = `grid-row row${position % 2 ? ' odd' : ''}${adjustment ? ' adjustment' : ''}${selected ? ' selected' : ''}${position === this.focus ? ' focused' : ''}`;
    slot.el.setAttribute('aria-selected', selected ? 'true' : 'false');
    this.columns.forEach((c, i) => {
      const cell = slot.cells[i] as HTMLElement;
      const col = this.store.columnIndex(c.id);
      const raw = col === undefined ? undefined : this.store.cell(item, col);
      const text = cellText(c.kind, raw);
      cell.className = `grid-cell${isNumericKind(c.kind) && c.kind !== 'flag' ? ' numeric' : ''}${c.kind === 'flag' && raw === true ? ' flag' : ''}${typeof raw === 'number' && raw < 0 ? ' negative' : ''}`;
      cell.textContent = text;
      if (text.length > 18) cell.title = text;
      else cell.removeAttribute('title');
    });
  }

  private fillGroup(slot: PooledRow, index: number): void {
    const g = this.view.groups[index];
    slot.el.className = `grid-row row group${g?.collapsed ? ' collapsed' : ''}${this.focus >= 0 && slot.el.dataset.position === String(this.focus) ? ' focused' : ''}`;
    slot.el.removeAttribute('aria-selected');
    slot.el.setAttribute('aria-expanded', g?.collapsed ? 'false' : 'true');
    this.columns.forEach((c, i) => {
      const cell = slot.cells[i] as HTMLElement;
      cell.className = `grid-cell${isNumericKind(c.kind) && c.kind !== 'flag' ? ' numeric' : ''}`;
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
  }

  /** Rows selected, in display order. */
  selectedRows(): number[] {
    if (this.selection.size === 0) return [];
    const out: number[] = [];
    for (const r of this.view.order) if (this.selection.has(r)) out.push(r);
    return out;
  }

  clearSelection(): void {
    this.selection.clear();
    this.anchor = -1;
    this.focus = -1;
    this.invalidate();
  }

  private onRowMouse(e: MouseEvent): void {
    if (e.button !== 0) return;
    const rowEl = (e.target as Element).closest<HTMLElement>('.row');
    const position = Number(rowEl?.dataset.position);
    if (!rowEl || !Number.isInteger(position)) return;
    this.root.focus({ preventScroll: true });
    this.selectAt(position, e.shiftKey, e.ctrlKey || e.metaKey, true);
  }

  private selectAt(position: number, extend: boolean, toggle: boolean, fromMouse: boolean): void {
    const display = this.view.display;
    const item = display[position];
    if (item === undefined) return;
    if (item < 0) {
      const g = this.view.groups[-item - 1];
      this.focus = position;
      if (g && (fromMouse || !extend)) this.events.toggleGroup(g.month);
      return;
    }
    if (extend && this.anchor >= 0) {
      if (!toggle) this.selection.clear();
      const [a, b] = this.anchor < position ? [this.anchor, position] : [position, this.anchor];
      for (let p = a; p <= b; p++) {
        const r = display[p];
        if (r !== undefined && r >= 0) this.selection.add(r);
      }
    } else if (toggle) {
      if (this.selection.has(item)) this.selection.delete(item);
      else this.selection.add(item);
      this.anchor = position;
    } else {
      this.selection.clear();
      this.selection.add(item);
      this.anchor = position;
    }
    this.focus = position;
    this.invalidate();
    this.events.selectionChanged();
  }

  selectAll(): void {
    for (const r of this.view.order) this.selection.add(r);
    this.invalidate();
    this.events.selectionChanged();
  }

  private onKey(e: KeyboardEvent): void {
    const mod = e.ctrlKey || e.metaKey;
    const count = this.view.display.length;
    const page = Math.max(1, Math.floor(this.viewportHeight() / this.rowHeight) - 1);
    let target: number;
    switch (e.key) {
      case 'ArrowDown':
        target = Math.min(count - 1, this.focus + 1);
        break;
      case 'ArrowUp':
        target = Math.max(0, this.focus - 1);
        break;
      case 'PageDown':
        target = Math.min(count - 1, this.focus + page);
        break;
      case 'PageUp':
        target = Math.max(0, this.focus - page);
        break;
      case 'Home':
        target = 0;
        break;
      case 'End':
        target = count - 1;
        break;
      case 'Enter':
      case ' ':
        if (this.focus >= 0) {
          e.preventDefault();
          this.selectAt(this.focus, false, e.key === ' ', false);
        }
        return;
      case 'Escape':
        this.clearSelection();
        this.events.selectionChanged();
        return;
      case 'a':
        if (mod) {
          e.preventDefault();
          this.selectAll();
        }
        return;
      case 'c':
        if (mod) {
          e.preventDefault();
          this.events.copy();
        }
        return;
      default:
        return;
    }
    if (target < 0 || count === 0) return;
    e.preventDefault();
    const item = this.view.display[target];
    if (item !== undefined && item < 0) {
      this.focus = target;
      this.invalidate();
    } else this.selectAt(target, e.shiftKey, false, false);
    this.scrollToPosition(target);
  }
}
