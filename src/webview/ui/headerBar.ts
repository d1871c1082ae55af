// The bar at the top of the panel: the commit's header (what it is, how much of it is left, what
// has loaded) and the panel's actions, Export… and Reload.
import type { CommitHeader } from '../../shared/usageEventsMessages';
import { renderCommitHeader, type LoadedTotals } from './commitHeader';
import { t } from '../strings';
import { button, h } from './dom';

export interface HeaderActions {
  export(): void;
  reload(): void;
}

export class HeaderBar {
  readonly root: HTMLElement;
  private readonly header = h('header', { class: 'commit-header' });

  constructor(actions: HeaderActions) {
    const exportButton = button(t('Export…'), { title: t('Export all usage events of this commit') });
    exportButton.addEventListener('click', () => actions.export());
    const reloadButton = button(t('Reload'), { secondary: true, title: t('Fetch the commit and its events again') });
    reloadButton.addEventListener('click', () => actions.reload());
    this.root = h('div', { class: 'header-bar' }, [this.header, h('div', { class: 'header-actions' }, [exportButton, reloadButton])]);
  }

  render(header: CommitHeader | null, error: string | null, loaded: LoadedTotals): void {
    renderCommitHeader(this.header, header, error, loaded);
  }
}
