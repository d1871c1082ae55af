// The "Columns" menu: a checkbox per column (the event's fields, then the data keys found so far).
import { dataColumnName } from '../../shared/dataColumn';
import type { Column } from '../model/columns';
import { t } from '../strings';
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
    this.trigger = button(t('Columns'), { secondary: true, attrs: { 'aria-haspopup': 'true', 'aria-expanded': 'false' } });
    this.panel = h('div', { class: 'popover', attrs: { role: 'menu' } });
    this.panel.hidden = true;
    this.root = h('div', { class: 'popover-anchor' }, [this.trigger, this.panel]);
    this.trigger.addEventListener('click', () => (this.panel.hidden ? this.open() : this.close()));
    document.addEventListener('mousedown', (e) => {
      if (!this.panel.hidden && !this.root.contains(e.target as Node)) this.close();
    });
    this.panel.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') {
        this.close();
        this.trigger.focus();
      }
    });
  }

  private open(): void {
    this.render();
    this.panel.hidden = false;
    this.trigger.setAttribute('aria-expanded', 'true');
    this.panel.querySelector('input')?.focus();
  }

  close(): void {
    this.panel.hidden = true;
    this.trigger.setAttribute('aria-expanded', 'false');
  }

  private render(): void {
    const columns = this.columns();
    const items = columns.map((c) => {
      const box = h('input', { attrs: { type: 'checkbox' } });
      box.checked = !this.isHidden(c.id);
      box.addEventListener('change', () => this.setHidden([c.id], !box.checked));
      return h('label', { class: `menu-item${c.dataKey !== undefined ? ' data-column' : ''}`, attrs: { role: 'menuitemcheckbox' } }, [
        box,
        h('span', { text: c.dataKey !== undefined ? dataColumnName(c.dataKey) : c.label }),
      ]);
    });
    const all = button(t('Show all'), { secondary: true });
    all.addEventListener('click', () => {
      this.setHidden(columns.map((c) => c.id), false);
      this.render();
    });
    this.panel.replaceChildren(h('div', { class: 'menu-list' }, items), h('div', { class: 'menu-actions' }, [all]));
  }
}
