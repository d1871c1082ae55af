// Filter and sort over contracts. The contracts API has no search, status filter or ordering, so
// these run over all contracts on the client once they are loaded.
import type { Contract } from '../api/schemas/contract';

export interface ContractFilter {
  /** Case-insensitive text matched against the deal name, the client name and the id. */
  text?: string;
  /** Statuses to keep (raw values, so unknown ones can be picked too); empty or absent = any. */
  statuses?: string[];
}

export const SORT_KEYS = ['name', 'startDate', 'value', 'lastModified'] as const;
export type ContractSortKey = (typeof SORT_KEYS)[number];

export interface ContractSort {
  by: ContractSortKey;
  descending: boolean;
}

/** The direction a user expects first: A→Z, newest first, largest first, most recent first. */
export const DEFAULT_DESCENDING: Record<ContractSortKey, boolean> = {
  name: false,
  startDate: true,
  value: true,
  lastModified: true,
};

export function isSortKey(value: unknown): value is ContractSortKey {
  return typeof value === 'string' && (SORT_KEYS as readonly string[]).includes(value);
}

export function normalizeFilter(filter: ContractFilter | undefined): ContractFilter | undefined {
  const text = filter?.text?.trim() ?? '';
  const statuses = [...new Set(filter?.statuses ?? [])];
  if (text === '' && statuses.length === 0) return undefined;
  return { ...(text ? { text } : {}), ...(statuses.length ? { statuses } : {}) };
}

/** The contract's name wherever it is shown: the deal name, else "Contract #id". */
export function contractName(c: Pick<Contract, 'id' | 'deal_name'>): string {
  const name = c.deal_name?.trim();
  return name ? name : `Contract #${c.id}`;
}

export function matchesFilter(c: Contract, filter: ContractFilter): boolean {
  if (filter.statuses?.length && !filter.statuses.includes(c.status ?? '')) return false;
  const text = filter.text?.trim().toLowerCase();
  if (!text) return true;
  const id = text.replace(/^#/, '');
  if (String(c.id) === id) return true;
  return (c.deal_name ?? '').toLowerCase().includes(text) || c.client_name.toLowerCase().includes(text) || String(c.id).includes(id);
}

const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });

/** The filter and sort as saved with the workspace, read back; anything not of their shape is dropped. */
export function parseSavedQuery(saved: unknown): { filter?: ContractFilter; sort?: ContractSort } {
  if (typeof saved !== 'object' || saved === null) return {};
  const { filter, sort } = saved as { filter?: unknown; sort?: unknown };
  const out: { filter?: ContractFilter; sort?: ContractSort } = {};
  if (typeof filter === 'object' && filter !== null) {
    const f = filter as { text?: unknown; statuses?: unknown };
    const text = typeof f.text === 'string' ? f.text.slice(0, 1000) : undefined;
    const statuses = Array.isArray(f.statuses) ? f.statuses.filter((x): x is string => typeof x === 'string').slice(0, 100) : undefined;
    const normal = normalizeFilter({ ...(text !== undefined ? { text } : {}), ...(statuses ? { statuses } : {}) });
    if (normal) out.filter = normal;
  }
  if (typeof sort === 'object' && sort !== null) {
    const s = sort as { by?: unknown; descending?: unknown };
    if (isSortKey(s.by)) out.sort = { by: s.by, descending: typeof s.descending === 'boolean' ? s.descending : DEFAULT_DESCENDING[s.by] };
  }
  return out;
}

/** Campfire's default currency for a contract and its entity (the API reference: both default to "USD"). */
const DEFAULT_CURRENCY = 'USD';

function currencyCode(code: string | null | undefined): string {
  const c = (code ?? '').trim().toUpperCase();
  return c === '' ? DEFAULT_CURRENCY : c;
}

/**
 * A contract's value comparable with others: in its entity currency (value × `exchange_rate`), or
 * without a usable rate in its own currency (`missingRate`), compared only within that currency.
 */
export interface ComparableValue {
  /** The value as Campfire sent it, in the contract's currency. */
  amount: number;
  currency: string;
  /** What it is compared as: the amount in `inCurrency` (the entity currency when converted). */
  compared: number;
  inCurrency: string;
  /** The exchange rate used, when the value was converted. */
  rate?: number;
  /** The contract is in another currency than its entity and carries no usable rate. */
  missingRate?: true;
}

export function comparableValue(c: Pick<Contract, 'total_contract_value' | 'currency' | 'entity_currency' | 'exchange_rate'>): ComparableValue | undefined {
  const amount = c.total_contract_value;
  if (amount === null || amount === undefined || !Number.isFinite(amount)) return undefined;
  const currency = currencyCode(c.currency);
  const entity = currencyCode(c.entity_currency);
  if (currency === entity) return { amount, currency, compared: amount, inCurrency: currency };
  const rate = c.exchange_rate;
  if (typeof rate === 'number' && Number.isFinite(rate) && rate > 0) return { amount, currency, compared: amount * rate, inCurrency: entity, rate };
  return { amount, currency, compared: amount, inCurrency: currency, missingRate: true };
}

/** The currencies values are compared in, the most common first; amounts in different currencies are never compared. */
export interface ValueGroups {
  currencies: string[];
  missingRate: number;
}

export function valueGroups(contracts: readonly Contract[]): ValueGroups {
  const counts = new Map<string, number>();
  let missingRate = 0;
  for (const c of contracts) {
    const v = comparableValue(c);
    if (!v) continue;
    counts.set(v.inCurrency, (counts.get(v.inCurrency) ?? 0) + 1);
    if (v.missingRate) missingRate++;
  }
  const currencies = [...counts.keys()].sort((a, b) => (counts.get(b) ?? 0) - (counts.get(a) ?? 0) || (a < b ? -1 : a > b ? 1 : 0));
  return { currencies, missingRate };
}

/** A run of contracts sorted by value that are compared in one currency (undefined: no value). */
export interface CurrencyGroup {
  currency: string | undefined;
  count: number;
  /** The sum of the values as compared, in `currency`. */
  total: number;
  /** The group's first contract, where its header goes. */
  firstId: number;
}

/** The currency groups of contracts already sorted by value, in their order, each with its subtotal. */
export function currencyGroups(sorted: readonly Contract[]): CurrencyGroup[] {
  const groups: CurrencyGroup[] = [];
  let last: CurrencyGroup | undefined;
  for (const c of sorted) {
    const v = comparableValue(c);
    const currency = v?.inCurrency;
    if (!last || last.currency !== currency) groups.push((last = { currency, count: 0, total: 0, firstId: c.id }));
    last.count++;
    if (v) last.total += v.compared;
  }
  return groups;
}

/** Missing values sort last either way, ties by id; by value, the currency groups keep their order whatever the direction. */
export function compareContracts(sort: ContractSort, groups?: ValueGroups): (a: Contract, b: Contract) => number {
  const dir = sort.descending ? -1 : 1;
  if (sort.by === 'value') {
    const rank = new Map((groups?.currencies ?? []).map((code, i) => [code, i]));
    const groupOf = (code: string) => rank.get(code) ?? Number.MAX_SAFE_INTEGER;
    return (a, b) => {
      const va = comparableValue(a);
      const vb = comparableValue(b);
      if (!va) return vb ? 1 : a.id - b.id;
      if (!vb) return -1;
      if (va.inCurrency !== vb.inCurrency) {
        const g = groupOf(va.inCurrency) - groupOf(vb.inCurrency);
        return g !== 0 ? g : va.inCurrency < vb.inCurrency ? -1 : 1;
      }
      const c = va.compared < vb.compared ? -1 : va.compared > vb.compared ? 1 : 0;
      return c !== 0 ? c * dir : a.id - b.id;
    };
  }
  const key = (c: Contract): string | number | undefined => {
    switch (sort.by) {
      case 'name':
        return contractName(c);
      case 'startDate':
        return c.contract_start_date ?? undefined;
      case 'lastModified':
        return Date.parse(c.last_modified_at);
    }
  };
  return (a, b) => {
    const ka = key(a);
    const kb = key(b);
    if (ka === undefined || (typeof ka === 'number' && Number.isNaN(ka))) return kb === undefined ? a.id - b.id : 1;
    if (kb === undefined || (typeof kb === 'number' && Number.isNaN(kb))) return -1;
    const c = typeof ka === 'string' && typeof kb === 'string' ? collator.compare(ka, kb) : ka < kb ? -1 : ka > kb ? 1 : 0;
    return c !== 0 ? c * dir : a.id - b.id;
  };
}

export function applyQuery(contracts: readonly Contract[], filter: ContractFilter | undefined, sort: ContractSort | undefined): Contract[] {
  const kept = filter ? contracts.filter((c) => matchesFilter(c, filter)) : [...contracts];
  return sort ? kept.sort(compareContracts(sort, sort.by === 'value' ? valueGroups(kept) : undefined)) : kept;
}

/** A filter's description words: English by default, the view passes them in the display language. */
export interface FilterWords {
  quoted(text: string): string;
  noStatus: string;
}

const ENGLISH_FILTER: FilterWords = { quoted: (text) => `“${text}”`, noStatus: '(no status)' };

/** "“acme” · ACTIVE, PENDING" (the sort is described by the view: src/ui/words.ts). */
export function describeFilter(filter: ContractFilter, words: FilterWords = ENGLISH_FILTER): string {
  const parts: string[] = [];
  if (filter.text) parts.push(words.quoted(filter.text));
  if (filter.statuses?.length) parts.push(filter.statuses.map((s) => s || words.noStatus).join(', '));
  return parts.join(' · ');
}
