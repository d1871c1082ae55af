// The toolbar between the charts and the table: the filter box, the Adjustments and Group by month
// toggles, the Columns menu, the Charts toggle, the status line, how many rows are selected and
// the Copy buttons. It reports what the user does; the view decides what follows.
import * as l10n from '@vscode/l10n';
import type { CopyFormat } from '../../protocol/usageEventsMessages';
import { formatCount } from '../../../shared/countFormat';
import { button, h } from './dom';

/** The filter box applies what was typed once typing pauses this long. */
const FILTER_DELAY_MS = 120;

export interface ToolbarEvents {
  filter(text: string): void;
  showAdjustments(show: boolean): void;
  groupByMonth(on: boolean): void;
  toggleCharts(): void;
  copy(format: CopyFormat): void;
}

/** What the toolbar's controls show. */
export interface ToolbarControls {
  filter: string;
  hideAdjustments: boolean;
  groupByMonth: boolean;
  chartsOpen: boolean;
}

export class Toolbar {
  readonly root: HTMLElement;
  private readonly filterInput = h('input', {
    class: 'filter-all',
    attrs: { type: 'search', placeholder: l10n.t('Filter all columns'), spellcheck: 'false', 'aria-label': l10n.t('Filter all columns') },
  });
  private readonly adjustmentsToggle = h('input', { attrs: { type: 'checkbox', id: 'show-adjustments' } });
  private readonly groupToggle = h('input', { attrs: { type: 'checkbox', id: 'group-by-month' } });
  private readonly chartsToggle = button(l10n.t('Charts'), { secondary: true, attrs: { 'aria-pressed': 'true' } });
  private readonly selectionInfo = h('span', { class: 'selection-info' });
  private readonly copyButtons: HTMLButtonElement[] = [];

  /** `columns` is the Columns menu, `status` the status line: both go in the toolbar's row. */
  constructor(parts: { columns: HTMLElement; status: HTMLElement }, events: ToolbarEvents) {
    const showAdjustments = h('label', { class: 'toggle', attrs: { for: 'show-adjustments' } }, [this.adjustmentsToggle, h('span', { text: l10n.t('Adjustments') })]);
    const groupByMonth = h('label', { class: 'toggle', attrs: { for: 'group-by-month' } }, [this.groupToggle, h('span', { text: l10n.t('Group by month') })]);
    const copyGroup = h('div', { class: 'button-group', attrs: { role: 'group', 'aria-label': l10n.t('Copy selected rows') } }, [h('span', { class: 'group-label', text: l10n.t('Copy') })]);
    for (const format of ['csv', 'tsv', 'json'] as const) {
      const b = button(format.toUpperCase(), { secondary: true, title: l10n.t('Copy the selected rows as {0}', format.toUpperCase()) });
      b.addEventListener('click', () => events.copy(format));
      this.copyButtons.push(b);
      copyGroup.append(b);
    }
    let timer = 0;
    this.filterInput.addEventListener('input', () => {
      clearTimeout(timer);
      timer = window.setTimeout(() => events.filter(this.filterInput.value), FILTER_DELAY_MS);
    });
    this.adjustmentsToggle.addEventListener('change', () => events.showAdjustments(this.adjustmentsToggle.checked));
    this.groupToggle.addEventListener('change', () => events.groupByMonth(this.groupToggle.checked));
    this.chartsToggle.addEventListener('click', () => events.toggleCharts());
    this.root = h('div', { class: 'toolbar', attrs: { role: 'toolbar', 'aria-label': l10n.t('Table') } }, [
      this.filterInput,
      showAdjustments,
      groupByMonth,
      parts.columns,
      this.chartsToggle,
      h('span', { class: 'spacer' }),
      parts.status,
      this.selectionInfo,
      copyGroup,
    ]);
  }

  show(controls: ToolbarControls): void {
    this.filterInput.value = controls.filter;
    this.adjustmentsToggle.checked = !controls.hideAdjustments;
    this.groupToggle.checked = controls.groupByMonth;
    this.chartsToggle.setAttribute('aria-pressed', String(controls.chartsOpen));
  }

  /** How many rows are selected; Copy is there only for a selection. */
  showSelection(count: number): void {
    this.selectionInfo.textContent = count > 0 ? l10n.t('{0} selected', formatCount(count)) : '';
    for (const b of this.copyButtons) b.disabled = count === 0;
  }

  focusFilter(): void {
    this.filterInput.focus();
  }
}
