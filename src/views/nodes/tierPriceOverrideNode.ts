// A tier price override: usage group and tier, the negotiated price (or percentage), its source.
import * as vscode from 'vscode';
import type { TierPriceOverride } from '../../api/schemas/tierPriceOverride';
import { escapeMarkdown, formatDateTime, formatMoney } from '../../ui/format';
import type { ItemNode, ListFolder } from './treeNode';
import type { tierPriceOverrides } from '../../resources';

/** "$0.0025 USD" or "85%": overrides carry either a unit price or a percentage of the list price. */
export function overridePrice(o: TierPriceOverride, currency: string | undefined): string {
  if (o.price != null) return formatMoney(o.price, currency);
  if (o.percentage != null) return `${o.percentage}%`;
  return vscode.l10n.t({ message: 'no price', comment: ['A tier price override with neither a price nor a percentage'] });
}

function sourceLabel(o: TierPriceOverride): string | undefined {
  if (o.source === 'integration') {
    return o.integration_name
      ? vscode.l10n.t({ message: 'via {0}', args: [o.integration_name], comment: ['Where a tier price override came from: {0} is the name of an integration'] })
      : vscode.l10n.t({ message: 'via integration', comment: ['A tier price override that came from an integration'] });
  }
  return o.source ?? undefined;
}

export class TierPriceOverrideNode implements ItemNode<TierPriceOverride> {
  readonly id: string;
  readonly contractId: number;
  readonly overrideId: number;

  constructor(
    readonly parent: ListFolder<typeof tierPriceOverrides>,
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
  row(o.price != null ? vscode.l10n.t('Price') : vscode.l10n.t('Percentage'), overridePrice(o, currency));
  row(vscode.l10n.t('Source'), o.source ?? undefined);
  row(vscode.l10n.t('Integration'), o.integration_name);
  row(vscode.l10n.t('External reference'), o.external_reference);
  row(vscode.l10n.t('Usage group id'), String(o.usage_group_id));
  row(vscode.l10n.t('Tier id'), String(o.tier));
  row(vscode.l10n.t('Override id'), String(o.id));
  row(vscode.l10n.t('Contract'), `${o.deal_name} (${o.contract})`);
  row(vscode.l10n.t('Created'), formatDateTime(o.created_at));
  row(vscode.l10n.t('Last modified'), formatDateTime(o.last_modified_at));
  if (o.notes) md.appendMarkdown(`\n**${vscode.l10n.t('Notes:')}** ${escapeMarkdown(o.notes)}\n`);
  return md;
}
