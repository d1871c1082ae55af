// The MCP server VS Code starts from the extension: the SDK's own client over Streamable HTTP with
// the token VS Code is handed, against the local Campfire server; and every request without that
// token, from a browser, for another host name or path, or too large, refused before any tool runs.
import assert from 'node:assert/strict';
import http from 'node:http';
import { after, before, describe, it } from 'node:test';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { createClient } from '../../src/api/createClient';
import { ApiData } from '../../src/agentTools/core/campfireData';
import { CAMPFIRE_TOOLS } from '../../src/agentTools/core/tools';
import { startMcpEndpoint, type McpEndpoint } from '../../src/agentTools/mcp/mcpEndpoint';
import { campfireMcpTools, type McpDataSource } from '../../src/agentTools/mcp/mcpTools';
import { startSampleServer, type SampleServer } from '../../src/sampleServer/server';

const KEY = 'endpoint-test-key-9c2e';

async function connect(endpoint: McpEndpoint): Promise<Client> {
  const client = new Client({ name: 'campfire-test', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(endpoint.url), { requestInit: { headers: { Authorization: endpoint.authorization } } }));
  return client;
}

function textOf(result: Awaited<ReturnType<Client['callTool']>>): string {
  const [part] = result.content as { type: string; text: string }[];
  assert.equal(part?.type, 'text');
  return part.text;
}

/** A raw request, so that headers fetch will not send (Host) can be set. */
function rawPost(url: string, headers: Record<string, string>, body: string | Buffer): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const LIST_TOOLS = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list', params: {} });

describe('the MCP server VS Code starts (loopback HTTP)', () => {
  let campfire: SampleServer;
  let endpoint: McpEndpoint;
  let signedIn = true;
  let reads = 0;

  before(async () => {
    campfire = await startSampleServer({ token: KEY, seed: 5, contracts: 40 });
    const api = createClient({ baseUrl: campfire.url, getApiKey: () => KEY, userAgent: 'campfire-test' });
    const data = new ApiData(() => api, 'the test account', [KEY], { pageSize: 100, concurrency: 4 });
    const source: McpDataSource = () => {
      reads++;
      return Promise.resolve(signedIn ? data : { problem: 'Not signed in to Campfire: sign in (Campfire: Sign In) or explore the sample data, then ask again.' });
    };
    endpoint = await startMcpEndpoint((stop) => campfireMcpTools(source, stop));
  });
  after(async () => {
    await endpoint.close();
    await campfire.close();
  });

  it('listens on 127.0.0.1 only, with a random bearer token', () => {
    const url = new URL(endpoint.url);
    assert.equal(url.protocol, 'http:');
    assert.equal(url.hostname, '127.0.0.1');
    assert.match(endpoint.authorization, /^Bearer [A-Za-z0-9_-]{43}$/);
  });

  it('lists the five tools and answers them with the account’s data', async () => {
    const client = await connect(endpoint);
    try {
      const { tools } = await client.listTools();
      assert.deepEqual(
        tools.map((t) => t.name),
        CAMPFIRE_TOOLS.map((t) => t.name),
      );
      const all = campfire.dataset.contracts();
      const found = await client.callTool({ name: 'campfire_find_contracts', arguments: { maxRows: 3 } });
      assert.equal(found.isError, false);
      assert.ok(textOf(found).startsWith(`${all.length} of ${all.length} contracts match`), textOf(found));
      const contractId = campfire.dataset.wellKnown.contractWithOverrides;
      const one = await client.callTool({ name: 'campfire_get_contract', arguments: { contractId } });
      assert.match(textOf(one), new RegExp(`"id": ${contractId}`));
      assert.ok(!textOf(one).includes(KEY));
    } finally {
      await client.close();
    }
  });

  it('says signed out in words, as an error result', async () => {
    signedIn = false;
    const client = await connect(endpoint);
    try {
      const r = await client.callTool({ name: 'campfire_find_contracts', arguments: {} });
      assert.equal(r.isError, true);
      assert.match(textOf(r), /^Not signed in to Campfire/);
    } finally {
      signedIn = true;
      await client.close();
    }
  });

  it('refuses a request without the token, with another token, from a browser, for another host or path, or too large', async () => {
    const before = reads;
    const host = new URL(endpoint.url).host;
    const auth = { authorization: endpoint.authorization };
    const cases: [string, string, Record<string, string>, string | Buffer, number][] = [
      ['no token', endpoint.url, {}, LIST_TOOLS, 401],
      ['another token', endpoint.url, { authorization: `Bearer ${'A'.repeat(43)}` }, LIST_TOOLS, 401],
      ['the key itself', endpoint.url, { authorization: `Token ${KEY}` }, LIST_TOOLS, 401],
      ['a browser page', endpoint.url, { ...auth, origin: 'https://example.com' }, LIST_TOOLS, 403],
      ['a rebound host name', endpoint.url, { ...auth, host: `campfire.example:${host.split(':')[1] ?? ''}` }, LIST_TOOLS, 403],
      ['another path', endpoint.url.replace(/\/mcp$/, '/admin'), auth, LIST_TOOLS, 404],
      ['a body over 1 MiB', endpoint.url, auth, Buffer.alloc(1024 * 1024 + 1, 0x20), 413],
      ['a body that is not JSON', endpoint.url, auth, '{"jsonrpc":', 400],
    ];
    for (const [what, url, headers, body, status] of cases) {
      const r = await rawPost(url, headers, body);
      assert.equal(r.status, status, `${what}: ${r.body}`);
      assert.ok(!r.body.includes('campfire_find_contracts'), `${what} lists no tools`);
    }
    assert.equal(reads, before, 'no tool ran for a refused request');
    const ok = await rawPost(endpoint.url, auth, LIST_TOOLS);
    assert.equal(ok.status, 200, ok.body);
    assert.match(ok.body, /campfire_find_contracts/);
  });

  it('closes: the port no longer answers', async () => {
    const second = await startMcpEndpoint((stop) => campfireMcpTools(() => Promise.resolve({ problem: 'unused' }), stop));
    await second.close();
    await assert.rejects(rawPost(second.url, { authorization: second.authorization }, LIST_TOOLS), /ECONNREFUSED/);
  });
});
