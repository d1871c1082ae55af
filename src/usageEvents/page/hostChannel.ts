// The page's end of the panel's protocol: its one VS Code handle, every message from the panel
// checked before anything acts on it, and what goes wrong in the page reported to the panel's log.
import { errorMessage } from '../../shared/errorMessage';
import { parseHostToWebview, type HostToWebview, type WebviewToHost } from '../protocol/usageEventsMessages';

export interface VsCodeApi {
  postMessage(message: WebviewToHost): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

export function vscodeApi(): VsCodeApi {
  return acquireVsCodeApi();
}

/** One handler per message type, each given its message as typed. */
export type PanelMessageHandlers = { [K in HostToWebview['type']]: (message: Extract<HostToWebview, { type: K }>) => void };

/**
 * Hands each message to the handler of its type. One that does not parse is reported and dropped,
 * and so is one of an earlier load than the last `reset` started (its generation).
 */
export function listenToPanel(vscode: VsCodeApi, handlers: PanelMessageHandlers, generation: () => number): void {
  window.addEventListener('message', (e: MessageEvent) => {
    let message: HostToWebview;
    try {
      message = parseHostToWebview(e.data);
    } catch (err) {
      vscode.postMessage({ type: 'problem', message: `ignored a message: ${errorMessage(err)}` });
      return;
    }
    if (message.type !== 'reset' && 'generation' in message && message.generation !== generation()) return;
    (handlers[message.type] as (m: HostToWebview) => void)(message);
  });
}

/** Anything the Content Security Policy blocks (markup got parsed somewhere) and any uncaught error. */
export function reportPageProblems(vscode: VsCodeApi): void {
  document.addEventListener('securitypolicyviolation', (e) => {
    vscode.postMessage({ type: 'problem', message: `blocked by the Content Security Policy: ${e.violatedDirective} ${e.blockedURI}` });
  });
  window.addEventListener('error', (e) => {
    vscode.postMessage({ type: 'problem', message: `error in the view: ${e.message}` });
  });
}
