// From inside the extension host: the extension talks to the local Campfire server over real
// HTTP with the key it keeps in SecretStorage, and refuses base URLs that would leak the key.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ConnectionReport } from '../../../src/commands/account';
import type { CampfireTestingApi as CampfireExtensionApi } from '../probe/testingApi';
import { startSampleServer, type SampleServer } from '../../../src/sampleServer/server';
import { startConnectProxy } from '../../unit/support/connectProxy';
import { makeTestPki } from '../../unit/support/testPki';
import * as fs from 'node:fs';
import { changeConnection, waitFor, storedKey } from '../helpers';

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
    assert.equal(await storedKey(api), 'exthost-key-7d1e');
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
    assert.equal(await storedKey(api), undefined);
  });

  it('refuses a key whose role lacks permission, without storing it', async () => {
    await assert.rejects(Promise.resolve(vscode.commands.executeCommand('campfire.signIn', { apiKey: 'role-without-access' })), /403/);
    assert.equal(await storedKey(api), undefined);
  });

  it('sends no key to an origin a workspace setting points at, until the user signs in there', async () => {
    await vscode.commands.executeCommand('campfire.signIn', { apiKey: 'exthost-key-7d1e' });
    const collector = await startSampleServer({ token: 'collector-own-key' });
    try {
      // A repository's .vscode/settings.json pointing Campfire elsewhere.
      await config().update('baseUrl', collector.url, vscode.ConfigurationTarget.Workspace);
      await waitFor(() => api.services.connection.origin === collector.url, 5000, 'the window to point at the workspace origin');
      await waitFor(() => !api.tree.session.isSignedIn, 5000, 'the tree to ask the user to sign in');
      assert.equal(api.services.connection.account, undefined, 'no account for that origin');
      await assert.rejects(Promise.resolve(vscode.commands.executeCommand('campfire.checkConnection', { quiet: true })), /API key/);
      await vscode.commands.executeCommand('campfire.refresh');
      assert.ok(collector.requests.every((r) => r.authorization === undefined), 'the workspace origin never received a key');
      assert.ok(!JSON.stringify(collector.requests).includes('exthost-key-7d1e'));

      // Signing in there asks for (and saves) a key for that host only; the first account stays.
      assert.equal(await vscode.commands.executeCommand<boolean>('campfire.signIn', { apiKey: 'collector-own-key' }), true);
      assert.equal(await storedKey(api), 'collector-own-key');
      assert.equal(await api.services.accounts.keyFor(server.url), 'exthost-key-7d1e');
      await vscode.commands.executeCommand('campfire.signOut');
    } finally {
      await config().update('baseUrl', undefined, vscode.ConfigurationTarget.Workspace);
      await collector.close();
    }
    await waitFor(() => api.services.connection.origin === server.url, 5000, 'the user setting to apply again');
    assert.equal(await storedKey(api), 'exthost-key-7d1e', "the user's own account is untouched");
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

  it("goes through VS Code's http.proxy (sign-in included), and around it for the hosts in http.noProxy; loopback never through it", async () => {
    // campfire.test is a name only the test proxy resolves (to 127.0.0.2): a request that reaches
    // the server went through the proxy. The extension host cannot be given the test CA, so
    // certificate checks are off for this test (http.proxyStrictSSL: false), as a user behind an
    // inspecting proxy might set them.
    const pki = makeTestPki();
    const remote = await startSampleServer({ token: 'exthost-key-7d1e', host: '127.0.0.2', tls: { key: pki.key, cert: pki.cert } });
    const proxy = await startConnectProxy();
    const http = () => vscode.workspace.getConfiguration('http');
    const change = (apply: () => Thenable<void>) => changeConnection(api, apply);
    try {
      await vscode.commands.executeCommand('campfire.signIn', { apiKey: 'exthost-key-7d1e' });
      await change(() => http().update('proxy', proxy.url, vscode.ConfigurationTarget.Global));
      // The local server on 127.0.0.1, plain http: never through the proxy, where the key would be in clear.
      const local = await vscode.commands.executeCommand<ConnectionReport>('campfire.checkConnection', { quiet: true });
      assert.equal(local.contracts, server.dataset.contracts().length);
      assert.deepEqual(proxy.seen, [], 'loopback went around the proxy');

      await change(() => http().update('proxyStrictSSL', false, vscode.ConfigurationTarget.Global));
      await change(() => config().update('baseUrl', `https://campfire.test:${new URL(remote.url).port}`, vscode.ConfigurationTarget.Global));
      // Signing in checks the key through the same proxy: campfire.test is reachable only through it.
      const connects = proxy.seen.length;
      assert.equal(await vscode.commands.executeCommand<boolean>('campfire.signIn', { apiKey: 'exthost-key-7d1e' }), true);
      assert.match(proxy.seen.slice(connects).join('\n'), /^CONNECT campfire\.test:\d+$/m, 'the sign-in check went through the proxy');
      const viaProxy = await vscode.commands.executeCommand<ConnectionReport>('campfire.checkConnection', { quiet: true });
      assert.equal(viaProxy.contracts, remote.dataset.contracts().length);
      assert.match(proxy.seen.join('\n'), /^CONNECT campfire\.test:\d+$/m, 'the request went through the proxy, as a tunnel');
      assert.equal(remote.requests.at(-1)?.authorization, 'Token exthost-key-7d1e');

      const seen = proxy.seen.length;
      await change(() => http().update('noProxy', ['campfire.test'], vscode.ConfigurationTarget.Global));
      // Around the proxy nobody resolves campfire.test: the check fails, and the proxy saw nothing.
      await assert.rejects(Promise.resolve(vscode.commands.executeCommand('campfire.checkConnection', { quiet: true })));
      assert.deepEqual(proxy.seen.slice(seen), [], 'the request went around the proxy');
    } finally {
      await http().update('noProxy', undefined, vscode.ConfigurationTarget.Global);
      await http().update('proxy', undefined, vscode.ConfigurationTarget.Global);
      await http().update('proxyStrictSSL', undefined, vscode.ConfigurationTarget.Global);
      await config().update('baseUrl', server.url, vscode.ConfigurationTarget.Global);
      await proxy.stop();
      await remote.close();
      fs.rmSync(pki.dir, { recursive: true, force: true });
    }
  });
});
