// The webview's Content Security Policy: nothing loads or runs but the extension's own script
// (by nonce), stylesheet, images and fonts. No inline script or style, no eval, no network.

export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return ["default-src 'none'", `style-src ${cspSource}`, `img-src ${cspSource}`, `font-src ${cspSource}`, `script-src 'nonce-${nonce}'`].join('; ');
}
