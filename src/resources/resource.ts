// What a Campfire resource is, said once; URLs, the CLI's names, context values and command ids are
// derived from its name (docs/ARCHITECTURE.md, "Resources").
import * as l10n from '@vscode/l10n';
import type * as z from 'zod';
import type { CampfireClient, Query } from '../api/client';
import { isId } from '../api/ids';
import { paginate, type ListPage, type ListSummary, type PaginateOptions } from '../api/pagination';

export const API_ROOT = '/rr/api/v1';

/** The argument key that names one item of a resource: `{contractId, commitId, overrideId}`. */
export type IdKey = 'contractId' | 'commitId' | 'overrideId' | 'eventId' | 'consumptionId';

export interface ResourceSpec<S extends z.ZodObject, P extends IdKey, N extends string, Par extends AnyResource | undefined> {
  /** The one spelling: camelCase plural, the API's segment in camel case (`tierPriceOverrides`). */
  readonly name: N;
  /** The resource it is listed under (a contract's prepaid commits), or none (contracts). */
  readonly parent?: Par;
  /** The key that names one item in command arguments (`{contractId: 12}`). */
  readonly idKey: P;
  readonly itemSchema: S;
  /** Codicon of the resource (tree folders, pickers). */
  readonly icon: string;
  /** Its names in the user's language; a function, as VS Code's l10n bundle loads after this module. */
  readonly labels: () => ResourceLabel;
  /** What it is, for tooltips, in the user's language: "the balances usage draws down". */
  readonly summary: () => string;
  /** Whether `GET …/{id}` exists; without it one item is found by listing. */
  readonly hasItemEndpoint: boolean;
  /** Usually many pages long (a commit's usage events): the first pages are requested together. */
  readonly expectMany?: boolean;
  /** The columns an export names when it has no rows, in the order Campfire's API reference documents them. */
  readonly baseColumns: readonly Extract<keyof S['shape'], string>[];
  /**
   * For lists that take Campfire's change filters (`last_modified_at__gte`/`__lte`, `include_deleted`):
   * what `include_deleted=true` lists, stubs of the soft-deleted rows.
   */
  readonly deletedStubSchema?: z.ZodObject;
}

export interface ResourceLabel {
  readonly one: string;
  readonly many: string;
  readonly title: string;
}

/** The ids that locate a resource's list: its ancestors' id keys. */
export type ParentIds<K extends IdKey> = { readonly [key in K]: number };

export interface Resource<S extends z.ZodObject, P extends IdKey, A extends IdKey, N extends string = string>
  extends Omit<ResourceSpec<S, P, N, AnyResource | undefined>, 'parent' | 'labels' | 'summary'> {
  readonly parent: AnyResource | undefined;
  /** URL segment, CLI resource name and export file slug: `tier-price-overrides`. */
  readonly segment: string;
  /** "tier price override" / "tier price overrides" / "Tier Price Overrides", in the user's language. */
  readonly label: ResourceLabel;
  /** What it is, for tooltips, in the user's language: "the balances usage draws down". */
  readonly summary: string;
  /** The id keys of the ancestors, outermost first (`['contractId']`). */
  readonly parentKeys: readonly A[];
  /** Every key that names one item: the ancestors' and its own (`['contractId', 'overrideId']`). */
  readonly itemKeys: readonly (A | P)[];
  /** The URL segments down to this resource, outermost first (`['contracts', 'tier-price-overrides']`). */
  readonly segments: readonly string[];
  /** Context value of one item in the tree (`campfire.tierPriceOverride`) and of its folder. */
  readonly contextValue: { readonly item: string; readonly list: string };
  /** The API path of the list under these ancestors. */
  listPath(ids: ParentIds<A>): string;
  /** The path of one item, without the API root: also the JSON document's path. */
  itemPath(ids: ParentIds<A | P>): string;
  /** "usage events of prepaid commit 34 of contract 12", for errors and the log. */
  describe(ids: ParentIds<A>): string;
  /** Its rows; `query` adds filters the list takes (see deletedStubSchema). */
  list(client: CampfireClient, ids: ParentIds<A>, options: PaginateOptions, query?: Query): AsyncGenerator<ListPage<Item<S>>, ListSummary>;
  get(client: CampfireClient, ids: ParentIds<A | P>, signal?: AbortSignal): Promise<Item<S>>;
}

/** An item as the schema types it; fields the schema does not name are kept as sent. */
export type Item<S extends z.ZodObject> = z.output<S> & Record<string, unknown>;

// Any resource, for code that handles them alike (the export runner, the JSON documents).
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyResource = Resource<z.ZodObject, IdKey, any>;

/** The id keys that locate items of a resource listed under `Par`: the parent's own and its ancestors'. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AncestorKeys<Par> = Par extends Resource<any, infer PP, infer PA, any> ? PP | PA : never;

function segmentOf(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

function idSegment(key: IdKey, id: number): string {
  if (!isId(id)) throw new RangeError(l10n.t('Campfire ids are non-negative integers, got {0} {1}', key, String(id)));
  return String(id);
}

/** `text` " of prepaid commit 34 of contract 12": with the ancestors that locate a list or an item, nearest first. */
function located(text: string, parent: AnyResource | undefined, ids: object): string {
  for (let r = parent; r; r = r.parent) text = l10n.t('{0} of {1} {2}', text, r.label.one, (ids as Record<string, number>)[r.idKey] ?? '?');
  return text;
}

export function defineResource<S extends z.ZodObject, P extends IdKey, N extends string, Par extends AnyResource | undefined = undefined>(
  spec: ResourceSpec<S, P, N, Par>,
): Resource<S, P, AncestorKeys<Par>, N> {
  type A = AncestorKeys<Par>;
  const { labels, summary, ...rest } = spec;
  const parent: AnyResource | undefined = spec.parent;
  const segment = segmentOf(spec.name);
  const parentKeys = (parent ? [...(parent.parentKeys as readonly IdKey[]), parent.idKey] : []) as A[];
  // The path below the API root of the list: /contracts/12/prepaid-commits.
  const relativeList = (ids: Record<string, number>): string =>
    `${parent ? parent.itemPath(ids as never) : ''}/${segment}`;
  const resource: Resource<S, P, A, N> = {
    ...rest,
    parent,
    segment,
    get label() {
      return labels();
    },
    get summary() {
      return summary();
    },
    parentKeys,
    itemKeys: [...parentKeys, spec.idKey],
    segments: [...(parent?.segments ?? []), segment],
    contextValue: { item: `campfire.${spec.name.replace(/s$/, '')}`, list: `campfire.${spec.name}` },
    listPath: (ids) => `${API_ROOT}${relativeList(ids)}`,
    itemPath: (ids) => `${relativeList(ids)}/${idSegment(spec.idKey, (ids as Record<string, number>)[spec.idKey] ?? NaN)}`,
    describe: (ids) => located(labels().many, parent, ids),
    list(client, ids, options, query) {
      return paginate(
        client,
        { path: resource.listPath(ids), endpoint: resource.describe(ids), itemSchema: spec.itemSchema, ...(query ? { query } : {}) },
        spec.expectMany ? { expectMany: true, ...options } : options,
      ) as AsyncGenerator<ListPage<Item<S>>, ListSummary>;
    },
    get(client, ids, signal) {
      const id = (ids as Record<string, number>)[spec.idKey];
      const path = `${API_ROOT}${resource.itemPath(ids)}`;
      return client.getJson({ path, endpoint: located(`${labels().one} ${id ?? '?'}`, parent, ids), signal }, spec.itemSchema);
    },
  };
  return resource;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type ItemOf<R> = R extends Resource<infer S, any, any, any> ? Item<S> : never;
