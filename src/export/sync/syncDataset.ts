// campfire-export sync: every contract, prepaid commit, tier price override, usage event and
// consumption ledger row of the account as a Parquet dataset, brought up to date incrementally.
// What is read again when, and what a sync can miss: docs/dataset-sync.md.
import fs from 'node:fs';
import path from 'node:path';
import type { CampfireClient } from '../../api/client';
import { isCampfireError } from '../../api/errors';
import { firstPage, type ListPage, type ListSummary } from '../../api/pagination';
import type { Contract } from '../../api/schemas/contract';
import type { PrepaidCommit } from '../../api/schemas/prepaidCommit';
import { apiDeltaSource } from '../../model/contractsSource';
import { syncContracts, type ContractsSnapshot } from '../../model/contractsSync';
import { consumption, contracts, prepaidCommits, tierPriceOverrides, usageEvents } from '../../resources';
import { errorMessage } from '../../shared/errorMessage';
import { writeRecords } from '../runner';
import { forEachConcurrently } from './concurrently';
import { ContentHash, recordHash } from './contentHash';
import { PART_FILE, parsePartitionKey, partitionDir, partitionKey, type PartitionRef } from './layout';
import { DatasetFolderError, MANIFEST_FORMAT, readContractsState, readManifest, writeContractsState, writeManifest, type Manifest, type HeldEntry, type ManifestHeader } from './manifest';
import { acquireSyncLock } from './syncLock';

export interface SyncOptions {
  /** The dataset's folder (created if missing). */
  root: string;
  /** The Campfire the data comes from; a folder holds one origin's data. */
  origin: string;
  /** "campfire-export 1.2.0", for the manifest. */
  generator: string;
  /** Only these contracts (--contract); every contract of the account when undefined. */
  contractIds?: readonly number[];
  /** List every partition again (--full); unchanged content is still not rewritten. */
  full: boolean;
  pageSize: number;
  /** Partitions read at once; the client's scheduler caps the requests in flight for all of them. */
  concurrency: number;
  signal?: AbortSignal;
  onProgress?: (p: SyncProgress) => void;
}

export interface SyncProgress {
  phase: 'contracts' | 'commits';
  done: number;
  total: number;
  rows: number;
}

export interface PartitionProblem {
  partition: string;
  message: string;
  /** The listing did not add up (CampfireIncompleteError), rather than failing outright. */
  incomplete: boolean;
}

export interface SyncReport {
  contracts: number;
  /** full: every contract listed; delta: the changes since the last sync applied; chosen: --contract ids read one by one. */
  contractsMode: 'full' | 'delta' | 'chosen';
  /** Why the contracts were listed in full although an earlier sync's list was there. */
  contractsReason?: string;
  changedContracts: number;
  deletedContracts: number;
  commits: number;
  /** Commits whose usage events and ledger were listed again. */
  commitsListed: number;
  /** Partitions renamed into place with new content. */
  written: number;
  /** Partitions listed again whose content had not changed, left as they were. */
  unchanged: number;
  removed: number;
  rowsRead: number;
  failed: PartitionProblem[];
  /** Partitions whose rows changed while they were read: written, marked incomplete, listed again next time. */
  changed: string[];
}

/** Every contract, or the chosen ids, as the manifest records them. */
type Scope = Manifest['contracts'];

function describeScope(scope: Scope): string {
  return scope === 'all' ? 'every contract of the account' : `contracts ${scope.join(', ')} (--contract)`;
}

export async function syncDataset(client: CampfireClient, options: SyncOptions): Promise<SyncReport> {
  const lock = await acquireSyncLock(options.root);
  try {
    const previous = await readManifest(options.root);
    return await new DatasetSync(client, options, previous?.header, previous?.partitions ?? new Map<string, HeldEntry>()).run();
  } finally {
    await lock.release();
  }
}

/** A commit whose usage events and ledger are checked: its record's hash when known from this sync's listing or the last. */
interface CommitTask {
  ids: { contractId: number; commitId: number };
  commitSha256: string;
}

/** A listing's batches of records, and its summary once it ended. */
interface Listing {
  batches: AsyncIterable<readonly Record<string, unknown>[]> | Iterable<readonly Record<string, unknown>[]>;
  summary(): ListSummary | undefined;
}

class DatasetSync {
  private readonly scope: Scope;
  private readonly report: SyncReport = {
    contracts: 0,
    contractsMode: 'full',
    changedContracts: 0,
    deletedContracts: 0,
    commits: 0,
    commitsListed: 0,
    written: 0,
    unchanged: 0,
    removed: 0,
    rowsRead: 0,
    failed: [],
    changed: [],
  };
  private progress: SyncProgress = { phase: 'contracts', done: 0, total: 0, rows: 0 };

  constructor(
    private readonly client: CampfireClient,
    private readonly o: SyncOptions,
    private readonly previous: ManifestHeader | undefined,
    /** Every partition the manifest will list, keyed by partitionKey: the last sync's, updated as this one goes. */
    private readonly entries: Map<string, HeldEntry>,
  ) {
    this.scope = o.contractIds ? [...new Set(o.contractIds)].sort((a, b) => a - b) : 'all';
    if (previous && previous.origin !== o.origin) throw new DatasetFolderError(`${o.root} holds data from ${previous.origin}: sync ${o.origin} into another folder`);
    if (previous && JSON.stringify(previous.contracts) !== JSON.stringify(this.scope)) {
      throw new DatasetFolderError(`${o.root} holds ${describeScope(previous.contracts)}: sync ${describeScope(this.scope)} into another folder`);
    }
  }

  async run(): Promise<SyncReport> {
    const state = this.o.full ? undefined : await readContractsState(this.o.root, this.previous);
    const listed = await this.listContracts(state);
    let finished = false;
    try {
      await this.apply(listed.contracts, state);
      finished = true;
    } finally {
      // Written whatever happened, so it describes every partition renamed into place. The contracts
      // listing counts as applied only once every change it brought was: else the next sync sees them again.
      const listedAt = finished ? listed.listedAt : (this.previous?.contractsListedAt ?? 0);
      if (finished) await writeContractsState(this.o.root, { contracts: listed.contracts, complete: true, count: listed.contracts.length, listedAt });
      if (finished || this.report.written + this.report.unchanged > 0) {
        await writeManifest(
          this.o.root,
          { format: MANIFEST_FORMAT, generator: this.o.generator, origin: this.o.origin, contracts: this.scope, syncedAt: new Date().toISOString(), contractsListedAt: listedAt },
          this.entries,
        );
      }
    }
    return this.report;
  }

  /** The contracts in scope now: a delta on the last sync's list when it can be trusted, else everything (or each chosen id). */
  private async listContracts(state: ContractsSnapshot | undefined): Promise<{ contracts: Contract[]; listedAt: number }> {
    const { signal } = this.o;
    if (this.scope !== 'all') {
      const listedAt = Date.now();
      const found: Contract[] = [];
      await forEachConcurrently(this.scope, this.o.concurrency, async (contractId) => {
        try {
          found.push(await contracts.get(this.client, { contractId }, signal));
        } catch (e) {
          // Gone from Campfire: its partitions are removed like a deleted contract's.
          if (!(isCampfireError(e) && e.kind === 'notFound')) throw e;
        }
      }, signal);
      this.report.contractsMode = 'chosen';
      return { contracts: found.sort((a, b) => a.id - b.id), listedAt };
    }
    const source = apiDeltaSource(() => this.client, { pageSize: () => this.o.pageSize, concurrency: () => this.o.concurrency });
    const synced = await syncContracts(state, source, { signal });
    this.report.contractsMode = synced.mode;
    if (synced.mode === 'full' && state) this.report.contractsReason = synced.reason;
    return { contracts: synced.contracts, listedAt: synced.listedAt };
  }

  private async apply(current: Contract[], state: ContractsSnapshot | undefined): Promise<void> {
    const { signal } = this.o;
    this.report.contracts = current.length;
    const before = new Map((state?.contracts ?? []).map((c) => [c.id, recordHash(c)]));
    const knownContracts = new Set<number>();
    for (const key of this.entries.keys()) {
      const id = parsePartitionKey(key)?.ids.contractId;
      if (id !== undefined) knownContracts.add(id);
    }
    // A contract's own lists are read again when it changed, when they were never read whole, or always with --full.
    const needsLists = (c: Contract) =>
      this.o.full ||
      before.get(c.id) !== recordHash(c) ||
      [prepaidCommits, tierPriceOverrides].some((r) => {
        const entry = this.entries.get(partitionKey({ resource: r, ids: { contractId: c.id } }));
        return !entry || entry.failed !== undefined || !entry.complete;
      });
    const changed = current.filter(needsLists);
    this.report.changedContracts = changed.length;

    // In id order: a delta merged into the last list and a full listing then hash the same.
    const byId = [...current].sort((a, b) => a.id - b.id);
    await this.writePartition({ resource: contracts, ids: {} }, new Date().toISOString(), { batches: once(byId), summary: () => undefined });

    this.setProgress({ phase: 'contracts', done: 0, total: changed.length });
    // Each changed contract's commits as tasks: the records themselves are written and let go.
    const commitsOf = new Map<number, CommitTask[]>();
    await forEachConcurrently(changed, this.o.concurrency, async (c) => {
      const ids = { contractId: c.id };
      const commits = await this.attempt({ resource: prepaidCommits, ids }, async () => {
        const listed = await this.collect(prepaidCommits, ids);
        await this.writePartition({ resource: prepaidCommits, ids }, listed.readAt, { batches: once(listed.items), summary: () => listed.summary });
        return (listed.items as PrepaidCommit[]).map((p) => ({ ids: { contractId: c.id, commitId: p.id }, commitSha256: recordHash(p) }));
      });
      if (commits) commitsOf.set(c.id, commits);
      await this.attempt({ resource: tierPriceOverrides, ids }, async () => {
        const listed = await this.collect(tierPriceOverrides, ids);
        await this.writePartition({ resource: tierPriceOverrides, ids }, listed.readAt, { batches: once(listed.items), summary: () => listed.summary });
      });
      this.setProgress({ done: this.progress.done + 1 });
    }, signal);

    const { tasks, gone } = this.commitTasks(current, commitsOf);
    this.report.commits = tasks.length;
    this.setProgress({ phase: 'commits', done: 0, total: tasks.length });
    await forEachConcurrently(tasks, this.o.concurrency, async (task) => {
      await this.syncCommit(task);
      this.setProgress({ done: this.progress.done + 1 });
    }, signal);
    for (const key of gone) await this.removePartition(key);

    const inScope = new Set(current.map((c) => c.id));
    const deleted = [...knownContracts].filter((id) => !inScope.has(id));
    this.report.deletedContracts = deleted.length;
    for (const key of this.entries.keys()) {
      const id = parsePartitionKey(key)?.ids.contractId;
      if (id !== undefined && !inScope.has(id)) await this.removePartition(key);
    }
  }

  /** Every commit in scope: a changed contract's as just listed (its removed commits' partitions go), the others' as the last sync left them. */
  private commitTasks(current: readonly Contract[], commitsOf: ReadonlyMap<number, readonly CommitTask[]>): { tasks: CommitTask[]; gone: string[] } {
    const known = new Map<number, CommitTask[]>();
    for (const [key, entry] of this.entries) {
      const ref = parsePartitionKey(key);
      if (ref?.resource !== usageEvents || entry.commitSha256 === undefined) continue;
      const { contractId, commitId } = ref.ids as { contractId: number; commitId: number };
      const list = known.get(contractId) ?? [];
      list.push({ ids: { contractId, commitId }, commitSha256: entry.commitSha256 });
      known.set(contractId, list);
    }
    const tasks: CommitTask[] = [];
    const gone: string[] = [];
    for (const c of current) {
      const listed = commitsOf.get(c.id);
      if (!listed) {
        tasks.push(...(known.get(c.id) ?? []));
        continue;
      }
      const ids = new Set(listed.map((p) => p.ids.commitId));
      for (const stale of known.get(c.id) ?? []) {
        if (ids.has(stale.ids.commitId)) continue;
        for (const resource of [usageEvents, consumption]) {
          const key = partitionKey({ resource, ids: stale.ids });
          if (this.entries.get(key)) gone.push(key);
        }
      }
      tasks.push(...listed);
    }
    return { tasks, gone };
  }

  /** A commit's usage events and ledger, listed again when its record or its event count changed (one limit=1 request), or with --full. */
  private async syncCommit(task: CommitTask): Promise<void> {
    const eventsRef: PartitionRef = { resource: usageEvents, ids: task.ids };
    const ledgerRef: PartitionRef = { resource: consumption, ids: task.ids };
    const events = this.entries.get(partitionKey(eventsRef));
    const ledger = this.entries.get(partitionKey(ledgerRef));
    const settled = (e: HeldEntry | undefined) => e !== undefined && e.failed === undefined && e.complete && e.commitSha256 === task.commitSha256;
    if (!this.o.full && settled(events) && settled(ledger)) {
      const count = await this.attempt(eventsRef, () => this.countEvents(task.ids));
      if (count === undefined || count === events?.count) return;
    }
    this.report.commitsListed++;
    await this.attempt(eventsRef, async () => {
      const listing = this.stream(usageEvents, task.ids);
      await this.writePartition(eventsRef, new Date().toISOString(), listing, task.commitSha256);
    });
    await this.attempt(ledgerRef, async () => {
      const listing = this.stream(consumption, task.ids);
      await this.writePartition(ledgerRef, new Date().toISOString(), listing, task.commitSha256);
    });
  }

  private async countEvents(ids: CommitTask['ids']): Promise<number> {
    const page = await firstPage(usageEvents.list(this.client, ids, { pageSize: 1, maxItems: 1, concurrency: 1, expectMany: false, signal: this.o.signal }));
    return page?.count ?? 0;
  }

  /** A short listing (a contract's commits or overrides) read whole: the commits are needed before their events. */
  private async collect(resource: typeof prepaidCommits | typeof tierPriceOverrides, ids: { contractId: number }): Promise<{ items: Record<string, unknown>[]; summary: ListSummary; readAt: string }> {
    const readAt = new Date().toISOString();
    const pages = resource.list(this.client, ids, { pageSize: this.o.pageSize, concurrency: this.o.concurrency, signal: this.o.signal }) as AsyncGenerator<ListPage<Record<string, unknown>>, ListSummary>;
    const items: Record<string, unknown>[] = [];
    for (;;) {
      const r = await pages.next();
      if (r.done) return { items, summary: r.value, readAt };
      for (const item of r.value.items) items.push(item);
    }
  }

  /**
   * A commit's events or ledger, page by page into the writer. The first pages are not asked for
   * together (expectMany): most commits fit a page or two, and the other commits keep the requests busy.
   */
  private stream(resource: typeof usageEvents | typeof consumption, ids: CommitTask['ids']): Listing {
    let summary: ListSummary | undefined;
    const pages = resource.list(this.client, ids, { pageSize: this.o.pageSize, concurrency: this.o.concurrency, expectMany: false, signal: this.o.signal }) as AsyncGenerator<ListPage<Record<string, unknown>>, ListSummary>;
    async function* batches(): AsyncGenerator<readonly Record<string, unknown>[]> {
      try {
        for (;;) {
          const r = await pages.next();
          if (r.done) {
            summary = r.value;
            return;
          }
          yield r.value.items;
        }
      } finally {
        // Stops the pages in flight when the writer gives up.
        if (!summary) await pages.return({ initialCount: 0, finalCount: 0, delivered: 0, duplicatesSkipped: 0, complete: false });
      }
    }
    return { batches: batches(), summary: () => summary };
  }

  /**
   * Writes a partition through the exports' Parquet writer into a file beside its own and renames it
   * into place, unless its content hash is the one the manifest has for the file already there.
   */
  private async writePartition(ref: PartitionRef, readAt: string, listing: Listing, commitSha256?: string): Promise<void> {
    const key = partitionKey(ref);
    const previous = this.entries.get(key);
    const dir = partitionDir(this.o.root, key);
    await fs.promises.mkdir(dir, { recursive: true });
    const file = path.join(dir, PART_FILE);
    const onDisk = previous?.sha256 !== undefined && fs.existsSync(file);
    const hash = new ContentHash();
    let rows = 0;
    const progress = this.progress;
    const report = this.report;
    async function* hashed(): AsyncGenerator<readonly Record<string, unknown>[]> {
      for await (const batch of listing.batches) {
        hash.add(batch);
        rows += batch.length;
        report.rowsRead += batch.length;
        progress.rows += batch.length;
        yield batch;
      }
    }
    let sha256 = '';
    const outcome = { replaced: false };
    try {
      await writeRecords(file, { format: 'parquet', resource: ref.resource, signal: this.o.signal }, hashed(), () => this.emit(), () => {
        sha256 = hash.digest();
        outcome.replaced = !(onDisk && previous.sha256 === sha256);
        return outcome.replaced;
      });
    } catch (e) {
      if (!previous) await removeEmptyFolders(dir, this.o.root);
      throw e;
    }
    const summary = listing.summary();
    const complete = summary === undefined || (rows === summary.initialCount && summary.finalCount === summary.initialCount);
    const count = summary?.finalCount ?? rows;
    this.entries.set(key, { resource: ref.resource.name, rows, readAt, complete, sha256, commitSha256, count: commitSha256 !== undefined ? count : undefined, failed: undefined });
    if (outcome.replaced) this.report.written++;
    else this.report.unchanged++;
    if (!complete) this.report.changed.push(key);
  }

  /**
   * Runs one partition's work. A failure to list it exactly is recorded against it (the file already
   * there stays, the manifest marks it failed, the next sync lists it again) and the sync goes on;
   * a cancel, a refused key or a local error such as a full disk ends the sync.
   */
  private async attempt<T>(ref: PartitionRef, work: () => Promise<T>): Promise<T | undefined> {
    try {
      return await work();
    } catch (e) {
      if (this.o.signal?.aborted || !isCampfireError(e) || e.kind === 'auth' || e.kind === 'permission' || e.kind === 'noApiKey' || e.kind === 'cancelled') throw e;
      const key = partitionKey(ref);
      const message = errorMessage(e);
      this.report.failed.push({ partition: key, message, incomplete: e.kind === 'incomplete' });
      const previous = this.entries.get(key);
      this.entries.set(
        key,
        previous
          ? { ...previous, failed: message }
          : { resource: ref.resource.name, rows: 0, readAt: new Date().toISOString(), complete: false, sha256: undefined, commitSha256: undefined, count: undefined, failed: message },
      );
      return undefined;
    }
  }

  private async removePartition(key: string): Promise<void> {
    if (!this.entries.get(key)) return;
    const dir = partitionDir(this.o.root, key);
    await fs.promises.rm(path.join(dir, PART_FILE), { force: true });
    await removeEmptyFolders(dir, this.o.root);
    this.entries.delete(key);
    this.report.removed++;
  }

  private lastEmit = 0;

  private setProgress(p: Partial<SyncProgress>): void {
    this.progress = Object.assign(this.progress, p);
    this.emit(p.phase !== undefined);
  }

  /** At most five times a second: a terminal redraw per page would cost more than the page. */
  private emit(force = false): void {
    if (!this.o.onProgress) return;
    const now = Date.now();
    if (!force && now - this.lastEmit < 200 && this.progress.done < this.progress.total) return;
    this.lastEmit = now;
    this.o.onProgress({ ...this.progress });
  }
}

/** One batch of records already in memory. */
function once(records: readonly Record<string, unknown>[]): Iterable<readonly Record<string, unknown>[]> {
  return [records];
}

/** Removes `dir` and its parents up to `root` while they are empty. */
async function removeEmptyFolders(dir: string, root: string): Promise<void> {
  const top = path.resolve(root);
  for (let d = path.resolve(dir); d !== top && d.startsWith(top + path.sep); d = path.dirname(d)) {
    try {
      await fs.promises.rmdir(d);
    } catch {
      return;
    }
  }
}
