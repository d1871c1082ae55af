// Tells the user, once, which usage-events panels closed because the window switched away from
// the account (or sample data) they showed: "Closed 2 usage-events panels of Production: signed
// out." Panels closing on the same change are counted together in one message.
import * as vscode from 'vscode';
import type { CampfireLog } from '../../core/log';
import { formatCount } from '../../shared/countFormat';
import type { OwnerWords } from './owner';

const pending = new Map<string, number>();
let scheduled: NodeJS.Timeout | undefined;

/** How owners and the reasons panels close are told (owner.ts), in the display language. */
export function ownerWords(): OwnerWords {
  return {
    sampleData: vscode.l10n.t({ message: 'sample data', comment: ['Whose data a usage-events panel showed: "Closed 1 usage-events panel of sample data"'] }),
    noAccount: vscode.l10n.t({ message: 'no account', comment: ['Whose data a usage-events panel showed, when the base URL was not usable'] }),
    leftSampleData: vscode.l10n.t({ message: 'left sample data', comment: ['Why usage-events panels closed'] }),
    switchedToSampleData: vscode.l10n.t({ message: 'switched to sample data', comment: ['Why usage-events panels closed'] }),
    signedOut: vscode.l10n.t({ message: 'signed out', comment: ['Why usage-events panels closed'] }),
    baseUrlNotUsable: vscode.l10n.t({ message: 'the Campfire base URL is not usable', comment: ['Why usage-events panels closed'] }),
    anotherAccount: vscode.l10n.t({ message: 'another account', comment: ['In "switched to another account", why usage-events panels closed'] }),
    switchedTo: (name) => vscode.l10n.t({ message: 'switched to {0}', args: [name], comment: ['Why usage-events panels closed; {0} is an account name or a host'] }),
  };
}

/** One panel of `ownerName` was closed because of `reason` (both in the display language); said with the others closed alongside it. */
export function panelClosed(log: CampfireLog, ownerName: string, reason: string): void {
  const key = JSON.stringify([ownerName, reason]);
  pending.set(key, (pending.get(key) ?? 0) + 1);
  scheduled ??= setTimeout(() => {
    scheduled = undefined;
    const parts = [...pending].map(([k, n]) => {
      const [name, why] = JSON.parse(k) as [string, string];
      return n === 1
        ? vscode.l10n.t({ message: '{0} usage-events panel of {1}: {2}', args: [formatCount(n), name, why], comment: ['{1} is whose data the panel showed, {2} why it closed: "1 usage-events panel of Production: signed out"'] })
        : vscode.l10n.t({ message: '{0} usage-events panels of {1}: {2}', args: [formatCount(n), name, why], comment: ['{1} is whose data the panels showed, {2} why they closed: "2 usage-events panels of Production: signed out"'] });
    });
    pending.clear();
    const text = vscode.l10n.t({ message: 'Closed {0}.', args: [parts.join('; ')], comment: ['{0} lists the usage-events panels closed and why, e.g. "1 usage-events panel of Production: signed out"'] });
    log.info(text);
    void vscode.window.showInformationMessage(text);
  }, 0);
}
