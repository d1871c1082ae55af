// The bar at the top of the panel: the button that folds the summary (the commit's figures and the
// charts) away, the commit's header (what it is, how much of it is left, what has loaded), a
// "Sample data" badge when the panel shows the built-in sample data rather than an account's, and
// the panel's actions: Export View…, Export All… and Reload.
import * as l10n from '@vscode/l10n';
import { SAMPLE_PANEL_OWNER, type CommitHeader, type PanelOwner } from '../../protocol/usageEventsMessages';
import { renderCommitHeader, type HeaderProgress, type LoadedTotals } from './commitHeader';
import { button, h } from './dom';

export interface HeaderActions {
  /** The rows and columns shown, from the rows loaded. */
  exportView(): void;
  /** Every event of the commit, read from Campfire again. */
  exportAll(): void;
  reload(): void;
  toggleSummary(): void;
}

/**
 * A button with a glyph beside its label: in a narrow panel only the glyph shows (the label is its
 * accessible name, and the tooltip says it in full).
 */
function compactButton(label: string, glyph: string, props: { title: string; secondary?: boolean }): HTMLButtonElement {
  const b = button(label, { ...props, class: 'compact', attrs: { 'aria-label': label } });
  b.replaceChildren(h('span', { class: 'button-glyph', attrs: { 'aria-hidden': 'true' }, text: glyph }), h('span', { class: 'button-label', text: label }));
  return b;
}

export class HeaderBar {
  readonly root: HTMLElement;
  private readonly header = h('header', { class: 'commit-header' });
  private readonly summaryToggle = h('button', { class: 'summary-toggle', attrs: { type: 'button', 'aria-expanded': 'true', 'aria-label': l10n.t('Summary') } });
  private readonly sampleBadge = h('span', {
    class: 'badge sample-badge',
    text: l10n.t('Sample data'),
    title: l10n.t('This panel shows the built-in sample data, not an account’s. Leave Sample Data to see your own.'),
  });

  constructor(actions: HeaderActions) {
    const exportView = compactButton(l10n.t('Export View…'), '⤓', { title: l10n.t('Export the rows and columns shown (filters, sort, hidden columns) from the rows loaded, without asking Campfire') });
    exportView.addEventListener('click', () => actions.exportView());
    const exportAll = compactButton(l10n.t('Export All…'), '⇊', { secondary: true, title: l10n.t('Export all usage events of this commit') });
    exportAll.addEventListener('click', () => actions.exportAll());
    const exportGroup = h('div', { class: 'button-group', attrs: { role: 'group', 'aria-label': l10n.t('Export') } }, [exportView, exportAll]);
    const reloadButton = compactButton(l10n.t('Reload'), '↻', { secondary: true, title: l10n.t('Fetch the commit and its usage events again') });
    reloadButton.addEventListener('click', () => actions.reload());
    this.summaryToggle.addEventListener('click', () => actions.toggleSummary());
    this.sampleBadge.hidden = true;
    this.root = h('div', { class: 'header-bar' }, [this.summaryToggle, this.header, h('div', { class: 'header-actions' }, [this.sampleBadge, exportGroup, reloadButton])]);
  }

  /**
   * `error` is why the commit's header could not be loaded; `errorShownElsewhere` when the status
   * line already says it (the same failure is told once, where its button is). `progress` and
   * `commitId` title a panel that has no header (yet).
   */
  render(header: CommitHeader | null, error: string | null, loaded: LoadedTotals, errorShownElsewhere: boolean, progress: HeaderProgress, commitId: number | undefined): void {
    renderCommitHeader(this.header, header, errorShownElsewhere ? null : error, loaded, progress, commitId);
  }

  /** Whether the summary (the figures and the charts) is shown; the toggle says which way it goes. */
  setSummaryOpen(open: boolean): void {
    this.summaryToggle.setAttribute('aria-expanded', String(open));
    this.summaryToggle.title = open ? l10n.t('Hide the figures and charts') : l10n.t('Show the figures and charts');
  }

  /** Whose data the panel shows (the badge is there for the built-in sample data). */
  setOwner(owner: PanelOwner | undefined): void {
    this.sampleBadge.hidden = owner !== SAMPLE_PANEL_OWNER;
  }
}
