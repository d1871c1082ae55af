// What changed between syncs (the Changes view's lists), and the contracts model's cache and sync
// against the local Campfire server over HTTP: a start from the cache, a delta sync of three
// requests with modifications and deletions, the changes it finds, and offline browsing.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CampfireClient } from '../../src/api/client';
import type { PrepaidCommit } from '../../src/api/schemas/prepaidCommit';
import { changedFields, commitAlerts, diffContracts, watchAlerts, watched } from '../../src/model/contractChanges';
import { ContractsModel, type SnapshotStore } from '../../src/model/contractsModel';
import { apiContractsSource, apiDeltaSource } from '../../src/model/contractsSource';
import { CONTRACTS_ENTRY, decodeSnapshot, decodeWatch, encodeWatch, SNAPSHOT_FORMAT } from '../../src/model/contractsSync';
import { prepaidCommits } from '../../src/resources';
import { makeContract } from '../../src/sampleServer/contracts';
import { startSampleServer, type SampleServer } from '../../src/sampleServer/server';
import { FaultPlan } from './support/faults';

const c = (id: number, extra: Record<string, unknown> = {}) => ({ ...makeContract(1, id, false), ...extra });
const commit = (id: number, total: number, remaining: number, expiration_date: string | null = null) => ({ id, name: `Commit ${id}`, total_value: total, remaining_value: remaining, expiration_date }) as PrepaidCommit;

describe('Changes: contracts', () => {
  it('lists added, modified (with the fields that changed) and deleted contracts', () => {
    const before = [c(1), c(2), c(3)];
    const after = [c(1), c(2, { deal_name: 'Renamed', total_contract_value: 5, last_modified_at: '2026-12-07T00:00:00Z' }), c(4)];
    const changes = diffContracts(before, after);
    assert.deepEqual(
      changes.map((x) => [x.kind, x.id, x.fields]),
      [
        ['modified', 2, ['deal_name', 'total_contract_value']],
        ['added', 4, []],
        ['deleted', 3, []],
      ],
    );
  });

  it('does not list a contract whose only change is its timestamp', () => {
    assert.deepEqual(diffContracts([c(1)], [c(1, { last_modified_at: '2027-01-01T00:00:00Z' })]), []);
  });

  it('names a field that was removed or added', () => {
    const { purchase_order_number: _, ...without } = c(1, { purchase_order_number: 'PO-1' });
    assert.deepEqual(changedFields(c(1, { purchase_order_number: 'PO-1' }), without), ['purchase_order_number']);
    assert.deepEqual(changedFields(without, { ...without, new_field: 1 }), ['new_field']);
  });
});

describe('Changes: prepaid commits', () => {
  const today = '2026-12-07';
  it('names the highest threshold of use a commit crossed since the previous list', () => {
    const before = [commit(1, 100, 25), commit(2, 100, 15), commit(3, 100, 5), commit(4, 100, 50)];
    const now = [commit(1, 100, 15), commit(2, 100, 0), commit(3, 100, 4), commit(4, 100, 45), commit(5, 100, 8)];
    assert.deepEqual(
      commitAlerts(7, before, now, today).map((a) => (a.kind === 'used' ? [a.commitId, a.threshold] : [a.commitId, a.kind])),
      [
        [1, 80],
        [2, 100],
        [5, 90],
      ],
    );
  });

  it('lists commits that expire within 30 days, and no crossings without a previous list', () => {
    const now = [commit(1, 100, 0, '2026-12-20'), commit(2, 100, 90, '2027-01-06'), commit(3, 100, 90, '2027-01-07'), commit(4, 100, 90, '2026-12-06')];
    assert.deepEqual(
      commitAlerts(7, undefined, now, today).map((a) => (a.kind === 'expiring' ? [a.commitId, a.days] : [a.commitId, a.kind])),
      [
        [1, 13],
        [2, 30],
      ],
    );
  });
});

describe('Changes: the commits watch (cached commit lists, at each sync)', () => {
  it('lists the cached commits that expire within 30 days, for contracts that still exist and were not read meanwhile', () => {
    const watch = new Map([
      [1, [watched(commit(10, 100, 50, '2026-12-20')), watched(commit(11, 100, 50, '2027-06-01'))]],
      [2, [watched(commit(20, 100, 50, '2026-12-10'))]],
      [3, [watched(commit(30, 100, 50, '2026-12-10'))]],
    ]);
    const alerts = watchAlerts(watch, new Set([1, 2]), new Set([2]), '2026-12-07');
    assert.deepEqual(alerts.map((a) => [a.contractId, a.commitId, a.kind]), [[1, 10, 'expiring']]);
  });

  it('round-trips through the cache and discards what is not a watch', () => {
    const watch = new Map([[1, [watched(commit(10, 100, 50, '2026-12-20'))]]]);
    assert.deepEqual(decodeWatch(encodeWatch(watch)), watch);
    const reasons: string[] = [];
    assert.equal(decodeWatch(Buffer.from(`{"format":${SNAPSHOT_FORMAT},"contracts":[[1,[{"id":"x"}]]]}`), (r) => reasons.push(r)), undefined);
    assert.equal(decodeWatch(Buffer.from('nope'), (r) => reasons.push(r)), undefined);
    assert.equal(reasons.length, 2);
  });
});

/** A cache in memory with the CacheScope's shape. */
function memoryStore(): SnapshotStore & { entries: Map<string, { bytes: Uint8Array; savedAt: number }> } {
  const entries = new Map<string, { bytes: Uint8Array; savedAt: number }>();
  return {
    entries,
    read: (name) => Promise.resolve(entries.get(name)),
    write: (name, bytes, savedAt) => {
      entries.set(name, { bytes, savedAt: savedAt ?? Date.now() });
      return Promise.resolve();
    },
  };
}

describe('ContractsModel: cache, delta sync and offline, against the local server', () => {
  const KEY = 'contracts-sync-key-5c1e';
  let server: SampleServer;
  const faults = new FaultPlan();
  let client: CampfireClient;
  const settings = { pageSize: () => 100, concurrency: () => 4 };
  const newModel = () => new ContractsModel(apiContractsSource(() => client), settings, { delta: apiDeltaSource(() => client, settings) });

  before(async () => {
    server = await startSampleServer({ token: KEY, seed: 3, contracts: 1_000, faults });
    client = new CampfireClient({ baseUrl: server.url, getApiKey: () => KEY, random: () => 0, retry: { maxAttempts: 1 } });
  });
  after(async () => {
    await client.close();
    await server.close();
  });

  it('starts from the cache at once, syncs by three requests, equals a full re-list and lists the changes', async () => {
    const store = memoryStore();
    // A first window reads every contract and caches them.
    const first = newModel();
    first.useStore(store, true);
    await first.start();
    await first.loadAll();
    await first.flushed();
    const cached = await decodeSnapshot(store.entries.get(CONTRACTS_ENTRY)?.bytes ?? new Uint8Array());
    assert.equal(cached?.complete, true);
    assert.equal(cached.contracts.length, 1_000);
    first.dispose();

    // Meanwhile in Campfire: 10 edited, 2 deleted, 1 added. The previous listing is older than the margin.
    store.entries.set(CONTRACTS_ENTRY, { ...(store.entries.get(CONTRACTS_ENTRY) as { bytes: Uint8Array; savedAt: number }) });
    const listed = cached.contracts;
    const edited = listed.filter((_, i) => i % 97 === 5).slice(0, 10).map((x) => x.id);
    const deleted = [listed[3]?.id ?? 0, listed[500]?.id ?? 0];
    await new Promise((r) => setTimeout(r, 5));
    server.dataset.modifyContracts(edited, (x) => ({ deal_name: `${x.deal_name ?? ''} (renewed)` }));
    server.dataset.removeContracts(deleted);
    const [added] = server.dataset.insertContracts(1, 1_000);

    // The next window: the cached contracts before any request, then the sync.
    server.resetRecording();
    const second = newModel();
    second.useStore(store, true);
    await second.start();
    assert.equal(second.contracts.items.length, 1_000, 'the cached contracts, at once');
    assert.ok(second.contracts.cachedAt !== undefined);
    await second.syncContracts();
    await second.flushed();
    assert.equal(second.contracts.cachedAt, undefined, 'synced');
    const paths = server.requests.map((r) => `${r.path}?${new URLSearchParams(r.query).toString()}`);
    assert.equal(paths.length, 3, paths.join('\n'));
    assert.ok(paths.some((p) => p.includes('include_deleted=true') && p.includes('last_modified_at__gte')));
    assert.ok(paths.some((p) => p.includes('limit=1&offset=0')));
    assert.deepEqual(second.contracts.items, server.dataset.contracts(), 'equals a full re-list');

    const changes = second.lastChanges;
    assert.ok(changes);
    const kinds = (k: string) => changes.contracts.filter((x) => x.kind === k).map((x) => x.id).sort((a, b) => a - b);
    assert.deepEqual(kinds('modified'), [...edited].sort((a, b) => a - b));
    assert.deepEqual(kinds('deleted'), [...deleted].sort((a, b) => a - b));
    assert.deepEqual(kinds('added'), [added?.id]);
    assert.ok(changes.contracts.filter((x) => x.kind === 'modified').every((x) => x.fields.join() === 'deal_name'));
    second.dispose();
  });

  it('offline: the cached contracts and commits stay browsable and say so; a retry recovers', async () => {
    const store = memoryStore();
    const first = newModel();
    first.useStore(store, true);
    await first.start();
    const contractId = server.dataset.wellKnown.contractWithManyCommits;
    await first.loadChildren(contractId);
    const commits = first.children(prepaidCommits, contractId).items.map((x) => x.id);
    assert.ok(commits.length > 0);
    await first.flushed();
    first.dispose();

    faults.set({ rate: 1, kinds: ['reset'] });
    try {
      const offline = newModel();
      offline.useStore(store, true);
      await offline.start();
      await offline.syncContracts();
      assert.equal(offline.contracts.items.length, 100, 'the cached page');
      assert.ok(offline.contracts.cachedAt !== undefined && offline.contracts.error !== undefined);
      assert.ok(offline.hasOfflineFailure);
      await offline.loadChildren(contractId);
      const list = offline.children(prepaidCommits, contractId);
      assert.deepEqual(list.items.map((x) => x.id), commits, 'the cached commits');
      assert.equal(list.failedOperation, 'refresh', 'shown as data kept after a failed refresh');

      faults.set({});
      await offline.retryFailed();
      assert.equal(offline.contracts.error, undefined);
      assert.equal(offline.contracts.cachedAt, undefined);
      assert.equal(list.error, undefined);
      offline.dispose();
    } finally {
      faults.set({});
    }
  });
});
