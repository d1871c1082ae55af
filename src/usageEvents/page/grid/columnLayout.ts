// The columns the grid shows and the width each is drawn at, set on the grid as CSS variables that
// the header, the rows and the Total row all lay out by. A column is drawn at the width the user
// gave it (or its default), and never narrower than its total needs: a total is never cut.
import type { Column } from '../model/columns';

export const MIN_WIDTH = 48;
/** Room beside the text for the resize handle that overlaps the cell's right edge. */
const SLACK_PX = 4;

export class ColumnLayout {
  columns: Column[] = [];
  /** The widths the user gave (the view state's own map: a resize is kept there too). */
  private widths = new Map<string, number>();
  /** Widest total each column has had to show: the column is kept at least this wide. */
  private readonly totalFits = new Map<string, number>();

  constructor(private readonly grid: HTMLElement) {}

  set(columns: Column[], widths: Map<string, number>): void {
    this.columns = columns;
    this.widths = widths;
    this.apply();
  }

  /** The width the user gave the column, or its default. */
  chosenWidth(c: Column): number {
    return this.widths.get(c.id) ?? c.width;
  }

  /** The width the column is drawn at. */
  drawnWidth(c: Column): number {
    return Math.max(this.chosenWidth(c), this.totalFits.get(c.id) ?? 0);
  }

  resize(c: Column, width: number): void {
    this.widths.set(c.id, width);
    this.apply();
  }

  /** Fits the column to the widest of these cells (its header, the rows drawn, its total); returns the width. */
  fit(c: Column, cells: readonly Element[]): number {
    const width = Math.max(MIN_WIDTH, this.measure(cells));
    this.resize(c, width);
    return width;
  }

  /** Keeps the column at least as wide as this total needs; whether that made it wider (then apply()). */
  roomForTotal(c: Column, total: Element): boolean {
    const need = this.measure([total]);
    if (need <= (this.totalFits.get(c.id) ?? 0)) return false;
    this.totalFits.set(c.id, need);
    return true;
  }

  apply(): void {
    const widths = this.columns.map((c) => this.drawnWidth(c));
    const total = widths.reduce((a, b) => a + b, 0);
    this.grid.style.setProperty('--grid-columns', widths.map((w) => `${w}px`).join(' '));
    this.grid.style.setProperty('--grid-width', `${total}px`);
  }

  /**
   * The natural width of the widest of `cells` (whole pixels, with a little room), or 0 when none
   * can be measured. A copy of each cell, in a copy of its row (so the row's font and the cell's own
   * styles hold), is laid out at its natural width out of sight in the grid, and measured.
   */
  private measure(cells: readonly Element[]): number {
    if (cells.length === 0) return 0;
    const measurer = document.createElement('div');
    measurer.setAttribute('aria-hidden', 'true');
    Object.assign(measurer.style, { position: 'absolute', left: '0', top: '0', visibility: 'hidden', pointerEvents: 'none', width: 'max-content', contain: 'layout style' });
    const copies: HTMLElement[] = [];
    for (const cell of cells) {
      const row = cell.parentElement;
      const rowCopy = row ? (row.cloneNode(false) as HTMLElement) : document.createElement('div');
      rowCopy.removeAttribute('id');
      rowCopy.removeAttribute('role');
      Object.assign(rowCopy.style, { position: 'static', display: 'block', width: 'max-content', minWidth: '0', transform: 'none', contain: 'none', height: 'auto' });
      const copy = cell.cloneNode(true) as HTMLElement;
      copy.removeAttribute('id');
      copy.removeAttribute('role');
      for (const el of copy.querySelectorAll('[id]')) el.removeAttribute('id');
      Object.assign(copy.style, { display: 'block', width: 'max-content', minWidth: '0', maxWidth: 'none', overflow: 'visible', position: 'static' });
      rowCopy.append(copy);
      measurer.append(rowCopy);
      copies.push(copy);
    }
    this.grid.append(measurer);
    let widest = 0;
    for (const copy of copies) widest = Math.max(widest, copy.getBoundingClientRect().width);
    measurer.remove();
    return widest > 0 ? Math.ceil(widest) + SLACK_PX : 0;
  }
}

/** Whether the cell's text is cut (wider than the cell shows). */
export function isCut(cell: Element): boolean {
  return cell.scrollWidth > cell.clientWidth;
}
