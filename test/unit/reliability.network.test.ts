// Corporate networks: an HTTPS Campfire server whose certificate comes from a private CA, and an
// HTTP proxy in between. The client trusts extra CAs only when told to, goes through the proxy
// when configured (environment or VS Code's http.proxy), bypasses it for NO_PROXY, and never sends
// a loopback or plain-http request through it, where the proxy would read the key in clear.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { CampfireClient, type CampfireClientOptions } from '../../src/api/client';
import { CampfireNetworkError } from '../../src/api/errors';
import { startSampleServer, type SampleServer } from '../../src/sampleServer/server';
import { startConnectProxy, type ConnectProxy } from './support/connectProxy';
import { startInlineServer, json } from './support/inlineServer';
import { makeTestPki, type TestPki } from './support/testPki';
import { contracts } from '../../src/resources';

const KEY = 'network-test-key';

describe('certificates and proxies', () => {
  let pki: TestPki;
  let tlsServer: SampleServer;
  let proxy: ConnectProxy;
  const clients: CampfireClient[] = [];

  const client = (baseUrl: string, over: Partial<CampfireClientOptions> = {}) => {
    const c = new CampfireClient({ baseUrl, getApiKey: () => KEY, retry: { maxAttempts: 1 }, timeoutMs: 5000, ...over });
    clients.push(c);
    return c;
  };
  const firstContract = () => tlsServer.dataset.contracts()[0]?.id ?? 0;

  before(async () => {
    pki = makeTestPki();
    // 127.0.0.2 is loopback but not one of the names the client always keeps off proxies.
    tlsServer = await startSampleServer({ token: KEY, host: '127.0.0.2', tls: { key: pki.key, cert: pki.cert } });
    proxy = await startConnectProxy();
  });
  after(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await tlsServer.close();
    await proxy.stop();
    fs.rmSync(pki.dir, { recursive: true, force: true });
  });

  it('refuses a certificate from an unknown CA with a clear network error', async () => {
    const c = client(tlsServer.url, { network: { env: {} } });
    await assert.rejects(contracts.get(c, { contractId: firstContract() }), (e: unknown) => {
      assert.ok(e instanceof CampfireNetworkError);
      assert.match(e.message, /Could not reach Campfire \((UNABLE_TO_VERIFY_LEAF_SIGNATURE|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_GET_ISSUER_CERT_LOCALLY|DEPTH_ZERO_SELF_SIGNED_CERT)/);
      return true;
    });
  });

  it('trusts the CA from NODE_EXTRA_CA_CERTS, or from a configured CA file', async () => {
    const viaEnv = client(tlsServer.url, { network: { env: { NODE_EXTRA_CA_CERTS: pki.caFile } } });
    assert.equal((await contracts.get(viaEnv, { contractId: firstContract() })).id, firstContract());
    const viaFile = client(tlsServer.url, { network: { env: {}, extraCaFiles: [pki.caFile] } });
    assert.equal((await contracts.get(viaFile, { contractId: firstContract() })).id, firstContract());
  });

  it('accepts the certificate when the user turned strict SSL off (http.proxyStrictSSL: false)', async () => {
    const c = client(tlsServer.url, { network: { env: {}, strictSSL: false } });
    assert.equal((await contracts.get(c, { contractId: firstContract() })).id, firstContract());
  });

  // campfire.test is a name only the proxy resolves (to 127.0.0.2): reaching it proves the proxy was used.
  const viaProxyUrl = () => `https://campfire.test:${new URL(tlsServer.url).port}`;

  it('goes through the proxy from HTTPS_PROXY, tunnelling TLS with CONNECT: the proxy never sees the key', async () => {
    const before = proxy.seen.length;
    tlsServer.resetRecording();
    const c = client(viaProxyUrl(), { network: { env: { HTTPS_PROXY: proxy.url, NODE_EXTRA_CA_CERTS: pki.caFile } } });
    assert.equal((await contracts.get(c, { contractId: firstContract() })).id, firstContract());
    assert.deepEqual(proxy.seen.slice(before), [`CONNECT campfire.test:${new URL(tlsServer.url).port}`]);
    assert.equal(tlsServer.requests[0]?.authorization, `Token ${KEY}`);
  });

  it('goes through the proxy set in VS Code (http.proxy)', async () => {
    const before = proxy.seen.length;
    const c = client(viaProxyUrl(), { network: { env: {}, proxy: proxy.url, extraCaFiles: [pki.caFile] } });
    assert.equal((await contracts.get(c, { contractId: firstContract() })).id, firstContract());
    assert.match(proxy.seen.slice(before).join('\n'), /^CONNECT campfire\.test:/);
  });

  it('bypasses the proxy for hosts in NO_PROXY / http.noProxy', async () => {
    const before = proxy.seen.length;
    const host = `127.0.0.2:${new URL(tlsServer.url).port}`;
    const c = client(`https://${host}`, { network: { env: { HTTPS_PROXY: proxy.url, NO_PROXY: 'campfire.test', NODE_EXTRA_CA_CERTS: pki.caFile } } });
    assert.equal((await contracts.get(c, { contractId: firstContract() })).id, firstContract());
    const viaSetting = client(viaProxyUrl(), { network: { env: {}, proxy: proxy.url, noProxy: ['campfire.test'], extraCaFiles: [pki.caFile] } });
    // Around the proxy, campfire.test is a name nobody resolves: the request fails without touching the proxy.
    await assert.rejects(contracts.get(viaSetting, { contractId: firstContract() }), CampfireNetworkError);
    assert.deepEqual(proxy.seen.slice(before), []);
  });

  it('never sends a loopback or plain-http request through a proxy, however the loopback address is written', async () => {
    const direct = await startInlineServer((_req, res) => json(res, 200, { id: 1, deal_name: null }), '::');
    try {
      const port = new URL(direct.url).port;
      for (const base of [`http://[::1]:${port}`, `http://127.0.0.2:${port}`, `http://localhost:${port}`, `http://127.1.2.3:${port}`]) {
        const before = proxy.seen.length;
        const c = client(base, { network: { env: { HTTP_PROXY: proxy.url, HTTPS_PROXY: proxy.url }, proxy: proxy.url } });
        await c.get({ path: '/rr/api/v1/contracts/1', endpoint: 'contract 1' });
        assert.deepEqual(proxy.seen.slice(before), [], `${base} went around the proxy`);
        assert.equal(direct.requests.at(-1)?.authorization, `Token ${KEY}`, `${base} reached the server directly`);
      }
      // The TLS server on 127.0.0.2, proxy configured: loopback is reached directly too.
      const before = proxy.seen.length;
      const tls = client(tlsServer.url, { network: { env: { HTTPS_PROXY: proxy.url, NODE_EXTRA_CA_CERTS: pki.caFile } } });
      assert.equal((await contracts.get(tls, { contractId: firstContract() })).id, firstContract());
      assert.deepEqual(proxy.seen.slice(before), []);
    } finally {
      await direct.close();
    }
  });

  it('a proxy that is not there is a clear network error', async () => {
    const c = client(viaProxyUrl(), { network: { env: {}, proxy: 'http://127.0.0.1:9' } });
    await assert.rejects(contracts.get(c, { contractId: 1 }), CampfireNetworkError);
  });
});
