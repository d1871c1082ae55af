// What the webview keeps across being hidden and across window reloads (vscode.setState): which
// commit it shows and whose it is (the serializer refetches it once the window uses that account
// or the sample data again) and how the user has arranged the table. Read back
// defensively: state written by another version must not break the view.
import { array, boolean, integer, nullable, number, object, oneOf, optional, string, type Check } from '../../protocol/messageChecks';
import { fixedColumns } from '../model/columns';
import { panelOwner, type PanelOwner, type SortSpec } from '../../protocol/usageEventsMessages';

export interface PersistedState {
  contractId: number;
  commitId: number;
  /** The account (origin and id) or sample data the commit belongs to; absent in state of older versions. */
  owner?: PanelOwner;
  sort: SortSpec | null;
  filter: string;
  columnFilters: [string, string][];
  hiddenColumns: string[];
  widths: [string, number][];
  scrollTop: number;
  hideAdjustments: boolean;
  groupByMonth: boolean;
  chartsOpen: boolean;
  /** Whether the figures and charts above the table are shown; absent in state of older versions (shown). */
  summaryOpen?: boolean;
  collapsedMonths: string[];
}

const pair = <A, B>(a: Check<A>, b: Check<B>): Check<[A, B]> => (v, path) => {
  if (!Array.isArray(v) || v.length !== 2) throw new TypeError(`${path}: expected a pair`);
  return [a(v[0], `${path}[0]`), b(v[1], `${path}[1]`)];
};

const checkState: Check<PersistedState> = object({
  contractId: integer,
  commitId: integer,
  owner: optional(panelOwner),
  sort: nullable(object({ column: string, direction: oneOf(['asc', 'desc'] as const) })),
  filter: string,
  columnFilters: array(pair(string, string)),
  hiddenColumns: array(string),
  widths: array(pair(string, number)),
  scrollTop: number,
  hideAdjustments: boolean,
  groupByMonth: boolean,
  chartsOpen: boolean,
  summaryOpen: optional(boolean),
  collapsedMonths: array(string),
});

export function defaultState(contractId = -1, commitId = -1): PersistedState {
  return {
    contractId,
    commitId,
    sort: null,
    filter: '',
    columnFilters: [],
    // The event id is there for copying and lookups, not for reading.
    hiddenColumns: fixedColumns().filter((c) => c.hiddenByDefault).map((c) => c.id),
    widths: [],
    scrollTop: 0,
    hideAdjustments: false,
    groupByMonth: false,
    chartsOpen: true,
    summaryOpen: true,
    collapsedMonths: [],
  };
}

export function readPersistedState(value: unknown): PersistedState | undefined {
  try {
    return checkState(value, 'state');
  } catch {
    return undefined;
  }
}
