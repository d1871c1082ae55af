// The layers that also run without VS Code (api, resources, export) say what they say through
// @vscode/l10n, whose l10n.t has vscode.l10n.t's signature and answers in English until it is
// given a bundle. In the extension it gets VS Code's: the bundle of the display language, which
// holds their strings along with the extension's own. campfire-export gives it none, so the
// terminal stays English.
import * as l10n from '@vscode/l10n';
import * as vscode from 'vscode';

/** Gives the shared layers VS Code's translations, when the display language has any. Called first in activate(). */
export function configureSharedL10n(): void {
  const bundle = vscode.l10n.bundle;
  if (bundle) l10n.config({ contents: bundle });
}
