// What goes wrong in the page reaches the panel's log: anything the Content Security Policy blocks
// (it means markup got parsed somewhere) and any uncaught error.
import type { VsCodeApi } from './vscodeApi';

export function reportPageProblems(vscode: VsCodeApi): void {
  document.addEventListener('securitypolicyviolation', (e) => {
    vscode.postMessage({ type: 'problem', message: `blocked by the Content Security Policy: ${e.violatedDirective} ${e.blockedURI}` });
  });
  window.addEventListener('error', (e) => {
    vscode.postMessage({ type: 'problem', message: `error in the view: ${e.message}` });
  });
}
