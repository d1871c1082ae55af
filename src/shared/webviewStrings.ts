// Every piece of text the usage-events webview shows, by its English source text. The webview is a
// browser page and cannot call vscode.l10n, so the panel host translates this list
// (src/views/usageEvents/webviewStrings.ts, one vscode.l10n.t call per string) and hands the page
// the table once, in its markup; the page looks each string up with t() (src/webview/strings.ts).
// The English text is the key, as in vscode.l10n: a page without a table (a unit test, the
// benchmark) shows the English itself. `{0}`, `{1}` are filled in by the page with values it has
// already formatted for the user's locale (numbers, money, dates).
// A unit test checks that the webview's source shows no English outside t(), and that every
// string here is used.

export const WEBVIEW_STRINGS = [
  // The header bar: the commit and the panel's actions
  'Export…',
  'Export all usage events of this commit',
  'Reload',
  'Fetch the commit and its events again',
  'Prepaid commit could not be loaded',
  'Loading prepaid commit…',
  'Total value',
  'Remaining',
  'Consumed',
  '{0}%',
  'Start',
  'Expires',
  'Loaded revenue',
  'Loaded events',
  '{0} in {1} row',
  '{0} in {1} rows',
  // The charts
  'Charts',
  'Revenue per period month',
  'Revenue per period month ({0})',
  'Events',
  'Adjustments',
  'Remaining value',
  'From the consumption ledger',
  'Ledger unavailable: {0}',
  'No rows to chart.',
  'Revenue: {0}',
  'Adjustments: {0}',
  'Waiting for the commit…',
  'No consumption recorded for this commit yet.',
  'Remaining value over time',
  'Start {0}',
  '{0} – {1}',
  'Remaining: {0}',
  'Expires {0}',
  'expires {0}',
  // The toolbar and the Columns menu
  'Table',
  'Filter all columns',
  'Group by month',
  'Columns',
  'Show all',
  'Copy',
  'Copy selected rows',
  'Copy the selected rows as {0}',
  '{0} selected',
  // The status line and what the empty table says
  'Cancel',
  'Resume',
  'Retry',
  'Waiting',
  'Loading failed',
  '{0} loaded',
  '{0} of {1} loaded',
  '{0} · {1} shown',
  '{0} event loaded',
  '{0} events loaded',
  'Stopped: {0} loaded',
  'Stopped: {0} of {1} loaded',
  '{0} — {1} loaded so far are kept.',
  '{0} — {1} of {2} loaded so far are kept.',
  'Loading usage events…',
  'This commit has no usage events.',
  'No rows match the filters.',
  // The table: its columns, header, group rows and totals
  'Usage events',
  'ID',
  'Event date',
  'Period month',
  'Revenue',
  'External ID',
  'Adjustment',
  'Adjusted on',
  'Original period',
  'Consumption',
  'Created at',
  'Filter',
  'Filter {0}',
  '{0} — click to sort',
  '{0} · {1} row',
  '{0} · {1} rows',
  'Total · {0} shown',
  '{0} adj.',
] as const;

/** One string of the webview, by its English text. */
export type WebviewString = (typeof WEBVIEW_STRINGS)[number];

/** The webview's strings in the user's language, as the panel host builds them. */
export type WebviewStrings = Readonly<Record<WebviewString, string>>;
