// The grid's own find: Ctrl+F (Cmd+F) opens a find bar above the table that searches every row
// shown, drawn or not (the browser's or VS Code's find sees only the rows drawn, and VS Code's box
// would cover Export and Reload: the panel enables neither, and these keys stop here). It says how
// many rows match ("3 of 120", "No matches", announced to a screen reader), Enter or F3 goes to the
// next match and Shift+Enter or Shift+F3 to the previous one: the grid scrolls there and makes the
// matching cell the active one; every match drawn is highlighted. Escape closes the bar and gives
// the keyboard back to the table, on the match. The bar sits in the page's flow, so it covers
// nothing.
import * as l10n from '@vscode/l10n';
import { formatCount } from '../../../shared/countFormat';
import { FindState } from '../model/find';
import type { RowStore } from '../model/rowStore';
import type { TableView } from '../model/tableView';
import { button, h } from './dom';
import type { Grid } from '../grid/grid';
import { scrollTopFor } from '../grid/virtualWindow';

/** Typing is searched once it pauses this long. */
const TYPING_MS = 80;
/** While rows stream in, the matches are counted again at most this often. */
const REFRESH_MS = 250;

export class FindBox {
  readonly root: HTMLElement;
  private readonly input = h('input', {
    class: 'find-input',
    attrs: { type: 'text', spellcheck: 'false', placeholder: l10n.t('Find in all rows'), 'aria-label': l10n.t('Find in all rows') },
  });
  private readonly count = h('span', { class: 'find-count', attrs: { role: 'status', 'aria-live': 'polite' } });
  private readonly state: FindState;
  private typingTimer = 0;
  private refreshTimer = 0;

  constructor(
    private readonly store: RowStore,
    private readonly view: TableView,
    private readonly grid: Grid,
  ) {
    this.state = new FindState(store, view);
    const previous = button('↑', { secondary: true, icon: true, title: l10n.t('Previous match (Shift+Enter)'), attrs: { 'aria-label': l10n.t('Previous match') } });
    const next = button('↓', { secondary: true, icon: true, title: l10n.t('Next match (Enter)'), attrs: { 'aria-label': l10n.t('Next match') } });
    const close = button('×', { secondary: true, icon: true, title: l10n.t('Close (Escape)'), attrs: { 'aria-label': l10n.t('Close find') } });
    previous.addEventListener('click', () => this.step(-1));
    next.addEventListener('click', () => this.step(1));
    close.addEventListener('click', () => this.close());
    this.root = h('div', { class: 'find-bar', attrs: { role: 'search', 'aria-label': l10n.t('Find in all rows') } }, [this.input, this.count, previous, next, close]);
    this.root.hidden = true;
    this.input.addEventListener('input', () => {
      clearTimeout(this.typingTimer);
      this.typingTimer = window.setTimeout(() => this.search(), TYPING_MS);
    });
    this.input.addEventListener('keydown', (e) => this.onInputKey(e));
    grid.rowDecoration = (row, position) => {
      if (this.root.hidden || !this.state.isMatch(row)) return '';
      return position === this.state.currentPosition ? ' find-match find-current' : ' find-match';
    };
    // Capture, before anything in the page: Ctrl+F is the grid's find wherever the focus is in the
    // page (a filter box too), and VS Code never sees it (its webview find stays closed).
    window.addEventListener('keydown', (e) => this.onPageKey(e), true);
  }

  get isOpen(): boolean {
    return !this.root.hidden;
  }

  /** Opens the bar (or goes back to it) with its text selected, and searches what it holds. */
  open(): void {
    const wasOpen = this.isOpen;
    this.root.hidden = false;
    this.input.focus();
    this.input.select();
    if (!wasOpen && this.input.value.trim() !== '') this.search();
  }

  /** Closes the bar; the table gets the keyboard back, on the current match. */
  close(): void {
    if (!this.isOpen) return;
    clearTimeout(this.typingTimer);
    this.root.hidden = true;
    this.state.clear();
    this.grid.invalidate();
    this.grid.root.focus({ preventScroll: true });
  }

  /** A new load: nothing found yet. */
  reset(): void {
    this.state.clear();
    if (this.isOpen) this.showCount();
  }

  /** The rows shown changed (appended, filtered, sorted, grouped): count the matches again, soon. */
  viewChanged(): void {
    if (!this.isOpen || this.state.needle === '' || this.refreshTimer) return;
    this.refreshTimer = window.setTimeout(() => {
      this.refreshTimer = 0;
      this.state.refresh();
      this.showCount();
      this.grid.invalidate();
    }, REFRESH_MS);
  }

  private search(): void {
    const from = this.grid.selection.cells.active?.row ?? 0;
    this.state.search(this.input.value, from);
    this.showCount();
    this.reveal();
  }

  private step(direction: 1 | -1): void {
    if (!this.isOpen) this.open();
    if (this.state.needle !== this.input.value.trim().toLowerCase()) {
      clearTimeout(this.typingTimer);
      this.search();
      return;
    }
    if (direction > 0) this.state.next();
    else this.state.previous();
    this.showCount();
    this.reveal();
  }

  /** Scrolls the grid to the current match and makes its matching cell the active one. */
  private reveal(): void {
    const position = this.state.currentPosition;
    if (position === undefined) {
      this.grid.invalidate();
      return;
    }
    this.centre(position);
    this.grid.selection.activate({ row: position, col: this.matchingColumn(position) }, false);
    this.grid.invalidate();
  }

  /** A match out of view is brought to the middle of the rows in view, with rows around it to read. */
  private centre(position: number): void {
    const root = this.grid.root;
    const head = root.querySelector('.grid-head');
    const foot = root.querySelector('.grid-foot');
    const drawn = root.querySelector(`.grid-body .row[data-position="${position}"]`);
    const top = head ? head.getBoundingClientRect().bottom : root.getBoundingClientRect().top;
    const bottom = foot ? foot.getBoundingClientRect().top : root.getBoundingClientRect().bottom;
    if (drawn) {
      const r = drawn.getBoundingClientRect();
      if (r.top >= top - 1 && r.bottom <= bottom + 1) return;
    }
    const rowHeight = this.grid.rowHeight;
    const viewport = Math.max(rowHeight, bottom - top);
    const above = Math.max(0, Math.floor((viewport / rowHeight - 1) / 2));
    // The offset that puts the row `above` rows above the match at the top (near the end: the end).
    this.grid.scrollTo(scrollTopFor(Math.max(0, position - above), this.view.display.length, rowHeight, viewport));
  }

  /** The first visible column whose cell contains what is searched (else the active cell's column). */
  private matchingColumn(position: number): number {
    const row = this.view.display[position];
    const needle = this.state.needle;
    if (row !== undefined && row >= 0) {
      const columns = this.grid.visibleColumns;
      for (let i = 0; i < columns.length; i++) {
        const column = columns[i];
        const c = column ? this.store.columnIndex(column.id) : undefined;
        if (c === undefined) continue;
        const raw = this.store.cell(row, c);
        if (this.store.text(row, c).toLowerCase().includes(needle) || (typeof raw === 'number' && String(raw).includes(needle))) return i;
      }
    }
    return this.grid.selection.cells.active?.col ?? 0;
  }

  private showCount(): void {
    const s = this.state;
    this.count.textContent = s.needle === '' ? '' : s.count === 0 ? l10n.t('No matches') : l10n.t('{0} of {1}', formatCount(s.current + 1), formatCount(s.count));
    this.root.classList.toggle('no-matches', s.needle !== '' && s.count === 0);
  }

  private onInputKey(e: KeyboardEvent): void {
    if (e.key === 'Enter') this.step(e.shiftKey ? -1 : 1);
    else if (e.key === 'Escape') this.close();
    else return;
    e.preventDefault();
    e.stopPropagation();
  }

  private onPageKey(e: KeyboardEvent): void {
    const mod = e.ctrlKey || e.metaKey;
    if (mod && !e.shiftKey && !e.altKey && e.key.toLowerCase() === 'f') this.open();
    else if (e.key === 'F3' && !mod && !e.altKey) this.step(e.shiftKey ? -1 : 1);
    else return;
    e.preventDefault();
    e.stopPropagation();
  }
}
