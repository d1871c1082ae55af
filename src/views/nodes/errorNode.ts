// A failed load, shown inside the subtree that failed. Clicking it runs the fix: Retry for
// transient failures, "Update API key" on 401, "Sign in" without a key.
import * as vscode from 'vscode';
import { CampfireIncompleteError, isCampfireError } from '../../api/errors';
import { formatTime } from '../../ui/format';
import { formatCount } from '../../shared/countFormat';
import type { TreeNode } from './treeNode';

export interface ErrorNodeOptions {
  id: string;
  parent: TreeNode | undefined;
  error: unknown;
  /** What failed, e.g. "prepaid commits" (in the display language: src/ui/words.ts). */
  what: string;
  /** Items are still shown from this time (the reload failed, the old data stays). */
  staleSince?: number | undefined;
  retry: () => Promise<void>;
  /** The contract whose list failed (undefined for the contracts themselves). */
  contractId?: number | undefined;
}

export interface ErrorPresentation {
  label: string;
  /** A word or two for where space is short (a folder's description): "unreachable". */
  short: string;
  action: string;
  command: 'campfire.retry' | 'campfire.signIn' | 'campfire.exploreSampleData';
  icon: vscode.ThemeIcon;
}

/** The short, actionable reading of an error for a tree node (`what` in the display language). */
export function presentError(error: unknown, what: string, staleSince?: number): ErrorPresentation {
  const errorIcon = new vscode.ThemeIcon('error', new vscode.ThemeColor('list.errorForeground'));
  const warnIcon = new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'));
  const retry = { action: vscode.l10n.t('Retry'), command: 'campfire.retry' } as const;
  if (isCampfireError(error)) {
    switch (error.kind) {
      case 'auth':
        return { label: vscode.l10n.t('Campfire rejected the API key (401)'), short: vscode.l10n.t({ message: 'API key rejected', comment: ['Short, beside a folder of the tree'] }), action: vscode.l10n.t('Update API key…'), command: 'campfire.signIn', icon: errorIcon };
      case 'noApiKey':
        return { label: vscode.l10n.t('Not signed in to Campfire'), short: vscode.l10n.t({ message: 'not signed in', comment: ['Short, beside a folder of the tree'] }), action: vscode.l10n.t('Sign in…'), command: 'campfire.signIn', icon: errorIcon };
      case 'permission':
        return { label: vscode.l10n.t({ message: "Your API key's role may not read {0} (403)", args: [what], comment: ['{0} is what was being loaded, e.g. "prepaid commits"'] }), short: vscode.l10n.t({ message: 'not allowed (403)', comment: ['Short, beside a folder of the tree'] }), ...retry, icon: errorIcon };
      case 'network':
      case 'timeout':
        return staleSince !== undefined
          ? {
              label: vscode.l10n.t({ message: 'Offline — showing {0} from {1}', args: [what, formatTime(staleSince)], comment: ['{0} is what was being loaded, e.g. "prepaid commits"', '{1} is the time they were loaded'] }),
              short: vscode.l10n.t({ message: 'offline', comment: ['Short, beside a folder of the tree: older data is shown'] }),
              ...retry,
              icon: warnIcon,
            }
          : {
              label: vscode.l10n.t({ message: 'Could not reach Campfire to load {0}', args: [what], comment: ['{0} is what was being loaded, e.g. "prepaid commits"'] }),
              short: vscode.l10n.t({ message: 'unreachable', comment: ['Short, beside a folder of the tree: Campfire could not be reached'] }),
              ...retry,
              icon: errorIcon,
            };
      case 'incomplete':
        if (!(error instanceof CampfireIncompleteError)) break;
        // The rows that did arrive are shown; this says, in numbers, how many did not.
        return {
          label: vscode.l10n.t({
            message: 'Only {0} of {1} {2} could be read',
            args: [formatCount(error.startOffset + error.delivered), formatCount(error.startOffset + error.expected), what],
            comment: ['{0} rows arrived of the {1} Campfire counted; {2} is what they are, e.g. "contracts"'],
          }),
          short: vscode.l10n.t({ message: 'incomplete', comment: ['Short, beside a folder of the tree: not every row could be read'] }),
          ...retry,
          icon: warnIcon,
        };
      default:
        break;
    }
  }
  if (staleSince !== undefined) {
    return {
      label: vscode.l10n.t({ message: 'Could not refresh {0}: showing data from {1}', args: [what, formatTime(staleSince)], comment: ['{0} is what was being loaded, e.g. "prepaid commits"', '{1} is the time the data shown was loaded'] }),
      short: vscode.l10n.t({ message: 'not refreshed', comment: ['Short, beside a folder of the tree: older data is shown'] }),
      ...retry,
      icon: warnIcon,
    };
  }
  return {
    label: vscode.l10n.t({ message: 'Could not load {0}', args: [what], comment: ['{0} is what was being loaded, e.g. "prepaid commits"'] }),
    short: vscode.l10n.t({ message: 'could not load', comment: ['Short, beside a folder of the tree'] }),
    ...retry,
    icon: errorIcon,
  };
}

export class ErrorNode implements TreeNode {
  readonly id: string;
  readonly parent: TreeNode | undefined;
  error: unknown;
  readonly what: string;
  staleSince: number | undefined;
  readonly retry: () => Promise<void>;
  readonly contractId: number | undefined;

  constructor(options: ErrorNodeOptions) {
    this.contractId = options.contractId;
    this.id = options.id;
    this.parent = options.parent;
    this.error = options.error;
    this.what = options.what;
    this.staleSince = options.staleSince;
    this.retry = options.retry;
  }

  getTreeItem(): vscode.TreeItem {
    const p = presentError(this.error, this.what, this.staleSince);
    const item = new vscode.TreeItem(p.label, vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.description = p.action;
    item.iconPath = p.icon;
    item.contextValue = p.command === 'campfire.signIn' ? 'campfire.error.auth' : 'campfire.error';
    // The whole sentence; the request and the server's answer are in the log, not here.
    const tooltip = new vscode.MarkdownString(undefined, true);
    tooltip.appendText(p.label);
    const click = p.command === 'campfire.retry' ? vscode.l10n.t('Click to retry.') : vscode.l10n.t({ message: 'Click: {0}', args: [p.action], comment: ['{0} is what clicking does, e.g. "Sign in…"'] });
    tooltip.appendMarkdown(`\n\n_${click}_ `);
    tooltip.appendText(vscode.l10n.t('The details are in the Campfire log.'));
    item.tooltip = tooltip;
    item.command = p.command === 'campfire.retry' ? { command: 'campfire.retry', title: p.action, arguments: [this] } : { command: p.command, title: p.action };
    item.accessibilityInformation = { label: vscode.l10n.t({ message: '{0}. {1}', args: [p.label, p.action], comment: ['What a screen reader says of an error in the tree: the error {0}, then the action {1}'] }) };
    return item;
  }

  getChildren(): TreeNode[] {
    return [];
  }
}
