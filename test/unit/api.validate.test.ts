import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CampfireSchemaError } from '../../src/api/errors';
import { extractDetail } from '../../src/api/errorDetail';
import { contractSchema, pageSchema, prepaidCommitSchema, usageEventSchema } from '../../src/api/schemas';
import { onceEach, withUnknownValueListener } from '../../src/api/unknownValues';
import { SampleDataset } from '../../src/sampleServer/dataset';
import { parseOrThrow } from '../../src/api/validate';

const target = { method: 'GET', path: '/rr/api/v1/contracts/1/prepaid-commits/2/usage-events?offset=200', endpoint: 'usage events of prepaid commit 2' };

function event(overrides: Record<string, unknown> = {}) {
  return {
    id: 1,
    prepaid_commit: 2,
    consumption: null,
    period_month: '2025-03-01',
    created_at: '2025-03-04T10:00:00.123456Z',
    event_date: '2025-03-04',
    total_revenue_dollars: 12.5,
    total_events: 3,
    data: { team_id: 't1' },
    is_adjustment: false,
    ...overrides,
  };
}

describe('schema validation errors', () => {
  it('names the endpoint, the field path with its row, what was expected and what was received', () => {
    const body = { count: 2, next: null, previous: null, results: [event(), event({ id: 2, period_month: null })] };
    assert.throws(
      () => parseOrThrow(pageSchema(usageEventSchema), body, target, 200),
      (e: unknown) => {
        assert.ok(e instanceof CampfireSchemaError);
        const [first] = e.issues;
        assert.ok(first);
        assert.equal(first.path, 'results[1].period_month (row 202)');
        assert.equal(first.received, 'null');
        assert.match(e.message, /usage events of prepaid commit 2/);
        assert.match(e.message, /results\[1\]\.period_month \(row 202\): expected string, received null/);
        return true;
      },
    );
  });

  it('reports a missing required field as missing and a bad date format as such', () => {
    const { period_month: _omit, ...withoutPeriod } = event();
    assert.throws(() => parseOrThrow(usageEventSchema, withoutPeriod, target), /period_month: expected string, received nothing \(field missing\)/);
    assert.throws(() => parseOrThrow(usageEventSchema, event({ event_date: '04/03/2025' }), target), /event_date: expected date format, received string "04\/03\/2025"/);
    assert.throws(() => parseOrThrow(usageEventSchema, event({ id: '7' }), target), /id: expected number, received string "7"/);
  });

  it('keeps fields the schema does not know (the API evolves)', () => {
    const parsed = parseOrThrow(usageEventSchema, event({ new_field: 'x' }), target);
    assert.equal((parsed as Record<string, unknown>).new_field, 'x');
  });

  it('tolerates unknown enum values, reports each once, and accepts blank/null enums', () => {
    const seen: string[] = [];
    const report = onceEach((name, value) => seen.push(`${name}=${value}`));
    withUnknownValueListener(report, () => {
      const base = {
        id: 1, entity_name: 'E', client_name: 'C', client_terms: 'Net 30', department_name: '', parent_department_name: '',
        parent_department: 0, total_revenue: 1, total_mrr: 0, total_deferred_revenue: 0, attachments: [],
        last_modified_at: '2025-01-01T00:00:00Z', is_deleted: false, deleted_at: null, has_invoices: false,
        has_journal_entries: false, has_credit_memos: false, effective_end_date: null, working_end_date: '2025-12-31',
        evergreen_locked_date: null, search_vector: null, search_text: null, customer: 9, created_at: '2025-01-01T00:00:00Z',
      };
      assert.equal(parseOrThrow(contractSchema, { ...base, status: 'ARCHIVED_V2' }, target).status, 'ARCHIVED_V2');
      parseOrThrow(contractSchema, { ...base, status: 'ARCHIVED_V2' }, target);
      parseOrThrow(contractSchema, { ...base, status: '', billing_frequency: null }, target);
      parseOrThrow(contractSchema, { ...base, status: 'ACTIVE' }, target);
    });
    assert.deepEqual(seen, ['ContractStatus=ARCHIVED_V2']);
  });

  it('reports to the listener of the validation under way only, and to none outside one', () => {
    const outer: string[] = [];
    const inner: string[] = [];
    const data = new SampleDataset({ seed: 3, contracts: 20, hostile: false });
    const commit = data.contracts().flatMap((c) => data.prepaidCommits(c.id))[0];
    assert.ok(commit);
    const commitTarget = { method: 'GET', path: '/x', endpoint: 'prepaid commit' };
    parseOrThrow(prepaidCommitSchema, { ...commit, status: 'NOBODY_LISTENS' }, commitTarget);
    withUnknownValueListener((n, v) => outer.push(`${n}=${v}`), () => {
      withUnknownValueListener((n, v) => inner.push(`${n}=${v}`), () => parseOrThrow(prepaidCommitSchema, { ...commit, status: 'INNER' }, commitTarget));
      // A listener is restored even when the validation inside throws.
      assert.throws(() => withUnknownValueListener(() => inner.push('never'), () => parseOrThrow(prepaidCommitSchema, { ...commit, status: null }, commitTarget)));
      parseOrThrow(prepaidCommitSchema, { ...commit, status: 'OUTER' }, commitTarget);
    });
    assert.deepEqual(inner, ['PrepaidCommitStatus=INNER']);
    assert.deepEqual(outer, ['PrepaidCommitStatus=OUTER']);
  });

  it('onceEach tells each (enum, value) once, and stops remembering at its limit', () => {
    const seen: string[] = [];
    const report = onceEach((n, v) => seen.push(`${n}=${v}`), 3);
    for (const [n, v] of [['A', 'x'], ['A', 'x'], ['B', 'x'], ['A', 'y'], ['A', 'z'], ['B', 'x']] as const) report(n, v);
    assert.deepEqual(seen, ['A=x', 'B=x', 'A=y']);
  });
});

describe('enums that must be there', () => {
  it("a prepaid commit's status is required: null is a schema error naming the field, an unknown value is kept", () => {
    const data = new SampleDataset({ seed: 3, contracts: 20, hostile: false });
    const commit = data.contracts().flatMap((c) => data.prepaidCommits(c.id))[0];
    assert.ok(commit, 'the sample data has a prepaid commit');
    const commitTarget = { method: 'GET', path: `/rr/api/v1/contracts/${commit.contract}/prepaid-commits/${commit.id}`, endpoint: 'prepaid commit' };
    assert.equal(parseOrThrow(prepaidCommitSchema, { ...commit, status: 'PAUSED' }, commitTarget).status, 'PAUSED');
    assert.throws(
      () => parseOrThrow(prepaidCommitSchema, { ...commit, status: null }, commitTarget),
      (e: unknown) => e instanceof CampfireSchemaError && /status: expected string, received null/.test(e.message),
    );
  });
});

describe('error detail extraction', () => {
  it("shows DRF's detail, Campfire's error, or field errors", () => {
    assert.equal(extractDetail('{"detail":"Invalid token."}', 'application/json'), 'Invalid token.');
    assert.equal(extractDetail('{"error":"Contract is locked"}', 'application/json'), 'Contract is locked');
    assert.equal(extractDetail('{"limit":["A valid integer is required."]}', 'application/json'), 'limit: A valid integer is required.');
  });

  it('takes the title of an HTML error page from a proxy, and clips long text', () => {
    assert.equal(extractDetail('<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>', 'text/html'), '502 Bad Gateway');
    const long = extractDetail('x'.repeat(1000), 'text/plain');
    assert.ok(long && long.length <= 201);
    assert.equal(extractDetail('   ', 'text/plain'), undefined);
  });
});
