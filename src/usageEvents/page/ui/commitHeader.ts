// The header above the table: what the commit is, how much of it is left, and what has loaded.
import * as l10n from '@vscode/l10n';
import type { CommitHeader } from '../../protocol/usageEventsMessages';
import { formatMoney } from '../model/columns';
import { formatCount } from '../../../shared/countFormat';
import { h } from './dom';

export interface LoadedTotals {
  rows: number;
  /** Exact decimal text (src/shared/exactDecimal.ts). */
  revenue: string;
  events: number;
}

function metric(label: string, value: string, extra?: Element, cls = '', title?: string): HTMLElement {
  return h('div', { class: `metric ${cls}`.trim(), title }, [h('dt', { text: label }), h('dd', { text: value }, [extra])]);
}

function money(n: number | string, currency: string | null): string {
  return currency ? `${formatMoney(n)} ${currency}` : formatMoney(n);
}

/** Where the commit's header is while it is not shown: on its way, failed, or not asked for (a cancelled or waiting load). */
export type HeaderProgress = 'loading' | 'failed' | 'stopped';

/**
 * `error` is the reason the header shows (null when it is told elsewhere, in the status line);
 * `progress` says, while there is no header, whether it is loading, failed or was never asked
 * for; `commitId` names the commit then.
 */
export function renderCommitHeader(target: HTMLElement, header: CommitHeader | null, error: string | null, totals: LoadedTotals, progress: HeaderProgress = error !== null ? 'failed' : 'loading', commitId?: number): void {
  if (!header) {
    target.replaceChildren(
      h('div', { class: 'title-line' }, [h('h1', { text: missingHeaderTitle(progress, commitId) })]),
      h('p', { class: 'header-error', text: error ?? '' }),
      h('dl', { class: 'metrics' }, loadedMetrics(totals, null)),
    );
    return;
  }
  const consumed = header.totalValue > 0 ? (header.totalValue - header.remainingValue) / header.totalValue : 0;
  const pct = Math.round(consumed * 1000) / 10;
  const meter = h('div', {
    class: `meter${consumed >= 1 ? ' over' : consumed >= 0.8 ? ' high' : ''}`,
    attrs: { role: 'meter', 'aria-valuemin': '0', 'aria-valuemax': '100', 'aria-valuenow': String(pct), 'aria-label': l10n.t('Consumed') },
  });
  const fill = h('div', { class: 'meter-fill' });
  fill.style.width = `${Math.min(100, Math.max(0, pct))}%`;
  meter.append(fill);
  const subtitle = [header.contractName, header.clientName, header.productName].filter((x): x is string => Boolean(x));
  target.replaceChildren(
    h('div', { class: 'title-line' }, [
      // Cut to the panel's width, the name is whole in the tooltip.
      h('h1', { text: header.commitName, title: header.commitName }),
      header.status ? h('span', { class: `badge status-${header.status.toLowerCase().replace(/[^a-z]+/g, '-')}`, text: header.status }) : null,
    ]),
    h('div', { class: 'subtitle' }, subtitle.flatMap((part, i) => (i === 0 ? [h('span', { text: part })] : [h('span', { class: 'sep', text: '·' }), h('span', { text: part })]))),
    h('dl', { class: 'metrics' }, [
      metric(l10n.t('Total value'), money(header.totalValue, header.currency)),
      metric(l10n.t('Remaining'), money(header.remainingValue, header.currency)),
      metric(l10n.t('Consumed'), l10n.t('{0}%', pct.toLocaleString()), meter, 'consumed'),
      metric(l10n.t('Start'), header.startDate),
      metric(l10n.t('Expires'), header.expirationDate ?? '—'),
      ...loadedMetrics(totals, header.currency),
    ]),
  );
}

/** The title while the commit is not known: "Loading prepaid commit…", "Prepaid commit 123 — failed to load", "Prepaid commit 123". */
function missingHeaderTitle(progress: HeaderProgress, commitId: number | undefined): string {
  if (progress === 'loading') return l10n.t('Loading prepaid commit…');
  if (commitId === undefined) return progress === 'failed' ? l10n.t('Prepaid commit could not be loaded') : l10n.t('Prepaid commit');
  return progress === 'failed' ? l10n.t('Prepaid commit {0} — failed to load', commitId) : l10n.t('Prepaid commit {0}', commitId);
}

/** What has loaded: rows are rows (as in the status line), the Events figure is the sum of the Events column. */
function loadedMetrics(totals: LoadedTotals, currency: string | null): HTMLElement[] {
  return [
    metric(l10n.t('Loaded rows'), formatCount(totals.rows), undefined, 'loaded'),
    metric(l10n.t('Loaded revenue'), money(totals.revenue, currency), undefined, 'loaded'),
    metric(l10n.t('Events'), formatCount(totals.events), undefined, 'loaded', l10n.t('The sum of the Events column of the loaded rows')),
  ];
}
