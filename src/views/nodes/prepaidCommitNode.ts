// A prepaid commit: name, remaining of total with % used, status and expiration. Clicking it
// opens its usage events.
import * as vscode from 'vscode';
import type { PrepaidCommit } from '../../api/schemas/prepaidCommit';
import { escapeMarkdown, formatDate, formatDateTime, formatMoneyOf, formatPercent, percentUsed } from '../../ui/format';
import { commitStatusIcon, isKnownCommitStatus, statusLabel } from './statusIcons';
import type { ItemNode, ListFolderNode } from './listFolderNode';
import type { prepaidCommits } from '../../resources';

export class PrepaidCommitNode implements ItemNode<PrepaidCommit> {
  readonly id: string;
  readonly contractId: number;
  readonly commitId: number;

  constructor(
    readonly parent: ListFolderNode<typeof prepaidCommits>,
    public item: PrepaidCommit,
  ) {
    this.contractId = parent.contractId;
    this.commitId = item.id;
    this.id = `${parent.id}/${item.id}`;
  }

  getTreeItem(): vscode.TreeItem {
    const c = this.item;
    const item = new vscode.TreeItem(c.name || `Prepaid commit #${c.id}`, vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    const known = isKnownCommitStatus(c.status);
    const used = percentUsed(c.total_value, c.remaining_value);
    const parts = [`${formatMoneyOf(c.remaining_value, c.total_value, c.currency, true)} left`];
    if (used !== undefined) parts.push(`${formatPercent(used)} used`);
    // "expired Mar 13, 2026" already says Expired; other statuses (and unknown ones) are named.
    const expired = c.status === 'EXPIRED' && !!c.expiration_date;
    if (c.status !== 'ACTIVE' && !expired) parts.push(statusLabel(c.status, known));
    if (c.expiration_date) parts.push(`${expired ? 'expired' : 'expires'} ${formatDate(c.expiration_date)}`);
    item.description = parts.join(' · ');
    item.iconPath = commitStatusIcon(c.status);
    item.contextValue = this.parent.resource.contextValue.item;
    item.tooltip = commitTooltip(c);
    item.command = {
      command: 'campfire.openUsageEvents',
      title: 'Open Usage Events',
      arguments: [{ contractId: this.contractId, commitId: this.commitId }],
    };
    item.accessibilityInformation = { label: `${item.label as string}, ${statusLabel(c.status, known)}, ${item.description}` };
    return item;
  }

  getChildren(): [] {
    return [];
  }
}

export function commitTooltip(c: PrepaidCommit): vscode.MarkdownString {
  const md = new vscode.MarkdownString(undefined, true);
  const known = isKnownCommitStatus(c.status);
  const row = (label: string, value: string | null | undefined) => {
    if (value !== undefined && value !== null && value !== '') md.appendMarkdown(`| ${label} | ${escapeMarkdown(value)} |\n`);
  };
  md.appendMarkdown(`$(${commitStatusIcon(c.status).id}) **${escapeMarkdown(c.name)}** — ${escapeMarkdown(statusLabel(c.status, known))}\n\n`);
  md.appendMarkdown('| | |\n|---|---|\n');
  row('Remaining', formatMoneyOf(c.remaining_value, c.total_value, c.currency));
  row('Used', formatPercent(percentUsed(c.total_value, c.remaining_value), 1));
  row('Product', c.product_name);
  row('Starts', formatDate(c.start_date));
  row('Expires', c.expiration_date ? formatDate(c.expiration_date) : 'never');
  if (c.rate != null) row('Rate', String(c.rate));
  if (c.discount_percentage) row('Discount', `${c.discount_percentage}%`);
  row('Invoiced', c.is_invoiced ? (c.invoice != null ? `yes (invoice ${c.invoice})` : 'yes') : 'no');
  row('Entity', c.entity_name);
  row('Department', c.department_name);
  row('Commit id', String(c.id));
  row('Contract id', String(c.contract));
  row('Created', c.created_at ? formatDateTime(c.created_at) : undefined);
  row('Last modified', c.last_modified_at ? formatDateTime(c.last_modified_at) : undefined);
  if (c.description) md.appendMarkdown(`\n${escapeMarkdown(c.description)}\n`);
  md.appendMarkdown('\n_Click to open its usage events._');
  return md;
}
