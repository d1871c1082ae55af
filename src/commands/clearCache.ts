// "Clear Cache": deletes everything the window keeps on disk of every account (contracts, commits,
// usage events). What is open stays open; it is read from Campfire again when next needed.
import * as vscode from 'vscode';
import type { Services } from '../core/services';
import { formatCount } from '../ui/format';

export function registerClearCache(services: Services): vscode.Disposable {
  return vscode.commands.registerCommand('campfire.clearCache', async () => {
    const before = await services.cache.sizeBytes();
    await services.cache.clear();
    const megabytes = formatCount(Math.ceil(before / (1024 * 1024)));
    void vscode.window.showInformationMessage(vscode.l10n.t({ message: 'Campfire cache cleared ({0} MB).', args: [megabytes], comment: ['{0} is the size the cache had'] }));
  });
}
