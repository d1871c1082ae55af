// What the extension-host tests and the probe in a usage-events webview (webviewProbe.ts) say to
// each other. The probe reports what a user sees on the page and acts on it as a user would; the
// test bundle (usageEventsProbe.ts) asks it. Its messages travel beside the panel's protocol in
// their own envelope, `{ probe: ... }` with no `type`, so neither end of the product mistakes them
// for its own: the page's probe takes them before the view, and the panel drops anything typeless.
import { array, boolean, integer, nullable, object, oneOf, optional, string, type Check } from '../shared/messageChecks';

/** Things to do on the page, done as a user would, in this order: columns, sort, toggles, typing, scrolling, a button. */
export interface UserActions {
  /** The columns to untick in the Columns menu, by their text there (fixed columns by label, data keys as "data.key"); every other one is ticked. */
  hiddenColumns?: string[];
  /** Clicks the header of this column (by its text) until it shows this sort; null clicks the sorted one back to load order. */
  sort?: { column: string; direction: 'asc' | 'desc' } | null;
  /** Ticks or unticks "Adjustments". */
  showAdjustments?: boolean;
  /** Ticks or unticks "Group by month". */
  groupByMonth?: boolean;
  /** Types into "Filter all columns". */
  filter?: string;
  /** Types into the filter boxes under these headers; every other column's box is emptied. */
  columnFilters?: [string, string][];
  /** Scrolls the table to this offset in pixels. */
  scrollTop?: number;
  /** Clicks the status line's button with this label (Cancel, Retry, Resume); fails when it is not there. */
  press?: string;
}

/** One figure of the table's totals row, under the header it sits in. */
export interface TotalCell {
  column: string;
  text: string;
  /** The text read as a number in the page's locale, or null when it is not one. */
  value: number | null;
}

/** What the webview shows, as the probe read it from the page. */
export interface SeenInWebview {
  /** The headers, left to right, as shown ("data.team_id" for a key of `data`). */
  columns: string[];
  /** The column whose header says it is sorted (aria-sort), if any. */
  sort: { column: string; direction: 'asc' | 'desc' } | null;
  /** The first row on screen, [header, cell text], exactly as drawn. */
  firstRow: [string, string][];
  /** Row elements in the table body. */
  domRows: number;
  /** Events loaded, from the header's "Loaded events … in N rows". */
  rowsLoaded: number | null;
  /** Rows that pass the filters, from the totals row's "Total · N shown". */
  rowsShown: number | null;
  /** The totals row, cell by cell. */
  totals: TotalCell[];
  /** The status line: its text, its buttons and the phase it is styled for (loading, done, cancelled, error). */
  status: string;
  statusButtons: string[];
  phase: string;
  /** Whether the page says it is busy (aria-busy on the view). */
  busy: boolean;
  /** The toolbar: the filter box and the two checkboxes. */
  filter: string;
  showAdjustments: boolean;
  groupByMonth: boolean;
  /** How far the table is scrolled, in pixels. */
  scrollTop: number;
  /** Elements in the view that none of its code makes (img, script, iframe…) plus on* attributes: markup that was parsed. */
  foreignElements: number;
  /** Content Security Policy violations the page saw since it loaded (markup that tried to load or run). */
  cspViolations: number;
  /** Uncaught errors in the page since it loaded. */
  pageErrors: number;
  /** The theme as the page sees it: VS Code's body class and the colours the table is drawn in. */
  theme: { kind: string; background: string; foreground: string };
}

/** Test bundle -> probe: do these things (none: just look), then say what is shown. */
export interface ProbeRequest {
  id: number;
  act: UserActions;
}

/** Probe -> test bundle: "here I am" when the page loads, and one answer per request. */
export type ProbeMessage = { hello: true } | { id: number; seen: SeenInWebview } | { id: number; failed: string };

const pairOfStrings: Check<[string, string]> = (v, path) => {
  const [a, b] = array(string)(v, path);
  if (a === undefined || b === undefined) throw new TypeError(`${path}: expected a pair of strings`);
  return [a, b];
};

const userActions: Check<UserActions> = object({
  hiddenColumns: optional(array(string)),
  sort: optional(nullable(object({ column: string, direction: oneOf(['asc', 'desc'] as const) }))),
  showAdjustments: optional(boolean),
  groupByMonth: optional(boolean),
  filter: optional(string),
  columnFilters: optional(array(pairOfStrings)),
  scrollTop: optional(integer),
  press: optional(string),
});

export const checkProbeRequest: Check<ProbeRequest> = object({ id: integer, act: userActions });
export const checkUserActions = userActions;

/** The probe's part of a message, when it is in the probe's envelope. */
export function probePart(message: unknown): unknown {
  return typeof message === 'object' && message !== null && !('type' in message) && 'probe' in message ? message.probe : undefined;
}
