// The grid's rows: a pool of row elements for the rows on screen plus a small buffer (never more
// than MAX_DOM_ROWS), addressed by position modulo pool size, so scrolling by a row refills one
// element; nothing is created per data row. Events' rows and month group rows are drawn here.
import * as l10n from '@vscode/l10n';
import { approxNumber } from '../../../shared/exactNumber';
import type { CellRect, CellSelection } from '../model/cellSelection';
import { formatCount } from '../../../shared/countFormat';
import { cellText, formatMoney, isNumericKind } from '../model/columns';
import type { RowStore } from '../model/rowStore';
import type { TableView } from '../model/tableView';
import { h } from '../ui/dom';
import type { ColumnLayout } from './columnLayout';
import { EVENTS, REVENUE } from './totals';
import { computeWindow } from './virtualWindow';

/** Every row is this high (as VS Code's lists), so the rows in view are arithmetic (virtualWindow.ts). */
export const ROW_HEIGHT = 22;
const MAX_DOM_ROWS = 150;
const BUFFER_ROWS = 12;

interface PooledRow {
  el: HTMLElement;
  cells: HTMLElement[];
  item: number;
  version: number;
}

export class GridBody {
  readonly el: HTMLElement;
  private pool: PooledRow[] = [];
  /** Classes a row gets besides the grid's own (the find's matches: ui/findBox.ts), with a leading space. */
  rowDecoration: ((row: number, position: number) => string) | null = null;

  constructor(
    private readonly store: RowStore,
    private readonly view: TableView,
    private readonly layout: ColumnLayout,
    private readonly cells: CellSelection,
  ) {
    this.el = h('div', { class: 'grid-body', attrs: { role: 'rowgroup' } });
  }

  /** The columns changed: pooled rows have one cell per column, so they are made again. */
  reset(): void {
    this.pool = [];
    this.el.replaceChildren();
  }

  /**
   * Draws the rows in view at this scroll position. Rows drawn at an older `version` (of the view,
   * the selection) are filled again; `rect` is the selection, read once before styles are written.
   */
  draw(scrollTop: number, viewportHeight: number, version: number, rect: CellRect | null): void {
    const display = this.view.display;
    const w = computeWindow({ scrollTop, viewportHeight, rowHeight: ROW_HEIGHT, count: display.length, buffer: BUFFER_ROWS, maxRows: MAX_DOM_ROWS });
    this.el.style.height = `${w.bodyHeight}px`;
    const needed = w.end - w.first;
    const poolSize = Math.min(MAX_DOM_ROWS, Math.max(this.pool.length, needed));
    while (this.pool.length < poolSize) this.pool.push(this.createRow());
    for (let p = w.first; p < w.end; p++) {
      const slot = this.pool[p % poolSize] as PooledRow;
      const item = display[p] as number;
      if (slot.item !== item || slot.version !== version) this.fill(slot, item, p, version, rect);
      slot.el.style.transform = `translateY(${w.firstTop + (p - w.first) * ROW_HEIGHT}px)`;
      if (!slot.el.isConnected) this.el.append(slot.el);
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
  }

  /** The cells drawn in the column at this visible position that show something. */
  cellsShownIn(col: number): Element[] {
    const cells: Element[] = [];
    for (const slot of this.pool) {
      const cell = slot.cells[col];
      if (slot.el.isConnected && cell && cell.textContent !== '') cells.push(cell);
    }
    return cells;
  }

  /** Whether the cell with this id is drawn. */
  shows(cellId: string): boolean {
    return this.el.querySelector(`#${cellId}`) !== null;
  }

  private createRow(): PooledRow {
    const cells = this.layout.columns.map((_, i) => h('div', { class: 'grid-cell', attrs: { role: 'gridcell', 'aria-colindex': String(i + 1) } }));
    const el = h('div', { class: 'grid-row row', attrs: { role: 'row' } }, cells);
    return { el, cells, item: Number.NaN, version: -1 };
  }

  private fill(slot: PooledRow, item: number, position: number, version: number, rect: CellRect | null): void {
    slot.item = item;
    slot.version = version;
    slot.el.setAttribute('aria-rowindex', String(position + 3));
    slot.el.dataset.position = String(position);
    if (item < 0) {
      this.fillGroup(slot, -item - 1);
      return;
    }
    const adjustment = this.store.isAdjustment(item);
    const inRows = rect !== null && position >= rect.top && position <= rect.bottom;
    const active = this.cells.active;
    const activeRow = active !== null && active.row === position;
    slot.el.className = `grid-row row${position % 2 ? ' odd' : ''}${adjustment ? ' adjustment' : ''}${inRows ? ' selected' : ''}${activeRow ? ' focused' : ''}${this.rowDecoration?.(item, position) ?? ''}`;
    slot.el.removeAttribute('aria-selected');
    slot.el.removeAttribute('aria-expanded');
    this.layout.columns.forEach((c, i) => {
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
    this.layout.columns.forEach((c, i) => {
      const cell = slot.cells[i] as HTMLElement;
      cell.className = `grid-cell${isNumericKind(c.kind) && c.kind !== 'flag' ? ' numeric' : ''}${activeRow && active.col === i ? ' active' : ''}`;
      cell.id = cellId(position, i);
      cell.removeAttribute('aria-selected');
      cell.removeAttribute('title');
      if (!g) cell.textContent = '';
      else if (i === 0) {
        const month = g.month.slice(0, 7);
        const rows = formatCount(g.rows);
        cell.textContent = `${g.collapsed ? '▸' : '▾'} ${g.rows === 1 ? l10n.t('{0} · {1} row', month, rows) : l10n.t('{0} · {1} rows', month, rows)}`;
      } else if (c.id === REVENUE) cell.textContent = formatMoney(g.revenue);
      else if (c.id === EVENTS) cell.textContent = formatCount(g.events);
      else cell.textContent = '';
    });
  }
}

/** The id of the cell at this position (what aria-activedescendant names). */
export function cellId(position: number, col: number): string {
  return `cell-${position}-${col}`;
}
