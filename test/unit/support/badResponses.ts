// A corpus of bad answers a Campfire endpoint (or a proxy in front of it) can give. Each names
// what the client must do with it: fail with a clear error of one kind, or tolerate it and keep
// the raw value when the data is still usable.

import { SampleDataset } from '../../../src/sampleServer/dataset';

export type Expectation =
  | { error: 'schema'; field: RegExp }
  | { error: 'badResponse' | 'server' | 'http' | 'auth' | 'permission' | 'notFound' | 'rateLimited' | 'incomplete' }
  | { ok: true; check?: (page: { count: number; ids: number[]; rows: Record<string, unknown>[]; unknownEnums: string[] }) => void };

export interface BadResponse {
  name: string;
  /** The listing asked for: a commit's usage events unless the case needs a contract's prepaid commits (enums). */
  list?: 'prepaidCommits';
  status?: number;
  contentType?: string;
  headers?: Record<string, string>;
  /** A body, or a whole listing (offset -> body) for cases that span pages. */
  body: string | ((offset: number) => string);
  expect: Expectation;
}

const event = (id: number, over: Record<string, unknown> = {}): Record<string, unknown> => ({
  id,
  prepaid_commit: 7,
  consumption: null,
  period_month: '2025-03-01',
  created_at: '2025-03-04T10:00:00Z',
  event_date: '2025-03-04',
  total_revenue_dollars: 1.5,
  total_events: 3,
  data: { team_id: 't' },
  is_adjustment: false,
  ...over,
});

// A prepaid commit as Campfire sends it, taken from the sample data (which the contract tests
// hold to the published schema).
const sample = new SampleDataset({ seed: 1, contracts: 10, hostile: false });
const sampleCommit = sample.contracts().flatMap((c) => sample.prepaidCommits(c.id))[0] as unknown as Record<string, unknown>;
const commit = (id: number, over: Record<string, unknown> = {}): Record<string, unknown> => ({ ...sampleCommit, id, ...over });
const commitsWith = (field: string, value: unknown) => page([commit(1), commit(2, { [field]: value })]);

const page = (rows: unknown[], count = rows.length) => JSON.stringify({ count, next: null, previous: null, results: rows });
const withField = (field: string, value: unknown) => page([event(1), event(2, { [field]: value })]);
const without = (field: string) => {
  const e = event(2);
  Reflect.deleteProperty(e, field);
  return page([event(1), e]);
};

export const BAD_RESPONSES: BadResponse[] = [
  // Missing required fields
  { name: 'missing id', body: without('id'), expect: { error: 'schema', field: /results\[1\]\.id/ } },
  { name: 'missing prepaid_commit', body: without('prepaid_commit'), expect: { error: 'schema', field: /prepaid_commit/ } },
  { name: 'missing period_month', body: without('period_month'), expect: { error: 'schema', field: /period_month/ } },
  { name: 'missing consumption (required, nullable)', body: without('consumption'), expect: { error: 'schema', field: /consumption/ } },
  { name: 'missing created_at', body: without('created_at'), expect: { error: 'schema', field: /created_at/ } },
  { name: 'missing results', body: JSON.stringify({ count: 1, next: null, previous: null }), expect: { error: 'schema', field: /results/ } },
  { name: 'missing count', body: JSON.stringify({ next: null, previous: null, results: [event(1)] }), expect: { error: 'schema', field: /count/ } },
  // Wrong types
  { name: 'id as a string', body: withField('id', '2'), expect: { error: 'schema', field: /results\[1\]\.id/ } },
  { name: 'id as a float', body: withField('id', 2.5), expect: { error: 'schema', field: /id/ } },
  { name: 'revenue as a string', body: withField('total_revenue_dollars', '1.50'), expect: { error: 'schema', field: /total_revenue_dollars/ } },
  { name: 'total_events as a float', body: withField('total_events', 3.5), expect: { error: 'schema', field: /total_events/ } },
  { name: 'is_adjustment as a string', body: withField('is_adjustment', 'false'), expect: { error: 'schema', field: /is_adjustment/ } },
  { name: 'period_month as a number', body: withField('period_month', 20250301), expect: { error: 'schema', field: /period_month/ } },
  { name: 'period_month in another date format', body: withField('period_month', '03/01/2025'), expect: { error: 'schema', field: /period_month/ } },
  { name: 'an impossible date', body: withField('event_date', '2025-02-30'), expect: { error: 'schema', field: /event_date/ } },
  { name: 'created_at not a timestamp', body: withField('created_at', 'yesterday'), expect: { error: 'schema', field: /created_at/ } },
  { name: 'count as a string', body: JSON.stringify({ count: '2', next: null, previous: null, results: [event(1)] }), expect: { error: 'schema', field: /count/ } },
  { name: 'negative count', body: JSON.stringify({ count: -1, next: null, previous: null, results: [] }), expect: { error: 'schema', field: /count/ } },
  { name: 'results is an object', body: JSON.stringify({ count: 1, next: null, previous: null, results: { 0: event(1) } }), expect: { error: 'schema', field: /results/ } },
  { name: 'a row that is not an object', body: page([event(1), 'oops']), expect: { error: 'schema', field: /results\[1\]/ } },
  { name: 'a row that is null', body: page([event(1), null]), expect: { error: 'schema', field: /results\[1\]/ } },
  // Nulls where not allowed
  { name: 'null id', body: withField('id', null), expect: { error: 'schema', field: /id/ } },
  { name: 'null period_month', body: withField('period_month', null), expect: { error: 'schema', field: /period_month/ } },
  { name: 'null total_revenue_dollars', body: withField('total_revenue_dollars', null), expect: { error: 'schema', field: /total_revenue_dollars/ } },
  { name: 'null results', body: JSON.stringify({ count: 0, next: null, previous: null, results: null }), expect: { error: 'schema', field: /results/ } },
  // Tolerated: the data is still usable, shown as sent
  { name: 'unknown field kept', body: withField('new_dimension', 'x'), expect: { ok: true, check: (p) => { if (p.rows[1]?.new_dimension !== 'x') throw new Error('unknown field dropped'); } } },
  { name: 'nullable fields null', body: withField('event_date', null), expect: { ok: true } },
  { name: 'data of any shape (array)', body: withField('data', ['a', 1]), expect: { ok: true } },
  { name: 'data null', body: withField('data', null), expect: { ok: true } },
  { name: 'huge string', body: withField('external_id', 'x'.repeat(1_000_000)), expect: { ok: true, check: (p) => { if ((p.rows[1]?.external_id as string).length !== 1_000_000) throw new Error('truncated'); } } },
  { name: 'huge number', body: withField('total_revenue_dollars', 1e300), expect: { ok: true } },
  { name: 'markup in strings is data, not markup', body: withField('external_id', '<img src=x onerror=alert(1)>'), expect: { ok: true } },
  { name: 'a byte-order mark before the JSON (decoded away, data usable)', body: `\uFEFF${page([event(1)])}`, expect: { ok: true } },
  // Enums (prepaid commits): values Campfire adds later are kept and reported, broken ones are errors
  {
    name: 'unknown commit status kept and reported',
    list: 'prepaidCommits',
    body: commitsWith('status', 'PAUSED'),
    expect: { ok: true, check: (p) => { if (p.rows[1]?.status !== 'PAUSED' || !p.unknownEnums.includes('PrepaidCommitStatus=PAUSED')) throw new Error(`status ${String(p.rows[1]?.status)}, reported ${p.unknownEnums.join()}`); } },
  },
  {
    name: 'unknown overage cadence kept and reported',
    list: 'prepaidCommits',
    body: commitsWith('overage_invoice_cadence', 'weekly'),
    expect: { ok: true, check: (p) => { if (p.rows[1]?.overage_invoice_cadence !== 'weekly' || !p.unknownEnums.includes('OverageInvoiceCadence=weekly')) throw new Error('not kept or not reported'); } },
  },
  { name: 'null commit status (required)', list: 'prepaidCommits', body: commitsWith('status', null), expect: { error: 'schema', field: /results\[1\]\.status/ } },
  { name: 'commit status as a number', list: 'prepaidCommits', body: commitsWith('status', 2), expect: { error: 'schema', field: /status/ } },
  // Not JSON at all
  { name: 'HTML error page from a proxy (502)', status: 502, contentType: 'text/html', body: '<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>', expect: { error: 'server' } },
  { name: 'HTML login page with status 200', contentType: 'text/html', body: '<html><body>Sign in</body></html>', expect: { error: 'badResponse' } },
  { name: 'empty body', body: '', expect: { error: 'badResponse' } },
  { name: 'whitespace body', body: '   \n', expect: { error: 'badResponse' } },
  { name: 'truncated JSON', body: page([event(1), event(2)]).slice(0, 80), expect: { error: 'badResponse' } },
  { name: 'JSON with a trailing comma', body: '{"count": 1, "results": [{"id": 1},]}', expect: { error: 'badResponse' } },
  { name: 'plain text with a JSON content type', body: 'Service Unavailable', expect: { error: 'badResponse' } },
  { name: 'wrong content type (text/plain) with JSON inside', contentType: 'text/plain', body: page([event(1)]), expect: { error: 'badResponse' } },
  { name: 'JSON null', body: 'null', expect: { error: 'schema', field: /response/ } },
  { name: 'a bare number', body: '42', expect: { error: 'schema', field: /response/ } },
  // Status codes
  { name: '401 with DRF detail', status: 401, body: '{"detail":"Invalid token."}', expect: { error: 'auth' } },
  { name: '403 with DRF detail', status: 403, body: '{"detail":"You do not have permission to perform this action."}', expect: { error: 'permission' } },
  { name: '404', status: 404, body: '{"detail":"Not found."}', expect: { error: 'notFound' } },
  { name: '400 field errors', status: 400, body: '{"limit":["A valid integer is required."]}', expect: { error: 'http' } },
  { name: '418 without a body', status: 418, body: '', expect: { error: 'http' } },
  { name: '301 redirect elsewhere', status: 301, headers: { location: 'https://elsewhere.example/' }, body: '', expect: { error: 'http' } },
  // Listings that do not add up
  {
    name: 'count larger than the rows served (a loud failure that says 2 of 10, never a quiet end)',
    body: (offset) => page(offset === 0 ? [event(1), event(2)] : [], 10),
    expect: { error: 'incomplete' },
  },
  {
    name: 'pages that repeat items (deduplicated)',
    body: (offset) => page([event(offset + 1), event(offset + 2), event(1)], 6),
    expect: { ok: true, check: (p) => { if (new Set(p.ids).size !== p.ids.length) throw new Error('duplicates'); } },
  },
  {
    name: 'an endless next chain (offsets are computed, the link is ignored)',
    body: (offset) => JSON.stringify({ count: 4, next: `http://127.0.0.1:1/rr?offset=${offset}`, previous: null, results: [event(offset + 1), event(offset + 2)] }),
    expect: { ok: true, check: (p) => { if (p.ids.length !== 4) throw new Error(`${p.ids.length} rows`); } },
  },
  {
    name: 'a count that grows on every page (bounded: it ends in a loud failure, not an endless listing)',
    body: (offset) => page([event(offset + 1), event(offset + 2)], 4 + offset * 2),
    expect: { error: 'incomplete' },
  },
];
