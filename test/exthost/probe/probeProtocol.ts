// What the extension-host tests and the probe in a usage-events webview (webviewProbe.ts) say to
// each other. The probe reports what a user sees on the page and acts on it as a user would; the
// test bundle (usageEventsProbe.ts) asks it. Its messages travel beside the panel's protocol in
// their own envelope, `{ probe: ... }` with no `type`, so neither end of the product mistakes them
// for its own: the page's probe takes them before the view, and the panel drops anything typeless.
import { array, boolean, integer, nullable, object, oneOf, optional, string, type Check } from '../../../src/usageEvents/protocol/messageChecks';

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
  /** Moves the keyboard focus in the page to the first element matching this selector (".grid": the rows). */
  focus?: string;
  /** Clicks the cell at this position (row among the rows shown, col among the visible columns), shift-clicking when `extend`. */
  clickCell?: { row: number; col: number; extend?: boolean; double?: boolean };
  /** Runs the axe-core accessibility audit on the page (after the other actions); its findings are in `audit`. */
  audit?: boolean;
  /** Types this text into what has the keyboard focus (as typing leaves it there), then waits for the page to take it. */
  typeText?: string;
  /** Presses these keys (Playwright names: "Control+f", "Shift+Enter", "F3", "Escape") on what has the focus, one after the other. */
  keys?: string[];
  /** Double-clicks the resize edge of the column with this header text. */
  fitColumn?: string;
  /** Clicks the header's fold until the summary (figures and charts) is shown (true) or folded away (false). */
  summaryOpen?: boolean;
  /** Clicks the Reconciliation section's difference whose text starts with this. */
  drill?: string;
}

/** The Reconciliation section as drawn (null when it is not shown). */
export interface ReconciliationSeen {
  /** One line per check: its mark and text ("✗Periods: differs by +12.34 USD"). */
  checks: string[];
  /** The differences listed under the checks, as drawn; `drill`: the ones that are buttons into the table. */
  lines: { text: string; drill: boolean }[];
  /** The month table's rows, cell by cell. */
  months: string[][];
}

/** A column header as drawn: its name, whether it is cut or on more than one line, and its tooltip. */
export interface HeaderSeen {
  name: string;
  tooltip: string;
  cut: boolean;
  oneLine: boolean;
  /** For a key of `data`: whether "data." is drawn before the key, on its left. */
  prefixFirst: boolean | null;
}

/** A checkbox of the toolbar as drawn: checked or not, and its box's edge and fill as computed. */
export interface CheckboxSeen {
  id: string;
  checked: boolean;
  borderStyle: string;
  borderWidth: number;
  borderColour: string;
  /** The colour behind the box (the toolbar's page, or the Columns menu's). */
  behind: string;
}

/** How the page is laid out at its size now. */
export interface LayoutSeen {
  /** The page's size in pixels. */
  width: number;
  height: number;
  /** Whether the header's fold says the summary is shown (aria-expanded). */
  summaryOpen: boolean;
  /** Whether the figures and the charts are drawn. */
  metricsShown: boolean;
  chartsShown: boolean;
  /** Whether the charts are cut at their foot (drawn taller than the room they have). */
  chartsCut: boolean;
  /** Pixels above the table (header, charts, toolbar). */
  aboveGrid: number;
  /** Whole rows of the table's height, under the headers and above the Total row. */
  rowsInView: number;
  /** The commit's name: its text, tooltip, the width it is drawn in, and whether it is cut. */
  title: { text: string; tooltip: string; width: number; cut: boolean };
  /** Whether the header's title, its badges and the Export and Reload buttons sit on one line. */
  headerOneLine: boolean;
  /** The Total row's label: its text, tooltip, and whether its text is drawn over a total beside it. */
  totalLabel: { text: string; tooltip: string; overlaps: boolean };
  headers: HeaderSeen[];
  checkboxes: CheckboxSeen[];
  /** The charts' legend, as read. */
  legend: string[];
  /** The header's figures, label to value ("Loaded rows" → "1,234"). */
  metrics: Record<string, string>;
}

/** The grid's find bar as shown. */
export interface FindSeen {
  open: boolean;
  /** Whether the find box has the keyboard focus. */
  focused: boolean;
  query: string;
  /** "3 of 120", "No matches", or empty; and whether it is announced (aria-live). */
  count: string;
  announced: boolean;
  /** The current match's row, [header, cell text], when it is drawn; and whether it is in view (under the headers, above the totals). */
  current: [string, string][] | null;
  currentInView: boolean;
  /** Rows drawn highlighted as matches. */
  matchesDrawn: number;
}

/** A column's filter box as shown. */
export interface FilterFieldSeen {
  column: string;
  placeholder: string;
  /** What is typed in the field. */
  value: string;
  tooltip: string;
  invalid: boolean;
  /** The reason shown on the field, and whether it is visible now. */
  message: string;
  messageVisible: boolean;
  /** Whether the field's border is drawn in the theme's validation colour (differs from a valid field's). */
  errorBorder: boolean;
}

/** One rule the accessibility audit found broken, with the elements (their outer HTML, cut short) that break it. */
export interface AuditViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: string[];
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
  /** Rows loaded, from the header's "Loaded rows". */
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
  /** The grid's active cell as a screen reader gets it: the cell aria-activedescendant names, with its row and column indexes. */
  activeCell: { id: string; text: string; rowIndex: number; colIndex: number; column: string } | null;
  /** The selected cells (aria-selected) on screen, as rows of cell texts, top to bottom. */
  selectedCells: string[][];
  /** What has the keyboard focus in the page: its role (or tag) and its text or label. */
  focused: { role: string; text: string };
  /** Whether the page itself has the keyboard focus (the window's, not only an element's within it). */
  pageFocused: boolean;
  /** The active cell's outline as drawn ("solid": the focused grid's ring; "dotted" or "none" without it). */
  activeCellOutline: string;
  /** The page's text selected with the browser's selection (what Select All selects), its first 200 characters. */
  pageSelection: string;
  /** The focused text field's selection and its text's length, when a text field has the focus. */
  fieldSelection: { start: number; end: number; length: number } | null;
  /** The status line's polite live regions, their text (what a screen reader is told as the load goes on). */
  statusAnnounced: string[];
  /** Buttons of the status line inside a live region (whose text a screen reader would be told again with every change). */
  statusButtonsInLiveRegion: number;
  /** The Columns menu: open or not, and its items with their checked state (aria-checked). */
  columnMenu: { open: boolean; items: { name: string; checked: boolean }[] };
  /** The accessibility audit's findings, when `audit` was asked for. */
  audit?: AuditViolation[];
  /** The audit's rules that found elements to check and passed them all (so a clean audit is known to have looked). */
  auditPassed?: string[];
  /** The grid's find bar. */
  find: FindSeen;
  /** The column filter boxes, left to right. */
  filterFields: FilterFieldSeen[];
  /** The empty table's message as drawn: its text, and whether it lies wholly under the headers, above the Total row and inside the table. */
  emptyMessage: { text: string; inside: boolean } | null;
  /** Columns whose cell in the Total row is cut (its text wider than the cell). */
  totalsCut: string[];
  /** Each column's width as drawn, by header text. */
  columnWidths: Record<string, number>;
  /** How many of the cells drawn in each column are cut (their text wider than the cell), by header text. */
  cutCells: Record<string, number>;
  /** Badges shown in the header bar ("Sample data", the commit's status). */
  headerBadges: string[];
  reconciliation: ReconciliationSeen | null;
  /** The header's error text (empty when none is shown), and the ledger chart's message when it failed. */
  headerError: string;
  chartMessage: string;
  layout: LayoutSeen;
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
  focus: optional(string),
  clickCell: optional(object({ row: integer, col: integer, extend: optional(boolean), double: optional(boolean) })),
  audit: optional(boolean),
  typeText: optional(string),
  keys: optional(array(string)),
  fitColumn: optional(string),
  summaryOpen: optional(boolean),
  drill: optional(string),
});

export const checkProbeRequest: Check<ProbeRequest> = object({ id: integer, act: userActions });
export const checkUserActions = userActions;

/** The probe's part of a message, when it is in the probe's envelope. */
export function probePart(message: unknown): unknown {
  return typeof message === 'object' && message !== null && !('type' in message) && 'probe' in message ? message.probe : undefined;
}
