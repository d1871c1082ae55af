// "Campfire: Sign In": asks for the API key in a password box, checks it against the API before
// storing it (a wrong key is never stored), and keeps it only in SecretStorage.
import * as vscode from 'vscode';
import { firstPage } from '../api/pagination';
import { contracts } from '../resources';
import { isCampfireError } from '../api/errors';
import type { Services } from '../core/services';
import { showError } from '../ui/showError';

export interface SignInArgs {
  /** Skips the prompt (automation, keybindings, tests). */
  apiKey?: string;
}

/**
 * Makes one request with the candidate key on a throwaway client built like the window's (proxy,
 * certificates, limits); resolves if the key works.
 */
async function verifyKey(services: Services, apiKey: string): Promise<void> {
  // The configured server, not the sample server a sample-data session may be browsing.
  const probe = services.connection.probe(services.connection.settings.baseUrl, apiKey);
  try {
    await firstPage(contracts.list(probe, {}, { pageSize: 1, maxItems: 1 }));
  } finally {
    await probe.close();
  }
}

export async function signIn(services: Services, args?: SignInArgs): Promise<boolean> {
  const apiKey =
    args?.apiKey ??
    (await vscode.window.showInputBox({
      title: 'Sign in to Campfire',
      prompt: `API key for ${services.connection.settings.baseUrl} (Campfire → Settings → API Keys). It is stored in VS Code's secret storage.`,
      password: true,
      ignoreFocusOut: true,
      placeHolder: 'Paste your Campfire API key',
      validateInput: (v) => (v.trim() === '' ? 'Enter an API key' : /\s/.test(v.trim()) ? 'An API key has no spaces' : undefined),
    }));
  if (!apiKey?.trim()) return false;
  try {
    await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'Checking the Campfire API key…' },
      () => verifyKey(services, apiKey.trim()),
    );
  } catch (e) {
    const message =
      isCampfireError(e) && e.kind === 'auth'
        ? 'Campfire rejected this API key (401). It was not saved. Check that you copied the whole key.'
        : isCampfireError(e) && e.kind === 'permission'
          ? "This API key's role may not read contracts (403). It was not saved."
          : undefined;
    if (message) {
      services.log.warn(message);
      if (!args?.apiKey) void vscode.window.showErrorMessage(message);
    } else if (!args?.apiKey) {
      void showError(services, e, 'Could not check the API key');
    }
    if (args?.apiKey) throw e;
    return false;
  }
  await services.keys.set(apiKey.trim());
  services.log.info(`Signed in to ${services.connection.settings.baseUrl}`);
  return true;
}

export function registerSignIn(services: Services): vscode.Disposable {
  return vscode.commands.registerCommand('campfire.signIn', (args?: SignInArgs) => signIn(services, args));
}
