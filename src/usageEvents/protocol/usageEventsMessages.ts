// The message protocol between the usage-events panel (extension host) and its webview. Both sides
// import these types, and both validate what they receive with the hand-written checks below: a
// webview is a browser page, so nothing it posts is trusted, and the webview trusts only messages
// of the documented shape. The checks are small on purpose (no zod in the webview bundle).
import { array, boolean, bytes, integer, literal, nullable, number, object, oneOf, optional, string, type Check } from './messageChecks';
import { DATA_INDEX, decodeExactData, USAGE_EVENT_ROW_LENGTH, type UsageEventRow } from './usageEventRow';

export type { JsonValue, UsageEventRow } from './usageEventRow';

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

/** Cached rows shown: when they were read, whether Campfire was unreachable, whether they are being checked. */
export interface CachedRowsState {
  asOf: number;
  offline: boolean;
  checking: boolean;
}

export type LoadPhase = 'loading' | 'done' | 'cancelled' | 'error';

export type SortDirection = 'asc' | 'desc';
export interface SortSpec {
  column: string;
  direction: SortDirection;
}

/**
 * Whose data a panel shows: `sample` (the built-in sample data), or `<origin>#<account id>`
 * (`<origin>#signed-out` when no account was signed in there). Never a key. The webview keeps it
 * with the commit in its saved state, so a panel restored after a window reload knows whose it was.
 */
export type PanelOwner = string;

/** The owner of a panel of the built-in sample data (the page shows a "Sample data" badge for it). */
export const SAMPLE_PANEL_OWNER: PanelOwner = 'sample';

/** A check's, a line's or a month's result, as the Reconciliation section shows it. */
export type ReconciliationVerdict = 'agrees' | 'differs' | 'cannotCheck' | 'undocumented';

/**
 * The grid's column filters that show the events behind a difference: pairs of a column id and a
 * filter in the column filters' syntax (src/usageEvents/page/model/filters.ts), `=` alone for no value.
 */
export type ReconciliationDrill = [string, string][];

/** One line of a check that differs or was not judged: where (in words), the signed difference (exact decimal text). */
export interface ReconciliationLineView {
  text: string;
  difference: string | null;
  verdict: ReconciliationVerdict;
  drill: ReconciliationDrill | null;
}

export interface ReconciliationCheckView {
  title: string;
  verdict: 'agrees' | 'differs' | 'cannotCheck';
  /** Why it could not be checked, in words; null otherwise. */
  reason: string | null;
  /** The lines that differ or were not judged (at most the first 50), and how many there are in all. */
  lines: ReconciliationLineView[];
  lineCount: number;
}

/** One month (or the months one ledger row covers) of the Periods check. Amounts are exact decimal text. */
export interface ReconciliationMonthView {
  fromMonth: string;
  toMonth: string;
  rows: number;
  eventsRevenue: string;
  ledgerGross: string | null;
  ledgerNet: string | null;
  difference: string | null;
  open: boolean;
  verdict: ReconciliationVerdict;
  drill: ReconciliationDrill;
}

/**
 * What the Reconciliation section shows: why it cannot check yet (the listing is incomplete, the
 * ledger is being read), or the checks' results for every loaded row.
 */
export type ReconciliationView =
  | { state: 'pending'; reason: string }
  | {
      state: 'checked';
      verdict: 'agrees' | 'differs' | 'cannotCheck';
      currency: string;
      /** Digits of the currency's smallest unit. */
      digits: number;
      /** When the checks ran (ms since the epoch). */
      checkedAt: number;
      checks: ReconciliationCheckView[];
      months: ReconciliationMonthView[];
    };

export type HostToWebview =
  /**
   * A new load of this commit, of this owner (left out while not known yet: the saved one stays).
   * `keepView`: the same commit's rows replaced in place (from the cache, or refreshed): the view
   * keeps its scroll position as well as its sort, filters and grouping.
   */
  | { type: 'reset'; generation: number; contractId: number; commitId: number; owner?: PanelOwner; keepView?: boolean }
  | { type: 'header'; generation: number; header: CommitHeader | null; error: string | null }
  | { type: 'ledger'; generation: number; points: LedgerPoint[]; error: string | null }
  | { type: 'reconciliation'; generation: number; view: ReconciliationView }
  | { type: 'rows'; generation: number; start: number; rows: UsageEventRow[] }
  /**
   * Every row at once, as the column store's bytes (src/usageEvents/protocol/columnsCodec.ts): rows shown from
   * the cache or refreshed whole. A million rows are a few typed arrays, not a million JSON arrays.
   */
  | { type: 'columns'; generation: number; bytes: Uint8Array }
  | {
      type: 'progress';
      generation: number;
      phase: LoadPhase;
      loaded: number;
      total: number | null;
      error: string | null;
      retryable: boolean;
      /**
       * With an error: the buttons that fix it, in order (Sign In, Retry, Show Log), labelled in the
       * display language; pressing one posts `{type: 'errorAction', action}`. Absent: Retry alone,
       * when `retryable`.
       */
      actions?: ErrorActionButton[];
      /** The rows are the local cache's, read from Campfire at this time (ms since the epoch). Absent: live data. */
      cache?: CachedRowsState;
    }
  | { type: 'notice'; text: string }
  /**
   * Nothing is loaded: the panel belongs to an identity (account or sample data) the window does
   * not use now. `text` says what it waits for, `action` labels the button that gets there (the
   * host decides what it does), if there is one.
   */
  | { type: 'waiting'; generation: number; text: string; action: string | null }
  /**
   * A command of the grid's context menu (VS Code's webview/context menu), for the cell at this
   * position (row: among the rows shown; col: among the visible columns), or the active cell.
   */
  | { type: 'cellAction'; action: CellAction; row?: number; col?: number }
  /** Asks for the view as shown (answered by a `view` message with the same id), to export it. */
  | { type: 'viewRequest'; id: number };

/** What the grid's context menu does with a cell (each is a command, src/usageEvents/host/cellMenu.ts). */
export const CELL_ACTIONS = ['copyCell', 'copyRowsCsv', 'copyRowsTsv', 'copyRowsJson', 'copyWithHeaders', 'openJson', 'filterByValue', 'hideColumn'] as const;
export type CellAction = (typeof CELL_ACTIONS)[number];

/** What a button next to a load error does: retry the load, sign in (or update the key), show the log. */
export const ERROR_ACTIONS = ['retry', 'signIn', 'updateKey', 'showLog'] as const;
export type ErrorActionId = (typeof ERROR_ACTIONS)[number];
export interface ErrorActionButton {
  action: ErrorActionId;
  label: string;
}

export type CopyFormat = 'csv' | 'tsv' | 'json';

/**
 * The rows and columns the table shows, for an export of what is seen: `rows` are the store's row
 * indexes (the host's too, of this generation) in display order, as the bytes of a Uint32Array in
 * the platform's byte order; `columns` the visible columns' ids, left to right.
 */
export interface ShownView {
  generation: number;
  rows: Uint8Array;
  columns: string[];
  /** Whether filters leave rows out, and whether a sort orders them (what the export's message says). */
  filtered: boolean;
  sorted: boolean;
}

/** The selected cells, summed as the status bar shows them; `sum` is exact decimal text (src/shared/exactDecimal.ts). */
export interface SelectionSummary {
  cells: number;
  /** Cells holding a number (in columns of numbers), and their sum and average; null when there are none. */
  numbers: number;
  sum: string | null;
  average: number | null;
}

export type WebviewToHost =
  | { type: 'ready' }
  | { type: 'cancel' }
  | { type: 'retry' }
  | { type: 'reload' }
  | { type: 'export' }
  /** Export View…: the host asks for the view (`viewRequest`) once it knows where to write it. */
  | { type: 'exportView' }
  /** The answer to a `viewRequest`. */
  | ({ type: 'view'; id: number } & ShownView)
  /** The selection changed: its summary, or null when there is no selection. */
  | { type: 'selectionSummary'; summary: SelectionSummary | null }
  | { type: 'copy'; format: CopyFormat; rows: number; text: string }
  /** The waiting panel's button was pressed. */
  | { type: 'waitAction' }
  | { type: 'problem'; message: string }
  /** Enter or double-click on a row: open this event (its JSON, as the page holds it) in an editor. */
  | { type: 'openEvent'; eventId: number; json: string }
  /** One of the buttons a load error offers (`actions` of the progress message) was pressed. */
  | { type: 'errorAction'; action: ErrorActionId };

const date = string;
/**
 * A row's shape only: an array of the right length whose `data` is an array. The host built it
 * from a usage event Campfire's schema already accepted (src/api), so its cells are not checked
 * again one by one on every page; this rejects what is not a row of this protocol at all. Data
 * values sent as exact JSON text (encodeExactData) become values again.
 */
export const usageEventRow: Check<UsageEventRow> = (v, path) => {
  if (!Array.isArray(v) || v.length !== USAGE_EVENT_ROW_LENGTH || !Array.isArray(v[DATA_INDEX])) {
    throw new TypeError(`${path}: expected a usage event row (an array of ${USAGE_EVENT_ROW_LENGTH} cells ending in data)`);
  }
  return decodeExactData(v as UsageEventRow);
};

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

/** A panel's owner as the protocol and the saved state carry it: a short non-empty string. */
export const panelOwner: Check<PanelOwner> = (v, path) => {
  const s = string(v, path);
  if (s === '' || s.length > 2048) throw new TypeError(`${path}: expected a panel owner`);
  return s;
};

const reconciliationVerdict = oneOf(['agrees', 'differs', 'cannotCheck', 'undocumented'] as const);
const checkVerdict = oneOf(['agrees', 'differs', 'cannotCheck'] as const);
const drill: Check<ReconciliationDrill> = (v, path) => {
  const pairs = array(array(string))(v, path);
  if (pairs.some((p) => p.length !== 2)) throw new TypeError(`${path}: expected pairs of a column and a filter`);
  return pairs as ReconciliationDrill;
};
const reconciliationView: Check<ReconciliationView> = (v, path) => {
  if (typeof v === 'object' && v !== null && (v as { state?: unknown }).state === 'pending') return object({ state: literal('pending'), reason: string })(v, path);
  return object({
    state: literal('checked'),
    verdict: checkVerdict,
    currency: string,
    digits: integer,
    checkedAt: number,
    checks: array(
      object({
        title: string,
        verdict: checkVerdict,
        reason: nullable(string),
        lines: array(object({ text: string, difference: nullable(string), verdict: reconciliationVerdict, drill: nullable(drill) })),
        lineCount: integer,
      }),
    ),
    months: array(
      object({
        fromMonth: date,
        toMonth: date,
        rows: integer,
        eventsRevenue: string,
        ledgerGross: nullable(string),
        ledgerNet: nullable(string),
        difference: nullable(string),
        open: boolean,
        verdict: reconciliationVerdict,
        drill,
      }),
    ),
  })(v, path);
};

const loadPhase = oneOf(['loading', 'done', 'cancelled', 'error'] as const);

const hostToWebviewChecks: { [K in HostToWebview['type']]: Check<Extract<HostToWebview, { type: K }>> } = {
  reset: object({ type: literal('reset'), generation: integer, contractId: integer, commitId: integer, owner: optional(panelOwner), keepView: optional(boolean) }),
  header: object({ type: literal('header'), generation: integer, header: nullable(commitHeader), error: nullable(string) }),
  ledger: object({ type: literal('ledger'), generation: integer, points: array(ledgerPoint), error: nullable(string) }),
  reconciliation: object({ type: literal('reconciliation'), generation: integer, view: reconciliationView }),
  rows: object({ type: literal('rows'), generation: integer, start: integer, rows: array(usageEventRow) }),
  columns: object({ type: literal('columns'), generation: integer, bytes }),
  progress: object({
    type: literal('progress'),
    generation: integer,
    phase: loadPhase,
    loaded: integer,
    total: nullable(integer),
    error: nullable(string),
    retryable: boolean,
    actions: optional(array(object({ action: oneOf(ERROR_ACTIONS), label: string }))),
    cache: optional(object({ asOf: number, offline: boolean, checking: boolean })),
  }),
  notice: object({ type: literal('notice'), text: string }),
  waiting: object({ type: literal('waiting'), generation: integer, text: string, action: nullable(string) }),
  cellAction: object({ type: literal('cellAction'), action: oneOf(CELL_ACTIONS), row: optional(integer), col: optional(integer) }),
  viewRequest: object({ type: literal('viewRequest'), id: integer }),
};

const webviewToHostChecks: { [K in WebviewToHost['type']]: Check<Extract<WebviewToHost, { type: K }>> } = {
  ready: object({ type: literal('ready') }),
  cancel: object({ type: literal('cancel') }),
  retry: object({ type: literal('retry') }),
  reload: object({ type: literal('reload') }),
  export: object({ type: literal('export') }),
  exportView: object({ type: literal('exportView') }),
  view: object({ type: literal('view'), id: integer, generation: integer, rows: bytes, columns: array(string), filtered: boolean, sorted: boolean }),
  selectionSummary: object({
    type: literal('selectionSummary'),
    summary: nullable(object({ cells: integer, numbers: integer, sum: nullable(string), average: nullable(number) })),
  }),
  copy: object({ type: literal('copy'), format: oneOf(['csv', 'tsv', 'json'] as const), rows: integer, text: string }),
  waitAction: object({ type: literal('waitAction') }),
  problem: object({ type: literal('problem'), message: string }),
  openEvent: object({ type: literal('openEvent'), eventId: integer, json: string }),
  errorAction: object({ type: literal('errorAction'), action: oneOf(ERROR_ACTIONS) }),
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

export { usageEventRow as checkUsageEventRow };

/** The id of the webview panel type (serializer, activation event). */
export const USAGE_EVENTS_VIEW_TYPE = 'campfire.usageEvents';
