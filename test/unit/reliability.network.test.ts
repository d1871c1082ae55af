// Corporate networks: an HTTPS Campfire server whose certificate comes from a private CA, and a
// real proxy (tinyproxy) in between. The client trusts extra CAs only when told to, goes through
// the proxy when configured (environment or VS Code's http.proxy), and bypasses it for NO_PROXY.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { CampfireClient, type CampfireClientOptions } from '../../src/api/client';
import { getContract } from '../../src/api/endpoints/contracts';
import { CampfireNetworkError } from '../../src/api/errors';
import { startSampleServer, type SampleServer } from '../../src/sampleServer/server';
import { makeTestPki, type TestPki } from './support/testPki';
import { startTinyproxy, type Proxy } from './support/tinyproxy';

const KEY = 'network-test-key';

describe('certificates and proxies', () => {
  let pki: TestPki;
  let tlsServer: SampleServer;
  let plainServer: SampleServer;
  let proxy: Proxy;
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
    plainServer = await startSampleServer({ token: KEY, host: '127.0.0.2' });
    proxy = await startTinyproxy();
  });
  after(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await tlsServer.close();
    await plainServer.close();
    await proxy.stop();
    fs.rmSync(pki.dir, { recursive: true, force: true });
  });

  it('refuses a certificate from an unknown CA with a clear network error', async () => {
    const c = client(tlsServer.url, { network: { env: {} } });
    await assert.rejects(getContract(c, firstContract()), (e: unknown) => {
      assert.ok(e instanceof CampfireNetworkError);
      assert.match(e.message, /Could not reach Campfire \((UNABLE_TO_VERIFY_LEAF_SIGNATURE|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_GET_ISSUER_CERT_LOCALLY|DEPTH_ZERO_SELF_SIGNED_CERT)/);
      return true;
    });
  });

  it('trusts the CA from NODE_EXTRA_CA_CERTS, or from a configured CA file', async () => {
    const viaEnv = client(tlsServer.url, { network: { env: { NODE_EXTRA_CA_CERTS: pki.caFile } } });
    assert.equal((await getContract(viaEnv, firstContract())).id, firstContract());
    const viaFile = client(tlsServer.url, { network: { env: {}, extraCaFiles: [pki.caFile] } });
    assert.equal((await getContract(viaFile, firstContract())).id, firstContract());
  });

  it('accepts the certificate when the user turned strict SSL off (http.proxyStrictSSL: false)', async () => {
    const c = client(tlsServer.url, { network: { env: {}, strictSSL: false } });
    assert.equal((await getContract(c, firstContract())).id, firstContract());
  });

  it('goes through the proxy from HTTPS_PROXY, tunnelling TLS with CONNECT', async () => {
    const before = proxy.log().length;
    tlsServer.resetRecording();
    const c = client(tlsServer.url, { network: { env: { HTTPS_PROXY: proxy.url, NODE_EXTRA_CA_CERTS: pki.caFile } } });
    assert.equal((await getContract(c, firstContract())).id, firstContract());
    const log = proxy.log().slice(before);
    assert.match(log, new RegExp(`CONNECT 127\\.0\\.0\\.2:${new URL(tlsServer.url).port}`));
    assert.equal(tlsServer.requests[0]?.authorization, `Token ${KEY}`);
  });

  it('goes through the proxy set in VS Code (http.proxy) for plain http too', async () => {
    const before = proxy.log().length;
    const c = client(plainServer.url, { network: { env: {}, proxy: proxy.url } });
    assert.equal((await getContract(c, plainServer.dataset.contracts()[0]?.id ?? 0)).id, plainServer.dataset.contracts()[0]?.id);
    assert.match(proxy.log().slice(before), /127\.0\.0\.2/);
  });

  it('bypasses the proxy for hosts in NO_PROXY / http.noProxy', async () => {
    const before = proxy.log().length;
    const c = client(plainServer.url, { network: { env: { HTTP_PROXY: proxy.url, NO_PROXY: '127.0.0.2' } } });
    assert.equal((await getContract(c, plainServer.dataset.contracts()[0]?.id ?? 0)).id, plainServer.dataset.contracts()[0]?.id);
    const viaSetting = client(plainServer.url, { network: { env: {}, proxy: proxy.url, noProxy: ['127.0.0.2'] } });
    await getContract(viaSetting, plainServer.dataset.contracts()[0]?.id ?? 0);
    assert.doesNotMatch(proxy.log().slice(before), /127\.0\.0\.2/);
  });

  it('a proxy that is not there is a clear network error', async () => {
    const c = client(plainServer.url, { network: { env: {}, proxy: 'http://127.0.0.1:9' } });
    await assert.rejects(getContract(c, 1), CampfireNetworkError);
  });
});
