// A failed load, shown inside the subtree that failed. Clicking it runs the fix: Retry for
// transient failures, "Update API key" on 401, "Sign in" without a key.
import * as vscode from 'vscode';
import { CampfireIncompleteError, isCampfireError } from '../../api/errors';
import { formatTime } from '../../ui/format';
import type { TreeNode } from './treeNode';

export interface ErrorNodeOptions {
  id: string;
  parent: TreeNode | undefined;
  error: unknown;
  /** What failed, e.g. "prepaid commits". */
  what: string;
  /** Items are still shown from this time (the reload failed, the old data stays). */
  staleSince?: number | undefined;
  retry: () => Promise<void>;
}

export interface ErrorPresentation {
  label: string;
  action: string;
  command: 'campfire.retry' | 'campfire.signIn' | 'campfire.exploreSampleData';
  icon: vscode.ThemeIcon;
}

/** The short, actionable reading of an error for a tree node. */
export function presentError(error: unknown, what: string, staleSince?: number): ErrorPresentation {
  const errorIcon = new vscode.ThemeIcon('error', new vscode.ThemeColor('list.errorForeground'));
  const warnIcon = new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'));
  if (isCampfireError(error)) {
    switch (error.kind) {
      case 'auth':
        return { label: 'Campfire rejected the API key (401)', action: 'Update API key…', command: 'campfire.signIn', icon: errorIcon };
      case 'noApiKey':
        return { label: 'Not signed in to Campfire', action: 'Sign in…', command: 'campfire.signIn', icon: errorIcon };
      case 'permission':
        return { label: `Your API key's role may not read ${what} (403)`, action: 'Retry', command: 'campfire.retry', icon: errorIcon };
      case 'network':
      case 'timeout':
        return staleSince !== undefined
          ? { label: `Campfire is unreachable: showing ${what} from ${formatTime(staleSince)}`, action: 'Retry', command: 'campfire.retry', icon: warnIcon }
          : { label: `Could not reach Campfire to load ${what}`, action: 'Retry', command: 'campfire.retry', icon: errorIcon };
      case 'incomplete':
        if (!(error instanceof CampfireIncompleteError)) break;
        // The rows that did arrive are shown; this says, in numbers, how many did not.
        return {
          label: `Only ${(error.startOffset + error.delivered).toLocaleString()} of ${(error.startOffset + error.expected).toLocaleString()} ${what} could be read`,
          action: 'Retry',
          command: 'campfire.retry',
          icon: warnIcon,
        };
      default:
        break;
    }
  }
  if (staleSince !== undefined) {
    return { label: `Could not refresh ${what}: showing data from ${formatTime(staleSince)}`, action: 'Retry', command: 'campfire.retry', icon: warnIcon };
  }
  return { label: `Could not load ${what}`, action: 'Retry', command: 'campfire.retry', icon: errorIcon };
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export class ErrorNode implements TreeNode {
  readonly id: string;
  readonly parent: TreeNode | undefined;
  error: unknown;
  readonly what: string;
  staleSince: number | undefined;
  readonly retry: () => Promise<void>;

  constructor(options: ErrorNodeOptions) {
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
    const tooltip = new vscode.MarkdownString(undefined, true);
    tooltip.appendText(errorMessage(this.error));
    tooltip.appendMarkdown(`\n\n_${p.action === 'Retry' ? 'Click to retry.' : `Click: ${p.action}`}_`);
    item.tooltip = tooltip;
    item.command =
      p.command === 'campfire.retry'
        ? { command: 'campfire.retry', title: 'Retry', arguments: [this] }
        : { command: p.command, title: p.action };
    item.accessibilityInformation = { label: `${p.label}. ${p.action}` };
    return item;
  }

  getChildren(): TreeNode[] {
    return [];
  }
}
