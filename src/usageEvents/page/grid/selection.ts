// The grid's active cell and selected cells (model/cellSelection.ts), and what the mouse and the
// keys (keyboard.ts) do to them. The grid has the focus while the user moves in the rows: the
// active cell is its aria-activedescendant, and VS Code's context menu reads it from the grid's
// data-vscode-context.
import type { CellPosition, CellRect, CellSelection } from '../model/cellSelection';
import type { Column } from '../model/columns';
import type { TableView } from '../model/tableView';
import { cellId, type GridBody } from './body';
import type { ColumnLayout } from './columnLayout';
import type { GridHeader } from './header';
import { gridKeyAction, type GridKeyAction } from './keyboard';

/** What the selection tells the page. */
export interface SelectionEvents {
  toggleGroup(month: string): void;
  selectionChanged(): void;
  /** Ctrl+C: the selected cells (Ctrl+Shift+C: with headers). */
  copyCells(headers: boolean): void;
  /** Enter or double-click on an event's row: open it as JSON. */
  open(row: number): void;
}

/** What the selection asks of the grid it is in. */
export interface SelectionGrid {
  readonly root: HTMLElement;
  /** Redraws the rows on screen (they show the selection). */
  invalidate(): void;
  scrollToPosition(position: number): void;
  /** How many rows Page Up and Page Down move. */
  pageRows(): number;
  /** The first row position on screen. */
  visibleTop(): number;
}

/** The selected cells: the rows (store indexes, display order; month group rows left out) and the columns. */
export interface CellBlock {
  rows: number[];
  columns: Column[];
}

export class GridSelection {
  /** What VS Code's webview context menu is given besides the cell (the panel's commit). */
  private menuContext: Record<string, string | number | boolean> = {};

  constructor(
    private readonly grid: SelectionGrid,
    /** The active cell and the selected rectangle, by position in the rows shown and the visible columns. */
    readonly cells: CellSelection,
    private readonly view: TableView,
    private readonly layout: ColumnLayout,
    private readonly header: GridHeader,
    private readonly body: GridBody,
    private readonly events: SelectionEvents,
  ) {
    const root = grid.root;
    root.addEventListener('keydown', (e) => this.onKey(e));
    // Ctrl+A anywhere in the page but a text field is the grid's (its own keys come first).
    document.addEventListener('keydown', (e) => this.onPageKey(e));
    root.addEventListener('focus', () => this.onFocus());
    body.el.addEventListener('mousedown', (e) => this.onRowMouse(e));
    body.el.addEventListener('dblclick', (e) => this.onRowDoubleClick(e));
    root.addEventListener('contextmenu', (e) => this.onContextMenu(e));
    this.updateMenuContext();
  }

  private size(): { rows: number; cols: number; page: number } {
    return { rows: this.view.display.length, cols: this.layout.columns.length, page: this.grid.pageRows() };
  }

  /** The selected rectangle, if there is one. */
  rect(): CellRect | null {
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
    return { rows: this.eventsBetween(rect.top, rect.bottom), columns: this.layout.columns.slice(rect.left, rect.right + 1) };
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
    const rect = this.rect();
    return rect ? this.eventsBetween(rect.top, rect.bottom) : [];
  }

  /** How many events are in the selected rows. */
  get selectedRowCount(): number {
    const rect = this.rect();
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
    return this.layout.columns[col];
  }

  /** Nothing selected and no active cell (a new load). */
  clear(): void {
    this.cells.clear(true);
    this.grid.invalidate();
  }

  private selectAll(): void {
    this.cells.selectAll();
    this.grid.invalidate();
    this.events.selectionChanged();
  }

  /** Makes this cell the active one (and the selection, or extends the selection to it), and shows it. */
  activate(target: CellPosition, extend: boolean): void {
    this.cells.moveTo(target, extend);
    this.grid.invalidate();
    this.grid.scrollToPosition(target.row);
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
    this.grid.root.setAttribute('data-vscode-context', JSON.stringify(context));
  }

  /** Names the active cell to assistive technology (when it is drawn) and to the context menu; after each draw. */
  showActive(): void {
    const a = this.cells.active;
    const id = a ? cellId(a.row, a.col) : '';
    if (id !== '' && this.body.shows(id)) this.grid.root.setAttribute('aria-activedescendant', id);
    else this.grid.root.removeAttribute('aria-activedescendant');
    this.updateMenuContext();
  }

  private scrollToColumn(col: number): void {
    const root = this.grid.root;
    let left = 0;
    for (let i = 0; i < col; i++) {
      const c = this.layout.columns[i];
      if (c) left += this.layout.chosenWidth(c);
    }
    const c = this.layout.columns[col];
    if (!c) return;
    const right = left + this.layout.chosenWidth(c);
    const view = root.clientWidth;
    if (left < root.scrollLeft) root.scrollLeft = left;
    else if (right > root.scrollLeft + view) root.scrollLeft = Math.min(left, right - view);
  }

  /** Rows came while the grid had the focus and no active cell (a panel just opened): the first cell becomes active. */
  activateWhenFocused(): boolean {
    if (this.cells.active || document.activeElement !== this.grid.root) return false;
    return this.cells.ensureActive(this.size()) !== null;
  }

  /** Focus comes to the rows: a cell becomes active (the one before, or the first), so a screen reader has a cell to read. */
  private onFocus(): void {
    if (this.cells.active) {
      this.grid.invalidate();
      return;
    }
    if (this.cells.ensureActive(this.size())) this.grid.invalidate();
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
    this.grid.root.focus({ preventScroll: true });
    const item = this.view.display[at.row];
    if (item !== undefined && item < 0) {
      const g = this.view.groups[-item - 1];
      this.cells.moveTo(at, false);
      this.grid.invalidate();
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
      this.grid.invalidate();
      this.events.selectionChanged();
    } else {
      this.cells.active = at;
    }
    this.updateMenuContext();
  }

  /** Down from a column's header: the active row if it is on screen, else the first row on screen, in that column. */
  enterRows(col: number): void {
    if (this.view.display.length === 0) return;
    const top = Math.min(this.grid.visibleTop(), this.view.display.length - 1);
    const active = this.cells.active?.row;
    const row = active !== undefined && active >= top && active < top + this.size().page ? active : top;
    this.grid.root.focus({ preventScroll: true });
    this.activate({ row, col }, false);
  }

  private onKey(e: KeyboardEvent): void {
    // Keys in the headers' buttons and the filter boxes are theirs.
    if (e.target !== this.grid.root) return;
    const action = gridKeyAction(e);
    if (!action) return;
    e.preventDefault();
    // VS Code would run its own Select All on the page's text too.
    if (action.kind === 'selectAll') e.stopPropagation();
    this.perform(action);
  }

  /** Ctrl+A outside the grid and its text fields: the grid's rows are selected, and the grid gets the focus (Ctrl+C copies them). */
  private onPageKey(e: KeyboardEvent): void {
    if (e.defaultPrevented || gridKeyAction(e)?.kind !== 'selectAll') return;
    if (e.target instanceof Element && e.target.closest('input:not([type="checkbox"]):not([type="radio"]), textarea, [contenteditable]:not([contenteditable="false"])')) return;
    e.preventDefault();
    e.stopPropagation();
    this.grid.root.focus({ preventScroll: true });
    this.selectAll();
  }

  private perform(action: GridKeyAction): void {
    const size = this.size();
    switch (action.kind) {
      case 'move': {
        // Up from the first row goes to its column's header.
        if (action.move === 'up' && !action.extend && this.cells.active?.row === 0) {
          this.header.focus(this.cells.active.col);
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
        this.grid.invalidate();
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
