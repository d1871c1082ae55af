// The message protocol between the usage-events panel (extension host) and its webview. Both sides
// import these types, and both validate what they receive with the hand-written checks below: a
// webview is a browser page, so nothing it posts is trusted, and the webview trusts only messages
// of the documented shape. The checks are small on purpose (no zod in the webview bundle).
import { array, boolean, check, integer, json, literal, nullable, number, object, oneOf, string, type Check } from './messageChecks';

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** One usage event as the webview stores it. `data` keeps its entries as pairs, so any key (even "__proto__") survives. */
export interface UsageEventRow {
  id: number;
  eventDate: string | null;
  periodMonth: string;
  revenue: number | null;
  events: number | null;
  externalId: string | null;
  isAdjustment: boolean;
  adjustmentDate: string | null;
  originalPeriodMonth: string | null;
  consumption: number | null;
  createdAt: string | null;
  data: [string, JsonValue][];
}

/** What the header shows about the commit and its contract. */
export interface CommitHeader {
  contractId: number;
  commitId: number;
  commitName: string;
  contractName: string;
  clientName: string | null;
  productName: string | null;
  status: string | null;
  currency: string | null;
  totalValue: number;
  remainingValue: number;
  startDate: string;
  expirationDate: string | null;
}

/** One period of the commit's consumption ledger (the burn-down). */
export interface LedgerPoint {
  periodStart: string;
  periodEnd: string;
  balanceBefore: number;
  balanceAfter: number;
  netConsumption: number;
  overage: number;
}

export type LoadPhase = 'loading' | 'done' | 'cancelled' | 'error';

export type SortDirection = 'asc' | 'desc';
export interface SortSpec {
  column: string;
  direction: SortDirection;
}

/** A change to the view requested from outside the webview (tests, and commands that focus a row set). */
export interface ViewChange {
  sort?: SortSpec | null;
  filter?: string;
  columnFilters?: [string, string][];
  hideAdjustments?: boolean;
  groupByMonth?: boolean;
  hiddenColumns?: string[];
  /** Scroll the table to this offset in pixels, as a user's scrolling would. */
  scrollTop?: number;
}

/** What the webview shows, as reported to the host (tests ask for it; nothing else depends on it). */
export interface TableSnapshot {
  generation: number;
  rowsLoaded: number;
  rowsMatching: number;
  /** Row elements currently in the table's DOM (data rows and group rows). */
  domRows: number;
  sort: SortSpec | null;
  filter: string;
  hideAdjustments: boolean;
  groupByMonth: boolean;
  visibleColumns: string[];
  /** The table's scroll offset in pixels. */
  scrollTop: number;
  /** Column id -> text of the first row on screen, exactly as rendered. */
  firstRow: [string, string][];
  phase: LoadPhase | 'idle';
  total: number | null;
  error: string | null;
  /** Elements other than the table's own that appeared inside the table or header (markup that was parsed). */
  foreignElements: number;
  /** Content Security Policy violations seen by the page (markup that was parsed and tried to load or run). */
  cspViolations: number;
  /** Uncaught errors in the page. */
  pageErrors: number;
  shownRevenue: number;
  /** Rows selected. */
  selected: number;
  /** The theme as the page sees it: VS Code's body class and the colours the table is drawn in. */
  theme: { kind: string; background: string; foreground: string };
}

/** Buttons of the status line the host can press on the user's behalf (tests). */
export type StatusAction = 'cancel' | 'retry' | 'resume';

export type HostToWebview =
  | { type: 'reset'; generation: number; contractId: number; commitId: number }
  | { type: 'header'; generation: number; header: CommitHeader | null; error: string | null }
  | { type: 'ledger'; generation: number; points: LedgerPoint[]; error: string | null }
  | { type: 'rows'; generation: number; start: number; rows: UsageEventRow[] }
  | { type: 'progress'; generation: number; phase: LoadPhase; loaded: number; total: number | null; error: string | null; retryable: boolean }
  | { type: 'applyView'; requestId: number; change: ViewChange }
  | { type: 'queryState'; requestId: number }
  | { type: 'press'; requestId: number; action: StatusAction }
  | { type: 'notice'; text: string };

export type CopyFormat = 'csv' | 'tsv' | 'json';

export type WebviewToHost =
  | { type: 'ready' }
  | { type: 'cancel' }
  | { type: 'retry' }
  | { type: 'reload' }
  | { type: 'export' }
  | { type: 'copy'; format: CopyFormat; rows: number; text: string }
  | { type: 'state'; requestId: number; snapshot: TableSnapshot }
  | { type: 'problem'; message: string };

const date = string;
const jsonPair: Check<[string, JsonValue]> = check((v, path) => {
  const [k, val] = array(json)(v, path);
  if (k === undefined || val === undefined) throw new TypeError(`${path}: expected a [key, value] pair`);
  return [string(k, `${path}[0]`), val];
});
const pairOfStrings: Check<[string, string]> = check((v, path) => {
  const [a, b] = array(string)(v, path);
  if (a === undefined || b === undefined) throw new TypeError(`${path}: expected a pair of strings`);
  return [a, b];
});

export const usageEventRow: Check<UsageEventRow> = object({
  id: integer,
  eventDate: nullable(date),
  periodMonth: date,
  revenue: nullable(number),
  events: nullable(number),
  externalId: nullable(string),
  isAdjustment: boolean,
  adjustmentDate: nullable(date),
  originalPeriodMonth: nullable(date),
  consumption: nullable(integer),
  createdAt: nullable(string),
  data: array(jsonPair),
});

const commitHeader: Check<CommitHeader> = object({
  contractId: integer,
  commitId: integer,
  commitName: string,
  contractName: string,
  clientName: nullable(string),
  productName: nullable(string),
  status: nullable(string),
  currency: nullable(string),
  totalValue: number,
  remainingValue: number,
  startDate: date,
  expirationDate: nullable(date),
});

const ledgerPoint: Check<LedgerPoint> = object({
  periodStart: date,
  periodEnd: date,
  balanceBefore: number,
  balanceAfter: number,
  netConsumption: number,
  overage: number,
});

const loadPhase = oneOf(['loading', 'done', 'cancelled', 'error'] as const);
const sortSpec: Check<SortSpec> = object({ column: string, direction: oneOf(['asc', 'desc'] as const) });

function optional<T>(c: Check<T>): Check<T | undefined> {
  return check((v, path) => (v === undefined ? undefined : c(v, path)));
}

const viewChange: Check<ViewChange> = object({
  sort: optional(nullable(sortSpec)),
  filter: optional(string),
  columnFilters: optional(array(pairOfStrings)),
  hideAdjustments: optional(boolean),
  groupByMonth: optional(boolean),
  hiddenColumns: optional(array(string)),
  scrollTop: optional(integer),
});

const tableSnapshot: Check<TableSnapshot> = object({
  generation: integer,
  rowsLoaded: integer,
  rowsMatching: integer,
  domRows: integer,
  sort: nullable(sortSpec),
  filter: string,
  hideAdjustments: boolean,
  groupByMonth: boolean,
  visibleColumns: array(string),
  scrollTop: integer,
  firstRow: array(pairOfStrings),
  phase: oneOf(['loading', 'done', 'cancelled', 'error', 'idle'] as const),
  total: nullable(integer),
  error: nullable(string),
  foreignElements: integer,
  cspViolations: integer,
  pageErrors: integer,
  shownRevenue: number,
  selected: integer,
  theme: object({ kind: string, background: string, foreground: string }),
});

const hostToWebviewChecks: { [K in HostToWebview['type']]: Check<Extract<HostToWebview, { type: K }>> } = {
  reset: object({ type: literal('reset'), generation: integer, contractId: integer, commitId: integer }),
  header: object({ type: literal('header'), generation: integer, header: nullable(commitHeader), error: nullable(string) }),
  ledger: object({ type: literal('ledger'), generation: integer, points: array(ledgerPoint), error: nullable(string) }),
  rows: object({ type: literal('rows'), generation: integer, start: integer, rows: array(usageEventRow) }),
  progress: object({
    type: literal('progress'),
    generation: integer,
    phase: loadPhase,
    loaded: integer,
    total: nullable(integer),
    error: nullable(string),
    retryable: boolean,
  }),
  applyView: object({ type: literal('applyView'), requestId: integer, change: viewChange }),
  queryState: object({ type: literal('queryState'), requestId: integer }),
  press: object({ type: literal('press'), requestId: integer, action: oneOf(['cancel', 'retry', 'resume'] as const) }),
  notice: object({ type: literal('notice'), text: string }),
};

const webviewToHostChecks: { [K in WebviewToHost['type']]: Check<Extract<WebviewToHost, { type: K }>> } = {
  ready: object({ type: literal('ready') }),
  cancel: object({ type: literal('cancel') }),
  retry: object({ type: literal('retry') }),
  reload: object({ type: literal('reload') }),
  export: object({ type: literal('export') }),
  copy: object({ type: literal('copy'), format: oneOf(['csv', 'tsv', 'json'] as const), rows: integer, text: string }),
  state: object({ type: literal('state'), requestId: integer, snapshot: tableSnapshot }),
  problem: object({ type: literal('problem'), message: string }),
};

function dispatch<M extends { type: string }>(checks: Record<string, Check<M> | undefined>, value: unknown, side: string): M {
  if (typeof value !== 'object' || value === null) throw new TypeError(`${side}: expected an object`);
  const type = (value as { type?: unknown }).type;
  const c = typeof type === 'string' && Object.hasOwn(checks, type) ? checks[type] : undefined;
  if (!c) throw new TypeError(`${side}: unknown message type ${JSON.stringify(type)}`);
  return c(value, side);
}

/** The message as typed, or throws a TypeError that says what is wrong with it. */
export function parseHostToWebview(value: unknown): HostToWebview {
  return dispatch<HostToWebview>(hostToWebviewChecks, value, 'message');
}

/** The message as typed, or throws a TypeError that says what is wrong with it. */
export function parseWebviewToHost(value: unknown): WebviewToHost {
  return dispatch<WebviewToHost>(webviewToHostChecks, value, 'message');
}

export { usageEventRow as checkUsageEventRow, viewChange as checkViewChange };

/** The id of the webview panel type (serializer, activation event). */
export const USAGE_EVENTS_VIEW_TYPE = 'campfire.usageEvents';
