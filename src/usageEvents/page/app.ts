// The usage-events webview: receives the commit, its ledger and pages of events from the panel,
// keeps the rows in a RowStore, derives what is shown in a TableView, and draws the header bar,
// the charts, the toolbar and the virtualized grid. It renders only; every request is made by the
// extension. This file puts the parts together and keeps the load's state; each part's own work
// is in its file (ui/, viewState.ts, messages.ts, searchWarmup.ts).
import * as l10n from '@vscode/l10n';
import type { CachedRowsState, CellAction, CommitHeader, CopyFormat, ErrorActionButton, LedgerPoint, LoadPhase, ReconciliationDrill, UsageEventRow } from '../protocol/usageEventsMessages';
import { decodeColumns } from '../protocol/columnsCodec';
import { DecimalSum } from '../../shared/exactDecimal';
import { ExactNumber, stringifyExact } from '../../shared/exactNumber';
import { listenToPanel, reportPageProblems, type PanelMessageHandlers, type VsCodeApi } from './hostChannel';
import { cellText, plainText, type Cell, type Column } from './model/columns';
import { eventObject, formatCells, formatRows } from './model/copyFormat';
import { RowStore } from './model/rowStore';
import { summarizeCells } from './model/selectionSummary';
import { TableView, emptySpec } from './model/tableView';
import { ChartsPanel } from './ui/chartsPanel';
import { ColumnChooser } from './ui/columnChooser';
import { FindBox } from './ui/findBox';
import { keepFocusInPage } from './ui/focusReturn';
import { ReconciliationSection } from './ui/reconciliationSection';
import { Grid } from './grid/grid';
import { HeaderBar } from './ui/headerBar';
import { StatusLine, emptyTableText, ledgerErrorToShow, statusTellsFailure } from './ui/statusLine';
import { Toolbar } from './ui/toolbar';
import { ViewState } from './viewState';

/** How often rows streaming in are shown (the first page at once, the last with the end of the load). */
const STREAM_REDRAW_MS = 200;
/** The selection's summary waits for the selection to rest this long (a drag, keys held down). */
const SUMMARY_DELAY_MS = 120;

export class UsageEventsApp {
  private readonly store = new RowStore();
  private readonly view = new TableView(this.store, emptySpec());
  private readonly state: ViewState;
  private readonly grid: Grid;
  private readonly headerBar: HeaderBar;
  private readonly charts: ChartsPanel;
  private readonly status: StatusLine;
  private readonly toolbar: Toolbar;
  private readonly find: FindBox;
  private readonly reconciliation: ReconciliationSection;
  private generation = -1;
  private header: CommitHeader | null = null;
  private headerError: string | null = null;
  private ledger: LedgerPoint[] = [];
  private ledgerError: string | null = null;
  private phase: LoadPhase | 'idle' | 'waiting' = 'idle';
  private total: number | null = null;
  private loadError: string | null = null;
  private retryable = false;
  /** The buttons the host gave with the load's error (Sign In, Retry, Show Log). */
  private errorActions: ErrorActionButton[] | null = null;
  /** The rows are the local cache's (their age, offline, being checked); null: live data. */
  private cache: CachedRowsState | null = null;
  /** The button's label while the panel waits for its account (the text is in loadError). */
  private waitAction: string | null = null;
  /** What has loaded; `revenue` is summed exactly in decimal. */
  private loaded = { rows: 0, revenue: new DecimalSum(), events: 0 };
  private columnsVersion = -1;
  /** Scroll position to restore once enough rows are back. */
  private pendingScroll: number | undefined;

  constructor(
    private readonly root: HTMLElement,
    private readonly vscode: VsCodeApi,
  ) {
    this.state = new ViewState(vscode);
    this.grid = new Grid(this.store, this.view, {
      sort: (id) => {
        this.state.cycleSort(id);
        this.syncColumns(true);
        this.refilter();
        // A new order starts at its top, not at the row offset the old order was scrolled to.
        this.grid.scrollTo(0);
      },
      columnFilter: (id, text) => {
        this.state.setColumnFilter(id, text);
        this.clearDrillNotice();
        this.refilter();
      },
      resized: (id, width) => {
        this.state.setWidth(id, width);
        this.state.save();
      },
      toggleGroup: (month) => {
        this.state.toggleMonth(month);
        this.refilter();
      },
      selectionChanged: () => this.renderSelection(),
      scrolled: (top) => this.state.scrolled(top),
      copyCells: (headers) => this.copyCells(headers),
      open: (row) => this.openEvent(row),
    });
    const chooser = new ColumnChooser(
      () => this.store.columns,
      (id) => this.state.current.hiddenColumns.includes(id),
      (ids, hidden) => {
        this.state.setHidden(ids, hidden);
        this.syncColumns(true);
        this.state.save();
      },
    );
    this.headerBar = new HeaderBar({
      exportView: () => vscode.postMessage({ type: 'exportView' }),
      exportAll: () => vscode.postMessage({ type: 'export' }),
      reload: () => vscode.postMessage({ type: 'reload' }),
      toggleSummary: () => {
        this.state.current.summaryOpen = !this.state.summaryOpen;
        this.applyStateToControls();
        this.charts.schedule(true);
        this.state.save();
      },
    });
    this.charts = new ChartsPanel(
      () => ({ months: this.view.months, header: this.header, ledger: this.ledger, ledgerError: ledgerErrorToShow(this.phase, this.ledgerError) }),
      () => this.grid.root.offsetHeight - parseFloat(getComputedStyle(this.grid.root).minHeight),
    );
    this.status = new StatusLine({
      cancel: () => vscode.postMessage({ type: 'cancel' }),
      retry: () => vscode.postMessage({ type: 'retry' }),
      waitAction: () => vscode.postMessage({ type: 'waitAction' }),
      errorAction: (action) => vscode.postMessage({ type: 'errorAction', action }),
    });
    this.toolbar = new Toolbar(
      { columns: chooser.root, status: this.status.root },
      {
        filter: (text) => {
          this.state.current.filter = text;
          this.refilter();
        },
        showAdjustments: (show) => {
          this.state.current.hideAdjustments = !show;
          this.refilter();
        },
        groupByMonth: (on) => {
          this.state.current.groupByMonth = on;
          this.refilter();
        },
        toggleCharts: () => {
          // With the summary folded, Charts unfolds it with the charts in it.
          this.state.current.chartsOpen = !this.state.summaryOpen || !this.state.current.chartsOpen;
          this.state.current.summaryOpen = true;
          this.applyStateToControls();
          this.charts.schedule(true);
          this.state.save();
        },
        copy: (format) => this.copy(format),
      },
    );
    this.find = new FindBox(this.store, this.view, this.grid);
    this.reconciliation = new ReconciliationSection((filters, what) => this.showEventsBehind(filters, what));
  }

  start(): void {
    this.layout();
    this.applyStateToControls();
    this.pendingScroll = this.state.current.scrollTop > 0 ? this.state.current.scrollTop : undefined;
    listenToPanel(this.vscode, this.handlers(), () => this.generation);
    reportPageProblems(this.vscode);
    this.state.saveWhenHidden();
    this.charts.watchSize();
    this.renderAll();
    // The keyboard starts in the rows (on the first one, once they come), not on the page.
    this.grid.root.focus({ preventScroll: true });
    keepFocusInPage(() => this.grid.root);
    this.vscode.postMessage({ type: 'ready' });
  }

  private layout(): void {
    this.root.replaceChildren(this.headerBar.root, this.charts.root, this.reconciliation.root, this.toolbar.root, this.find.root, this.grid.root);
    this.root.addEventListener('keydown', (e) => {
      if ((e.ctrlKey || e.metaKey) && e.key === 'f' && e.shiftKey) {
        e.preventDefault();
        this.toolbar.focusFilter();
      }
    });
  }

  /** Shows the saved arrangement in the controls, and makes it the table view's. */
  private applyStateToControls(): void {
    const s = this.state.current;
    const summaryOpen = this.state.summaryOpen;
    this.toolbar.show({ ...s, chartsOpen: s.chartsOpen && summaryOpen });
    this.headerBar.setSummaryOpen(summaryOpen);
    this.root.classList.toggle('summary-closed', !summaryOpen);
    this.charts.setOpen(s.chartsOpen && summaryOpen);
    this.view.spec = this.state.spec();
  }

  // ---- messages -------------------------------------------------------------------------------

  /** What each message from the panel does (listenToPanel drops those of an earlier load). */
  private handlers(): PanelMessageHandlers {
    return {
      reset: (m) => this.reset(m.generation, m.contractId, m.commitId, m.owner, m.keepView === true),
      header: (m) => {
        this.header = m.header;
        this.headerError = m.error;
        this.renderHeader();
        this.charts.schedule(true);
      },
      ledger: (m) => {
        this.ledger = m.points;
        this.ledgerError = m.error;
        this.charts.schedule(true);
      },
      reconciliation: (m) => this.reconciliation.render(m.view),
      rows: (m) => this.appendRows(m.start, m.rows),
      columns: (m) => {
        let table;
        try {
          table = decodeColumns(m.bytes).store;
        } catch (e) {
          // The panel's own bytes: unreadable means a bug; ask for the rows again.
          this.vscode.postMessage({ type: 'problem', message: `unreadable rows: ${(e as Error).message}` });
          return;
        }
        const added = this.store.adopt(table);
        this.loaded = { rows: table.size, revenue: added.revenue, events: added.events };
        this.view.rebuild();
        this.scheduleRowsShown();
      },
      progress: (m) => {
        // A page's progress while the load goes on waits for its rows to be shown (on the stream's
        // cadence, showNewRows); a change of phase shows everything at once.
        const streaming = m.phase === 'loading' && this.phase === 'loading';
        if (this.rowsTimer !== undefined && !streaming) this.showNewRows();
        this.phase = m.phase;
        this.total = m.total;
        this.loadError = m.error;
        this.retryable = m.retryable;
        this.errorActions = m.actions ?? null;
        this.cache = m.cache ?? null;
        if (this.rowsTimer === undefined) this.renderStatus();
        if (m.phase !== 'loading') {
          this.restoreScroll(true);
          this.grid.drawPending();
          // Whether the header and the ledger chart repeat the failure depends on the phase.
          this.renderHeader();
          this.charts.schedule(true);
        }
      },
      notice: (m) => this.status.setNotice(m.text),
      cellAction: (m) => this.cellAction(m.action, m.row, m.col),
      viewRequest: (m) => this.sendShownView(m.id),
      waiting: (m) => {
        this.phase = 'waiting';
        this.total = null;
        this.loadError = m.text;
        this.retryable = false;
        this.waitAction = m.action;
        this.renderStatus();
      },
    };
  }

  private reset(generation: number, contractId: number, commitId: number, owner: string | undefined, keepView: boolean): void {
    if (!this.state.isFor(contractId, commitId)) {
      this.state.startOver(contractId, commitId);
      this.applyStateToControls();
      this.pendingScroll = undefined;
    } else if (keepView) {
      // The same rows, refreshed: back to where the user was once they are in again.
      const top = this.grid.root.scrollTop;
      if (this.pendingScroll === undefined && top > 0) this.pendingScroll = top;
    } else if (this.generation !== -1 && generation !== this.generation) {
      // A reload of the same commit starts at the top.
      this.pendingScroll = undefined;
    }
    this.generation = generation;
    this.grid.selection.setMenuContext({ contractId, commitId });
    this.find.reset();
    if (this.rowsTimer !== undefined) clearTimeout(this.rowsTimer);
    this.rowsTimer = undefined;
    this.store.clear();
    this.view.rebuild();
    this.grid.selection.clear();
    this.loaded = { rows: 0, revenue: new DecimalSum(), events: 0 };
    this.header = null;
    this.headerError = null;
    this.ledger = [];
    this.ledgerError = null;
    this.phase = 'loading';
    this.total = null;
    this.loadError = null;
    this.errorActions = null;
    this.cache = null;
    this.waitAction = null;
    this.columnsVersion = -1;
    this.reconciliation.render(undefined);
    // Whose data this is goes with the commit into the saved state: after a window reload the
    // panel waits for that account (or the sample data) before it loads anything.
    if (owner !== undefined) this.state.current.owner = owner;
    this.state.save();
    this.renderAll();
  }

  private appendRows(start: number, rows: UsageEventRow[]): void {
    const have = this.store.size;
    if (start > have) {
      // A page went missing (the view was re-created mid-stream): ask for everything again.
      this.vscode.postMessage({ type: 'ready' });
      return;
    }
    const fresh = start < have ? rows.slice(have - start) : rows;
    if (fresh.length === 0) return;
    const added = this.store.append(fresh);
    this.loaded.rows += fresh.length;
    this.loaded.revenue.addSum(added.revenue);
    this.loaded.events += added.events;
    this.scheduleRowsShown();
  }

  // ---- rows arriving: stored at once, shown at most every few frames ---------------------------
  private rowsTimer: ReturnType<typeof setTimeout> | undefined;
  private rowsShownAt = -Infinity;
  private rowsShowCost = 0;

  /**
   * The rows are in the store; the view, grid, header, status and charts catch up at once if they
   * have not for STREAM_REDRAW_MS, else on a timer. Each catch-up redraws the rows in view, the
   * Total row, the header and the status, and the browser lays out and paints them again: about
   * 30 ms a time. Done every frame, that took most of the time a million rows took to stream in
   * (bench/README.md); a few times a second keeps the counts moving and leaves the rest to the
   * rows. With a million rows, updating the view takes milliseconds of its own (it walks every
   * shown row): it also runs at most once per four times its own cost.
   */
  private scheduleRowsShown(): void {
    if (this.rowsTimer !== undefined) return;
    const wait = Math.max(STREAM_REDRAW_MS, this.rowsShowCost * 4) - (performance.now() - this.rowsShownAt);
    if (wait <= 0) this.showNewRows();
    else this.rowsTimer = setTimeout(() => this.showNewRows(), wait);
  }

  /** Shows rows stored since the last time (also called before anything reads the view's counts). */
  private showNewRows(): void {
    if (this.rowsTimer !== undefined) clearTimeout(this.rowsTimer);
    this.rowsTimer = undefined;
    const t0 = performance.now();
    this.view.update();
    this.syncColumns(false);
    this.grid.invalidate();
    this.renderHeader();
    this.renderStatus();
    this.renderSelection();
    this.charts.schedule(false);
    this.restoreScroll(false);
    this.find.viewChanged();
    this.rowsShownAt = performance.now();
    this.rowsShowCost = this.rowsShownAt - t0;
  }

  // ---- view changes ---------------------------------------------------------------------------

  /** Filters, sort or grouping changed: rebuild the view, keep the top of the table in sight. */
  private refilter(): void {
    this.applyStateToControls();
    // The rows under the selection are others now: only the active cell stays.
    this.grid.selection.cells.clear();
    this.view.rebuild();
    this.grid.invalidate();
    if (this.grid.root.scrollTop > 0 && this.view.display.length * this.grid.rowHeight < this.grid.root.scrollTop) this.grid.scrollTo(0);
    this.renderStatus();
    this.renderSelection();
    this.charts.schedule(true);
    this.state.save();
    this.find.viewChanged();
  }

  /** Recomputes the visible columns when columns appeared or were hidden. */
  private syncColumns(force: boolean): void {
    if (!force && this.columnsVersion === this.store.columnsVersion) return;
    this.columnsVersion = this.store.columnsVersion;
    const s = this.state.current;
    const hidden = new Set(s.hiddenColumns);
    const visible: Column[] = this.store.columns.filter((c) => !hidden.has(c.id));
    this.grid.setColumns(visible, new Map(s.widths), s.sort, new Map(s.columnFilters));
  }

  private restoreScroll(final: boolean): void {
    if (this.pendingScroll === undefined) return;
    const needed = this.pendingScroll + this.grid.root.clientHeight;
    if (final || this.view.display.length * this.grid.rowHeight >= needed) {
      const top = this.pendingScroll;
      this.pendingScroll = undefined;
      this.grid.scrollTo(top);
    }
  }

  private copy(format: CopyFormat): void {
    const rows = this.grid.selection.selectedRows();
    if (rows.length === 0) return;
    const text = formatRows(this.store, this.grid.visibleColumns, rows, format);
    this.vscode.postMessage({ type: 'copy', format, rows: rows.length, text });
  }

  // ---- cells: copy, open as JSON, and the context menu's actions -----------------------------

  /** Ctrl+C: the selected cells (or the active one) as TSV, with the column headers when asked. */
  private copyCells(headers: boolean): void {
    const block = this.grid.selection.selectedBlock();
    if (!block || block.rows.length === 0) return;
    const text = formatCells(this.store, block.columns, block.rows, { format: 'tsv', headers });
    this.vscode.postMessage({ type: 'copy', format: 'tsv', rows: block.rows.length, text });
  }

  /** The event as JSON in an editor (the panel opens a read-only document). */
  private openEvent(row: number): void {
    const event = eventObject(this.store, row);
    const id = event.id;
    if (typeof id !== 'number') return;
    this.vscode.postMessage({ type: 'openEvent', eventId: id, json: stringifyExact(event, 2) });
  }

  /** A command of the grid's context menu, on the cell right-clicked (or the active one, from the keyboard). */
  private cellAction(action: CellAction, row: number | undefined, col: number | undefined): void {
    const active = this.grid.selection.cells.active;
    const at = row !== undefined && col !== undefined ? { row, col } : active;
    if (!at) return;
    const item = this.grid.selection.eventAt(at.row);
    const column = this.grid.selection.columnAt(at.col);
    // The menu's rows: the selection's when the cell is in it, otherwise the cell's row.
    const selected = this.grid.selection.selectedRows();
    const rows = item !== undefined && !selected.includes(item) ? [item] : selected.length > 0 ? selected : item !== undefined ? [item] : [];
    switch (action) {
      case 'copyCell':
      {
        if (item === undefined || !column) return;
        const text = formatCells(this.store, [column], [item], { format: 'tsv', headers: false });
        this.vscode.postMessage({ type: 'copy', format: 'tsv', rows: 1, text });
        return;
      }
      case 'copyRowsCsv':
      case 'copyRowsTsv':
      case 'copyRowsJson': {
        if (rows.length === 0) return;
        const format = action === 'copyRowsCsv' ? 'csv' : action === 'copyRowsTsv' ? 'tsv' : 'json';
        this.vscode.postMessage({ type: 'copy', format, rows: rows.length, text: formatRows(this.store, this.grid.visibleColumns, rows, format) });
        return;
      }
      case 'copyWithHeaders':
        this.copyCells(true);
        return;
      case 'openJson':
        if (item !== undefined) this.openEvent(item);
        return;
      case 'filterByValue': {
        if (item === undefined || !column) return;
        const raw = this.store.cell(item, this.store.columnIndex(column.id) ?? -1);
        this.state.setColumnFilter(column.id, filterForValue(column, raw));
        this.syncColumns(true);
        this.refilter();
        return;
      }
      case 'hideColumn':
        if (!column) return;
        this.state.setHidden([column.id], true);
        this.syncColumns(true);
        this.state.save();
        return;
    }
  }

  /**
   * A difference of the Reconciliation section activated: the table shows the events behind it,
   * through the column filters (shown in their fields, cleared there), with nothing else hiding rows.
   */
  private showEventsBehind(filters: ReconciliationDrill, what: string): void {
    const s = this.state.current;
    s.filter = '';
    s.hideAdjustments = false;
    s.columnFilters = filters.map(([column, text]) => [column, text]);
    const hidden = filters.map(([column]) => column).filter((column) => s.hiddenColumns.includes(column));
    if (hidden.length > 0) this.state.setHidden(hidden, false);
    this.syncColumns(true);
    this.refilter();
    this.grid.scrollTo(0);
    this.status.setNotice(l10n.t('Showing the events behind “{0}”: {1} shown. Clear the column filters to see every event.', what, this.view.order.length));
    this.drillNotice = true;
    this.grid.root.focus({ preventScroll: true });
  }

  /** Whether the status line's notice names a drill's events (it goes once the user changes the filters). */
  private drillNotice = false;

  private clearDrillNotice(): void {
    if (!this.drillNotice) return;
    this.drillNotice = false;
    this.status.setNotice('');
  }

  // ---- rendering ------------------------------------------------------------------------------

  private renderAll(): void {
    this.syncColumns(true);
    this.renderHeader();
    this.renderStatus();
    this.renderSelection();
    this.charts.schedule(true);
    this.grid.invalidate();
  }

  private renderHeader(): void {
    // The header's own error is not repeated when the status line tells of the failure.
    // Without a header, the title says whether it is on its way: a failed load is never "Loading…".
    const commitId = this.state.current.commitId;
    const progress = this.headerError !== null || this.phase === 'error' ? 'failed' : this.phase === 'waiting' || this.phase === 'cancelled' ? 'stopped' : 'loading';
    this.headerBar.render(this.header, this.headerError, { ...this.loaded, revenue: this.loaded.revenue.toString() }, statusTellsFailure(this.phase), progress, commitId >= 0 ? commitId : undefined);
    this.headerBar.setOwner(this.state.current.owner);
  }

  private renderStatus(): void {
    const loaded = this.store.size;
    this.status.render({ phase: this.phase, loaded, total: this.total, shown: this.view.order.length, error: this.loadError, retryable: this.retryable, waitAction: this.waitAction, actions: this.errorActions, cache: this.cache, otherDataKeys: this.store.otherDataKeys });
    this.root.setAttribute('aria-busy', String(this.phase === 'loading'));
    this.grid.setEmptyText(emptyTableText(this.phase, loaded));
  }

  private renderSelection(): void {
    this.toolbar.showSelection(this.grid.selection.selectedRowCount);
    this.scheduleSelectionSummary();
  }

  private summaryTimer: ReturnType<typeof setTimeout> | undefined;
  private summaryPosted = 'null';

  /** The status bar's summary of the selected cells, worked out once the selection stops changing. */
  private scheduleSelectionSummary(): void {
    if (this.summaryTimer !== undefined) clearTimeout(this.summaryTimer);
    this.summaryTimer = setTimeout(() => {
      this.summaryTimer = undefined;
      const block = this.grid.selection.rect() ? this.grid.selection.selectedBlock() : null;
      const summary = block && block.rows.length > 0 ? summarizeCells(this.store, block.rows, block.columns) : null;
      const key = JSON.stringify(summary);
      if (key === this.summaryPosted) return;
      this.summaryPosted = key;
      this.vscode.postMessage({ type: 'selectionSummary', summary });
    }, SUMMARY_DELAY_MS);
  }

  /** The rows shown (in display order, month group rows left out) and the visible columns, for Export View. */
  private sendShownView(id: number): void {
    if (this.rowsTimer !== undefined) this.showNewRows();
    const view = this.view;
    const rows = view.groups.length === 0 ? view.order.slice() : Uint32Array.from(view.display.filter((r) => r >= 0));
    this.vscode.postMessage({
      type: 'view',
      id,
      generation: this.generation,
      rows: new Uint8Array(rows.buffer, rows.byteOffset, rows.byteLength),
      columns: this.grid.visibleColumns.map((c) => c.id),
      filtered: rows.length < this.store.size,
      sorted: this.state.current.sort !== null,
    });
  }
}

/** The column filter that keeps the rows with this value (the filter syntax of model/filters.ts). */
function filterForValue(column: Column, raw: Cell): string {
  if (raw === null || raw === undefined) return '';
  if (column.kind === 'flag') return raw === true ? `= ${cellText('flag', true)}` : `!= ${cellText('flag', true)}`;
  if (typeof raw === 'number') return `= ${String(raw)}`;
  if (raw instanceof ExactNumber) return `= ${raw.text}`;
  // Dates and timestamps compare on a prefix, down to the second.
  if ((column.kind === 'date' || column.kind === 'datetime') && typeof raw === 'string') return `= ${raw.slice(0, 19)}`;
  return `= ${plainText(raw)}`;
}
