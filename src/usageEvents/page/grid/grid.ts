// The virtualized table, put together from the parts that own its DOM: the header (header.ts), the
// pooled rows (body.ts), the Total row (totals.ts) and the active cell and selection with their keys
// (selection.ts). The grid keeps what they share: the columns and their widths (columnLayout.ts),
// the viewport, and when to draw, at most once a frame.
import * as l10n from '@vscode/l10n';
import type { SortSpec } from '../../protocol/usageEventsMessages';
import { CellSelection } from '../model/cellSelection';
import type { Column } from '../model/columns';
import type { RowStore } from '../model/rowStore';
import type { TableView } from '../model/tableView';
import { h } from '../ui/dom';
import { GridBody, ROW_HEIGHT } from './body';
import { ColumnLayout } from './columnLayout';
import { GridHeader, type HeaderEvents } from './header';
import { GridSelection, type SelectionEvents } from './selection';
import { GridTotals } from './totals';
import { scrollTopFor } from './virtualWindow';

export interface GridEvents extends HeaderEvents, SelectionEvents {
  scrolled(scrollTop: number): void;
}

export class Grid {
  readonly root: HTMLElement;
  readonly rowHeight = ROW_HEIGHT;
  readonly selection: GridSelection;
  private readonly layout: ColumnLayout;
  private readonly header: GridHeader;
  private readonly body: GridBody;
  private readonly totals: GridTotals;
  private readonly empty: HTMLElement;
  private emptyText = '';
  /** Bumped by every change to what the rows show: a row drawn at an older version is filled again. */
  private version = 0;
  private frame = 0;
  private heights: { root: number; head: number; foot: number } | undefined;

  constructor(
    store: RowStore,
    private readonly view: TableView,
    events: GridEvents,
  ) {
    this.root = h('div', { class: 'grid', attrs: { role: 'grid', tabindex: '0', 'aria-multiselectable': 'true', 'aria-label': l10n.t('Usage events') } });
    this.layout = new ColumnLayout(this.root);
    this.header = new GridHeader(this.layout, events, {
      fitColumn: (c) => this.fitColumn(c),
      enterRows: (col) => this.selection.enterRows(col),
    });
    // The active cell and the selection: kept by the selection, shown by the rows.
    const cells = new CellSelection();
    this.body = new GridBody(store, view, this.layout, cells);
    this.totals = new GridTotals(view, this.layout);
    this.empty = h('div', { class: 'grid-empty', attrs: { role: 'status' } });
    this.root.append(this.header.el, this.body.el, this.empty, this.totals.el);
    this.selection = new GridSelection(this, cells, view, this.layout, this.header, this.body, events);
    this.root.addEventListener('scroll', () => {
      this.schedule();
      events.scrolled(this.root.scrollTop);
    });
    // The heights the rows are fitted to, read when they change (after the browser's layout)
    // rather than at each draw, where reading them would force a layout of what just changed.
    const sizes = new ResizeObserver(() => {
      this.heights = { root: this.root.clientHeight, head: this.header.el.offsetHeight, foot: this.totals.el.offsetHeight };
      this.schedule();
    });
    for (const el of [this.root, this.header.el, this.totals.el]) sizes.observe(el);
  }

  get visibleColumns(): readonly Column[] {
    return this.layout.columns;
  }

  /** Classes a row gets besides the grid's own (the find's matches: ui/findBox.ts), with a leading space. */
  set rowDecoration(decoration: ((row: number, position: number) => string) | null) {
    this.body.rowDecoration = decoration;
  }

  setColumns(columns: Column[], widths: Map<string, number>, sort: SortSpec | null, filters: Map<string, string>): void {
    this.layout.set(columns, widths);
    this.header.build(sort, filters);
    this.body.reset();
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
    if (top < current) this.root.scrollTop = top;
    else if (top + this.rowHeight > current + vh) this.root.scrollTop = top - vh + this.rowHeight;
    this.renderNow();
  }

  /** Draws now what waits for the next frame: the end of a load shows its rows, totals and header together. */
  drawPending(): void {
    if (this.frame) this.renderNow();
  }

  pageRows(): number {
    return Math.max(1, Math.floor(this.viewportHeight() / this.rowHeight) - 1);
  }

  visibleTop(): number {
    return Math.max(0, Math.ceil(this.root.scrollTop / this.rowHeight));
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
    const h = this.heights ?? { root: this.root.clientHeight, head: this.header.el.offsetHeight, foot: this.totals.el.offsetHeight };
    return Math.max(this.rowHeight, h.root - h.head - h.foot);
  }

  private render(): void {
    const count = this.view.display.length;
    // Layout is read (the viewport, the selection's page) before any style is written: reading it
    // between those writes would make the browser lay the page out again for every row drawn.
    const viewportHeight = this.viewportHeight();
    if (this.selection.activateWhenFocused()) this.version++;
    const rect = this.selection.rect();
    this.body.draw(this.root.scrollTop, viewportHeight, this.version, rect);
    this.root.setAttribute('aria-rowcount', String(count + 2));
    this.totals.draw(this.version);
    this.selection.showActive();
    this.empty.textContent = count === 0 ? this.emptyText : '';
    this.empty.hidden = count !== 0 || this.emptyText === '';
  }

  /** Fits the column to its content: its header, the rows drawn and its total; its new width. */
  private fitColumn(c: Column): number | undefined {
    const i = this.layout.columns.indexOf(c);
    if (i < 0) return undefined;
    const cells = [this.header.cellAt(i), ...this.body.cellsShownIn(i), this.totals.totalAt(i)].filter((cell) => cell !== undefined);
    return this.layout.fit(c, cells);
  }
}
