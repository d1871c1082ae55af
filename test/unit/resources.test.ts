// The resource descriptors against Campfire's published OpenAPI document: each list path is a
// documented GET path, the item endpoint exists exactly where the descriptor says so, and the
// columns of an export without rows are the fields the schema names, in the documented order
// (the order the rows themselves bring).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { consumption, contracts, prepaidCommits, tierPriceOverrides, usageEvents, type AnyResource } from '../../src/resources';
import { loadOpenApi } from './support/openapi';

const DOCUMENTED: [AnyResource, string, string?][] = [
  [contracts, 'Contract'],
  [prepaidCommits, 'ContractPrepaidCommit'],
  [tierPriceOverrides, 'TierPriceOverride'],
  [usageEvents, 'PrepaidUsageEvent', 'data'],
  [consumption, 'ContractPrepaidCommitConsumption'],
];

describe('resource descriptors', () => {
  const doc = loadOpenApi() as unknown as { paths: Record<string, unknown>; components: { schemas: Record<string, { properties: Record<string, unknown> }> } };
  // The document's paths with every {parameter} as one shape, to compare with ours.
  const documentedPaths = new Set(Object.keys(doc.paths).map((p) => p.replace(/\{[^}]+\}/g, '{}').replace(/\/$/, '')));
  const ids = { contractId: 1, commitId: 2, overrideId: 3, eventId: 4, consumptionId: 5 };
  const shape = (path: string) => path.replace(/\/\d+/g, '/{}');

  for (const [resource, documented, flattened] of DOCUMENTED) {
    it(`${resource.name}: its list path is documented, and its item path exactly when it has an item endpoint`, () => {
      assert.ok(documentedPaths.has(shape(resource.listPath(ids as never))), `${resource.listPath(ids as never)} is not a documented path`);
      assert.equal(documentedPaths.has(shape(`/rr/api/v1${resource.itemPath(ids as never)}`)), resource.hasItemEndpoint);
    });

    it(`${resource.name}: export columns are every field of the schema, in the documented order`, () => {
      const fields = Object.keys(resource.itemSchema.shape).filter((k) => k !== flattened);
      const order = Object.keys(doc.components.schemas[documented]?.properties ?? {});
      assert.deepEqual([...resource.baseColumns].sort(), [...fields].sort(), 'the schema\'s fields, no more, no less');
      assert.deepEqual(resource.baseColumns, order.filter((k) => fields.includes(k)), `the order of ${documented} in the API reference`);
    });
  }

  it('derives every other spelling from the one name', () => {
    assert.equal(tierPriceOverrides.segment, 'tier-price-overrides');
    assert.deepEqual(tierPriceOverrides.label, { one: 'tier price override', many: 'tier price overrides', title: 'Tier Price Overrides' });
    assert.deepEqual(tierPriceOverrides.contextValue, { item: 'campfire.tierPriceOverride', list: 'campfire.tierPriceOverrides' });
    assert.equal(usageEvents.listPath({ contractId: 12, commitId: 34 }), '/rr/api/v1/contracts/12/prepaid-commits/34/usage-events');
    assert.equal(prepaidCommits.itemPath({ contractId: 12, commitId: 34 }), '/contracts/12/prepaid-commits/34');
    assert.equal(usageEvents.describe({ contractId: 12, commitId: 34 }), 'usage events of prepaid commit 34 of contract 12');
    assert.throws(() => prepaidCommits.listPath({ contractId: -1 }), /non-negative integers/);
  });

  // Labels are written out for translation (l10n.t); in English they stay the words of the name.
  for (const [resource] of DOCUMENTED) {
    it(`${resource.name}: its English label is the words of its name`, () => {
      const many = resource.name.replace(/[A-Z]/g, (c) => ` ${c.toLowerCase()}`);
      const title = many.replace(/(^| )([a-z])/g, (_, s: string, c: string) => `${s}${c.toUpperCase()}`);
      assert.deepEqual(resource.label, { one: many.replace(/s$/, ''), many, title });
      assert.match(resource.summary, /^[a-z].*[^.]$/, 'a phrase that follows "Contracts: " in a tooltip');
    });
  }
});
