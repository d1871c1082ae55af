// Find in the table: which of the rows shown (every loaded row the filters leave, drawn or not)
// contain the text searched for, in display order, and which of them is the current match. Rows
// are matched by the row store, column by column (RowStore.matchRows, the same matching as the
// "Filter all columns" box); rows appended while the find is open are matched as they arrive.
// No DOM: the find box (ui/findBox.ts) shows it.

/** What finding needs of the row store. */
export interface FindableStore {
  readonly size: number;
  /** One byte per row of [from, to): 1 where a cell (as shown, or its raw number) contains `needle` (lower-cased). */
  matchRows(needle: string, from: number, to: number): Uint8Array;
}

/** What finding needs of the view: what the grid draws, a row index (>= 0) or a month group (< 0) per position. */
export interface FindableView {
  readonly display: Int32Array;
}

export class FindState {
  /** The text searched for, lower-cased and trimmed ('' when nothing is searched). */
  needle = '';
  /** Display positions of the matching rows, in display order. */
  positions = new Int32Array(0);
  /** Index into `positions` of the current match, -1 when there is none. */
  current = -1;
  /** Per store row: 1 when it matches. */
  private hits = new Uint8Array(0);
  /** Rows of the store `hits` covers. */
  private covered = 0;
  /** The store row of the current match (-1: none), to find it again once the view changed. */
  private currentRow = -1;

  constructor(
    private readonly store: FindableStore,
    private readonly view: FindableView,
  ) {}

  /** How many rows shown match. */
  get count(): number {
    return this.positions.length;
  }

  /** The display position of the current match. */
  get currentPosition(): number | undefined {
    return this.current < 0 ? undefined : this.positions[this.current];
  }

  /** Whether the store row matches (for drawing). */
  isMatch(row: number): boolean {
    return this.needle !== '' && this.hits[row] === 1;
  }

  /** Searches for `text`; the current match is the first at or after display position `from`. */
  search(text: string, from: number): void {
    this.needle = text.trim().toLowerCase();
    this.hits = new Uint8Array(0);
    this.covered = 0;
    this.matchNewRows();
    this.collect();
    this.setCurrent(this.firstAtOrAfter(from));
  }

  /**
   * The view changed (rows appended, filters, sort, grouping): the matches are found again, and the
   * current one stays on the same row while that is still shown (else on the next one shown).
   */
  refresh(): void {
    if (this.needle === '') return;
    const position = this.currentPosition;
    const row = this.currentRow;
    this.matchNewRows();
    this.collect();
    if (row < 0 || position === undefined) {
      this.setCurrent(this.positions.length > 0 ? 0 : -1);
      return;
    }
    const display = this.view.display;
    let at = -1;
    for (let i = 0; i < this.positions.length; i++) {
      if (display[this.positions[i] as number] === row) {
        at = i;
        break;
      }
    }
    this.setCurrent(at >= 0 ? at : this.firstAtOrAfter(position));
  }

  /** Moves to the next match (after the last: the first). */
  next(): number | undefined {
    if (this.positions.length === 0) return undefined;
    this.setCurrent((this.current + 1) % this.positions.length);
    return this.currentPosition;
  }

  /** Moves to the previous match (before the first: the last). */
  previous(): number | undefined {
    const n = this.positions.length;
    if (n === 0) return undefined;
    this.setCurrent(this.current <= 0 ? n - 1 : this.current - 1);
    return this.currentPosition;
  }

  clear(): void {
    this.needle = '';
    this.hits = new Uint8Array(0);
    this.covered = 0;
    this.positions = new Int32Array(0);
    this.setCurrent(-1);
  }

  private setCurrent(index: number): void {
    this.current = index;
    const position = index < 0 ? undefined : this.positions[index];
    this.currentRow = position === undefined ? -1 : (this.view.display[position] ?? -1);
  }

  private matchNewRows(): void {
    const n = this.store.size;
    if (this.covered > n) {
      // The store was cleared (a new load): match from the start.
      this.hits = new Uint8Array(0);
      this.covered = 0;
    }
    if (this.needle === '' || this.covered === n) return;
    const fresh = this.store.matchRows(this.needle, this.covered, n);
    const hits = new Uint8Array(Math.max(n, this.hits.length * 2));
    hits.set(this.hits.subarray(0, this.covered));
    hits.set(fresh, this.covered);
    this.hits = hits;
    this.covered = n;
  }

  private collect(): void {
    const display = this.view.display;
    const hits = this.hits;
    let k = 0;
    for (let p = 0; p < display.length; p++) {
      const r = display[p] as number;
      if (r >= 0 && hits[r] === 1) k++;
    }
    const out = new Int32Array(k);
    k = 0;
    for (let p = 0; p < display.length; p++) {
      const r = display[p] as number;
      if (r >= 0 && hits[r] === 1) out[k++] = p;
    }
    this.positions = out;
  }

  private firstAtOrAfter(position: number): number {
    const ps = this.positions;
    if (ps.length === 0) return -1;
    let lo = 0;
    let hi = ps.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((ps[mid] as number) < position) lo = mid + 1;
      else hi = mid;
    }
    return lo < ps.length ? lo : 0;
  }
}
