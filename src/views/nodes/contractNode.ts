// A contract: deal name, client, status icon, value and term. Expanding it fetches its prepaid
// commits and tier price overrides together (two requests in parallel) so both folders show counts.
import * as vscode from 'vscode';
import type { Contract } from '../../api/schemas/contract';
import { escapeMarkdown, formatDate, formatDateTime, formatMoney } from '../../ui/format';
import { contractLabel, contractValueInRow, contractValueShort, contractValueText, formatDateRange } from '../../ui/words';
import { CONTRACT_CHILDREN, contracts } from '../../resources';
import { ListFolderNode, listFolderId } from './listFolderNode';
import { contractStatusIcon, isKnownContractStatus, statusLabel } from './statusIcons';
import type { TreeContext, TreeNode } from './treeNode';

export function contractNodeId(contractId: number): string {
  return `contract/${contractId}`;
}

/** "Mar 2025 – Feb 2026": the term in the description, where space is short. */
function shortTerm(c: Contract): string {
  const month = (d: string | null | undefined) => (d ? formatDate(d).replace(/ \d+,/, '') : undefined);
  const start = month(c.contract_start_date);
  const end = month(c.contract_end_date ?? c.working_end_date);
  if (start && c.is_evergreen && !c.contract_end_date) return vscode.l10n.t({ message: '{0} – evergreen', args: [start], comment: ['A short contract term: starts in month {0}, renews until cancelled'] });
  if (start && end) return vscode.l10n.t({ message: '{0} – {1}', args: [start, end], comment: ['A short contract term: from month {0} to month {1}'] });
  if (start) return vscode.l10n.t({ message: 'from {0}', args: [start], comment: ['A contract term that starts on date {0} and has no end date'] });
  return end ? vscode.l10n.t({ message: 'until {0}', args: [end], comment: ['A contract term that ends on date {0}, start unknown'] }) : '';
}

export class ContractNode implements TreeNode {
  readonly id: string;
  readonly parent = undefined;
  readonly contractId: number;

  constructor(
    private readonly ctx: TreeContext,
    public contract: Contract,
  ) {
    this.contractId = contract.id;
    this.id = contractNodeId(contract.id);
  }

  getTreeItem(): vscode.TreeItem {
    const c = this.contract;
    const label = contractLabel(c);
    const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = this.id;
    const known = isKnownContractStatus(c.status);
    // Deal names often start with the client ("Acme — Renewal 2025"): the client is not said twice.
    const client = label.toLocaleLowerCase().includes(c.client_name.trim().toLocaleLowerCase()) ? '' : c.client_name;
    const parts = [client];
    if (!known) parts.push(statusLabel(c.status, false));
    const value = contractValueInRow(c, this.ctx.model.sort?.by === 'value');
    if (value) parts.push(value);
    const term = shortTerm(c);
    if (term) parts.push(term);
    item.description = parts.filter(Boolean).join(' · ');
    item.iconPath = contractStatusIcon(c.status);
    item.contextValue = contracts.contextValue.item;
    item.tooltip = contractTooltip(c);
    // Read as: name, status, value with its currency code (a symbol read aloud may not say which dollar), client, term.
    item.accessibilityInformation = { label: [label, statusLabel(c.status, known), contractValueShort(c), client, term].filter(Boolean).join(', '), role: 'treeitem' };
    return item;
  }

  async getChildren(): Promise<TreeNode[]> {
    const model = this.ctx.model;
    const loading = model.loadChildren(this.contractId);
    const busy = CONTRACT_CHILDREN.some((r) => model.children(r, this.contractId).isBusy);
    await (busy ? this.ctx.track(loading) : loading);
    return CONTRACT_CHILDREN.map((r) => this.ctx.node(listFolderId(this.contractId, r), () => new ListFolderNode(this.ctx, this, r)));
  }
}

export function contractTooltip(c: Contract): vscode.MarkdownString {
  const md = new vscode.MarkdownString(undefined, true);
  const known = isKnownContractStatus(c.status);
  const row = (label: string, value: string | null | undefined) => {
    if (value !== undefined && value !== null && value !== '') md.appendMarkdown(`| ${label} | ${escapeMarkdown(value)} |\n`);
  };
  md.appendMarkdown(`$(${contractStatusIcon(c.status).id}) **${escapeMarkdown(contractLabel(c))}** — ${escapeMarkdown(statusLabel(c.status, known))}\n\n`);
  md.appendMarkdown('| | |\n|---|---|\n');
  row(vscode.l10n.t('Client'), c.client_name);
  row(vscode.l10n.t('Entity'), c.entity_name);
  row(vscode.l10n.t('Total contract value'), contractValueText(c));
  // Campfire's totals are in the contract's own currency, as its value is (the API reference does
  // not say otherwise, and the sample data is built that way); only the sort converts.
  row(vscode.l10n.t('Revenue recognized'), formatMoney(c.total_revenue, c.currency ?? c.entity_currency));
  row(vscode.l10n.t('Deferred revenue'), formatMoney(c.total_deferred_revenue, c.currency ?? c.entity_currency));
  row(vscode.l10n.t({ message: 'MRR', comment: ['Monthly recurring revenue'] }), formatMoney(c.total_mrr, c.currency ?? c.entity_currency));
  row(vscode.l10n.t('Term'), formatDateRange(c.contract_start_date, c.contract_end_date ?? c.working_end_date, c.is_evergreen === true));
  row(vscode.l10n.t('Billing'), c.billing_frequency ? c.billing_frequency.replace('_', ' ') : undefined);
  row(vscode.l10n.t({ message: 'Closed', comment: ['The date a contract’s deal was closed'] }), c.closed_date ? formatDate(c.closed_date) : undefined);
  row(vscode.l10n.t('Source'), c.source ?? undefined);
  row(vscode.l10n.t('Deal id'), c.deal_id);
  row(vscode.l10n.t({ message: 'PO number', comment: ['Purchase order number'] }), c.purchase_order_number);
  row(vscode.l10n.t('Department'), c.department_name);
  row(vscode.l10n.t('Contract id'), String(c.id));
  if (c.client != null) row(vscode.l10n.t('Client id'), String(c.client));
  row(vscode.l10n.t('Last modified'), formatDateTime(c.last_modified_at));
  const links: string[] = [];
  if (c.crm_link && /^https:\/\//.test(c.crm_link)) links.push(`[${vscode.l10n.t({ message: 'CRM', comment: ['A link to the deal in the CRM'] })}](${c.crm_link})`);
  if (c.contract_link && /^https:\/\//.test(c.contract_link)) links.push(`[${vscode.l10n.t('Signed contract')}](${c.contract_link})`);
  if (links.length) md.appendMarkdown(`\n${links.join(' · ')}\n`);
  return md;
}
