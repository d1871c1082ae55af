// The grid's active cell and its rectangular selection, by position: a row's place in the rows as
// shown (after filter, sort and grouping) and a column's place among the visible columns. No DOM:
// the grid draws it (grid/body.ts) and grid/keyboard.ts turns keys into the moves below.
//
// The active cell is where the keyboard is; the selection is the rectangle between the anchor (where
// it started) and the active cell. Moving without Shift puts the anchor on the new active cell (one
// cell selected); Shift+move keeps the anchor. Select all selects every row and column, including
// rows that arrive later.

export interface CellPosition {
  row: number;
  col: number;
}

export interface CellRect {
  top: number;
  bottom: number;
  left: number;
  right: number;
}

/** The grid's size, for clamping moves. `page` is how many rows PageUp/PageDown go. */
export interface GridSize {
  rows: number;
  cols: number;
  page: number;
}

export type Move = 'up' | 'down' | 'left' | 'right' | 'rowStart' | 'rowEnd' | 'first' | 'last' | 'pageUp' | 'pageDown';

export class CellSelection {
  active: CellPosition | null = null;
  private anchor: CellPosition | null = null;
  private all = false;

  /** Whether any cell is selected (the active cell alone is not, until a move or a click). */
  get hasSelection(): boolean {
    return this.all || this.anchor !== null;
  }

  /** The selected rectangle, clamped to the grid; null when nothing is selected. */
  rect(size: Pick<GridSize, 'rows' | 'cols'>): CellRect | null {
    if (size.rows === 0 || size.cols === 0) return null;
    if (this.all) return { top: 0, bottom: size.rows - 1, left: 0, right: size.cols - 1 };
    if (!this.anchor || !this.active) return null;
    const r = {
      top: Math.min(this.anchor.row, this.active.row),
      bottom: Math.max(this.anchor.row, this.active.row),
      left: Math.min(this.anchor.col, this.active.col),
      right: Math.max(this.anchor.col, this.active.col),
    };
    return { top: clamp(r.top, size.rows), bottom: clamp(r.bottom, size.rows), left: clamp(r.left, size.cols), right: clamp(r.right, size.cols) };
  }

  contains(row: number, col: number, size: Pick<GridSize, 'rows' | 'cols'>): boolean {
    const r = this.rect(size);
    return r !== null && row >= r.top && row <= r.bottom && col >= r.left && col <= r.right;
  }

  /** The active cell, clamped into the grid (rows may have been filtered away); placed on the first cell when there is none. */
  ensureActive(size: Pick<GridSize, 'rows' | 'cols'>): CellPosition | null {
    if (size.rows === 0 || size.cols === 0) return null;
    const a = this.active ?? { row: 0, col: 0 };
    this.active = { row: clamp(a.row, size.rows), col: clamp(a.col, size.cols) };
    return this.active;
  }

  /** Puts the active cell here; `extend` keeps the anchor (Shift), otherwise this one cell is selected. */
  moveTo(target: CellPosition, extend: boolean): void {
    if (extend) {
      this.anchor ??= this.all ? { row: 0, col: 0 } : (this.active ?? target);
    } else {
      this.anchor = { ...target };
    }
    this.all = false;
    this.active = { ...target };
  }

  /** The cell a move goes to from the active cell (the first cell when none is active). */
  target(move: Move, size: GridSize): CellPosition | null {
    if (size.rows === 0 || size.cols === 0) return null;
    const from = this.active ? { row: clamp(this.active.row, size.rows), col: clamp(this.active.col, size.cols) } : null;
    if (!from) return { row: 0, col: 0 };
    const lastRow = size.rows - 1;
    const lastCol = size.cols - 1;
    switch (move) {
      case 'up':
        return { row: Math.max(0, from.row - 1), col: from.col };
      case 'down':
        return { row: Math.min(lastRow, from.row + 1), col: from.col };
      case 'left':
        return { row: from.row, col: Math.max(0, from.col - 1) };
      case 'right':
        return { row: from.row, col: Math.min(lastCol, from.col + 1) };
      case 'rowStart':
        return { row: from.row, col: 0 };
      case 'rowEnd':
        return { row: from.row, col: lastCol };
      case 'first':
        return { row: 0, col: 0 };
      case 'last':
        return { row: lastRow, col: lastCol };
      case 'pageUp':
        return { row: Math.max(0, from.row - Math.max(1, size.page)), col: from.col };
      case 'pageDown':
        return { row: Math.min(lastRow, from.row + Math.max(1, size.page)), col: from.col };
    }
  }

  selectAll(): void {
    this.all = true;
    this.anchor = null;
  }

  /** Nothing selected; the active cell stays (unless `forget`). */
  clear(forget = false): void {
    this.anchor = null;
    this.all = false;
    if (forget) this.active = null;
  }
}

function clamp(n: number, count: number): number {
  return Math.max(0, Math.min(count - 1, n));
}

/** The move a key makes in a grid (null: not a moving key). Ctrl/Cmd+Home/End go to the first/last cell. */
export function moveForKey(key: string, mod: boolean): Move | null {
  switch (key) {
    case 'ArrowUp':
      return 'up';
    case 'ArrowDown':
      return 'down';
    case 'ArrowLeft':
      return 'left';
    case 'ArrowRight':
      return 'right';
    case 'Home':
      return mod ? 'first' : 'rowStart';
    case 'End':
      return mod ? 'last' : 'rowEnd';
    case 'PageUp':
      return 'pageUp';
    case 'PageDown':
      return 'pageDown';
    default:
      return null;
  }
}
