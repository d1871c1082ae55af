// The grid's Total row, under the rows: how many rows are shown and the sums of the columns that
// have one. A column whose total is cut is made wide enough for it.
import * as l10n from '@vscode/l10n';
import type { UsageEventField } from '../../protocol/usageEventRow';
import { formatCount } from '../../../shared/countFormat';
import { formatMoney, isNumericKind } from '../model/columns';
import type { TableView } from '../model/tableView';
import { h } from '../ui/dom';
import { isCut, type ColumnLayout } from './columnLayout';

/** The columns under which group rows and the Total row show their sums. */
export const REVENUE: UsageEventField = 'total_revenue_dollars';
export const EVENTS: UsageEventField = 'total_events';
const ADJUSTMENT: UsageEventField = 'is_adjustment';

export class GridTotals {
  readonly el: HTMLElement;
  private version = -1;
  /**
   * Per column, the width it had and the longest total found to fit in it. Totals are figures in
   * tabular digits, so a total no longer than one that fitted fits too: while rows stream in, the
   * Total row is redrawn every few frames, and measuring it each time forced a layout per frame.
   */
  private readonly checked = new Map<string, { width: number; chars: number }>();

  constructor(
    private readonly view: TableView,
    private readonly layout: ColumnLayout,
  ) {
    this.el = h('div', { class: 'grid-row grid-foot', attrs: { role: 'row', 'data-vscode-context': JSON.stringify({ webviewSection: 'usageEventTotals' }) } });
  }

  /** Draws the totals of the view, unless they are drawn for this `version` of it already. */
  draw(version: number): void {
    if (this.version === version) return;
    this.version = version;
    const totals = this.view.totals;
    const cells = this.layout.columns.map((c, i) => {
      let text = '';
      if (i === 0) text = l10n.t('Total · {0} shown', formatCount(totals.rows));
      else if (c.id === REVENUE) text = formatMoney(totals.revenue);
      else if (c.id === EVENTS) text = formatCount(totals.events);
      else if (c.id === ADJUSTMENT && totals.adjustments > 0) text = l10n.t('{0} adj.', formatCount(totals.adjustments));
      return h('div', { class: `grid-cell${isNumericKind(c.kind) && c.kind !== 'flag' ? ' numeric' : ''}`, attrs: { role: 'gridcell' }, text });
    });
    this.el.replaceChildren(...cells);
    this.spanLabel(cells);
    this.fit();
  }

  /**
   * The first cell's "Total · n shown" takes the room of the empty cells beside it, and no more:
   * cut short of the next total (the whole text in its tooltip), never drawn over it.
   */
  private spanLabel(cells: HTMLElement[]): void {
    const [label] = cells;
    if (!label) return;
    let span = 1;
    while (span < cells.length && cells[span]?.textContent === '') span++;
    for (let i = 1; i < span; i++) cells[i]?.classList.add('spanned');
    label.style.gridColumn = `1 / span ${span}`;
    label.title = label.textContent;
  }

  /** The total of the column at this visible position, when it has one. */
  totalAt(col: number): Element | undefined {
    const total = this.el.children[col];
    return total && total.textContent !== '' && col > 0 ? total : undefined;
  }

  /** Gives the columns whose total is cut the room it needs. */
  private fit(): void {
    let changed = false;
    const columns = this.layout.columns;
    for (let i = 1; i < columns.length; i++) {
      const c = columns[i];
      const cell = this.el.children.item(i);
      if (!c || !cell) continue;
      const chars = cell.textContent.length;
      const width = this.layout.drawnWidth(c);
      const checked = this.checked.get(c.id);
      if (chars === 0 || (checked && checked.width === width && chars <= checked.chars)) continue;
      if (!isCut(cell)) {
        this.checked.set(c.id, { width, chars });
        continue;
      }
      if (this.layout.roomForTotal(c, cell)) changed = true;
    }
    if (changed) this.layout.apply();
  }
}
