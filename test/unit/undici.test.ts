// src/api/undici.ts requires undici's internal files (its index would bring fetch, WebSocket and
// the mock agents into every bundle). Those paths are not undici's public API, so an upgrade must
// be a deliberate change: the version is pinned exactly, and these checks fail if a new version
// moves or reshapes what we use.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { undici } from '../../src/api/undici';
import { startInlineServer, json } from './support/inlineServer';

const root = path.resolve(__dirname, '../../..');

describe('undici, imported by file', () => {
  it('is pinned to the exact version whose files src/api/undici.ts requires', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    const installed = (JSON.parse(fs.readFileSync(path.join(root, 'node_modules/undici/package.json'), 'utf8')) as { version: string }).version;
    assert.match(manifest.dependencies.undici ?? '', /^\d+\.\d+\.\d+$/, 'undici must be pinned to an exact version');
    assert.equal(installed, manifest.dependencies.undici);
  });

  it('gives its dispatchers a working request API, through the proxy agent too', async () => {
    const server = await startInlineServer((_req, res) => json(res, 200, { ok: true }));
    const { Agent, EnvHttpProxyAgent } = undici();
    const dispatchers = [new Agent(), new EnvHttpProxyAgent({ httpProxy: 'http://127.0.0.1:9', noProxy: '127.0.0.1' })];
    try {
      for (const d of dispatchers) {
        const url = new URL('/probe?x=1', server.url);
        const res = await d.request({ origin: url.origin, path: `${url.pathname}${url.search}`, method: 'GET' });
        assert.equal(res.statusCode, 200);
        assert.deepEqual(await res.body.json(), { ok: true });
      }
    } finally {
      await Promise.all(dispatchers.map((d) => d.close()));
      await server.close();
    }
  });
});
