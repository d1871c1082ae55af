// The local cache of usage events in the real workbench against the local Campfire server: a
// commit reopens with its cached rows and "as of" at once (also as a panel restored after a
// reload), then is checked with two requests; with the server stopped it reopens as offline data
// with its rows and title, and checks again by itself once Campfire answers; a corrupt cache file
// is discarded and the commit loads normally; the cap evicts the least recently used; signing out
// deletes the account's cache, and Clear Cache all of it.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { entryFileName, ownerFolder } from '../../../src/cache/cacheStore';
import { startSampleServer, type SampleServer } from '../../../src/sampleServer/server';
import type { PanelReport } from '../probe/usageEventsProbe';
import { activate, screenshot, screenshotFile, waitFor } from '../helpers';
import { FaultPlan } from '../../unit/support/faults';

const TOKEN = 'usage-events-cache-suite-key-41f0';

interface CommitInfo {
  contractId: number;
  commitId: number;
  name: string;
  events: number;
}

const ref = (c: CommitInfo) => ({ contractId: c.contractId, commitId: c.commitId });
const report = (c: CommitInfo) => vscode.commands.executeCommand<PanelReport | undefined>('campfire.usageEvents.queryState', ref(c));
const open = (c: CommitInfo) => vscode.commands.executeCommand('campfire.openUsageEvents', ref(c));
const status = (r: PanelReport | undefined) => r?.webview?.status ?? '';

async function until(c: CommitInfo, what: string, predicate: (r: PanelReport) => boolean, ms = 30_000): Promise<PanelReport> {
  let last: PanelReport | undefined;
  await waitFor(
    async () => {
      last = await report(c);
      return last !== undefined && predicate(last);
    },
    ms,
    what,
  );
  return last as PanelReport;
}

async function closeAll(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

describe('Usage-events cache', function () {
  this.timeout(120_000);
  let server: SampleServer;
  let faults: FaultPlan;
  let port: number;
  let commits: CommitInfo[];
  let medium: CommitInfo;
  const config = () => vscode.workspace.getConfiguration('campfire');

  const start = async () => {
    faults = new FaultPlan();
    server = await startSampleServer({ token: TOKEN, contracts: 6, seed: 5, port, faults });
    port = Number(new URL(server.url).port);
  };
  /** The folder of the account's cache, and the file of a commit's events in it. */
  const cacheRoot = async () => vscode.Uri.joinPath((await activate()).services.context.globalStorageUri, 'cache').fsPath;
  const accountFolder = async () => {
    const account = (await activate()).services.connection.account;
    assert.ok(account, 'signed in');
    return path.join(await cacheRoot(), ownerFolder({ origin: account.origin, accountId: account.id }));
  };
  const cacheFile = async (c: CommitInfo) => path.join(await accountFolder(), entryFileName(`usageEvents/${c.contractId}-${c.commitId}`));
  const eventRequests = (c: CommitInfo) => server.requests.filter((r) => r.path.endsWith(`/prepaid-commits/${c.commitId}/usage-events`)).length;

  /** Opens the commit, waits for every row from Campfire, closes it and waits for its cache file. */
  async function loadLive(c: CommitInfo): Promise<void> {
    await open(c);
    const r = await until(c, `every event of ${c.commitId} to load`, (x) => x.webview?.phase === 'done' && x.rowsHeld === c.events, 180_000);
    assert.doesNotMatch(status(r), /as of/);
    const file = await cacheFile(c);
    await waitFor(() => fs.existsSync(file), 10_000, `the cache file of ${c.commitId}`);
    await closeAll();
  }

  before(async () => {
    port = 0;
    await start();
    await activate();
    await config().update('baseUrl', server.url, vscode.ConfigurationTarget.Global);
    assert.equal(await vscode.commands.executeCommand('campfire.signIn', { apiKey: TOKEN }), true);
    await vscode.commands.executeCommand('campfire.clearCache');
    const d = server.dataset;
    commits = d.contracts().flatMap((c) => d.prepaidCommits(c.id).map((p) => ({ contractId: c.id, commitId: p.id, name: p.name, events: d.usageEventCount(c.id, p.id) })));
    const candidates = commits.filter((c) => c.events >= 1000 && c.events <= 20_000).sort((a, b) => a.events - b.events);
    assert.ok(candidates[0], 'a commit with a few thousand events');
    medium = candidates[0];
  });

  after(async () => {
    await closeAll();
    await config().update('cache.maxMegabytes', undefined, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('campfire.clearCache');
    await vscode.commands.executeCommand('campfire.signOut');
    await config().update('baseUrl', undefined, vscode.ConfigurationTarget.Global);
    await server.close();
  });

  it('reopens a commit from the cache: every row and "as of" before Campfire answers, then checked with two requests', async () => {
    await loadLive(medium);
    // Every answer takes 1.5 s now: what shows before then came from the cache.
    faults.set({ latencyMs: 1500 });
    server.resetRecording();
    try {
      const t0 = Date.now();
      await open(medium);
      const cached = await until(medium, 'the cached rows', (r) => r.rowsHeld === medium.events && /as of/.test(status(r)), 10_000);
      assert.ok(Date.now() - t0 < 1500 || eventRequests(medium) <= 2, 'shown from the cache');
      assert.equal(cached.title, `Usage · ${medium.name}`);
      assert.equal(cached.webview?.rowsLoaded, medium.events);
      const checked = await until(medium, 'the check to end', (r) => !/as of/.test(status(r)));
      assert.equal(checked.rowsHeld, medium.events);
      assert.equal(eventRequests(medium), 2, 'the first and the last page, nothing re-listed');
    } finally {
      faults.set({});
      await closeAll();
    }
  });

  it('a panel restored after a reload shows its cached rows with "as of" at once', async () => {
    const api = await activate();
    const account = api.services.connection.account;
    assert.ok(account);
    faults.set({ latencyMs: 1500 });
    try {
      const panel = vscode.window.createWebviewPanel('campfire.usageEvents', 'Usage', vscode.ViewColumn.Active, {});
      await api.usageEventsSerializer.deserializeWebviewPanel(panel, { ...ref(medium), owner: `${account.origin}#${account.id}`, filter: '', sort: null });
      const r = await until(medium, 'the restored panel to show the cached rows', (x) => x.rowsHeld === medium.events && /as of/.test(status(x)), 10_000);
      assert.equal(r.title, `Usage · ${medium.name}`);
      await until(medium, 'the check to end', (x) => !/as of/.test(status(x)));
    } finally {
      faults.set({});
      await closeAll();
    }
  });

  it('reopens a commit of 100,000 events from the cache with every row in the page', async () => {
    const wk = server.dataset.wellKnown.commitWith100kEvents;
    const big = commits.find((c) => c.commitId === wk.commitId);
    assert.ok(big, 'the sample data has a commit with 100k events');
    await loadLive(big);
    const started = Date.now();
    await open(big);
    const r = await until(big, 'every cached row in the page', (x) => x.webview?.phase === 'done' && x.webview.rowsLoaded === big.events, 60_000);
    console.log(`      (100,000 cached events in the page in ${((Date.now() - started) / 1000).toFixed(1)} s: "${status(r)}")`);
    await closeAll();
  });

  it('a commit that changed is listed again and its rows replaced in place, keeping the sort the user chose', async () => {
    // A server of its own (same port, so the same account): it keeps no page served before.
    await server.close();
    await start();
    const d = server.dataset;
    const count = d.usageEventCount.bind(d);
    const events = d.usageEvents.bind(d);
    const isMedium = (contractId: number, commitId: number) => contractId === medium.contractId && commitId === medium.commitId;
    // Campfire now has one event less at the front: the count and both checked pages differ.
    d.usageEventCount = (contractId, commitId) => count(contractId, commitId) - (isMedium(contractId, commitId) ? 1 : 0);
    d.usageEvents = (contractId, commitId, offset, limit) => (isMedium(contractId, commitId) ? events(contractId, commitId, offset + 1, limit) : events(contractId, commitId, offset, limit));
    faults.set({ latencyMs: 1500 });
    try {
      await open(medium);
      await until(medium, 'the cached rows', (r) => r.rowsHeld === medium.events && /as of/.test(status(r)), 10_000);
      const sorted = await vscode.commands.executeCommand<PanelReport>('campfire.usageEvents.act', ref(medium), { sort: { column: 'Revenue', direction: 'desc' } });
      assert.deepEqual(sorted.webview?.sort, { column: 'Revenue', direction: 'desc' });
      faults.set({});
      let seen: PanelReport | undefined;
      const fresh = await until(medium, 'the rows listed again', (r) => {
        seen = r;
        return r.rowsHeld === medium.events - 1 && !/as of/.test(status(r)) && r.webview?.rowsLoaded === medium.events - 1;
      }).catch((e: unknown) => {
        throw new Error(`${(e as Error).message}: held ${seen?.rowsHeld}, page ${seen?.webview?.rowsLoaded}, "${status(seen)}" of ${medium.events}`);
      });
      assert.deepEqual(fresh.webview?.sort, { column: 'Revenue', direction: 'desc' }, 'the sort is kept');
      assert.equal(fresh.title, `Usage · ${medium.name}`);
    } finally {
      faults.set({});
      d.usageEventCount = count;
      d.usageEvents = events;
      await closeAll();
      // And again without the pages it served changed.
      await server.close();
      await start();
    }
    // Back to the server's real rows in the cache for the tests that follow.
    const api = await activate();
    const account = api.services.connection.account;
    assert.ok(account);
    await api.services.cache.scope({ origin: account.origin, accountId: account.id }).remove(`usageEvents/${medium.contractId}-${medium.commitId}`);
    await loadLive(medium);
  });

  it('offline: a cached commit reopens with its rows, title and "offline data as of"; it checks again by itself once Campfire answers', async () => {
    await server.close();
    try {
      await open(medium);
      const r = await until(medium, 'the offline rows', (x) => /offline data as of/.test(status(x)));
      assert.equal(r.rowsHeld, medium.events);
      assert.equal(r.webview?.rowsLoaded, medium.events);
      assert.equal(r.title, `Usage · ${medium.name}`);
      assert.doesNotMatch(status(r), /could not be loaded/i);
      await screenshot(screenshotFile('usage-events-offline.png'), 1000);
    } finally {
      await start();
    }
    // Any request that gets through tells the window Campfire is back (here Check Connection's).
    await vscode.commands.executeCommand('campfire.checkConnection', { quiet: true });
    const back = await until(medium, 'the check once Campfire answers', (x) => !/as of/.test(status(x)));
    assert.equal(back.rowsHeld, medium.events);
    await closeAll();
  });

  it('a corrupt cache file is discarded and the commit loads normally, and is cached again', async () => {
    const file = await cacheFile(medium);
    assert.ok(fs.existsSync(file));
    fs.writeFileSync(file, Buffer.from('not a cache file at all'));
    await open(medium);
    const r = await until(medium, 'every event from Campfire', (x) => x.webview?.phase === 'done' && x.rowsHeld === medium.events);
    assert.doesNotMatch(status(r), /as of/);
    await closeAll();
    const api = await activate();
    const account = api.services.connection.account;
    assert.ok(account);
    const scope = api.services.cache.scope({ origin: account.origin, accountId: account.id });
    await waitFor(async () => (await scope.read(`usageEvents/${medium.contractId}-${medium.commitId}`)) !== undefined, 10_000, 'a valid cache file again');
  });

  it('evicts the least recently used commits to stay under campfire.cache.maxMegabytes', async () => {
    const api = await activate();
    const others = commits.filter((c) => c.commitId !== medium.commitId && c.events >= 2000 && c.events <= 30_000).sort((a, b) => b.events - a.events);
    const cap = 1024 * 1024;
    await config().update('cache.maxMegabytes', 1, vscode.ConfigurationTarget.Global);
    try {
      const opened: CommitInfo[] = [];
      let total = fs.statSync(await cacheFile(medium)).size;
      for (const c of others) {
        await loadLive(c);
        opened.push(c);
        total += fs.statSync(await cacheFile(c)).size;
        if (total > cap) break;
      }
      assert.ok(total > cap, 'more than the cap was written');
      assert.ok((await api.services.cache.sizeBytes()) <= cap, 'the cache is within the cap');
      assert.equal(fs.existsSync(await cacheFile(medium)), false, 'the least recently used commit was evicted');
      assert.equal(fs.existsSync(await cacheFile(opened.at(-1) as CommitInfo)), true, 'the newest stays');
    } finally {
      await config().update('cache.maxMegabytes', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it("signing out deletes the account's cache", async () => {
    await loadLive(medium);
    const folder = await accountFolder();
    assert.ok(fs.existsSync(folder));
    await vscode.commands.executeCommand('campfire.signOut');
    await waitFor(() => !fs.existsSync(folder), 10_000, "the account's cache folder to go");
    assert.equal(await vscode.commands.executeCommand('campfire.signIn', { apiKey: TOKEN }), true);
  });

  it('Clear Cache deletes every cached file', async () => {
    const api = await activate();
    await loadLive(medium);
    assert.ok((await api.services.cache.sizeBytes()) > 0);
    await vscode.commands.executeCommand('campfire.clearCache');
    assert.equal(await api.services.cache.sizeBytes(), 0);
    assert.equal(fs.existsSync(await cacheFile(medium)), false);
    // The next open loads from Campfire.
    await open(medium);
    const r = await until(medium, 'every event from Campfire', (x) => x.webview?.phase === 'done' && x.rowsHeld === medium.events);
    assert.doesNotMatch(status(r), /as of/);
    await closeAll();
  });
});
