// The display-language words for modules that also run without VS Code (they keep their English).
// Looked up when called, never at module load, when the translations may not be loaded yet.
import * as vscode from 'vscode';
import type { Contract } from '../api/schemas/contract';
import { comparableValue, describeFilter as describeFilterIn, type ContractFilter, type ContractSort, type ContractSortKey } from '../model/contractQuery';
import type { AnyResource } from '../resources';
import { formatCount } from '../shared/countFormat';
import { formatDateRange as formatDateRangeIn, formatMoney, formatMoneyBySymbol, formatMoneyOf as formatMoneyOfIn, formatRate, statusLabel as statusLabelIn } from './format';

/** A resource's name as a heading: "Prepaid commits". */
export function resourceHeading(r: Pick<AnyResource, 'label'>): string {
  return r.label.many.replace(/^./, (c) => c.toLocaleUpperCase());
}

/** The contract's name wherever the tree or a picker shows it: the deal name, else "Contract #id". */
export function contractLabel(c: Pick<Contract, 'id' | 'deal_name'>): string {
  const name = c.deal_name?.trim();
  return name ? name : vscode.l10n.t('Contract #{0}', c.id);
}

/** format.ts's statusLabel, a missing status said in the display language. */
export function statusLabel(status: string | null | undefined, known: boolean): string {
  return statusLabelIn(status, known, vscode.l10n.t({ message: 'no status', comment: ['Shown where a contract or commit has no status'] }));
}

/** format.ts's formatMoneyOf in the display language: "$15K of $50K USD". */
export function formatMoneyOf(part: number, whole: number, currency: string | null | undefined, compact = false): string {
  return formatMoneyOfIn(part, whole, currency, compact, (a, b) =>
    vscode.l10n.t({ message: '{0} of {1}', args: [a, b], comment: ['Two amounts of money: {0} remaining of {1} in total, e.g. "$15K of $50K USD"'] }),
  );
}

/** format.ts's formatDateRange in the display language: "Mar 1, 2025 → Feb 28, 2026", "from Mar 1, 2025 (evergreen)". */
export function formatDateRange(start: string | null | undefined, end: string | null | undefined, evergreen = false): string {
  return formatDateRangeIn(start, end, evergreen, {
    between: (a, b) => vscode.l10n.t({ message: '{0} → {1}', args: [a, b], comment: ['A contract term from date {0} to date {1}'] }),
    from: (a) => vscode.l10n.t({ message: 'from {0}', args: [a], comment: ['A contract term that starts on date {0} and has no end date'] }),
    fromEvergreen: (a) => vscode.l10n.t({ message: 'from {0} (evergreen)', args: [a], comment: ['An evergreen contract term (renews until cancelled) starting on date {0}'] }),
    until: (b) => vscode.l10n.t({ message: 'until {0}', args: [b], comment: ['A contract term that ends on date {0}, start unknown'] }),
    evergreen: vscode.l10n.t({ message: 'evergreen', comment: ['A contract term that renews until cancelled'] }),
  });
}

/** The contract query's filter described in the display language: "“acme” · ACTIVE, PENDING". */
export function describeFilter(filter: ContractFilter): string {
  return describeFilterIn(filter, {
    quoted: (text) => vscode.l10n.t({ message: '“{0}”', args: [text], comment: ['The text the contracts are filtered by, in quotation marks'] }),
    noStatus: vscode.l10n.t({ message: '(no status)', comment: ['A status filter that keeps contracts without a status'] }),
  });
}

/** What contracts can be sorted by: "Start date". */
export function sortLabel(by: ContractSortKey): string {
  switch (by) {
    case 'name':
      return vscode.l10n.t({ message: 'Name', comment: ['Sort contracts by their name'] });
    case 'startDate':
      return vscode.l10n.t({ message: 'Start date', comment: ['Sort contracts by their start date'] });
    case 'value':
      return vscode.l10n.t({ message: 'Total contract value', comment: ['Sort contracts by their total value'] });
    case 'lastModified':
      return vscode.l10n.t({ message: 'Last modified', comment: ['Sort contracts by when they were last modified'] });
  }
}

/** What contracts are sorted by, in the middle of a sentence: "start date". */
function sortKeyInSentence(by: ContractSortKey): string {
  switch (by) {
    case 'name':
      return vscode.l10n.t({ message: 'name', comment: ['What contracts are sorted by, in a sentence: "Sorted by name, A→Z"'] });
    case 'startDate':
      return vscode.l10n.t({ message: 'start date', comment: ['What contracts are sorted by, in a sentence: "Sorted by start date, descending"'] });
    case 'value':
      return vscode.l10n.t({ message: 'total contract value', comment: ['What contracts are sorted by, in a sentence: "Sorted by total contract value, descending"'] });
    case 'lastModified':
      return vscode.l10n.t({ message: 'last modified', comment: ['What contracts are sorted by, in a sentence: "Sorted by last modified, descending"'] });
  }
}

/** The sort in a sentence: "total contract value, descending", "name, A→Z". */
export function describeSort(sort: ContractSort): string {
  const key = sortKeyInSentence(sort.by);
  if (sort.by === 'name') {
    return sort.descending
      ? vscode.l10n.t({ message: '{0}, Z→A', args: [key], comment: ['{0} is what contracts are sorted by, e.g. "name, Z→A"'] })
      : vscode.l10n.t({ message: '{0}, A→Z', args: [key], comment: ['{0} is what contracts are sorted by, e.g. "name, A→Z"'] });
  }
  return sort.descending
    ? vscode.l10n.t({ message: '{0}, descending', args: [key], comment: ['{0} is what contracts are sorted by, e.g. "start date, descending"'] })
    : vscode.l10n.t({ message: '{0}, ascending', args: [key], comment: ['{0} is what contracts are sorted by, e.g. "start date, ascending"'] });
}

/** A contract's value with what it is compared as: "¥352,900,000 JPY ≈ $2.4M USD at 0.0067". */
export function contractValueText(c: Contract, compact = false): string | undefined {
  const v = comparableValue(c);
  if (!v) return undefined;
  const own = formatMoney(v.amount, v.currency, compact);
  if (v.rate !== undefined) {
    return vscode.l10n.t({
      message: '{0} ≈ {1} at {2}',
      args: [own, formatMoney(v.compared, v.inCurrency, true), formatRate(v.rate)],
      comment: ['A contract value {0} converted to its entity’s currency {1} at the exchange rate {2}: "¥352.9M JPY ≈ $2.4M USD at 0.0067"'],
    });
  }
  if (v.missingRate) {
    const entity = (c.entity_currency ?? '').trim().toUpperCase() || 'USD';
    return vscode.l10n.t({
      message: '{0} (no exchange rate to {1})',
      args: [own, entity],
      comment: ['A contract value {0} in another currency than its entity’s {1}, without an exchange rate to compare it'],
    });
  }
  return own;
}

/** A contract's value as the tree's description and the pickers write it: "$43.4K USD". */
export function contractValueShort(c: Pick<Contract, 'total_contract_value' | 'currency'>): string | undefined {
  return c.total_contract_value != null ? formatMoney(c.total_contract_value, c.currency, true) : undefined;
}

/** A contract's value in its tree row: "$43.4K"; sorted by value, with what it is compared as: "¥352.9M ≈ $2.4M". */
export function contractValueInRow(c: Contract, sortedByValue: boolean): string | undefined {
  const v = comparableValue(c);
  if (!v) return undefined;
  const own = formatMoneyBySymbol(v.amount, v.currency, true);
  if (!sortedByValue || v.rate === undefined) return own;
  return vscode.l10n.t({ message: '{0} ≈ {1}', args: [own, formatMoneyBySymbol(v.compared, v.inCurrency, true)], comment: ['A contract value {0} and what it is worth in its entity’s currency {1}: "¥352.9M ≈ $2.4M"'] });
}

/** A currency group's header when contracts are sorted by value: "USD · 92 contracts". */
export function currencyGroupLabel(currency: string | undefined, count: number): string {
  const name = currency ?? vscode.l10n.t({ message: 'No value', comment: ['The group of contracts without a total value, after a sort by value'] });
  return count === 1
    ? vscode.l10n.t({ message: '{0} · 1 contract', args: [name], comment: ['A currency group after a sort by value: {0} is the currency code'] })
    : vscode.l10n.t({ message: '{0} · {1} contracts', args: [name, formatCount(count)], comment: ['A currency group after a sort by value: {0} is the currency code, {1} how many contracts'] });
}

/** What remains of a prepaid commit, as the tree and the pickers write it: "$15K of $50K USD left". */
export function commitRemaining(p: { remaining_value: number; total_value: number; currency?: string | null }): string {
  return vscode.l10n.t({ message: '{0} left', args: [formatMoneyOf(p.remaining_value, p.total_value, p.currency, true)], comment: ['What remains of a prepaid commit: "$15K of $50K USD left"'] });
}
