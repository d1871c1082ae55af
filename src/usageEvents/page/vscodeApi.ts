// The one handle a webview gets on VS Code, typed with the panel's protocol.
import type { WebviewToHost } from '../protocol/usageEventsMessages';

export interface VsCodeApi {
  postMessage(message: WebviewToHost): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

export function vscodeApi(): VsCodeApi {
  return acquireVsCodeApi();
}
