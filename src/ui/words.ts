// The words the VS Code side shows that come from modules which also run without VS Code: the
// model's contract query and format.ts. Those keep their English (the Node tests, the CLI and the
// webview read it); the views and commands show these instead, in VS Code's display language
// through vscode.l10n. Messages are looked up when called, never at module load (the extension's
// translations may not be loaded yet then).
import * as vscode from 'vscode';
import type { Contract } from '../api/schemas/contract';
import { describeFilter as describeFilterIn, type ContractFilter, type ContractSort, type ContractSortKey } from '../model/contractQuery';
import type { AnyResource } from '../resources';
import { formatDateRange as formatDateRangeIn, formatMoneyOf as formatMoneyOfIn, statusLabel as statusLabelIn } from './format';

/**
 * A resource's name as a heading: "Prepaid commits" (a folder of the tree). The descriptor's
 * label is the resource's name in the user's language (src/resources); this only capitalizes it.
 */
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
