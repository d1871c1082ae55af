// The status bar's summary of the cells selected in a usage-events panel (count, and for numbers
// their sum and average), shown while the panel is the active editor and has a selection.
import * as vscode from 'vscode';
import { formatCount } from '../../shared/countFormat';
import { Disposable } from '../../shared/disposable';
import type { SelectionSummary } from '../protocol/usageEventsMessages';

export const SELECTION_STATUS_ITEM_ID = 'campfire.usageEventsSelection';

/** Every digit of an exact decimal sum, grouped as the display language groups them. */
function formatExact(decimal: string): string {
  try {
    return new Intl.NumberFormat(vscode.env.language, { maximumFractionDigits: 20 }).format(decimal as `${number}`);
  } catch {
    return decimal;
  }
}

/** What the item says: "Count: 12  Sum: 1,234.5  Average: 102.875" (the words in the display language). */
export function selectionSummaryText(summary: SelectionSummary): { text: string; spoken: string } {
  const count = vscode.l10n.t({ message: 'Count: {0}', args: [formatCount(summary.cells)], comment: ['The number of cells selected in the usage-events table, in the status bar'] });
  if (summary.sum === null || summary.average === null) return { text: count, spoken: count };
  const sum = vscode.l10n.t({ message: 'Sum: {0}', args: [formatExact(summary.sum)], comment: ['The sum of the numbers among the selected cells, in the status bar'] });
  const average = vscode.l10n.t({ message: 'Average: {0}', args: [formatCount(summary.average)], comment: ['The average of the numbers among the selected cells, in the status bar'] });
  return { text: `${count}  ${sum}  ${average}`, spoken: `${count}, ${sum}, ${average}` };
}

/** One item for the window's panels: it shows the active panel's summary, if that panel has a selection. */
export class SelectionStatus extends Disposable {
  readonly item: vscode.StatusBarItem;
  private readonly summaries = new Map<object, SelectionSummary>();
  private active: object | undefined;
  /** Whether the item is on the status bar now. */
  shown = false;

  constructor() {
    super();
    this.item = this.register(vscode.window.createStatusBarItem(SELECTION_STATUS_ITEM_ID, vscode.StatusBarAlignment.Right, 100));
    this.item.name = vscode.l10n.t('Campfire Selection Summary');
  }

  /** The selection in `panel` changed (null: nothing is selected). */
  set(panel: object, summary: SelectionSummary | null): void {
    if (summary) this.summaries.set(panel, summary);
    else this.summaries.delete(panel);
    this.update();
  }

  /** `panel` became, or stopped being, the active editor. */
  setActive(panel: object, active: boolean): void {
    if (active) this.active = panel;
    else if (this.active === panel) this.active = undefined;
    this.update();
  }

  /** `panel` closed. */
  forget(panel: object): void {
    this.summaries.delete(panel);
    this.setActive(panel, false);
  }

  private update(): void {
    const summary = this.active && this.summaries.get(this.active);
    if (summary) {
      const { text, spoken } = selectionSummaryText(summary);
      this.item.text = text;
      this.item.tooltip = vscode.l10n.t({ message: 'Selected cells: {0}', args: [spoken], comment: ['Tooltip of the status bar summary of the cells selected in the usage-events table'] });
      this.item.accessibilityInformation = { label: this.item.tooltip, role: 'status' };
    }
    if (Boolean(summary) === this.shown) return;
    this.shown = Boolean(summary);
    if (this.shown) this.item.show();
    else this.item.hide();
  }
}
