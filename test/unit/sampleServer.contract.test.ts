// Contract test: every response of the local Campfire server validates against Campfire's
// published OpenAPI schema, so the server the tests and users rely on cannot drift from Campfire.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startSampleServer, type SampleServer } from '../../src/sampleServer/server';
import { FaultPlan } from './support/faults';
import { OpenApiValidator } from './support/openapi';

const KEY = 'contract-test-key';

async function getJson(server: SampleServer, pathAndQuery: string): Promise<unknown> {
  const res = await fetch(server.url + pathAndQuery, { headers: { authorization: `Token ${KEY}` } });
  assert.equal(res.status, 200, `${pathAndQuery} answered ${res.status}`);
  assert.match(res.headers.get('content-type') ?? '', /application\/json/);
  return res.json();
}

function check(v: OpenApiValidator, pathAndQuery: string, body: unknown): void {
  const { operationId, validate } = v.forPath(pathAndQuery.split('?')[0] ?? '');
  if (!validate) return; // documented as "No response body" (prepaid-commit-summary)
  assert.ok(validate(body), `${operationId} ${pathAndQuery} breaks the published schema:\n${v.errorsText(validate)}`);
}

describe('the local Campfire server honours the published OpenAPI schema', () => {
  let validator: OpenApiValidator;
  const servers: SampleServer[] = [];

  before(() => {
    validator = new OpenApiValidator();
  });
  after(async () => {
    await Promise.all(servers.map((s) => s.close()));
  });

  for (const setup of [{ seed: 1 }, { seed: 2 }, { seed: 3, hostile: true }] as const) {
    it(`every GET operation, several pages each (seed ${setup.seed}${'hostile' in setup ? ', hostile payloads' : ''})`, async () => {
      const server = await startSampleServer({ token: KEY, ...setup });
      servers.push(server);
      const d = server.dataset;
      const w = d.wellKnown;
      const urls: string[] = ['/rr/api/v1/contracts', '/rr/api/v1/contracts?limit=7&offset=14', '/rr/api/v1/contracts?limit=1000', '/rr/api/v1/product', '/rr/api/v1/product?limit=2&offset=2'];
      const contracts = d.contracts();
      for (const c of [contracts[0], contracts[Math.floor(contracts.length / 2)], contracts.at(-1)]) {
        if (!c) continue;
        urls.push(`/rr/api/v1/contracts/${c.id}`, `/rr/api/v1/contracts/${c.id}/prepaid-commits`, `/rr/api/v1/contracts/${c.id}/tier-price-overrides`, `/rr/api/v1/contracts/${c.id}/prepaid-commit-summary`);
      }
      urls.push(`/rr/api/v1/contracts/${w.contractWithOverrides}/tier-price-overrides?limit=2`, `/rr/api/v1/contracts/${w.contractWithNoCommits}/prepaid-commits`);
      for (const ref of [w.commitWith100kEvents, w.commitWith1MEvents, w.commitWithNoEvents]) {
        const base = `/rr/api/v1/contracts/${ref.contractId}/prepaid-commits/${ref.commitId}`;
        const n = d.usageEventCount(ref.contractId, ref.commitId);
        urls.push(base, `${base}/consumption`, `${base}/usage-events`, `${base}/usage-events?limit=1000&offset=${Math.max(0, n - 1000)}`, `${base}/usage-events?limit=500&offset=${Math.floor(n / 2)}`);
      }
      for (const p of d.products().slice(0, 3)) urls.push(`/rr/api/v1/product/${p.id}`);
      for (const url of urls) check(validator, url, await getJson(server, url));
      // Every operation of the schema was exercised.
      const seen = new Set(urls.map((u) => validator.forPath(u.split('?')[0] ?? '').operationId));
      const expected = validator.operations.filter((o) => !o.template.startsWith('/rr/api/v1/customers')).map((o) => o.operationId);
      for (const op of expected) assert.ok(seen.has(op), `operation ${op} was not checked`);
    });
  }

  it('every page of a whole commit of usage events validates (data keys vary from row to row)', async () => {
    const server = await startSampleServer({ token: KEY, seed: 5 });
    servers.push(server);
    const c = server.dataset.contracts().find((x) => server.dataset.prepaidCommits(x.id).some((p) => server.dataset.usageEventCount(x.id, p.id) > 0 && server.dataset.usageEventCount(x.id, p.id) < 20_000));
    assert.ok(c);
    const commit = server.dataset.prepaidCommits(c.id).find((p) => server.dataset.usageEventCount(c.id, p.id) > 0);
    assert.ok(commit);
    const n = server.dataset.usageEventCount(c.id, commit.id);
    for (let offset = 0; offset < n; offset += 1000) {
      const url = `/rr/api/v1/contracts/${c.id}/prepaid-commits/${commit.id}/usage-events?limit=1000&offset=${offset}`;
      check(validator, url, await getJson(server, url));
    }
  });

  it('the validator has teeth: missing required fields, wrong types, nulls and writeOnly fields fail', async () => {
    const server = await startSampleServer({ token: KEY });
    servers.push(server);
    const c = server.dataset.contracts()[0];
    assert.ok(c);
    const url = `/rr/api/v1/contracts/${c.id}`;
    const good = (await getJson(server, url)) as Record<string, unknown>;
    const { validate } = validator.forPath(url);
    assert.ok(validate);
    const broken: [string, Record<string, unknown>][] = [
      ['missing required client_name', (({ client_name: _x, ...rest }) => rest)(good)],
      ['id as a string', { ...good, id: String(good.id) }],
      ['null where not nullable (total_revenue)', { ...good, total_revenue: null }],
      ['date in the wrong format', { ...good, contract_start_date: '03/01/2025' }],
      ['status outside its enum', { ...good, status: 'ARCHIVED' }],
      ['number beyond exclusiveMaximum', { ...good, total_revenue: 10_000_000_000_000 }],
      ['writeOnly prepaid_commits in a response', { ...good, prepaid_commits: [] }],
    ];
    assert.ok(validate(good), validator.errorsText(validate));
    for (const [what, body] of broken) assert.equal(validate(body), false, `${what} must fail validation`);
    // nullable fields accept null
    assert.ok(validate({ ...good, deal_name: null, contract_end_date: null }), validator.errorsText(validate));
  });

  it('a schema-breaking fault really breaks the schema (so client tests of it mean something)', async () => {
    const server = await startSampleServer({ token: KEY, faults: new FaultPlan() });
    servers.push(server);
    const url = '/rr/api/v1/contracts?limit=5&_fault=schema';
    const body = await getJson(server, url);
    const { validate } = validator.forPath('/rr/api/v1/contracts');
    assert.ok(validate);
    assert.equal(validate(body), false);
  });
});
