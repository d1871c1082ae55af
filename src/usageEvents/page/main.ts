// Entry point of the usage-events webview (bundled for the browser as dist/webview.js).
import { useDisplayLocale } from '../../shared/countFormat';
import { UsageEventsApp } from './app';
import { useStrings } from './strings';
import { vscodeApi } from './hostChannel';

// Counts in the page's locale: VS Code's display language in its webviews.
useDisplayLocale(navigator.language || undefined);
const root = document.getElementById('app');
if (root) {
  // The page's text, translated by the panel host (html.ts), before anything is drawn.
  const problem = useStrings(root.dataset.strings);
  const vscode = vscodeApi();
  if (problem) vscode.postMessage({ type: 'problem', message: `shown in English: ${problem}` });
  new UsageEventsApp(root, vscode).start();
}
