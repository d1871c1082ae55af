import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CampfireCancelledError } from '../../src/api/errors';
import type { ListPage, ListSummary, PaginateOptions } from '../../src/api/pagination';
import type { Contract } from '../../src/api/schemas/contract';
import type { PrepaidCommit } from '../../src/api/schemas/prepaidCommit';
import type { TierPriceOverride } from '../../src/api/schemas/tierPriceOverride';
import { ContractsModel } from '../../src/model/contractsModel';
import { prepaidCommits, tierPriceOverrides } from '../../src/resources';
import type { ContractsSource } from '../../src/model/contractsSource';
import type { PageSource } from '../../src/model/pagedList';

interface FakeList<T> {
  source: PageSource<T>;
  rows: T[];
  /** Offsets requested, in order. */
  requests: number[];
  /** Fail the next request at any offset with this error. */
  failNext: Error | undefined;
}

/** A list endpoint over an array, paged like `paginate` (limit/offset, count, maxItems, skipping and adding to `listed`). */
function fakeList<T extends { id: number }>(rows: T[]): FakeList<T> {
  const fake: FakeList<T> = {
    rows,
    requests: [],
    failNext: undefined,
    source: (o: PaginateOptions) =>
      (async function* (): AsyncGenerator<ListPage<T>, ListSummary> {
        let offset = o.startOffset ?? 0;
        const max = o.maxItems ?? Infinity;
        let delivered = 0;
        for (;;) {
          fake.requests.push(offset);
          await Promise.resolve();
          if (o.signal?.aborted) throw new CampfireCancelledError();
          if (fake.failNext) {
            const e = fake.failNext;
            fake.failNext = undefined;
            throw e;
          }
          const items: T[] = [];
          for (const row of fake.rows.slice(offset, offset + o.pageSize)) {
            if (delivered + items.length >= max) break;
            // As `paginate`: a row the consumer already holds is read but not handed out again.
            if (o.listed && !o.listed.add(row.id)) continue;
            items.push(row);
          }
          delivered += items.length;
          yield { items, offset, count: fake.rows.length, delivered };
          offset += o.pageSize;
          if (offset >= fake.rows.length) {
            return { initialCount: fake.rows.length, finalCount: fake.rows.length, delivered, duplicatesSkipped: 0, complete: true };
          }
          if (delivered >= max) {
            return { initialCount: fake.rows.length, finalCount: fake.rows.length, delivered, duplicatesSkipped: 0, complete: false };
          }
        }
      })(),
  };
  return fake;
}

function contract(id: number, over: Partial<Contract> = {}): Contract {
  return {
    id,
    deal_name: `Deal ${id}`,
    client_name: `Client ${id % 7}`,
    status: id % 3 === 0 ? 'PENDING' : 'ACTIVE',
    total_contract_value: id * 1000,
    currency: 'USD',
    contract_start_date: `2024-01-${String((id % 28) + 1).padStart(2, '0')}`,
    last_modified_at: `2025-02-${String((id % 28) + 1).padStart(2, '0')}T10:00:00Z`,
    ...over,
  } as Contract;
}

function setup(contractCount: number, pageSize = 10) {
  const contracts = fakeList(Array.from({ length: contractCount }, (_, i) => contract(i + 1)));
  const commits = new Map<number, FakeList<PrepaidCommit>>();
  const overrides = new Map<number, FakeList<TierPriceOverride>>();
  /** GET /contracts/{id}: ids requested, and a failure for the next one. */
  const single: { requests: number[]; failNext: Error | undefined } = { requests: [], failNext: undefined };
  const commitsOf = (id: number) => {
    let f = commits.get(id);
    if (!f) commits.set(id, (f = fakeList(Array.from({ length: 25 }, (_, i) => ({ id: id * 1000 + i, name: `Commit ${i}` }) as PrepaidCommit))));
    return f;
  };
  const overridesOf = (id: number) => {
    let f = overrides.get(id);
    if (!f) overrides.set(id, (f = fakeList(Array.from({ length: 3 }, (_, i) => ({ id: id * 100 + i }) as TierPriceOverride))));
    return f;
  };
  const source: ContractsSource = {
    contracts: contracts.source,
    children: (resource, id) => (resource === prepaidCommits ? commitsOf(id).source : overridesOf(id).source) as never,
    contract: (id, signal) => {
      single.requests.push(id);
      const failure = single.failNext;
      single.failNext = undefined;
      const row = contracts.rows.find((c) => c.id === id);
      // Answered a tick later, as over the network, so a reset can come first.
      return new Promise<Contract>((resolve, reject) =>
        setImmediate(() => {
          if (signal?.aborted) reject(new CampfireCancelledError());
          else if (failure ?? !row) reject(failure ?? new Error('404'));
          else resolve({ ...row });
        }),
      );
    },
    prepaidCommit: () => Promise.reject(new Error('not used')),
  };
  const model = new ContractsModel(source, { pageSize: () => pageSize, concurrency: () => 4 });
  return { model, contracts, commitsOf, overridesOf, single };
}

const ids = (cs: readonly { id: number }[]) => cs.map((c) => c.id);

describe('ContractsModel', () => {
  it('Load all can be cancelled: the contracts that arrived stay, no error is shown, and it can resume', async () => {
    const { model } = setup(100);
    await model.contracts.ensureLoaded();
    const cancel = new AbortController();
    await model.loadAll((p) => {
      if (p.loaded >= 30) cancel.abort();
    }, cancel.signal);
    const kept = model.contracts.items.length;
    assert.ok(kept >= 30 && kept < 100, `kept ${kept}`);
    assert.equal(model.contracts.error, undefined, 'a cancel is not an error');
    assert.equal(model.contracts.isComplete, false);
    await model.loadAll();
    assert.deepEqual(ids(model.contracts.items), Array.from({ length: 100 }, (_, i) => i + 1));
  });

  it('shows the first page, then Load more appends pages until exactly count, without duplicates', async () => {
    const { model } = setup(35);
    await model.contracts.ensureLoaded();
    assert.deepEqual(ids(model.root().contracts), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    assert.equal(model.root().total, 35);
    assert.equal(model.root().hasMore, true);
    while (model.root().hasMore) await model.loadMore();
    const shown = ids(model.root().contracts);
    assert.equal(shown.length, 35);
    assert.equal(new Set(shown).size, 35);
    assert.equal(model.contracts.isComplete, true);
  });

  it('makes one request when Load more is clicked twice while the first is in flight', async () => {
    const { model, contracts } = setup(50);
    await model.contracts.ensureLoaded();
    const a = model.loadMore();
    const b = model.loadMore();
    await Promise.all([a, b]);
    assert.deepEqual(contracts.requests, [0, 10]);
    assert.equal(model.contracts.items.length, 20);
  });

  it('skips rows that shifted into the next page when Campfire inserted a row meanwhile, and still brings a page of new ones', async () => {
    const { model, contracts } = setup(30);
    await model.contracts.ensureLoaded();
    contracts.rows.unshift(contract(999)); // a new contract first: contract 10 moves to offset 10
    await model.loadMore();
    const shown = ids(model.contracts.items);
    assert.equal(new Set(shown).size, shown.length);
    assert.deepEqual(shown.slice(10), [11, 12, 13, 14, 15, 16, 17, 18, 19, 20]);
  });

  it('keeps the loaded contracts when a refresh fails, and Retry recovers', async () => {
    const { model, contracts } = setup(15);
    await model.contracts.ensureLoaded();
    contracts.failNext = new Error('connect ECONNREFUSED');
    await model.refreshAll();
    assert.equal(model.contracts.items.length, 10);
    assert.equal(model.contracts.isStale, true);
    assert.equal(model.contracts.failedOperation, 'refresh');
    await model.retryFailed();
    assert.equal(model.contracts.error, undefined);
    assert.equal(model.contracts.items.length, 10);
  });

  it('refresh reloads as many items as were shown', async () => {
    const { model, contracts } = setup(40);
    await model.contracts.ensureLoaded();
    await model.loadMore();
    await model.loadMore();
    contracts.rows[0] = contract(1, { deal_name: 'Renamed' });
    await model.refreshAll();
    assert.equal(model.contracts.items.length, 30);
    assert.equal(model.contracts.items[0]?.deal_name, 'Renamed');
  });

  it('a failed first page is an error without items; Retry loads it', async () => {
    const { model, contracts } = setup(5);
    contracts.failNext = new Error('500');
    await model.contracts.ensureLoaded();
    assert.equal(model.contracts.isLoaded, false);
    assert.equal(model.contracts.failedOperation, 'first');
    await model.contracts.ensureLoaded(); // rendering again does not retry by itself
    assert.equal(contracts.requests.length, 1);
    await model.contracts.retry();
    assert.equal(model.contracts.items.length, 5);
  });

  it('loads a contract’s commits and overrides together, one request each', async () => {
    const { model, commitsOf, overridesOf } = setup(5);
    await model.loadChildren(3);
    assert.deepEqual(commitsOf(3).requests, [0]);
    assert.deepEqual(overridesOf(3).requests, [0]);
    assert.equal(model.children(prepaidCommits, 3).count, 25);
    assert.equal(model.children(tierPriceOverrides, 3).count, 3);
    await model.loadChildren(3);
    assert.equal(commitsOf(3).requests.length, 1, 'cached on the second expansion');
    await model.children(prepaidCommits, 3).loadAll();
    assert.equal(model.children(prepaidCommits, 3).items.length, 25);
  });

  it('refreshing a contract fetches it again in its place, with its commits and overrides', async () => {
    const { model, contracts, commitsOf, overridesOf, single } = setup(30);
    await model.setFilter({ statuses: ['ACTIVE'] });
    await model.loadChildren(4);
    assert.ok(ids(model.root().contracts).includes(4));
    const matched = model.root().matched ?? 0;
    contracts.rows[3] = contract(4, { status: 'COMPLETED', total_contract_value: 1 });
    await model.refreshContract(4);
    assert.deepEqual(single.requests, [4]);
    assert.deepEqual(commitsOf(4).requests, [0, 0], 'commits reloaded');
    assert.deepEqual(overridesOf(4).requests, [0, 0], 'overrides reloaded');
    assert.equal(model.findContract(4)?.status, 'COMPLETED');
    assert.equal(model.contracts.items[3]?.total_contract_value, 1, 'in the same place');
    assert.equal(model.contracts.items.length, 30);
    assert.ok(!ids(model.root().contracts).includes(4), 'the filter sees the new status');
    assert.equal(model.root().matched, matched - 1);
  });

  it('a contract that cannot be fetched again is an error, and its lists still reload', async () => {
    const { model, commitsOf, single } = setup(10);
    await model.contracts.ensureLoaded();
    await model.loadChildren(2);
    single.failNext = new Error('503');
    await assert.rejects(model.refreshContract(2), /503/);
    assert.deepEqual(commitsOf(2).requests, [0, 0]);
    assert.equal(model.findContract(2)?.deal_name, 'Deal 2', 'the old copy stays');
  });

  it('a contract fetched again is dropped when a reset came first, and no error is raised', async () => {
    const { model, contracts } = setup(10);
    await model.contracts.ensureLoaded();
    contracts.rows[0] = contract(1, { deal_name: 'Before the reset' });
    const refreshing = model.refreshContract(1);
    model.reset(); // another key or server while the contract was on its way
    contracts.rows[0] = contract(1, { deal_name: 'After the reset' });
    await model.contracts.ensureLoaded();
    await refreshing;
    assert.equal(model.findContract(1)?.deal_name, 'After the reset');
  });

  it('filters over all contracts, loading the rest first, and shows every match once all are in', async () => {
    const { model } = setup(95);
    await model.contracts.ensureLoaded();
    await model.setFilter({ statuses: ['PENDING'] });
    assert.equal(model.contracts.isComplete, true);
    const view = model.root();
    assert.equal(view.matched, 31);
    assert.equal(view.contracts.length, 31, 'every match, with no stale Load more');
    assert.equal(view.hasMore, false);
    assert.ok(view.contracts.every((c) => c.status === 'PENDING'));
    await model.clearFilter();
    assert.equal(model.root().matched, undefined);
    assert.equal(model.root().contracts.length, 95);
  });

  it('Clear Filter drops the text and status filter but keeps the sort', async () => {
    const { model } = setup(25);
    await model.setQuery({ text: 'deal', statuses: ['PENDING'] }, { by: 'value', descending: true });
    assert.equal(model.hasFilter, true);
    assert.equal(model.root().matched, 8);
    await model.clearFilter();
    assert.equal(model.filter, undefined);
    assert.equal(model.hasFilter, false, 'nothing left for Clear Filter to clear');
    assert.deepEqual(model.sort, { by: 'value', descending: true });
    assert.equal(model.hasQuery, true, 'the sort is still a query the view describes');
    const view = model.root();
    assert.equal(view.matched, undefined);
    assert.deepEqual(ids(view.contracts), Array.from({ length: 25 }, (_, i) => 25 - i), 'still largest value first, all of them');
    assert.equal(view.hasMore, false);
  });

  it('a sort alone is not a filter', async () => {
    const { model } = setup(5);
    await model.setSort({ by: 'name', descending: false });
    assert.equal(model.hasFilter, false);
    await model.setFilter({ text: '   ', statuses: [] });
    assert.equal(model.hasFilter, false, 'a blank filter is no filter');
    await model.setFilter({ statuses: ['ACTIVE'] });
    assert.equal(model.hasFilter, true);
  });

  it('a filter kept across a reset loads every contract again when asked', async () => {
    const { model } = setup(45);
    await model.setFilter({ statuses: ['PENDING'] });
    model.reset();
    assert.equal(model.root().queryIncomplete, true);
    await model.ensureQueryLoaded();
    assert.equal(model.contracts.isComplete, true);
    assert.equal(model.root().matched, 15);
  });

  it('sorts by value descending over all contracts', async () => {
    const { model } = setup(25);
    await model.setSort({ by: 'value', descending: true });
    assert.deepEqual(ids(model.root().contracts).slice(0, 3), [25, 24, 23]);
  });

  it('after a sort that loaded every contract, shows them all: no Load more (10 of 25)', async () => {
    const { model } = setup(25);
    await model.contracts.ensureLoaded();
    assert.equal(model.root().hasMore, true, 'a page, then Load more, before the sort');
    await model.setSort({ by: 'name', descending: false });
    const view = model.root();
    assert.equal(view.contracts.length, 25);
    assert.equal(view.hasMore, false);
  });

  it('sorted by value across currencies, gives each currency group its count and subtotal, in order', async () => {
    const { model, contracts } = setup(0);
    contracts.rows.push(
      contract(1, { total_contract_value: 100, currency: 'EUR', entity_currency: 'EUR' }),
      contract(2, { total_contract_value: 5000, currency: 'USD' }),
      contract(3, { total_contract_value: 1_000_000, currency: 'JPY', entity_currency: 'USD', exchange_rate: 0.01 }),
      contract(4, { total_contract_value: 300, currency: 'EUR', entity_currency: 'EUR' }),
      contract(5, { total_contract_value: null }),
      contract(6, { total_contract_value: 50, currency: 'EUR', entity_currency: 'EUR' }),
    );
    await model.setSort({ by: 'value', descending: true });
    const view = model.root();
    assert.deepEqual(ids(view.contracts), [4, 1, 6, 3, 2, 5]);
    assert.deepEqual(view.currencyGroups, [
      { currency: 'EUR', count: 3, total: 450, firstId: 4 },
      { currency: 'USD', count: 2, total: 15_000, firstId: 3 },
      { currency: undefined, count: 1, total: 0, firstId: 5 },
    ]);
    await model.setSort({ by: 'name', descending: false });
    assert.equal(model.root().currencyGroups, undefined, 'only a sort by value has groups');
  });

  it('one currency needs no group headers', async () => {
    const { model } = setup(12);
    await model.setSort({ by: 'value', descending: true });
    assert.equal(model.root().currencyGroups, undefined);
  });

  it("retries a contract's failed lists together, and only that contract's", async () => {
    const { model, commitsOf, overridesOf } = setup(5);
    await model.contracts.ensureLoaded();
    commitsOf(1).failNext = new Error('down');
    overridesOf(1).failNext = new Error('down');
    commitsOf(2).failNext = new Error('down');
    await Promise.all([model.loadChildren(1), model.loadChildren(2)]);
    assert.ok(model.children(prepaidCommits, 1).error && model.children(tierPriceOverrides, 1).error && model.children(prepaidCommits, 2).error);
    await model.retryFailedOf(1);
    assert.equal(model.children(prepaidCommits, 1).error, undefined);
    assert.equal(model.children(tierPriceOverrides, 1).error, undefined);
    assert.ok(model.children(prepaidCommits, 2).error !== undefined, 'another contract waits for its own Retry');
  });

  it('reset forgets everything and drops results of loads still in flight', async () => {
    const { model } = setup(30);
    const loading = model.contracts.ensureLoaded();
    model.reset();
    await loading;
    assert.equal(model.contracts.items.length, 0);
    assert.equal(model.contracts.isLoaded, false);
  });
});
