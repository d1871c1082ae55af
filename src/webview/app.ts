// The usage-events webview: receives the commit, its ledger and pages of events from the panel,
// keeps the rows in a RowStore, derives what is shown in a TableView, and draws the header, the
// charts and the virtualized grid. It renders only; every request is made by the extension.
import {
  parseHostToWebview,
  type CommitHeader,
  type CopyFormat,
  type HostToWebview,
  type LedgerPoint,
  type LoadPhase,
  type TableSnapshot,
  type UsageEventRow,
  type ViewChange,
} from '../shared/usageEventsMessages';
import type { Column } from './model/columns';
import { formatCount } from './model/columns';
import { formatRows } from './model/copyFormat';
import { RowStore } from './model/rowStore';
import { TableView, emptySpec } from './model/tableView';
import { burnDownChart, revenueChart } from './ui/charts';
import { ColumnChooser } from './ui/columnChooser';
import { renderCommitHeader } from './ui/commitHeader';
import { button, h } from './ui/dom';
import { Grid } from './ui/grid';
import { defaultState, readPersistedState, type PersistedState } from './ui/persistedState';
import type { VsCodeApi } from './vscodeApi';

const CHART_INTERVAL_MS = 400;
const FOREIGN = 'img, script, iframe, object, embed, link, style, video, audio, form, base, meta';

export class UsageEventsApp {
  private readonly store = new RowStore();
  private readonly view = new TableView(this.store, emptySpec());
  private readonly grid: Grid;
  private state: PersistedState;
  private generation = -1;
  private header: CommitHeader | null = null;
  private headerError: string | null = null;
  private ledger: LedgerPoint[] = [];
  private ledgerError: string | null = null;
  private phase: LoadPhase | 'idle' = 'idle';
  private total: number | null = null;
  private loadError: string | null = null;
  private retryable = false;
  private loaded = { rows: 0, revenue: 0, events: 0 };
  private columnsVersion = -1;
  /** Scroll position to restore once enough rows are back. */
  private pendingScroll: number | undefined;
  private chartsTimer = 0;
  private chartsDrawnAt = 0;
  private saveTimer = 0;
  private cspViolations = 0;
  private pageErrors = 0;

  private readonly headerEl = h('header', { class: 'commit-header' });
  private readonly statusEl = h('div', { class: 'status-line', attrs: { role: 'status', 'aria-live': 'polite' } });
  private readonly chartsEl = h('section', { class: 'charts', attrs: { 'aria-label': 'Charts' } });
  private readonly revenueChartEl = h('div', { class: 'chart-body' });
  private readonly burnChartEl = h('div', { class: 'chart-body' });
  private readonly filterInput = h('input', {
    class: 'filter-all',
    attrs: { type: 'search', placeholder: 'Filter all columns', spellcheck: 'false', 'aria-label': 'Filter all columns' },
  });
  private readonly adjustmentsToggle = h('input', { attrs: { type: 'checkbox', id: 'show-adjustments' } });
  private readonly groupToggle = h('input', { attrs: { type: 'checkbox', id: 'group-by-month' } });
  private readonly chartsToggle = button('Charts', { secondary: true, attrs: { 'aria-pressed': 'true' } });
  private readonly selectionInfo = h('span', { class: 'selection-info' });
  private readonly copyButtons: HTMLButtonElement[] = [];
  private readonly chooser: ColumnChooser;
  private readonly noticeEl = h('span', { class: 'notice' });

  constructor(
    private readonly root: HTMLElement,
    private readonly vscode: VsCodeApi,
  ) {
    this.state = readPersistedState(vscode.getState()) ?? defaultState();
    this.grid = new Grid(this.store, this.view, {
      sort: (id) => this.cycleSort(id),
      columnFilter: (id, text) => {
        this.setColumnFilter(id, text);
        this.refilter();
      },
      resized: (id, width) => {
        this.state.widths = [...this.state.widths.filter(([c]) => c !== id), [id, width]];
        this.save();
      },
      toggleGroup: (month) => {
        const set = new Set(this.state.collapsedMonths);
        if (set.has(month)) set.delete(month);
        else set.add(month);
        this.state.collapsedMonths = [...set];
        this.refilter();
      },
      selectionChanged: () => this.renderSelection(),
      scrolled: (top) => {
        this.state.scrollTop = top;
        this.saveSoon();
      },
      copy: () => this.copy('tsv'),
    });
    this.chooser = new ColumnChooser(
      () => this.store.columns,
      (id) => this.state.hiddenColumns.includes(id),
      (ids, hidden) => {
        const set = new Set(this.state.hiddenColumns);
        for (const id of ids) {
          if (hidden) set.add(id);
          else set.delete(id);
        }
        this.state.hiddenColumns = [...set];
        this.syncColumns(true);
        this.save();
      },
    );
  }

  start(): void {
    this.layout();
    this.applyStateToControls();
    this.pendingScroll = this.state.scrollTop > 0 ? this.state.scrollTop : undefined;
    window.addEventListener('message', (e: MessageEvent) => this.receive(e.data));
    // Anything blocked by the CSP means markup got parsed somewhere: count it and tell the log.
    document.addEventListener('securitypolicyviolation', (e) => {
      this.cspViolations++;
      this.vscode.postMessage({ type: 'problem', message: `blocked by the Content Security Policy: ${e.violatedDirective} ${e.blockedURI}` });
    });
    window.addEventListener('error', (e) => {
      this.pageErrors++;
      this.vscode.postMessage({ type: 'problem', message: `error in the view: ${e.message}` });
    });
    // The last scroll offset, if it is still waiting to be saved when the panel goes out of sight.
    document.addEventListener('visibilitychange', () => {
      if (document.hidden && this.saveTimer) this.save();
    });
    new ResizeObserver(() => this.scheduleCharts(true)).observe(this.chartsEl);
    this.renderAll();
    this.vscode.postMessage({ type: 'ready' });
  }

  private layout(): void {
    const showAdjustments = h('label', { class: 'toggle', attrs: { for: 'show-adjustments' } }, [this.adjustmentsToggle, h('span', { text: 'Adjustments' })]);
    const groupByMonth = h('label', { class: 'toggle', attrs: { for: 'group-by-month' } }, [this.groupToggle, h('span', { text: 'Group by month' })]);
    const copyGroup = h('div', { class: 'button-group', attrs: { role: 'group', 'aria-label': 'Copy selected rows' } }, [h('span', { class: 'group-label', text: 'Copy' })]);
    for (const format of ['csv', 'tsv', 'json'] as const) {
      const b = button(format.toUpperCase(), { secondary: true, title: `Copy the selected rows as ${format.toUpperCase()}` });
      b.addEventListener('click', () => this.copy(format));
      this.copyButtons.push(b);
      copyGroup.append(b);
    }
    const exportButton = button('Export…', { title: 'Export all usage events of this commit' });
    exportButton.addEventListener('click', () => this.vscode.postMessage({ type: 'export' }));
    const reloadButton = button('Reload', { secondary: true, title: 'Fetch the commit and its events again' });
    reloadButton.addEventListener('click', () => this.vscode.postMessage({ type: 'reload' }));

    this.filterInput.value = this.state.filter;
    let timer = 0;
    this.filterInput.addEventListener('input', () => {
      clearTimeout(timer);
      timer = window.setTimeout(() => {
        this.state.filter = this.filterInput.value;
        this.refilter();
      }, 120);
    });
    this.adjustmentsToggle.addEventListener('change', () => {
      this.state.hideAdjustments = !this.adjustmentsToggle.checked;
      this.refilter();
    });
    this.groupToggle.addEventListener('change', () => {
      this.state.groupByMonth = this.groupToggle.checked;
      this.refilter();
    });
    this.chartsToggle.addEventListener('click', () => {
      this.state.chartsOpen = !this.state.chartsOpen;
      this.applyStateToControls();
      this.scheduleCharts(true);
      this.save();
    });

    this.chartsEl.append(
      h('figure', { class: 'chart' }, [
        h('figcaption', {}, [
          h('span', { class: 'chart-title', text: 'Revenue per period month' }),
          h('span', { class: 'legend' }, [h('span', { class: 'swatch regular' }), h('span', { text: 'Events' }), h('span', { class: 'swatch adjustment' }), h('span', { text: 'Adjustments' })]),
        ]),
        this.revenueChartEl,
      ]),
      h('figure', { class: 'chart' }, [
        h('figcaption', {}, [
          h('span', { class: 'chart-title', text: 'Remaining value' }),
          h('span', { class: 'legend' }, [h('span', { class: 'swatch remaining' }), h('span', { text: 'From the consumption ledger' })]),
        ]),
        this.burnChartEl,
      ]),
    );
    const toolbar = h('div', { class: 'toolbar', attrs: { role: 'toolbar', 'aria-label': 'Table' } }, [
      this.filterInput,
      showAdjustments,
      groupByMonth,
      this.chooser.root,
      this.chartsToggle,
      h('span', { class: 'spacer' }),
      this.statusEl,
      this.selectionInfo,
      copyGroup,
    ]);
    const actions = h('div', { class: 'header-actions' }, [exportButton, reloadButton]);
    this.root.replaceChildren(h('div', { class: 'header-bar' }, [this.headerEl, actions]), this.chartsEl, toolbar, this.grid.root);
    this.root.addEventListener('keydown', (e) => {
      if ((e.ctrlKey || e.metaKey) && e.key === 'f' && e.shiftKey) {
        e.preventDefault();
        this.filterInput.focus();
      }
    });
  }

  private applyStateToControls(): void {
    this.filterInput.value = this.state.filter;
    this.adjustmentsToggle.checked = !this.state.hideAdjustments;
    this.groupToggle.checked = this.state.groupByMonth;
    this.chartsEl.hidden = !this.state.chartsOpen;
    this.chartsToggle.setAttribute('aria-pressed', String(this.state.chartsOpen));
    this.view.spec = {
      filter: this.state.filter,
      columnFilters: new Map(this.state.columnFilters),
      hideAdjustments: this.state.hideAdjustments,
      sort: this.state.sort,
      groupByMonth: this.state.groupByMonth,
      collapsed: new Set(this.state.collapsedMonths),
    };
  }

  // ---- messages -------------------------------------------------------------------------------

  private receive(data: unknown): void {
    let message: HostToWebview;
    try {
      message = parseHostToWebview(data);
    } catch (e) {
      this.vscode.postMessage({ type: 'problem', message: `ignored a message: ${(e as Error).message}` });
      return;
    }
    switch (message.type) {
      case 'reset':
        this.reset(message.generation, message.contractId, message.commitId);
        break;
      case 'header':
        if (message.generation !== this.generation) return;
        this.header = message.header;
        this.headerError = message.error;
        this.renderHeader();
        this.scheduleCharts(true);
        break;
      case 'ledger':
        if (message.generation !== this.generation) return;
        this.ledger = message.points;
        this.ledgerError = message.error;
        this.scheduleCharts(true);
        break;
      case 'rows':
        if (message.generation !== this.generation) return;
        this.appendRows(message.start, message.rows);
        break;
      case 'progress':
        if (message.generation !== this.generation) return;
        this.phase = message.phase;
        this.total = message.total;
        this.loadError = message.error;
        this.retryable = message.retryable;
        this.renderStatus();
        if (message.phase !== 'loading') {
          this.restoreScroll(true);
          this.warmSearch();
        }
        break;
      case 'applyView':
        this.applyView(message.change);
        this.reply(message.requestId);
        break;
      case 'queryState':
        this.reply(message.requestId);
        break;
      case 'press':
        // Exactly what a click does: only a button that is on screen can be pressed.
        this.statusEl.querySelector<HTMLButtonElement>(`button[data-action="${message.action}"]`)?.click();
        this.reply(message.requestId);
        break;
      case 'notice':
        this.noticeEl.textContent = message.text;
        break;
    }
  }

  private reset(generation: number, contractId: number, commitId: number): void {
    const sameCommit = this.state.contractId === contractId && this.state.commitId === commitId;
    if (!sameCommit) {
      this.state = defaultState(contractId, commitId);
      this.applyStateToControls();
      this.pendingScroll = undefined;
    } else if (this.generation !== -1 && generation !== this.generation) {
      // A reload of the same commit starts at the top.
      this.pendingScroll = undefined;
    }
    this.generation = generation;
    this.searchTextReady = 0;
    this.store.clear();
    this.view.rebuild();
    this.grid.clearSelection();
    this.loaded = { rows: 0, revenue: 0, events: 0 };
    this.header = null;
    this.headerError = null;
    this.ledger = [];
    this.ledgerError = null;
    this.phase = 'loading';
    this.total = null;
    this.loadError = null;
    this.columnsVersion = -1;
    this.save();
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
    this.store.append(fresh);
    for (const r of fresh) {
      this.loaded.rows++;
      this.loaded.revenue += r.revenue ?? 0;
      this.loaded.events += r.events ?? 0;
    }
    this.view.update();
    this.syncColumns(false);
    this.grid.invalidate();
    this.renderHeader();
    this.renderStatus();
    this.renderSelection();
    this.scheduleCharts(false);
    this.restoreScroll(false);
    this.warmSearchWhileLoading();
  }

  private themeSeen(): TableSnapshot['theme'] {
    const kind = ['vscode-high-contrast-light', 'vscode-high-contrast', 'vscode-dark', 'vscode-light'].find((c) => document.body.classList.contains(c)) ?? '';
    // The table is transparent: its background is the first one painted behind it.
    let background = 'rgba(0, 0, 0, 0)';
    for (let el: HTMLElement | null = this.grid.root; el && background === 'rgba(0, 0, 0, 0)'; el = el.parentElement) {
      background = getComputedStyle(el).backgroundColor;
    }
    return { kind, background, foreground: getComputedStyle(this.grid.root).color };
  }

  private reply(requestId: number): void {
    this.grid.renderNow();
    this.vscode.postMessage({ type: 'state', requestId, snapshot: this.snapshot() });
  }

  snapshot(): TableSnapshot {
    let foreign = this.root.querySelectorAll(FOREIGN).length;
    for (const el of this.root.querySelectorAll('*')) {
      for (const a of el.getAttributeNames()) if (a.startsWith('on')) foreign++;
    }
    return {
      generation: this.generation,
      rowsLoaded: this.store.size,
      rowsMatching: this.view.order.length,
      domRows: this.grid.domRowCount,
      sort: this.state.sort,
      filter: this.state.filter,
      hideAdjustments: this.state.hideAdjustments,
      groupByMonth: this.state.groupByMonth,
      visibleColumns: this.grid.visibleColumns.map((c) => c.id),
      scrollTop: Math.round(this.grid.root.scrollTop),
      firstRow: this.grid.firstRowText(),
      phase: this.phase,
      total: this.total,
      error: this.loadError,
      foreignElements: foreign,
      cspViolations: this.cspViolations,
      pageErrors: this.pageErrors,
      shownRevenue: this.view.totals.revenue,
      selected: this.grid.selection.size,
      theme: this.themeSeen(),
    };
  }

  // ---- view changes ---------------------------------------------------------------------------

  private applyView(change: ViewChange): void {
    if (change.sort !== undefined) this.state.sort = change.sort;
    if (change.filter !== undefined) this.state.filter = change.filter;
    if (change.columnFilters !== undefined) this.state.columnFilters = change.columnFilters.filter(([, t]) => t.trim() !== '');
    if (change.hideAdjustments !== undefined) this.state.hideAdjustments = change.hideAdjustments;
    if (change.groupByMonth !== undefined) this.state.groupByMonth = change.groupByMonth;
    if (change.hiddenColumns !== undefined) this.state.hiddenColumns = change.hiddenColumns;
    this.applyStateToControls();
    this.syncColumns(true);
    this.refilter();
    if (change.scrollTop !== undefined) {
      this.grid.scrollTo(change.scrollTop);
      this.state.scrollTop = this.grid.root.scrollTop;
      this.save();
    }
  }

  private cycleSort(columnId: string): void {
    const current = this.state.sort;
    if (current?.column !== columnId) this.state.sort = { column: columnId, direction: 'asc' };
    else if (current.direction === 'asc') this.state.sort = { column: columnId, direction: 'desc' };
    else this.state.sort = null;
    this.syncColumns(true);
    this.refilter();
  }

  private setColumnFilter(id: string, text: string): void {
    const rest = this.state.columnFilters.filter(([c]) => c !== id);
    this.state.columnFilters = text.trim() === '' ? rest : [...rest, [id, text]];
  }

  /** Filters, sort or grouping changed: rebuild the view, keep the top of the table in sight. */
  private refilter(): void {
    this.applyStateToControls();
    this.view.rebuild();
    this.grid.invalidate();
    if (this.grid.root.scrollTop > 0 && this.view.display.length * this.grid.rowHeight < this.grid.root.scrollTop) this.grid.scrollTo(0);
    this.renderStatus();
    this.renderSelection();
    this.scheduleCharts(true);
    this.save();
  }

  /** Recomputes the visible columns when columns appeared or were hidden. */
  private syncColumns(force: boolean): void {
    if (!force && this.columnsVersion === this.store.columnsVersion) return;
    this.columnsVersion = this.store.columnsVersion;
    const hidden = new Set(this.state.hiddenColumns);
    const visible: Column[] = this.store.columns.filter((c) => !hidden.has(c.id));
    this.grid.setColumns(visible, new Map(this.state.widths), this.state.sort, new Map(this.state.columnFilters));
  }

  // ---- rendering ------------------------------------------------------------------------------

  private renderAll(): void {
    this.syncColumns(true);
    this.renderHeader();
    this.renderStatus();
    this.renderSelection();
    this.scheduleCharts(true);
    this.grid.invalidate();
  }

  private renderHeader(): void {
    renderCommitHeader(this.headerEl, this.header, this.headerError, this.loaded);
  }

  private renderStatus(): void {
    const loaded = this.store.size;
    const total = this.total;
    const parts: (Element | string)[] = [];
    const of = total !== null && total > loaded ? ` of ${formatCount(total)}` : '';
    const bar = h('div', { class: 'progress', attrs: { role: 'progressbar', 'aria-valuemin': '0', 'aria-valuemax': String(total ?? 0), 'aria-valuenow': String(loaded) } });
    const fill = h('div', { class: 'progress-fill' });
    fill.style.width = total ? `${Math.min(100, (loaded / total) * 100)}%` : '0%';
    bar.append(fill);
    const shown = this.view.order.length;
    const shownText = shown !== loaded ? ` · ${formatCount(shown)} shown` : '';
    switch (this.phase) {
      case 'idle':
      case 'loading': {
        const cancel = button('Cancel', { secondary: true, attrs: { 'data-action': 'cancel' } });
        cancel.addEventListener('click', () => this.vscode.postMessage({ type: 'cancel' }));
        parts.push(bar, h('span', { class: 'spinner', attrs: { 'aria-hidden': 'true' } }), h('span', { text: `${formatCount(loaded)}${of} loaded${shownText}` }), cancel);
        break;
      }
      case 'done':
        parts.push(h('span', { text: `${formatCount(loaded)} ${loaded === 1 ? 'event' : 'events'} loaded${shownText}` }));
        break;
      case 'cancelled': {
        const resume = button('Resume', { secondary: true, attrs: { 'data-action': 'resume' } });
        resume.addEventListener('click', () => this.vscode.postMessage({ type: 'retry' }));
        parts.push(bar, h('span', { text: `Stopped: ${formatCount(loaded)}${of} loaded${shownText}` }), resume);
        break;
      }
      case 'error': {
        const retry = button('Retry', { attrs: { 'data-action': 'retry' } });
        retry.addEventListener('click', () => this.vscode.postMessage({ type: 'retry' }));
        parts.push(
          h('span', { class: 'error-icon', attrs: { 'aria-hidden': 'true' }, text: '!' }),
          h('span', { class: 'error-text', text: `${this.loadError ?? 'Loading failed'} — ${formatCount(loaded)}${of} loaded so far are kept.` }),
        );
        if (this.retryable) parts.push(retry);
        break;
      }
    }
    this.statusEl.className = `status-line phase-${this.phase}`;
    this.statusEl.replaceChildren(...parts, this.noticeEl);
    this.root.setAttribute('aria-busy', String(this.phase === 'loading'));
    this.grid.setEmptyText(
      this.phase === 'loading' && loaded === 0 ? 'Loading usage events…' : loaded === 0 ? (this.phase === 'done' ? 'This commit has no usage events.' : '') : 'No rows match the filters.',
    );
  }

  private renderSelection(): void {
    const n = this.grid.selection.size;
    this.selectionInfo.textContent = n > 0 ? `${formatCount(n)} selected` : '';
    for (const b of this.copyButtons) b.disabled = n === 0;
  }

  private scheduleCharts(now: boolean): void {
    if (!this.state.chartsOpen) return;
    const wait = now ? 0 : Math.max(0, CHART_INTERVAL_MS - (performance.now() - this.chartsDrawnAt));
    if (this.chartsTimer) {
      if (!now) return;
      clearTimeout(this.chartsTimer);
    }
    this.chartsTimer = window.setTimeout(() => {
      this.chartsTimer = 0;
      this.drawCharts();
    }, wait);
  }

  private drawCharts(): void {
    this.chartsDrawnAt = performance.now();
    const width = (el: HTMLElement) => Math.max(240, Math.floor(el.clientWidth || 360));
    this.revenueChartEl.replaceChildren(revenueChart(this.view.months, width(this.revenueChartEl), this.header?.currency ?? null));
    this.burnChartEl.replaceChildren(
      this.ledgerError ? h('div', { class: 'chart-empty error-text', text: `Ledger unavailable: ${this.ledgerError}` }) : burnDownChart(this.header, this.ledger, width(this.burnChartEl)),
    );
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

  /** Rows whose search text is built (rows are immutable once loaded, so it only moves forward). */
  private searchTextReady = 0;
  private searchWarming = false;

  private searchTextSlice(): boolean {
    const end = Math.min(this.store.size, this.searchTextReady + 2000);
    for (; this.searchTextReady < end; this.searchTextReady++) this.store.searchText(this.searchTextReady);
    return this.searchTextReady >= this.store.size;
  }

  /** While rows stream in, idle moments build their search text, so the first filter does not wait for it. */
  private warmSearchWhileLoading(): void {
    if (this.searchWarming) return;
    this.searchWarming = true;
    const generation = this.generation;
    const step = (deadline: IdleDeadline) => {
      if (generation !== this.generation) {
        this.searchWarming = false;
        return;
      }
      let done = false;
      while (!done && deadline.timeRemaining() > 4) done = this.searchTextSlice();
      if (done) this.searchWarming = false;
      else requestIdleCallback(step);
    };
    requestIdleCallback(step);
  }

  /**
   * Once everything is loaded, idle time prepares what the first filter and the first sort of each
   * column would otherwise compute on the click: the search text, then each column's sort keys and
   * ranks. Work comes in small slices; a new load stops it.
   */
  private warmSearch(): void {
    const generation = this.generation;
    const store = this.store;
    const tasks: (() => boolean)[] = [];
    tasks.push(() => this.searchTextSlice());
    for (let c = 0; c < store.columns.length; c++) {
      let steps: Generator | undefined;
      tasks.push(() => {
        steps ??= store.rankSteps(c, 4000);
        return steps.next().done === true;
      });
    }
    const step = (deadline: IdleDeadline) => {
      if (generation !== this.generation) return;
      while (tasks.length > 0 && deadline.timeRemaining() > 4) {
        const task = tasks[0] as () => boolean;
        if (task()) tasks.shift();
      }
      if (tasks.length > 0) requestIdleCallback(step);
      // Marks the end of the preparation (the benchmark waits for it to measure warm sorts).
      else this.root.dataset.prepared = 'true';
    };
    delete this.root.dataset.prepared;
    requestIdleCallback(step);
  }

  private copy(format: CopyFormat): void {
    const rows = this.grid.selectedRows();
    if (rows.length === 0) return;
    const text = formatRows(this.store, this.grid.visibleColumns, rows, format);
    this.vscode.postMessage({ type: 'copy', format, rows: rows.length, text });
  }

  /**
   * Saves the view for when the webview is re-created. At once: a hidden webview is destroyed
   * without warning, so a sort or filter saved a moment later could be lost.
   */
  private save(): void {
    if (this.saveTimer) window.clearTimeout(this.saveTimer);
    this.saveTimer = 0;
    this.vscode.setState(this.state);
  }

  /** Scrolling fires every frame; its offset is saved once it pauses. */
  private saveSoon(): void {
    if (this.saveTimer) return;
    this.saveTimer = window.setTimeout(() => this.save(), 100);
  }
}
