// Which way a request goes (undici direct, undici through the configured proxy, or the host's https
// module, which VS Code patches with its proxy and certificate support), and that the client keeps
// one behaviour over the host's transport: caps, timeouts, cancellation, certificate errors, and a
// Proxy-Authorization that reaches the proxy only, the key never crossing it in clear.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import tls from 'node:tls';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { CampfireClient } from '../../src/api/client';
import { CampfireCancelledError, CampfireNetworkError, CampfireRefusedResponseError, CampfireTimeoutError } from '../../src/api/errors';
import { networkRoute, type NetworkOptions } from '../../src/api/network';
import { hostHttpsTransport } from '../../src/api/transport';
import { contracts } from '../../src/resources';
import { startSampleServer, type SampleServer } from '../../src/sampleServer/server';
import { startConnectProxy } from './support/connectProxy';
import { makeTestPki, type TestPki } from './support/testPki';

const KEY = 'route-test-key-4f8a2c9e';

describe('network route', () => {
  const remote = new URL('https://campfire.example.com');
  const route = (options: NetworkOptions, origin = remote, env: NodeJS.ProcessEnv = {}) => networkRoute(options, origin, env).kind;

  it('takes the host https module in VS Code, undici with its own proxy in campfire-export', () => {
    assert.equal(route({ hostNetwork: true }), 'host');
    assert.equal(route({ hostNetwork: true, proxy: 'http://proxy.corp:3128' }), 'host');
    assert.equal(route({ hostNetwork: true }, remote, { HTTPS_PROXY: 'http://proxy.corp:3128' }), 'host');
    assert.equal(route({}), 'direct');
    assert.equal(route({ proxy: 'http://proxy.corp:3128' }), 'proxy');
    assert.equal(route({}, remote, { https_proxy: 'http://proxy.corp:3128' }), 'proxy');
  });

  it('sends http.proxyAuthorization itself, through the configured proxy, since VS Code gives it to its own requests only', () => {
    assert.deepEqual(networkRoute({ hostNetwork: true, proxy: 'http://proxy.corp:3128', proxyAuthorization: 'Basic dTpw' }, remote, {}), { kind: 'proxy', proxy: 'http://proxy.corp:3128' });
    assert.deepEqual(networkRoute({ hostNetwork: true, proxyAuthorization: 'Basic dTpw' }, remote, { HTTP_PROXY: 'http://env.proxy:80' }), { kind: 'proxy', proxy: 'http://env.proxy:80' });
    // No proxy configured: the header has nowhere to go, and VS Code's resolution (PAC, system) decides.
    assert.equal(route({ hostNetwork: true, proxyAuthorization: 'Basic dTpw' }), 'host');
  });

  it('never lets a proxy or the host stack near a loopback or plain-http origin', () => {
    const loopback = fc.oneof(
      fc.constantFrom('localhost', '[::1]'),
      fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255)).map(([a, b, c]) => `127.${a}.${b}.${c}`),
    );
    const options = fc.record(
      {
        hostNetwork: fc.boolean(),
        proxy: fc.constantFrom('http://proxy.corp:3128', 'https://proxy.corp', ' '),
        proxyAuthorization: fc.constantFrom('Basic dTpw', ''),
        noProxy: fc.constant([]),
      },
      { requiredKeys: [] },
    );
    const env = fc.constantFrom<NodeJS.ProcessEnv>({}, { HTTPS_PROXY: 'http://p:1' }, { HTTP_PROXY: 'http://p:1', NO_PROXY: '' });
    fc.assert(
      fc.property(fc.constantFrom('http:', 'https:'), loopback, fc.nat(65535), options, env, (scheme, host, port, o, e) => {
        assert.equal(networkRoute(o, new URL(`${scheme}//${host}:${port}`), e).kind, 'direct');
      }),
    );
    fc.assert(
      fc.property(fc.domain(), options, env, (host, o, e) => {
        // Any other https origin: the host decides, or the configured proxy, never plain sockets past a proxy.
        const r = networkRoute(o, new URL(`https://${host}`), e);
        const proxy = o.proxy?.trim() || e.HTTPS_PROXY || e.HTTP_PROXY;
        assert.equal(r.kind, o.hostNetwork && !(proxy && o.proxyAuthorization) ? 'host' : proxy ? 'proxy' : 'direct');
      }),
    );
  });
});

describe("the client over the host's https module", () => {
  let pki: TestPki;
  let server: https.Server;
  let base: string;
  let ca: string[];
  const clients: CampfireClient[] = [];
  const client = (transportCa: string[] | undefined, timeoutMs = 5000) => {
    const c = new CampfireClient({
      baseUrl: base,
      getApiKey: () => KEY,
      retry: { maxAttempts: 1 },
      timeoutMs,
      maxResponseBytes: 1024,
      transport: hostHttpsTransport({ ca: transportCa, rejectUnauthorized: true }),
    });
    clients.push(c);
    return c;
  };

  before(async () => {
    pki = makeTestPki();
    ca = [...tls.rootCertificates, fs.readFileSync(pki.caFile, 'utf8')];
    server = https.createServer({ key: pki.key, cert: pki.cert }, (req, res) => {
      if (req.url?.startsWith('/big')) {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ text: 'x'.repeat(4096) }));
      } else if (req.url?.startsWith('/stall')) {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write('{"partial":');
      } else {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ ok: true, authorization: req.headers.authorization === `Token ${KEY}` }));
      }
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.2', r));
    base = `https://127.0.0.2:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    await Promise.all(clients.map((c) => c.close()));
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
    fs.rmSync(pki.dir, { recursive: true, force: true });
  });

  it('reads a response, the key sent to the origin', async () => {
    const res = await client(ca).get({ path: '/ok', endpoint: 'ok' });
    assert.deepEqual(res.body, { ok: true, authorization: true });
  });

  it('refuses a response past the cap, and a certificate nobody it trusts signed', async () => {
    await assert.rejects(client(ca).get({ path: '/big', endpoint: 'big' }), (e: unknown) => e instanceof CampfireRefusedResponseError && /more than/.test(e.message));
    await assert.rejects(client(undefined).get({ path: '/ok', endpoint: 'ok' }), (e: unknown) => e instanceof CampfireNetworkError && /UNABLE_TO_VERIFY_LEAF_SIGNATURE|SELF_SIGNED|ISSUER/.test(e.message));
  });

  it('times out a body that stops coming, and stops when the caller cancels', async () => {
    await assert.rejects(client(ca, 300).get({ path: '/stall', endpoint: 'stall' }), CampfireTimeoutError);
    const cancel = new AbortController();
    const pending = client(ca).get({ path: '/stall', endpoint: 'stall', signal: cancel.signal });
    setImmediate(() => cancel.abort());
    await assert.rejects(pending, CampfireCancelledError);
  });
});

describe('http.proxyAuthorization', () => {
  let pki: TestPki;
  let remote: SampleServer;
  before(async () => {
    pki = makeTestPki();
    remote = await startSampleServer({ token: KEY, host: '127.0.0.2', tls: { key: pki.key, cert: pki.cert } });
  });
  after(async () => {
    await remote.close();
    fs.rmSync(pki.dir, { recursive: true, force: true });
  });

  it('goes to the proxy in the CONNECT request only; the proxy never reads the key', async () => {
    const authorization = `Basic ${Buffer.from('campfire:proxy-secret').toString('base64')}`;
    const proxy = await startConnectProxy({ authorization });
    const baseUrl = `https://campfire.test:${new URL(remote.url).port}`;
    const make = (proxyAuthorization: string | undefined) =>
      new CampfireClient({ baseUrl, getApiKey: () => KEY, retry: { maxAttempts: 1 }, network: { env: {}, hostNetwork: true, proxy: proxy.url, proxyAuthorization, extraCaFiles: [pki.caFile] } });
    const [without, withAuth] = [make(undefined), make(authorization)];
    try {
      // Without it the request takes VS Code's route, which outside VS Code is no proxy at all:
      // campfire.test resolves nowhere, so the proxy is not asked either.
      const contractId = remote.dataset.contracts()[0]?.id ?? 0;
      await assert.rejects(contracts.get(without, { contractId }), CampfireNetworkError);
      assert.deepEqual(proxy.seen, []);
      assert.equal((await contracts.get(withAuth, { contractId })).id, contractId);
      assert.deepEqual(proxy.seen, [`CONNECT campfire.test:${new URL(remote.url).port}`]);
      // Accepted (no 407 in `seen`), and in the CONNECT request's headers.
      assert.ok(proxy.received().toLowerCase().includes(`proxy-authorization: ${authorization.toLowerCase()}`), 'the proxy got the authorization');
      assert.ok(!proxy.received().includes(KEY), 'the key crossed the proxy only inside TLS');
      assert.ok(remote.requests.every((r) => r.authorization === `Token ${KEY}`));
    } finally {
      await Promise.all([without.close(), withAuth.close()]);
      await proxy.stop();
    }
  });
});
