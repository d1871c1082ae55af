import assert from 'node:assert/strict';
import Module from 'node:module';
import { describe, it } from 'node:test';
import { withVscodeStub } from './support/vscodeStub';

// The policy is written where the page is (html.ts), which imports `vscode`: nothing of it is used here.
const { contentSecurityPolicy } = withVscodeStub({}, () => Module.createRequire(__filename)('../../src/usageEvents/host/html') as typeof import('../../src/usageEvents/host/html'));

describe('usage-events webview Content Security Policy', () => {
  const csp = contentSecurityPolicy('https://file+.vscode-resource.vscode-cdn.net', 'n0nce');
  const directives = new Map(csp.split(';').map((d) => {
    const [name, ...values] = d.trim().split(/\s+/);
    return [name ?? '', values];
  }));

  it('denies everything by default', () => {
    assert.deepEqual(directives.get('default-src'), ["'none'"]);
  });

  it('runs only the script carrying the nonce: no inline script, no eval, no other origin', () => {
    assert.deepEqual(directives.get('script-src'), ["'nonce-n0nce'"]);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|\*|https?:\/\/(?!file\+)/);
  });

  it('loads styles, images and fonts only from the extension', () => {
    for (const d of ['style-src', 'img-src', 'font-src']) assert.deepEqual(directives.get(d), ['https://file+.vscode-resource.vscode-cdn.net'], d);
    assert.equal(directives.has('connect-src'), false, 'no network access from the webview');
  });
});
