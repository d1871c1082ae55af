// The tools' data in VS Code: the window's account (or the sample data), its client, and what the
// window already holds — the contracts model, its child lists, a commit's cached usage events and
// the last sync's changes — before anything is read again.
import * as vscode from 'vscode';
import { bulkPageSize } from '../../api/pageSizes';
import type { Contract } from '../../api/schemas/contract';
import { describeAccount } from '../../core/accounts';
import { currentCacheOwner } from '../../core/cacheOwner';
import type { Services } from '../../core/services';
import type { ContractsModel } from '../../model/contractsModel';
import type { PagedList } from '../../model/pagedList';
import { prepaidCommits, tierPriceOverrides } from '../../resources';
import { readCachedEvents } from '../../usageEvents/host/eventsCache';
import { DATA_INDEX, fieldIndex } from '../../usageEvents/protocol/usageEventRow';
import { ApiData, type CampfireData, type ChangesAnswer, type Listed, type UsageRows } from '../core/campfireData';
import type { AggregateRow } from '../core/usageAggregate';

const PERIOD_MONTH = fieldIndex('period_month');
const REVENUE = fieldIndex('total_revenue_dollars');
const EVENTS = fieldIndex('total_events');
const ADJUSTMENT = fieldIndex('is_adjustment');
/** Rows of the cache handed to the aggregates at a time, so a million rows never sit in one array. */
const CACHED_PAGE = 5000;

/** A list the window holds in full, as a listing; undefined while it is not complete. */
function held<T>(list: PagedList<T & { id: number }> | undefined): Listed<T> | undefined {
  if (!list?.isComplete || list.error !== undefined) return undefined;
  return { items: [...list.items], ...(list.cachedAt !== undefined ? { cachedAt: list.cachedAt } : {}) };
}

class WindowData extends ApiData {
  constructor(
    private readonly services: Services,
    private readonly model: ContractsModel,
    accountLabel: string,
    key: string | undefined,
  ) {
    const settings = services.connection.settings;
    super(() => services.connection.client, accountLabel, key ? [key] : [], { pageSize: bulkPageSize(settings.pageSize), concurrency: settings.maxConcurrentRequests });
  }

  override async contracts(signal?: AbortSignal): Promise<Listed<Contract>> {
    return held(this.model.contracts) ?? super.contracts(signal);
  }

  override async contractCount(signal?: AbortSignal): Promise<number | undefined> {
    return held(this.model.contracts) ? undefined : super.contractCount(signal);
  }

  override async contract(contractId: number, signal?: AbortSignal): Promise<Contract> {
    return this.model.contract(contractId, signal);
  }

  override async commits(contractId: number, signal?: AbortSignal) {
    return held(this.model.children(prepaidCommits, contractId)) ?? super.commits(contractId, signal);
  }

  override async overrides(contractId: number, signal?: AbortSignal) {
    return held(this.model.children(tierPriceOverrides, contractId)) ?? super.overrides(contractId, signal);
  }

  private async cachedEvents(contractId: number, commitId: number) {
    const owner = currentCacheOwner(this.services.connection);
    if (!owner) return undefined;
    return readCachedEvents(this.services.cache.scope(owner), contractId, commitId, (m) => this.services.log.warn(m));
  }

  override async usageEventCount(contractId: number, commitId: number, signal?: AbortSignal): Promise<number | undefined> {
    return (await this.cachedEvents(contractId, commitId)) ? undefined : super.usageEventCount(contractId, commitId, signal);
  }

  override async usageEvents(contractId: number, commitId: number, signal?: AbortSignal): Promise<UsageRows> {
    const cached = await this.cachedEvents(contractId, commitId);
    if (!cached) return super.usageEvents(contractId, commitId, signal);
    const store = cached.rows;
    async function* pages(): AsyncGenerator<readonly AggregateRow[]> {
      for (let start = 0; start < store.length; start += CACHED_PAGE) {
        const page: AggregateRow[] = [];
        for (let i = start; i < Math.min(store.length, start + CACHED_PAGE); i++) {
          const row = store.row(i);
          const data = row[DATA_INDEX];
          const periodMonth = row[PERIOD_MONTH];
          page.push({
            periodMonth: typeof periodMonth === 'string' ? periodMonth : '',
            revenue: row[REVENUE],
            events: row[EVENTS],
            isAdjustment: row[ADJUSTMENT] === true,
            dataValue: (key) => data.find((pair) => pair[0] === key)?.[1],
          });
        }
        yield page;
        // A turn of the event loop between pages keeps the window responsive over a million rows.
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
    return { pages: pages(), cachedAt: cached.savedAt };
  }

  override changes(): Promise<ChangesAnswer> {
    const changes = this.model.lastChanges;
    if (!changes)
      return Promise.resolve({ kind: 'none', reason: 'No sync has compared the contracts yet: changes show after the contracts are synced with a complete list from before (the Changes view says the same).' });
    return Promise.resolve({ kind: 'changes', changes: { ...changes, commits: this.model.commitAlerts } });
  }
}

/** The window's data for the tools, or why there is none (signed out), in words. */
export async function windowData(services: Services, model: ContractsModel): Promise<CampfireData | { problem: string }> {
  await services.sample.restored;
  await services.accounts.ready;
  const { connection } = services;
  if (connection.isSample) return new WindowData(services, model, vscode.l10n.t('the sample data'), undefined);
  const account = connection.account;
  if (!account) return { problem: vscode.l10n.t('Not signed in to Campfire: sign in (Campfire: Sign In) or explore the sample data, then ask again.') };
  const key = await services.accounts.keyFor(account.origin);
  if (!key) return { problem: vscode.l10n.t('Not signed in to Campfire: sign in (Campfire: Sign In) or explore the sample data, then ask again.') };
  return new WindowData(services, model, describeAccount(account), key);
}
