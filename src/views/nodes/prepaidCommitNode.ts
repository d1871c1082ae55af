// A prepaid commit: name, remaining of total with % used, status and expiration. Clicking it
// opens its usage events.
import * as vscode from 'vscode';
import type { PrepaidCommit } from '../../api/schemas/prepaidCommit';
import { escapeMarkdown, formatDate, formatDateTime, formatPercent, percentUsed } from '../../ui/format';
import { commitRemaining, formatMoneyOf } from '../../ui/words';
import { commitStatusIcon, isKnownCommitStatus, statusLabel } from './statusIcons';
import type { ItemNode, ListFolder } from './treeNode';
import type { ReconciledCommit } from '../../model/reconciledCommits';
import { reconciledLine } from '../../ui/reconciledWords';
import type { prepaidCommits } from '../../resources';

export class PrepaidCommitNode implements ItemNode<PrepaidCommit> {
  readonly id: string;
  readonly contractId: number;
  readonly commitId: number;

  constructor(
    readonly parent: ListFolder<typeof prepaidCommits>,
    public item: PrepaidCommit,
  ) {
    this.contractId = parent.contractId;
    this.commitId = item.id;
    this.id = `${parent.id}/${item.id}`;
  }

  /** `reconciled`: what the window knows of the commit's reconciliation, if it ran one. */
  getTreeItem(reconciled?: ReconciledCommit): vscode.TreeItem {
    const c = this.item;
    const item = new vscode.TreeItem(c.name || vscode.l10n.t('Prepaid commit #{0}', c.id), vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    const known = isKnownCommitStatus(c.status);
    const used = percentUsed(c.total_value, c.remaining_value);
    const parts = [commitRemaining(c)];
    if (used !== undefined) parts.push(vscode.l10n.t({ message: '{0} used', args: [formatPercent(used)], comment: ['The share of a prepaid commit used so far: "70% used"'] }));
    // "expired Mar 13, 2026" already says Expired; other statuses (and unknown ones) are named.
    const expired = c.status === 'EXPIRED' && !!c.expiration_date;
    if (c.status !== 'ACTIVE' && !expired) parts.push(statusLabel(c.status, known));
    if (c.expiration_date) parts.push(expired ? vscode.l10n.t('expired {0}', formatDate(c.expiration_date)) : vscode.l10n.t('expires {0}', formatDate(c.expiration_date)));
    if (reconciled?.verdict === 'differs') parts.unshift(vscode.l10n.t({ message: '✗ does not reconcile', comment: ['A prepaid commit whose usage events, ledger and balance do not add up'] }));
    item.description = parts.join(' · ');
    item.iconPath = commitStatusIcon(c.status);
    item.contextValue = this.parent.resource.contextValue.item;
    item.tooltip = commitTooltip(c, reconciled);
    item.command = {
      command: 'campfire.openUsageEvents',
      title: vscode.l10n.t('Open Usage Events'),
      arguments: [{ contractId: this.contractId, commitId: this.commitId }],
    };
    item.accessibilityInformation = { label: `${item.label as string}, ${statusLabel(c.status, known)}, ${item.description}` };
    return item;
  }

  getChildren(): [] {
    return [];
  }
}

export function commitTooltip(c: PrepaidCommit, reconciled?: ReconciledCommit): vscode.MarkdownString {
  const md = new vscode.MarkdownString(undefined, true);
  const known = isKnownCommitStatus(c.status);
  const row = (label: string, value: string | null | undefined) => {
    if (value !== undefined && value !== null && value !== '') md.appendMarkdown(`| ${label} | ${escapeMarkdown(value)} |\n`);
  };
  md.appendMarkdown(`$(${commitStatusIcon(c.status).id}) **${escapeMarkdown(c.name)}** — ${escapeMarkdown(statusLabel(c.status, known))}\n\n`);
  md.appendMarkdown('| | |\n|---|---|\n');
  row(vscode.l10n.t('Remaining'), formatMoneyOf(c.remaining_value, c.total_value, c.currency));
  row(vscode.l10n.t('Used'), formatPercent(percentUsed(c.total_value, c.remaining_value), 1));
  row(vscode.l10n.t('Product'), c.product_name);
  row(vscode.l10n.t('Starts'), formatDate(c.start_date));
  row(vscode.l10n.t('Expires'), c.expiration_date ? formatDate(c.expiration_date) : vscode.l10n.t({ message: 'never', comment: ['A prepaid commit that does not expire'] }));
  if (c.rate != null) row(vscode.l10n.t('Rate'), String(c.rate));
  if (c.discount_percentage) row(vscode.l10n.t('Discount'), `${c.discount_percentage}%`);
  row(
    vscode.l10n.t('Invoiced'),
    c.is_invoiced
      ? c.invoice != null
        ? vscode.l10n.t({ message: 'yes (invoice {0})', args: [c.invoice], comment: ['The prepaid commit was invoiced; {0} is the invoice id'] })
        : vscode.l10n.t({ message: 'yes', comment: ['The prepaid commit was invoiced'] })
      : vscode.l10n.t({ message: 'no', comment: ['The prepaid commit was not invoiced'] }),
  );
  row(vscode.l10n.t('Entity'), c.entity_name);
  row(vscode.l10n.t('Department'), c.department_name);
  row(vscode.l10n.t('Commit id'), String(c.id));
  row(vscode.l10n.t('Contract id'), String(c.contract));
  row(vscode.l10n.t('Created'), c.created_at ? formatDateTime(c.created_at) : undefined);
  row(vscode.l10n.t('Last modified'), c.last_modified_at ? formatDateTime(c.last_modified_at) : undefined);
  if (c.description) md.appendMarkdown(`\n${escapeMarkdown(c.description)}\n`);
  if (reconciled) md.appendMarkdown(`\n${escapeMarkdown(reconciledLine(reconciled))}\n`);
  md.appendMarkdown(`\n_${vscode.l10n.t('Click to open its usage events.')}_`);
  return md;
}
