// The webview's document: a strict CSP (nothing but our own script by nonce, our own stylesheet
// and images), no inline handlers, no data in the markup. Everything the user sees is built by
// the script with textContent, in the user's language: VS Code's translations for the display
// language are the one thing the markup carries besides the title, as JSON in an escaped
// attribute that the script reads once, before it draws anything (src/usageEvents/page/strings.ts).
// In a test run (and only then) the page also loads the tests' probe (dist/webviewProbe.js,
// test/exthost/probe/webview/webviewProbe.ts), which reads the page and acts in it as a user would; a user's page
// never names it.
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';

export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions & vscode.WebviewPanelOptions {
  return {
    enableScripts: true,
    // No VS Code find: it sees only the rows drawn and covers Export and Reload. Ctrl+F opens the
    // grid's own find over every row (src/usageEvents/page/ui/findBox.ts).
    enableFindWidget: false,
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist'), vscode.Uri.joinPath(extensionUri, 'media')],
  };
}

export function renderHtml(webview: vscode.Webview, extensionUri: vscode.Uri, title: string, withTestProbe: boolean): string {
  const nonce = randomBytes(18).toString('base64');
  const scriptTag = (file: string) => `<script nonce="${nonce}" src="${webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', file)).toString()}"></script>`;
  // The probe runs first: it takes the page's one VS Code handle and lends it to the view.
  const scripts = withTestProbe ? [scriptTag('webviewProbe.js'), scriptTag('webview.js')] : [scriptTag('webview.js')];
  const style = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'media', 'usageEvents.css'));
  const csp = contentSecurityPolicy(webview.cspSource, nonce);
  return `<!DOCTYPE html>
<html lang="${escapeHtml(webviewLanguage())}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="${style.toString()}">
<title>${escapeHtml(title)}</title>
</head>
<body>
<main id="app" class="app" aria-busy="true" data-strings="${escapeHtml(JSON.stringify(vscode.l10n.bundle ?? {}))}"></main>
${scripts.join('\n')}
</body>
</html>`;
}

/**
 * The language the page's text is in, for its `lang`: VS Code's display language when the
 * extension has a translation for it (a bundle is loaded), English otherwise.
 */
function webviewLanguage(): string {
  return vscode.l10n.bundle ? vscode.env.language : 'en';
}

/** Nothing loads or runs but the extension's own script (by nonce), stylesheet, images and fonts: no inline script or style, no eval, no network. */
export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return ["default-src 'none'", `style-src ${cspSource}`, `img-src ${cspSource}`, `font-src ${cspSource}`, `script-src 'nonce-${nonce}'`].join('; ');
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
