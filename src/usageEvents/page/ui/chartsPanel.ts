// The charts above the table: revenue per period month of the rows shown, and the commit's
// remaining value from its ledger. While rows stream in they are redrawn at most every 400 ms; a
// change to what they show (filters, the commit, the ledger, their size) redraws them at once.
// Closed, they are not drawn at all.
import * as l10n from '@vscode/l10n';
import type { CommitHeader, LedgerPoint } from '../../protocol/usageEventsMessages';
import type { MonthRevenue } from '../model/tableView';
import { CHART_HEIGHT, CHART_MIN_HEIGHT, burnDownChart, revenueChart } from './charts';
import { h } from './dom';

const CHART_INTERVAL_MS = 400;

/** What the charts draw, read when they are drawn. */
export interface ChartData {
  months: MonthRevenue[];
  header: CommitHeader | null;
  ledger: LedgerPoint[];
  ledgerError: string | null;
}

export class ChartsPanel {
  readonly root = h('section', { class: 'charts', attrs: { 'aria-label': l10n.t('Charts') } });
  private readonly revenueChartEl = h('div', { class: 'chart-body' });
  private readonly burnChartEl = h('div', { class: 'chart-body' });
  private open = true;
  private timer = 0;
  private drawnAt = 0;
  private height = CHART_HEIGHT;

  /** `spare`: the pixels the table below has beyond its least height (negative when it has less). */
  constructor(
    private readonly data: () => ChartData,
    private readonly spare: () => number,
  ) {
    this.root.append(
      h('figure', { class: 'chart' }, [
        h('figcaption', {}, [
          h('span', { class: 'chart-title', text: l10n.t('Revenue per period month') }),
          h('span', { class: 'legend' }, [h('span', { class: 'swatch regular' }), h('span', { text: l10n.t('Usage') }), h('span', { class: 'swatch adjustment' }), h('span', { text: l10n.t('Adjustments') })]),
        ]),
        this.revenueChartEl,
      ]),
      h('figure', { class: 'chart' }, [
        h('figcaption', {}, [
          h('span', { class: 'chart-title', text: l10n.t('Remaining value') }),
          h('span', { class: 'legend' }, [h('span', { class: 'swatch remaining' }), h('span', { text: l10n.t('From the consumption ledger') })]),
        ]),
        this.burnChartEl,
      ]),
    );
  }

  setOpen(open: boolean): void {
    this.open = open;
    this.root.hidden = !open;
  }

  /** Redraws when the charts' size changes (the panel resized, or the charts opened). */
  watchSize(): void {
    new ResizeObserver(() => this.schedule(true)).observe(this.root);
    // A taller window gives a shortened chart its height back (the charts' own size has not changed).
    window.addEventListener('resize', () => this.schedule(true));
  }

  /** Asks for a redraw: `now`, or within the interval (a redraw already waiting covers it). */
  schedule(now: boolean): void {
    if (!this.open) return;
    const wait = now ? 0 : Math.max(0, CHART_INTERVAL_MS - (performance.now() - this.drawnAt));
    if (this.timer) {
      if (!now) return;
      clearTimeout(this.timer);
    }
    this.timer = window.setTimeout(() => {
      this.timer = 0;
      this.draw();
    }, wait);
  }

  private draw(): void {
    this.drawnAt = performance.now();
    const { months, header, ledger, ledgerError } = this.data();
    const width = (el: HTMLElement) => Math.max(240, Math.floor(el.clientWidth || 360));
    // In a short panel the charts are drawn shorter, so the table keeps its least height and the
    // charts their axes (rather than being cut at their foot).
    const cut = this.root.scrollHeight - this.root.clientHeight;
    this.height = Math.round(Math.min(CHART_HEIGHT, Math.max(CHART_MIN_HEIGHT, this.height + this.spare() - cut)));
    this.root.style.setProperty('--chart-height', `${this.height}px`);
    this.revenueChartEl.replaceChildren(revenueChart(months, width(this.revenueChartEl), header?.currency ?? null, this.height));
    this.burnChartEl.replaceChildren(
      ledgerError ? h('div', { class: 'chart-empty error-text', text: l10n.t('Ledger unavailable: {0}', ledgerError) }) : burnDownChart(header, ledger, width(this.burnChartEl), this.height),
    );
  }
}
