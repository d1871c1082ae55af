// The extension's requests through VS Code's network stack: a server whose certificate only the
// operating system's store trusts (put there by test/exthost/os-trust.sh before the extension host
// started), reached through a proxy that demands basic authorization, as http.proxy with credentials
// or as http.proxyAuthorization; http.systemCertificates and http.proxySupport change the outcome.
// PAC and system proxies are resolved by desktop VS Code's own process from the operating system;
// code-server's extension host has no such source, so they are not exercised here (docs/NETWORK.md).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ConnectionReport } from '../../../src/commands/account';
import { startSampleServer, type SampleServer } from '../../../src/sampleServer/server';
import { startConnectProxy, type ConnectProxy } from '../../unit/support/connectProxy';
import type { CampfireTestingApi } from '../probe/testingApi';
import { activate, changeConnection } from '../helpers';

const KEY = 'exthost-network-key-5c21e9';
const OS_TRUST_DIR = process.env.CAMPFIRE_OS_TRUST_DIR ?? '/var/tmp/campfire-exthost-os-trust';
const USER = 'campfire';
const PASSWORD = 'proxy-pass-8e1';
const BASIC = `Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString('base64')}`;

describe("VS Code's network stack", () => {
  let api: CampfireTestingApi;
  let remote: SampleServer;
  let proxy: ConnectProxy;
  let baseUrl: string;
  const http = () => vscode.workspace.getConfiguration('http');
  const config = () => vscode.workspace.getConfiguration('campfire');
  const extraCa = process.env.NODE_EXTRA_CA_CERTS;
  const change = (apply: () => Thenable<void>) => changeConnection(api, apply);
  const check = () => Promise.resolve(vscode.commands.executeCommand<ConnectionReport>('campfire.checkConnection', { quiet: true }));

  before(async () => {
    const file = (name: string) => path.join(OS_TRUST_DIR, name);
    assert.ok(
      fs.existsSync(file('server.pem')),
      `the test CA is not in the system's certificate store: run  sudo bash test/exthost/os-trust.sh install  before the extension-host tests (.ci/run does)`,
    );
    // Only the operating system's store may vouch for the server: no CA file of Campfire's own.
    delete process.env.NODE_EXTRA_CA_CERTS;
    api = await activate();
    // campfire.test is a name only the test proxy resolves (to 127.0.0.2), and the name in the certificate.
    remote = await startSampleServer({ token: KEY, contracts: 7, seed: 31, host: '127.0.0.2', tls: { key: fs.readFileSync(file('server.key'), 'utf8'), cert: fs.readFileSync(file('server.pem'), 'utf8') } });
    proxy = await startConnectProxy({ authorization: BASIC });
    baseUrl = `https://campfire.test:${new URL(remote.url).port}`;
  });

  after(async () => {
    for (const key of ['proxy', 'proxyAuthorization', 'proxySupport', 'systemCertificates']) await http().update(key, undefined, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('campfire.signOut');
    await config().update('baseUrl', undefined, vscode.ConfigurationTarget.Global);
    if (extraCa !== undefined) process.env.NODE_EXTRA_CA_CERTS = extraCa;
    await proxy.stop();
    await remote.close();
  });

  it('reaches a server trusted only by the system store, through a proxy with basic credentials in http.proxy', async () => {
    const proxyUrl = new URL(proxy.url);
    proxyUrl.username = USER;
    proxyUrl.password = PASSWORD;
    await change(() => http().update('proxy', proxyUrl.href, vscode.ConfigurationTarget.Global));
    await change(() => config().update('baseUrl', baseUrl, vscode.ConfigurationTarget.Global));
    assert.equal(await vscode.commands.executeCommand<boolean>('campfire.signIn', { apiKey: KEY }), true, 'the key checked through the proxy');
    const report = await check();
    assert.equal(report.contracts, remote.dataset.contracts().length);
    const port = new URL(remote.url).port;
    assert.ok(proxy.seen.length > 0 && proxy.seen.every((line) => line === `CONNECT campfire.test:${port}`), `tunnels only, all accepted: ${proxy.seen.join(', ')}`);
    assert.ok(!proxy.received().includes(KEY), 'the proxy never read the key');
    assert.ok(remote.requests.length > 0 && remote.requests.every((r) => r.authorization === `Token ${KEY}`));
  });

  it('sends http.proxyAuthorization to the proxy itself, in the CONNECT request only', async () => {
    await change(() => http().update('proxy', proxy.url, vscode.ConfigurationTarget.Global));
    await change(() => http().update('proxyAuthorization', BASIC, vscode.ConfigurationTarget.Global));
    const seen = proxy.seen.length;
    const report = await check();
    assert.equal(report.contracts, remote.dataset.contracts().length);
    assert.deepEqual(new Set(proxy.seen.slice(seen)), new Set([`CONNECT campfire.test:${new URL(remote.url).port}`]), 'accepted tunnels');
    assert.ok(!proxy.received().includes(KEY), 'the proxy never read the key');
  });

  it('distrusts the system store with http.systemCertificates off, and skips the proxy with http.proxySupport off', async () => {
    await change(() => http().update('proxyAuthorization', undefined, vscode.ConfigurationTarget.Global));
    const proxyUrl = new URL(proxy.url);
    proxyUrl.username = USER;
    proxyUrl.password = PASSWORD;
    await change(() => http().update('proxy', proxyUrl.href, vscode.ConfigurationTarget.Global));
    await change(() => http().update('systemCertificates', false, vscode.ConfigurationTarget.Global));
    await assert.rejects(check(), /Could not reach Campfire \((UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT_LOCALLY|SELF_SIGNED_CERT_IN_CHAIN)/);
    await change(() => http().update('systemCertificates', undefined, vscode.ConfigurationTarget.Global));
    assert.equal((await check()).contracts, remote.dataset.contracts().length, 'trusted again');

    const seen = proxy.seen.length;
    await change(() => http().update('proxySupport', 'off', vscode.ConfigurationTarget.Global));
    // Around the proxy nobody resolves campfire.test.
    await assert.rejects(check(), /Could not reach Campfire/);
    assert.deepEqual(proxy.seen.slice(seen), [], 'the proxy was not asked');
  });

  it('says why a proxy could not be used: a proxy that is not listening', async () => {
    await change(() => http().update('proxySupport', undefined, vscode.ConfigurationTarget.Global));
    const closed = net.createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as net.AddressInfo).port;
    await new Promise((r) => closed.close(r));
    await change(() => http().update('proxy', `http://127.0.0.1:${port}`, vscode.ConfigurationTarget.Global));
    await assert.rejects(check(), /Could not reach Campfire \(ECONNREFUSED\)/);
  });
});
