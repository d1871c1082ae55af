// Status icons: a codicon with a theme colour per documented status, a question mark for a value
// Campfire added later (the raw value is then shown in the description).
import * as vscode from 'vscode';
import { isKnown } from '../../api/schemas/primitives';
import { CONTRACT_STATUSES, PREPAID_COMMIT_STATUSES } from '../../api/schemas/enums';

export function contractStatusIcon(status: string | null | undefined): vscode.ThemeIcon {
  switch (status) {
    case 'ACTIVE':
      return new vscode.ThemeIcon('pass-filled', new vscode.ThemeColor('charts.green'));
    case 'PENDING':
      return new vscode.ThemeIcon('clock', new vscode.ThemeColor('charts.yellow'));
    case 'COMPLETED':
      return new vscode.ThemeIcon('check-all', new vscode.ThemeColor('charts.blue'));
    case 'DELETED':
      return new vscode.ThemeIcon('trash', new vscode.ThemeColor('charts.red'));
    default:
      return new vscode.ThemeIcon('question', new vscode.ThemeColor('charts.purple'));
  }
}

export function isKnownContractStatus(status: string | null | undefined): boolean {
  return isKnown(CONTRACT_STATUSES, status);
}

export function commitStatusIcon(status: string | null | undefined): vscode.ThemeIcon {
  switch (status) {
    case 'ACTIVE':
      return new vscode.ThemeIcon('pass-filled', new vscode.ThemeColor('charts.green'));
    case 'EXHAUSTED':
      return new vscode.ThemeIcon('circle-slash', new vscode.ThemeColor('charts.orange'));
    case 'EXPIRED':
      return new vscode.ThemeIcon('history', new vscode.ThemeColor('disabledForeground'));
    default:
      return new vscode.ThemeIcon('question', new vscode.ThemeColor('charts.purple'));
  }
}

export function isKnownCommitStatus(status: string | null | undefined): boolean {
  return isKnown(PREPAID_COMMIT_STATUSES, status);
}

export { statusLabel } from '../../ui/words';
