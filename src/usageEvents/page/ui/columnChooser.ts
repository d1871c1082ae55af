// The "Columns" menu: a checkable item per column (the event's fields, then the data keys found so
// far), then "Show all". A menu as WAI-ARIA describes it: items are menuitemcheckbox with
// aria-checked; Up/Down (and Home/End) move through them, Space or Enter ticks, Escape or Tab
// closes and returns the focus to the Columns button.
import * as l10n from '@vscode/l10n';
import { dataColumnName } from '../../../shared/dataColumn';
import type { Column } from '../model/columns';
import { button, h } from './dom';

export class ColumnChooser {
  readonly trigger: HTMLButtonElement;
  private readonly panel: HTMLElement;
  readonly root: HTMLElement;

  constructor(
    private readonly columns: () => readonly Column[],
    private readonly isHidden: (id: string) => boolean,
    private readonly setHidden: (ids: string[], hidden: boolean) => void,
  ) {
    this.trigger = button(l10n.t('Columns'), { secondary: true, attrs: { 'aria-haspopup': 'menu', 'aria-expanded': 'false' } });
    this.panel = h('div', { class: 'popover', attrs: { role: 'menu', 'aria-label': l10n.t('Columns') } });
    this.panel.hidden = true;
    this.root = h('div', { class: 'popover-anchor' }, [this.trigger, this.panel]);
    this.trigger.addEventListener('click', () => (this.panel.hidden ? this.open() : this.close()));
    this.trigger.addEventListener('keydown', (e) => {
      if ((e.key === 'ArrowDown' || e.key === 'ArrowUp') && this.panel.hidden) {
        e.preventDefault();
        this.open(e.key === 'ArrowUp' ? 'last' : 'first');
      }
    });
    document.addEventListener('mousedown', (e) => {
      if (!this.panel.hidden && !this.root.contains(e.target as Node)) this.close();
    });
    this.panel.addEventListener('keydown', (e) => this.onKey(e));
  }

  private items(): HTMLElement[] {
    return [...this.panel.querySelectorAll<HTMLElement>('[role="menuitemcheckbox"], [role="menuitem"]')];
  }

  private open(focus: 'first' | 'last' = 'first'): void {
    this.render();
    this.panel.hidden = false;
    this.trigger.setAttribute('aria-expanded', 'true');
    const items = this.items();
    this.focusItem(focus === 'first' ? 0 : items.length - 1);
  }

  close(): void {
    this.panel.hidden = true;
    this.trigger.setAttribute('aria-expanded', 'false');
  }

  /** Roving focus: the item at `index` is the one in the tab order, and has the focus. */
  private focusItem(index: number): void {
    const items = this.items();
    const target = items[Math.max(0, Math.min(items.length - 1, index))];
    for (const item of items) item.tabIndex = item === target ? 0 : -1;
    target?.focus();
  }

  private onKey(e: KeyboardEvent): void {
    const items = this.items();
    const current = items.indexOf(document.activeElement as HTMLElement);
    switch (e.key) {
      case 'ArrowDown':
        this.focusItem(current + 1 >= items.length ? 0 : current + 1);
        break;
      case 'ArrowUp':
        this.focusItem(current <= 0 ? items.length - 1 : current - 1);
        break;
      case 'Home':
        this.focusItem(0);
        break;
      case 'End':
        this.focusItem(items.length - 1);
        break;
      case ' ':
      case 'Enter':
        (document.activeElement as HTMLElement | null)?.click();
        break;
      case 'Escape':
        this.close();
        this.trigger.focus();
        break;
      case 'Tab':
        this.close();
        this.trigger.focus();
        break;
      default:
        return;
    }
    e.preventDefault();
    e.stopPropagation();
  }

  private render(): void {
    const columns = this.columns();
    const items = columns.map((c) => {
      const shown = !this.isHidden(c.id);
      const item = h(
        'div',
        {
          class: `menu-item${c.dataKey !== undefined ? ' data-column' : ''}`,
          attrs: { role: 'menuitemcheckbox', 'aria-checked': String(shown), tabindex: '-1' },
        },
        // The tick is drawn by the style sheet from aria-checked, in a box that shows in every theme.
        [h('span', { class: 'menu-check', attrs: { 'aria-hidden': 'true' } }), h('span', { class: 'menu-label', text: c.dataKey !== undefined ? dataColumnName(c.dataKey) : c.label })],
      );
      item.addEventListener('click', () => {
        const nowShown = item.getAttribute('aria-checked') !== 'true';
        item.setAttribute('aria-checked', String(nowShown));
        this.setHidden([c.id], !nowShown);
      });
      return item;
    });
    const all = h('div', { class: 'menu-item menu-action', attrs: { role: 'menuitem', tabindex: '-1' }, text: l10n.t('Show all') });
    all.addEventListener('click', () => {
      this.setHidden(
        columns.map((c) => c.id),
        false,
      );
      const index = this.items().indexOf(all);
      this.render();
      this.focusItem(index);
    });
    this.panel.replaceChildren(h('div', { class: 'menu-list', attrs: { role: 'none' } }, items), h('div', { class: 'menu-actions', attrs: { role: 'separator' } }), all);
  }
}
