// Tells the user, once, which usage-events panels closed because the window switched away from
// the account (or sample data) they showed: "Closed 2 usage-events panels of Production: signed
// out." Panels closing on the same change are counted together in one message.
import * as vscode from 'vscode';
import type { CampfireLog } from '../../core/log';

const pending = new Map<string, number>();
let scheduled: NodeJS.Timeout | undefined;

/** One panel of `ownerName` was closed because of `reason`; said with the others closed alongside it. */
export function panelClosed(log: CampfireLog, ownerName: string, reason: string): void {
  const key = JSON.stringify([ownerName, reason]);
  pending.set(key, (pending.get(key) ?? 0) + 1);
  scheduled ??= setTimeout(() => {
    scheduled = undefined;
    const parts = [...pending].map(([k, n]) => {
      const [name, why] = JSON.parse(k) as [string, string];
      return `${n} usage-events ${n === 1 ? 'panel' : 'panels'} of ${name}: ${why}`;
    });
    pending.clear();
    const text = `Closed ${parts.join('; ')}.`;
    log.info(text);
    void vscode.window.showInformationMessage(text);
  }, 0);
}
