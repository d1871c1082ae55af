// Entry point of the usage-events webview (bundled for the browser as dist/webview.js).
import { UsageEventsApp } from './app';
import { vscodeApi } from './vscodeApi';

const root = document.getElementById('app');
if (root) new UsageEventsApp(root, vscodeApi()).start();
