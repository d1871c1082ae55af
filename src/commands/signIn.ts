// "Campfire: Sign In": checks a key with one request built like the window's client and saves it as an
// account bound to that origin. A wrong key is never saved; the box stays open with the reason under it.
import * as vscode from 'vscode';
import { parseBaseUrl } from '../api/baseUrl';
import { isCampfireError } from '../api/errors';
import { firstPage } from '../api/pagination';
import { describeAccount, SecretStorageError, type Account } from '../core/accounts';
import type { Services } from '../core/services';
import { contracts } from '../resources';
import { showError } from '../ui/showError';
import type { TreeCommandContext } from './treeTargets';
import { errorMessage } from '../shared/errorMessage';

export interface SignInArgs {
  /** Skips the prompt (automation, keybindings, tests). */
  apiKey?: string;
  /** The account's name (default: the one already saved for this origin, else the host). */
  label?: string;
}

/** Makes one request with the candidate key on a throwaway client built like the window's. */
async function verifyKey(services: Services, origin: string, apiKey: string): Promise<void> {
  const probe = services.connection.probe(origin, apiKey);
  try {
    await firstPage(contracts.list(probe, {}, { pageSize: 1, maxItems: 1 }));
  } finally {
    await probe.close();
  }
}

/** Why a key was not saved, in words the box can show under it. */
function reasonOf(e: unknown): string {
  if (isCampfireError(e) && e.kind === 'auth') return vscode.l10n.t('Campfire rejected this API key (401). Check that you copied the whole key.');
  if (isCampfireError(e) && e.kind === 'permission') return vscode.l10n.t("This API key's role may not read contracts (403).");
  return errorMessage(e);
}

async function check(services: Services, origin: string, label: string, apiKey: string): Promise<Account> {
  await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Campfire: checking the API key') }, () =>
    verifyKey(services, origin, apiKey),
  );
  return services.accounts.save(origin, label, apiKey);
}

/** The box that asks for the key: stays open until a key works or the user gives up. */
function askForKey(services: Services, origin: string, label: string): Promise<Account | undefined> {
  const host = new URL(origin).host;
  const box = vscode.window.createInputBox();
  box.title = vscode.l10n.t('Sign in to Campfire at {0}', host);
  box.prompt = vscode.l10n.t({
    message: "API key for {0} (Campfire → Settings → API Keys). It is stored in VS Code's secret storage and only ever sent to {1}.",
    args: [host, origin],
    comment: ['{0} is the host of the Campfire API, {1} its origin (https://host); "Campfire → Settings → API Keys" is where the Campfire app makes keys'],
  });
  box.placeholder = vscode.l10n.t('Paste your Campfire API key');
  const noSpaces = vscode.l10n.t('An API key has no spaces');
  box.password = true;
  box.ignoreFocusOut = true;
  return new Promise<Account | undefined>((resolve) => {
    let done = false;
    const finish = (account: Account | undefined) => {
      if (done) return;
      done = true;
      box.dispose();
      resolve(account);
    };
    box.onDidChangeValue((v) => {
      box.validationMessage = /\s/.test(v.trim()) ? noSpaces : undefined;
    });
    box.onDidAccept(async () => {
      const key = box.value.trim();
      if (!key || /\s/.test(key)) {
        box.validationMessage = key ? noSpaces : vscode.l10n.t('Enter an API key');
        return;
      }
      // Busy, not disabled: a disabled box loses the keyboard focus the user needs to fix the key.
      if (box.busy) return;
      box.busy = true;
      try {
        finish(await check(services, origin, label, key));
      } catch (e) {
        services.log.warn(`Sign-in to ${host} failed: ${reasonOf(e)}`);
        // A warning, not an error: an error would block Enter, and the same key may work on a second try.
        box.validationMessage = {
          message: vscode.l10n.t({ message: 'Not saved: {0}', args: [reasonOf(e)], comment: ['{0} is why the API key was not saved'] }),
          severity: vscode.InputBoxValidationSeverity.Warning,
        };
      } finally {
        box.busy = false;
      }
    });
    box.onDidHide(() => finish(undefined));
    box.show();
  });
}

async function runSignIn(services: Services, args?: SignInArgs): Promise<boolean> {
  // The configured origin, not the sample server a sample-data session may be browsing.
  let origin: string;
  try {
    origin = parseBaseUrl(services.connection.settings.baseUrl).origin;
  } catch (e) {
    void showError(services, e, vscode.l10n.t('Cannot sign in'));
    return false;
  }
  const label = args?.label?.trim() || services.accounts.forOrigin(origin)?.label || new URL(origin).host;
  let account: Account | undefined;
  if (args?.apiKey !== undefined) {
    try {
      account = await check(services, origin, label, args.apiKey.trim());
    } catch (e) {
      services.log.warn(`Sign-in to ${origin} failed: ${reasonOf(e)}`);
      if (e instanceof SecretStorageError) void showError(services, e);
      throw e;
    }
  } else {
    account = await askForKey(services, origin, label);
  }
  if (!account) return false;
  services.log.info(`Signed in to ${describeAccount(account)}`);
  return true;
}

export const signIn = ({ services }: TreeCommandContext) => (args?: SignInArgs) => runSignIn(services, args);
