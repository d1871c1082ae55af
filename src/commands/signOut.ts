import * as vscode from 'vscode';
import type { Services } from '../core/services';

export function registerSignOut(services: Services): vscode.Disposable {
  return vscode.commands.registerCommand('campfire.signOut', async () => {
    await services.keys.clear();
    services.log.info('Signed out: the API key was deleted from secret storage');
  });
}
