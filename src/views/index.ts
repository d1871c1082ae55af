// Registers the Campfire views (the Contracts tree and its model).
import type * as vscode from 'vscode';
import type { Services } from '../core/services';

export function registerViews(_services: Services): vscode.Disposable[] {
  return [];
}
