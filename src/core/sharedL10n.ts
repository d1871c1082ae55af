// The layers that also run without VS Code translate through @vscode/l10n: the extension gives it VS Code's
// bundle, while campfire-export gives it none, so the terminal stays English.
import * as l10n from '@vscode/l10n';
import * as vscode from 'vscode';

/** Gives the shared layers VS Code's translations, when the display language has any. Called first in activate(). */
export function configureSharedL10n(): void {
  const bundle = vscode.l10n.bundle;
  if (bundle) l10n.config({ contents: bundle });
}
