import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { entityName, entityTitle, sanitizeTitle, type EntityRef } from '../../src/model/entityRef';
import { contracts, prepaidCommits, tierPriceOverrides } from '../../src/resources';

describe('JSON document titles', () => {
  it('say the kind, the id and the name', () => {
    assert.equal(entityTitle('Contract', 1003, 'Acme Renewal'), 'Contract 1003 · Acme Renewal');
    assert.equal(entityTitle('Prepaid commit', 10031, 'API calls 2025'), 'Prepaid commit 10031 · API calls 2025');
    assert.equal(entityTitle('Contract', 7, undefined), 'Contract 7');
    assert.equal(entityTitle('Contract', 7, ' \u0000 '), 'Contract 7', 'a name with nothing printable is left out');
  });

  it('strip path separators, control and bidi characters, leading dots', () => {
    assert.equal(sanitizeTitle('../../etc/passwd'), '-..-etc-passwd');
    assert.equal(sanitizeTitle('a\\b/c'), 'a-b-c');
    assert.equal(sanitizeTitle('line\nbreak\ttab\u0007bell'), 'line break tab bell');
    assert.equal(sanitizeTitle('evil\u202Egnp.exe'), 'evil gnp.exe', 'a right-to-left override is not kept');
    assert.equal(sanitizeTitle('...hidden'), 'hidden');
    assert.equal(entityTitle('Contract', 1, 'x/../../y'), 'Contract 1 · x-..-..-y');
    for (const t of [entityTitle('Contract', 1, 'a/b\\c\u0000d\u2028e'), sanitizeTitle('/\\/\\')]) {
      assert.ok(!/[\\/\p{Cc}\p{Cf}\u2028]/u.test(t), `${JSON.stringify(t)} is safe`);
    }
  });

  it('are kept short', () => {
    const t = sanitizeTitle('x'.repeat(500));
    assert.equal(Array.from(t).length, 80);
    assert.ok(t.endsWith('…'));
  });

  it('name each kind of record by its own field', () => {
    const ref = (resource: EntityRef['resource']): EntityRef => ({ resource, ids: { contractId: 1 } });
    assert.equal(entityName(ref(contracts), { deal_name: 'Acme Renewal' }), 'Acme Renewal');
    assert.equal(entityName(ref(contracts), { deal_name: null }), undefined);
    assert.equal(entityName(ref(prepaidCommits), { name: 'API calls' }), 'API calls');
    assert.equal(entityName(ref(tierPriceOverrides), { usage_group_name: 'API', tier_name: 'Tier 1' }), 'API / Tier 1');
  });
});
