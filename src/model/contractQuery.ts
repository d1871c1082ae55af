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

/** Missing values sort last in either direction; ties fall back to the id so the order is stable. */
export function compareContracts(sort: ContractSort): (a: Contract, b: Contract) => number {
  const dir = sort.descending ? -1 : 1;
  const key = (c: Contract): string | number | undefined => {
    switch (sort.by) {
      case 'name':
        return contractName(c);
      case 'startDate':
        return c.contract_start_date ?? undefined;
      case 'value':
        return c.total_contract_value ?? undefined;
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
  return sort ? kept.sort(compareContracts(sort)) : kept;
}

/**
 * The words of a filter's description. The model runs without `vscode`: the English ones are the
 * default, and the view passes them in the display language (src/ui/words.ts).
 */
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
