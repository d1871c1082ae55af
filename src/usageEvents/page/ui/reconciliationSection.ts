// The Reconciliation section: one line per check (✓ agrees, ✗ differs by …, ? cannot be checked
// and why), the lines that differ, and the months of the Periods check. Every difference that has
// events behind it is a button: activating it filters the grid to those events with the column
// filters, where the user sees the filter and clears it. The panel works the checks out
// (src/usageEvents/host/reconciliationView.ts); this only draws them, as text.
import * as l10n from '@vscode/l10n';
import type { ReconciliationCheckView, ReconciliationDrill, ReconciliationLineView, ReconciliationMonthView, ReconciliationVerdict, ReconciliationView } from '../../protocol/usageEventsMessages';
import { formatCount } from '../../../shared/countFormat';
import { h } from './dom';

const LOCALE: string | undefined = navigator.language || undefined;

/** An exact amount in the page's locale, to the currency's smallest unit and beyond when it has more digits. */
function formatAmount(amount: string, digits: number, sign = false): string {
  const frac = amount.split('.')[1]?.length ?? 0;
  const format = new Intl.NumberFormat(LOCALE, { minimumFractionDigits: digits, maximumFractionDigits: Math.max(digits, frac), signDisplay: sign ? 'exceptZero' : 'auto' });
  return format.format(amount as `${number}`);
}

/** The whole commit's verdict, on the title line (all a short panel shows of the section). */
function verdictWords(view: Extract<ReconciliationView, { state: 'checked' }>): string {
  const differing = view.checks.filter((c) => c.verdict === 'differs').length;
  if (view.verdict === 'agrees') return l10n.t('✓ every check agrees');
  if (view.verdict === 'cannotCheck') return l10n.t('? not every check could be made');
  return differing === 1 ? l10n.t('✗ 1 check differs') : l10n.t('✗ {0} checks differ', differing);
}

const MARK: Record<ReconciliationVerdict, string> = { agrees: '✓', differs: '✗', cannotCheck: '?', undocumented: '~' };

export class ReconciliationSection {
  /** Focusable: in a short panel it scrolls, and the keyboard must be able to scroll it (it may hold no button). */
  readonly root = h('section', { class: 'reconciliation', attrs: { 'aria-labelledby': 'reconciliation-title', tabindex: '0' } });

  constructor(private readonly drill: (filters: ReconciliationDrill, what: string) => void) {
    this.render(undefined);
  }

  render(view: ReconciliationView | undefined): void {
    const title = h('h2', { class: 'reconciliation-title', text: l10n.t('Reconciliation'), attrs: { id: 'reconciliation-title' } });
    if (!view || view.state === 'pending') {
      const reason = view?.reason ?? l10n.t('Cannot check yet: the usage events are still loading.');
      this.root.replaceChildren(h('div', { class: 'reconciliation-head' }, [title]), h('p', { class: 'check cannotCheck' }, [h('span', { class: 'mark', text: '?', attrs: { 'aria-hidden': 'true' } }), h('span', { text: reason })]));
      return;
    }
    const money = (a: string | null, sign = false) => (a === null ? '—' : `${formatAmount(a, view.digits, sign)} ${view.currency}`);
    const checkedAt = new Date(view.checkedAt).toLocaleTimeString(LOCALE, { hour: '2-digit', minute: '2-digit' });
    const parts: HTMLElement[] = [
      h('div', { class: 'reconciliation-head' }, [title, h('span', { class: `reconciliation-verdict ${view.verdict}`, text: verdictWords(view) }), h('span', { class: 'reconciliation-when', text: l10n.t('checked {0}, every loaded event', checkedAt) })]),
      h(
        'ul',
        { class: 'checks', attrs: { 'aria-label': l10n.t('Checks') } },
        view.checks.map((c) => this.checkItem(c, money)),
      ),
    ];
    if (view.months.length > 0) parts.push(this.monthsTable(view.months, money));
    this.root.replaceChildren(...parts);
  }

  private checkItem(c: ReconciliationCheckView, money: (a: string | null, sign?: boolean) => string): HTMLElement {
    let text: string;
    if (c.verdict === 'agrees') text = l10n.t('{0}: agrees', c.title);
    else if (c.verdict === 'cannotCheck') text = l10n.t('{0}: cannot be checked: {1}', c.title, c.reason ?? '');
    else {
      const only = c.lineCount === 1 ? c.lines[0] : undefined;
      text = only?.difference ? l10n.t('{0}: differs by {1}', c.title, money(only.difference, true)) : l10n.t('{0}: differs in {1} places', c.title, formatCount(c.lineCount));
    }
    const lines = c.verdict === 'agrees' ? [] : c.lines;
    return h('li', { class: `check ${c.verdict}` }, [
      h('span', { class: 'mark', text: MARK[c.verdict], attrs: { 'aria-hidden': 'true' } }),
      h('span', { class: 'check-text', text }),
      lines.length > 0
        ? h('ul', { class: 'check-lines' }, [
            ...lines.map((l) => this.lineItem(l, money)),
            c.lineCount > lines.length ? h('li', { class: 'more', text: l10n.t('…and {0} more (the report lists them all)', formatCount(c.lineCount - lines.length)) }) : null,
          ])
        : null,
    ]);
  }

  private lineItem(l: ReconciliationLineView, money: (a: string | null, sign?: boolean) => string): HTMLElement {
    const amount = l.difference === null ? '' : money(l.difference, true);
    const words = amount ? l10n.t('{0}: {1}', l.text, amount) : l.text;
    const body: (Node | string)[] = [h('span', { class: 'mark', text: MARK[l.verdict], attrs: { 'aria-hidden': 'true' } })];
    if (l.drill) body.push(this.drillButton(words, l.drill));
    else body.push(h('span', { text: words }));
    return h('li', { class: `line ${l.verdict}` }, body);
  }

  private drillButton(text: string, filters: ReconciliationDrill): HTMLButtonElement {
    const b = h('button', { class: 'drill', text, attrs: { type: 'button', title: l10n.t('Show the events behind this difference in the table') } });
    b.addEventListener('click', () => this.drill(filters, text));
    return b;
  }

  private monthsTable(months: ReconciliationMonthView[], money: (a: string | null, sign?: boolean) => string): HTMLElement {
    const head = [l10n.t('Month'), l10n.t('Events'), l10n.t('Events revenue'), l10n.t('Ledger gross'), l10n.t('Ledger net'), l10n.t('Difference')];
    return h('table', { class: 'reconciliation-months' }, [
      h('caption', { text: l10n.t('Per month: events against the ledger') }),
      h('thead', {}, [h('tr', {}, head.map((t) => h('th', { text: t, attrs: { scope: 'col' } })))]),
      h(
        'tbody',
        {},
        months.map((m) => {
          const label = m.fromMonth === m.toMonth ? m.fromMonth.slice(0, 7) : l10n.t('{0} – {1}', m.fromMonth.slice(0, 7), m.toMonth.slice(0, 7));
          let diff: HTMLElement;
          if (m.open) diff = h('span', { class: 'open', text: l10n.t('open (not rolled up yet)') });
          else if (m.verdict === 'differs') diff = this.drillButton(`✗ ${money(m.difference, true)}`, m.drill);
          else diff = h('span', { text: `${MARK[m.verdict]} ${m.difference === null ? '—' : money(m.difference, true)}` });
          return h('tr', { class: m.open ? 'open' : m.verdict }, [
            h('th', { text: label, attrs: { scope: 'row' } }),
            h('td', { class: 'num', text: formatCount(m.rows) }),
            h('td', { class: 'num', text: money(m.eventsRevenue) }),
            h('td', { class: 'num', text: money(m.ledgerGross) }),
            h('td', { class: 'num', text: money(m.ledgerNet) }),
            h('td', { class: 'num' }, [diff]),
          ]);
        }),
      ),
    ]);
  }
}
