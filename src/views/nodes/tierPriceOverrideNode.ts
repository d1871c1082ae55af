// A tier price override: usage group and tier, the negotiated price (or percentage), its source.
import * as vscode from 'vscode';
import type { TierPriceOverride } from '../../api/schemas/tierPriceOverride';
import { escapeMarkdown, formatDateTime, formatMoney } from '../../ui/format';
import type { ItemNode, ListFolderNode } from './listFolderNode';
import type { tierPriceOverrides } from '../../resources';

/** "$0.0025 USD" or "85%": overrides carry either a unit price or a percentage of the list price. */
export function overridePrice(o: TierPriceOverride, currency: string | undefined): string {
  if (o.price != null) return formatMoney(o.price, currency);
  if (o.percentage != null) return `${o.percentage}%`;
  return 'no price';
}

function sourceLabel(o: TierPriceOverride): string | undefined {
  if (o.source === 'integration') return o.integration_name ? `via ${o.integration_name}` : 'via integration';
  return o.source ?? undefined;
}

export class TierPriceOverrideNode implements ItemNode<TierPriceOverride> {
  readonly id: string;
  readonly contractId: number;
  readonly overrideId: number;

  constructor(
    readonly parent: ListFolderNode<typeof tierPriceOverrides>,
    public item: TierPriceOverride,
    private readonly currency: string | undefined,
  ) {
    this.contractId = parent.contractId;
    this.overrideId = item.id;
    this.id = `${parent.id}/${item.id}`;
  }

  getTreeItem(): vscode.TreeItem {
    const o = this.item;
    const item = new vscode.TreeItem(`${o.usage_group_name} / ${o.tier_name}`, vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.description = [overridePrice(o, this.currency), sourceLabel(o)].filter(Boolean).join(' · ');
    item.iconPath = new vscode.ThemeIcon(o.source === 'integration' ? 'plug' : 'tag');
    item.contextValue = this.parent.resource.contextValue.item;
    item.tooltip = overrideTooltip(o, this.currency);
    return item;
  }

  getChildren(): [] {
    return [];
  }
}

export function overrideTooltip(o: TierPriceOverride, currency: string | undefined): vscode.MarkdownString {
  const md = new vscode.MarkdownString(undefined, true);
  const row = (label: string, value: string | null | undefined) => {
    if (value !== undefined && value !== null && value !== '') md.appendMarkdown(`| ${label} | ${escapeMarkdown(value)} |\n`);
  };
  md.appendMarkdown(`**${escapeMarkdown(o.usage_group_name)} / ${escapeMarkdown(o.tier_name)}**\n\n`);
  md.appendMarkdown('| | |\n|---|---|\n');
  row(o.price != null ? 'Price' : 'Percentage', overridePrice(o, currency));
  row('Source', o.source ?? undefined);
  row('Integration', o.integration_name);
  row('External reference', o.external_reference);
  row('Usage group id', String(o.usage_group_id));
  row('Tier id', String(o.tier));
  row('Override id', String(o.id));
  row('Contract', `${o.deal_name} (${o.contract})`);
  row('Created', formatDateTime(o.created_at));
  row('Last modified', formatDateTime(o.last_modified_at));
  if (o.notes) md.appendMarkdown(`\n**Notes:** ${escapeMarkdown(o.notes)}\n`);
  return md;
}
