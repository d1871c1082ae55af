// A contract: deal name, client, status icon, value and term. Expanding it fetches its prepaid
// commits and tier price overrides together (two requests in parallel) so both folders show counts.
import * as vscode from 'vscode';
import type { Contract } from '../../api/schemas/contract';
import { contractName } from '../../model/contractQuery';
import { escapeMarkdown, formatDate, formatDateRange, formatDateTime, formatMoney } from '../../ui/format';
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
  if (start && c.is_evergreen && !c.contract_end_date) return `${start} – evergreen`;
  if (start && end) return `${start} – ${end}`;
  return start ? `from ${start}` : end ? `until ${end}` : '';
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
    const item = new vscode.TreeItem(contractName(c), vscode.TreeItemCollapsibleState.Collapsed);
    item.id = this.id;
    const known = isKnownContractStatus(c.status);
    const parts = [c.client_name];
    if (!known) parts.push(statusLabel(c.status, false));
    if (c.total_contract_value != null) parts.push(formatMoney(c.total_contract_value, c.currency, true));
    const term = shortTerm(c);
    if (term) parts.push(term);
    item.description = parts.filter(Boolean).join(' · ');
    item.iconPath = contractStatusIcon(c.status);
    item.contextValue = contracts.contextValue.item;
    item.tooltip = contractTooltip(c);
    item.accessibilityInformation = { label: `${contractName(c)}, ${c.client_name}, ${statusLabel(c.status, known)}` };
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
  md.appendMarkdown(`$(${contractStatusIcon(c.status).id}) **${escapeMarkdown(contractName(c))}** — ${escapeMarkdown(statusLabel(c.status, known))}\n\n`);
  md.appendMarkdown('| | |\n|---|---|\n');
  row('Client', c.client_name);
  row('Entity', c.entity_name);
  row('Total contract value', c.total_contract_value != null ? formatMoney(c.total_contract_value, c.currency) : undefined);
  row('Revenue recognized', formatMoney(c.total_revenue, c.entity_currency ?? c.currency));
  row('Deferred revenue', formatMoney(c.total_deferred_revenue, c.entity_currency ?? c.currency));
  row('MRR', formatMoney(c.total_mrr, c.entity_currency ?? c.currency));
  row('Term', formatDateRange(c.contract_start_date, c.contract_end_date ?? c.working_end_date, c.is_evergreen === true));
  row('Billing', c.billing_frequency ? c.billing_frequency.replace('_', ' ') : undefined);
  row('Closed', c.closed_date ? formatDate(c.closed_date) : undefined);
  row('Source', c.source ?? undefined);
  row('Deal id', c.deal_id);
  row('PO number', c.purchase_order_number);
  row('Department', c.department_name);
  row('Contract id', String(c.id));
  if (c.client != null) row('Client id', String(c.client));
  row('Last modified', formatDateTime(c.last_modified_at));
  const links: string[] = [];
  if (c.crm_link && /^https:\/\//.test(c.crm_link)) links.push(`[CRM](${c.crm_link})`);
  if (c.contract_link && /^https:\/\//.test(c.contract_link)) links.push(`[Signed contract](${c.contract_link})`);
  if (links.length) md.appendMarkdown(`\n${links.join(' · ')}\n`);
  return md;
}
