// The header of an export without rows: exactly the fields the schemas name, in the order
// Campfire's API reference documents them (the order the rows themselves bring).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { z } from 'zod';
import { contractSchema, prepaidCommitSchema, tierPriceOverrideSchema, usageEventSchema } from '../../src/api/schemas';
import { BASE_COLUMNS } from '../../src/export/columns';
import type { ExportResource } from '../../src/export/formats';
import { loadOpenApi } from './support/openapi';

const SOURCES: Record<ExportResource, { schema: z.ZodObject; documented: string; flattened?: string }> = {
  contracts: { schema: contractSchema, documented: 'Contract' },
  prepaidCommits: { schema: prepaidCommitSchema, documented: 'ContractPrepaidCommit' },
  tierPriceOverrides: { schema: tierPriceOverrideSchema, documented: 'TierPriceOverride' },
  usageEvents: { schema: usageEventSchema, documented: 'PrepaidUsageEvent', flattened: 'data' },
};

describe('CSV columns of an export without rows', () => {
  const doc = loadOpenApi() as unknown as { components: { schemas: Record<string, { properties: Record<string, unknown> }> } };

  for (const [resource, { schema, documented, flattened }] of Object.entries(SOURCES) as [ExportResource, (typeof SOURCES)[ExportResource]][]) {
    it(`${resource}: every field of the schema, in the documented order`, () => {
      const fields = Object.keys(schema.shape).filter((k) => k !== flattened);
      const order = Object.keys(doc.components.schemas[documented]?.properties ?? {});
      assert.deepEqual([...BASE_COLUMNS[resource]].sort(), [...fields].sort(), 'the schema\'s fields, no more, no less');
      assert.deepEqual(BASE_COLUMNS[resource], order.filter((k) => fields.includes(k)), `the order of ${documented} in the API reference`);
    });
  }
});
