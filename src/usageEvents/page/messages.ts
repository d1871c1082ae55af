// The view's end of the panel's protocol: every message from the panel is checked before anything
// acts on it. One that does not parse is reported to the panel's log and dropped; each of the
// others goes to the handler for its type, unless it belongs to an earlier load than the last
// `reset` started (its generation).
import { parseHostToWebview, type HostToWebview } from '../protocol/usageEventsMessages';
import type { VsCodeApi } from './vscodeApi';

/** One handler per message type, each given its message as typed. */
export type PanelMessageHandlers = { [K in HostToWebview['type']]: (message: Extract<HostToWebview, { type: K }>) => void };

export function listenToPanel(vscode: VsCodeApi, handlers: PanelMessageHandlers, generation: () => number): void {
  window.addEventListener('message', (e: MessageEvent) => {
    let message: HostToWebview;
    try {
      message = parseHostToWebview(e.data);
    } catch (err) {
      vscode.postMessage({ type: 'problem', message: `ignored a message: ${(err as Error).message}` });
      return;
    }
    if (message.type !== 'reset' && 'generation' in message && message.generation !== generation()) return;
    (handlers[message.type] as (m: HostToWebview) => void)(message);
  });
}
