// Where the tree's data comes from: the resources' endpoints on the window's current client. The
// client is looked up on every call because it is rebuilt when the base URL or the key changes.
import type * as z from 'zod';
import type { CampfireClient, Query } from '../api/client';
import { bulkPageSize } from '../api/pageSizes';
import { firstPage, paginate, type ListPage, type ListSummary } from '../api/pagination';
import { deletedContractStubSchema } from '../api/schemas/contract';
import { contracts, prepaidCommits, type ContractChild, type ItemOf } from '../resources';
import { type DeltaSource, type Listed } from './contractsSync';
import type { PageSource } from './pagedList';

export type Contract = ItemOf<typeof contracts>;
export type ChildItem<R extends ContractChild> = ItemOf<R>;

export interface ContractsSource {
  contracts: PageSource<Contract>;
  /** One of a contract's lists (its prepaid commits, its tier price overrides). */
  children<R extends ContractChild>(resource: R, contractId: number): PageSource<ChildItem<R>>;
  contract(contractId: number, signal?: AbortSignal): Promise<Contract>;
  prepaidCommit(contractId: number, commitId: number, signal?: AbortSignal): Promise<ItemOf<typeof prepaidCommits>>;
}

export function apiContractsSource(client: () => CampfireClient): ContractsSource {
  return {
    contracts: (options) => contracts.list(client(), {}, options),
    children: (resource, contractId) => (options) => resource.list(client(), { contractId }, options) as ReturnType<PageSource<ChildItem<typeof resource>>>,
    contract: (contractId, signal) => contracts.get(client(), { contractId }, signal),
    prepaidCommit: (contractId, commitId, signal) => prepaidCommits.get(client(), { contractId, commitId }, signal),
  };
}

/** Every row of a listing, and whether it reached the end (paginate throws rather than end short). */
async function drain<T>(pages: AsyncGenerator<ListPage<T>, ListSummary>): Promise<Listed<T>> {
  const items: T[] = [];
  for (;;) {
    const r = await pages.next();
    if (r.done) return { items, complete: r.value.complete };
    for (const item of r.value.items) items.push(item);
  }
}

/** A contracts sync's requests, at the bulk page size, so a delta of a few rows is one request each. */
export function apiDeltaSource(client: () => CampfireClient, settings: { pageSize(): number; concurrency(): number }): DeltaSource {
  const path = contracts.listPath({});
  const list = <S extends z.ZodType>(itemSchema: S, endpoint: string, query: Query, signal: AbortSignal | undefined) =>
    drain(paginate(client(), { path, endpoint, itemSchema, query }, { pageSize: bulkPageSize(settings.pageSize()), concurrency: settings.concurrency(), signal }));
  return {
    changedSince: (since, signal) => list(contracts.itemSchema, `${contracts.label.many} (modified since ${since})`, { last_modified_at__gte: since }, signal),
    deletedSince: (since, signal) => list(deletedContractStubSchema, `${contracts.label.many} (deleted since ${since})`, { include_deleted: true, last_modified_at__gte: since }, signal),
    count: async (signal) => {
      const page = await firstPage(paginate(client(), { path, endpoint: contracts.label.many, itemSchema: contracts.itemSchema }, { pageSize: 1, maxItems: 1, signal }));
      return page?.count ?? 0;
    },
    fullList: (signal) => list(contracts.itemSchema, contracts.label.many, {}, signal),
  };
}
