// From inside the extension host: the extension talks to the local Campfire server over real
// HTTP with the key it keeps in SecretStorage, and refuses base URLs that would leak the key.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ConnectionReport } from '../../../src/commands/checkConnection';
import type { CampfireExtensionApi } from '../../../src/extension';
import { startSampleServer, type SampleServer } from '../../../src/sampleServer/server';
import { startTinyproxy } from '../../unit/support/tinyproxy';
import { waitFor } from '../helpers';

const EXTENSION_ID = 'campfire-devtools.campfire-vscode';

describe('connection to a Campfire server', () => {
  let server: SampleServer;
  let api: CampfireExtensionApi;
  const config = () => vscode.workspace.getConfiguration('campfire');

  before(async () => {
    server = await startSampleServer({ token: 'exthost-key-7d1e', forbiddenTokens: ['role-without-access'] });
    const ext = vscode.extensions.getExtension<CampfireExtensionApi>(EXTENSION_ID);
    assert.ok(ext);
    api = await ext.activate();
    await config().update('baseUrl', server.url, vscode.ConfigurationTarget.Global);
  });

  after(async () => {
    await vscode.commands.executeCommand('campfire.signOut');
    await config().update('baseUrl', undefined, vscode.ConfigurationTarget.Global);
    await server.close();
  });

  it('signs in with a good key, stores it only in SecretStorage, and lists contracts over HTTP', async () => {
    const ok = await vscode.commands.executeCommand<boolean>('campfire.signIn', { apiKey: 'exthost-key-7d1e' });
    assert.equal(ok, true);
    assert.equal(await api.services.keys.get(), 'exthost-key-7d1e');
    server.resetRecording();
    const report = await vscode.commands.executeCommand<ConnectionReport>('campfire.checkConnection', { quiet: true });
    assert.equal(report.origin, server.url);
    assert.equal(report.contracts, server.dataset.contracts().length);
    const [req] = server.requests;
    assert.equal(req?.authorization, 'Token exthost-key-7d1e');
    assert.ok(!JSON.stringify(vscode.workspace.getConfiguration('campfire')).includes('exthost-key-7d1e'), 'the key is not in settings');
  });

  it('refuses a wrong key without storing it', async () => {
    await vscode.commands.executeCommand('campfire.signOut');
    await assert.rejects(Promise.resolve(vscode.commands.executeCommand('campfire.signIn', { apiKey: 'not-the-key' })), /rejected the API key \(401\)/);
    assert.equal(await api.services.keys.get(), undefined);
  });

  it('refuses a key whose role lacks permission, without storing it', async () => {
    await assert.rejects(Promise.resolve(vscode.commands.executeCommand('campfire.signIn', { apiKey: 'role-without-access' })), /403/);
    assert.equal(await api.services.keys.get(), undefined);
  });

  it('refuses a plain-http base URL that is not on this machine', async () => {
    await vscode.commands.executeCommand('campfire.signIn', { apiKey: 'exthost-key-7d1e' });
    await config().update('baseUrl', 'http://campfire.example.com', vscode.ConfigurationTarget.Global);
    try {
      server.resetRecording();
      await assert.rejects(Promise.resolve(vscode.commands.executeCommand('campfire.checkConnection', { quiet: true })), /must use https/);
      assert.equal(server.requests.length, 0);
    } finally {
      await config().update('baseUrl', server.url, vscode.ConfigurationTarget.Global);
    }
  });

  it("goes through VS Code's http.proxy, and around it for the hosts in http.noProxy", async () => {
    // 127.0.0.2 is loopback, but not one of the names the client always keeps off proxies.
    const remote = await startSampleServer({ token: 'exthost-key-7d1e', host: '127.0.0.2' });
    const proxy = await startTinyproxy();
    const http = () => vscode.workspace.getConfiguration('http');
    // Each setting change builds a new client; wait for it rather than race it.
    const change = async (apply: () => Thenable<void>) => {
      const before = api.services.connection.client;
      await apply();
      await waitFor(() => api.services.connection.client !== before, 5000, 'the connection to pick up the setting');
    };
    try {
      await vscode.commands.executeCommand('campfire.signIn', { apiKey: 'exthost-key-7d1e' });
      await change(() => config().update('baseUrl', remote.url, vscode.ConfigurationTarget.Global));
      await change(() => http().update('proxy', proxy.url, vscode.ConfigurationTarget.Global));
      const viaProxy = await vscode.commands.executeCommand<ConnectionReport>('campfire.checkConnection', { quiet: true });
      assert.equal(viaProxy.contracts, remote.dataset.contracts().length);
      assert.match(proxy.log(), /127\.0\.0\.2/, 'the request went through the proxy');
      assert.equal(remote.requests.at(-1)?.authorization, 'Token exthost-key-7d1e');

      const seen = proxy.log().length;
      await change(() => http().update('noProxy', ['127.0.0.2'], vscode.ConfigurationTarget.Global));
      const direct = await vscode.commands.executeCommand<ConnectionReport>('campfire.checkConnection', { quiet: true });
      assert.equal(direct.contracts, remote.dataset.contracts().length);
      assert.doesNotMatch(proxy.log().slice(seen), /127\.0\.0\.2/, 'the request went around the proxy');
    } finally {
      await http().update('noProxy', undefined, vscode.ConfigurationTarget.Global);
      await http().update('proxy', undefined, vscode.ConfigurationTarget.Global);
      await config().update('baseUrl', server.url, vscode.ConfigurationTarget.Global);
      await proxy.stop();
      await remote.close();
    }
  });
});
