import * as vscode from 'vscode';
import type { Services } from '../core/services';

export function registerShowLog(services: Services): vscode.Disposable {
  return vscode.commands.registerCommand('campfire.showLog', () => services.log.show());
}
