// The usage-events webview's strings in the user's language. The page is a browser page and cannot
// call vscode.l10n, so the host translates every string it shows (src/shared/webviewStrings.ts
// lists them), one vscode.l10n.t call each so the strings are found where the extension's others
// are, and html.ts puts the table in the page once. Placeholders ({0}, {1}) stay in: the page fills
// them in with values it has formatted for the user's locale.
import * as vscode from 'vscode';
import type { WebviewStrings } from '../../shared/webviewStrings';

/** Every string of the webview, translated: the type makes sure none is left out. */
export function webviewStrings(): WebviewStrings {
  return {
    // The header bar: the commit and the panel's actions
    'Export…': vscode.l10n.t('Export…'),
    'Export all usage events of this commit': vscode.l10n.t('Export all usage events of this commit'),
    'Reload': vscode.l10n.t('Reload'),
    'Fetch the commit and its events again': vscode.l10n.t('Fetch the commit and its events again'),
    'Prepaid commit could not be loaded': vscode.l10n.t('Prepaid commit could not be loaded'),
    'Loading prepaid commit…': vscode.l10n.t('Loading prepaid commit…'),
    'Total value': vscode.l10n.t('Total value'),
    'Remaining': vscode.l10n.t('Remaining'),
    'Consumed': vscode.l10n.t('Consumed'),
    '{0}%': vscode.l10n.t('{0}%'),
    'Start': vscode.l10n.t('Start'),
    'Expires': vscode.l10n.t('Expires'),
    'Loaded revenue': vscode.l10n.t('Loaded revenue'),
    'Loaded events': vscode.l10n.t('Loaded events'),
    '{0} in {1} row': vscode.l10n.t('{0} in {1} row'),
    '{0} in {1} rows': vscode.l10n.t('{0} in {1} rows'),
    // The charts
    'Charts': vscode.l10n.t('Charts'),
    'Revenue per period month': vscode.l10n.t('Revenue per period month'),
    'Revenue per period month ({0})': vscode.l10n.t('Revenue per period month ({0})'),
    'Events': vscode.l10n.t('Events'),
    'Adjustments': vscode.l10n.t('Adjustments'),
    'Remaining value': vscode.l10n.t('Remaining value'),
    'From the consumption ledger': vscode.l10n.t('From the consumption ledger'),
    'Ledger unavailable: {0}': vscode.l10n.t('Ledger unavailable: {0}'),
    'No rows to chart.': vscode.l10n.t('No rows to chart.'),
    'Revenue: {0}': vscode.l10n.t('Revenue: {0}'),
    'Adjustments: {0}': vscode.l10n.t('Adjustments: {0}'),
    'Waiting for the commit…': vscode.l10n.t('Waiting for the commit…'),
    'No consumption recorded for this commit yet.': vscode.l10n.t('No consumption recorded for this commit yet.'),
    'Remaining value over time': vscode.l10n.t('Remaining value over time'),
    'Start {0}': vscode.l10n.t('Start {0}'),
    '{0} – {1}': vscode.l10n.t('{0} – {1}'),
    'Remaining: {0}': vscode.l10n.t('Remaining: {0}'),
    'Expires {0}': vscode.l10n.t('Expires {0}'),
    'expires {0}': vscode.l10n.t('expires {0}'),
    // The toolbar and the Columns menu
    'Table': vscode.l10n.t('Table'),
    'Filter all columns': vscode.l10n.t('Filter all columns'),
    'Group by month': vscode.l10n.t('Group by month'),
    'Columns': vscode.l10n.t('Columns'),
    'Show all': vscode.l10n.t('Show all'),
    'Copy': vscode.l10n.t('Copy'),
    'Copy selected rows': vscode.l10n.t('Copy selected rows'),
    'Copy the selected rows as {0}': vscode.l10n.t('Copy the selected rows as {0}'),
    '{0} selected': vscode.l10n.t('{0} selected'),
    // The status line and what the empty table says
    'Cancel': vscode.l10n.t('Cancel'),
    'Resume': vscode.l10n.t('Resume'),
    'Retry': vscode.l10n.t('Retry'),
    'Waiting': vscode.l10n.t('Waiting'),
    'Loading failed': vscode.l10n.t('Loading failed'),
    '{0} loaded': vscode.l10n.t('{0} loaded'),
    '{0} of {1} loaded': vscode.l10n.t('{0} of {1} loaded'),
    '{0} · {1} shown': vscode.l10n.t('{0} · {1} shown'),
    '{0} event loaded': vscode.l10n.t('{0} event loaded'),
    '{0} events loaded': vscode.l10n.t('{0} events loaded'),
    'Stopped: {0} loaded': vscode.l10n.t('Stopped: {0} loaded'),
    'Stopped: {0} of {1} loaded': vscode.l10n.t('Stopped: {0} of {1} loaded'),
    '{0} — {1} loaded so far are kept.': vscode.l10n.t('{0} — {1} loaded so far are kept.'),
    '{0} — {1} of {2} loaded so far are kept.': vscode.l10n.t('{0} — {1} of {2} loaded so far are kept.'),
    'Loading usage events…': vscode.l10n.t('Loading usage events…'),
    'This commit has no usage events.': vscode.l10n.t('This commit has no usage events.'),
    'No rows match the filters.': vscode.l10n.t('No rows match the filters.'),
    // The table: its columns, header, group rows and totals
    'Usage events': vscode.l10n.t('Usage events'),
    'ID': vscode.l10n.t('ID'),
    'Event date': vscode.l10n.t('Event date'),
    'Period month': vscode.l10n.t('Period month'),
    'Revenue': vscode.l10n.t('Revenue'),
    'External ID': vscode.l10n.t('External ID'),
    'Adjustment': vscode.l10n.t('Adjustment'),
    'Adjusted on': vscode.l10n.t('Adjusted on'),
    'Original period': vscode.l10n.t('Original period'),
    'Consumption': vscode.l10n.t('Consumption'),
    'Created at': vscode.l10n.t('Created at'),
    'Filter': vscode.l10n.t('Filter'),
    'Filter {0}': vscode.l10n.t('Filter {0}'),
    '{0} — click to sort': vscode.l10n.t('{0} — click to sort'),
    '{0} · {1} row': vscode.l10n.t('{0} · {1} row'),
    '{0} · {1} rows': vscode.l10n.t('{0} · {1} rows'),
    'Total · {0} shown': vscode.l10n.t('Total · {0} shown'),
    '{0} adj.': vscode.l10n.t('{0} adj.'),
    // Finding, filter syntax, layout and sample data (the grid's find box, column filter help)
    '"{0}" is not a date: write 2025-03-14, 2025-03 or 2025.': vscode.l10n.t('"{0}" is not a date: write 2025-03-14, 2025-03 or 2025.'),
    '"{0}" is not a number: write > 5, <= 100 or 10..20.': vscode.l10n.t('"{0}" is not a number: write > 5, <= 100 or 10..20.'),
    'Write a date after {0}, as in {0} 2025-03.': vscode.l10n.t('Write a date after {0}, as in {0} 2025-03.'),
    'Write a number after {0}, as in {0} 100.': vscode.l10n.t('Write a number after {0}, as in {0} 100.'),
    'A range needs a date on both sides of "..", as in 2025-01..2025-03.': vscode.l10n.t('A range needs a date on both sides of "..", as in 2025-01..2025-03.'),
    'A range needs a number on both sides of "..", as in 10..20.': vscode.l10n.t('A range needs a number on both sides of "..", as in 10..20.'),
    'Filter by date:': vscode.l10n.t('Filter by date:'),
    '2025-03  dates in March 2025 (any part of a date)': vscode.l10n.t('2025-03  dates in March 2025 (any part of a date)'),
    '> 2025-03-14  after that day;  >=, <, <= also work': vscode.l10n.t('> 2025-03-14  after that day;  >=, <, <= also work'),
    '2025-01..2025-03  from January to March 2025': vscode.l10n.t('2025-01..2025-03  from January to March 2025'),
    '= 2025-03-14  that day;  != 2025-03-14  any other day': vscode.l10n.t('= 2025-03-14  that day;  != 2025-03-14  any other day'),
    'Filter by number:': vscode.l10n.t('Filter by number:'),
    '> 5  more than 5;  >=, <, <= also work': vscode.l10n.t('> 5  more than 5;  >=, <, <= also work'),
    '10..20  from 10 to 20': vscode.l10n.t('10..20  from 10 to 20'),
    '= 5  exactly 5;  != 0  anything but 0': vscode.l10n.t('= 5  exactly 5;  != 0  anything but 0'),
    'Other text: what is shown contains it': vscode.l10n.t('Other text: what is shown contains it'),
    'Filter by text:': vscode.l10n.t('Filter by text:'),
    'abc  contains abc (any case)': vscode.l10n.t('abc  contains abc (any case)'),
    '= abc  exactly abc;  != abc  anything else': vscode.l10n.t('= abc  exactly abc;  != abc  anything else'),
    'e.g. 2025-03': vscode.l10n.t('e.g. 2025-03'),
    'e.g. > 100': vscode.l10n.t('e.g. > 100'),
    'Sample data': vscode.l10n.t('Sample data'),
    'This panel shows the built-in sample data, not an account’s. Leave Sample Data to see your own.': vscode.l10n.t('This panel shows the built-in sample data, not an account’s. Leave Sample Data to see your own.'),
    'see the message below': vscode.l10n.t('see the message below'),
    'Find in all rows': vscode.l10n.t('Find in all rows'),
    'Previous match (Shift+Enter)': vscode.l10n.t('Previous match (Shift+Enter)'),
    'Previous match': vscode.l10n.t('Previous match'),
    'Next match (Enter)': vscode.l10n.t('Next match (Enter)'),
    'Next match': vscode.l10n.t('Next match'),
    'Close (Escape)': vscode.l10n.t('Close (Escape)'),
    'Close find': vscode.l10n.t('Close find'),
    'No matches': vscode.l10n.t('No matches'),
    '{0} of {1}': vscode.l10n.t('{0} of {1}'),
  };
}

/**
 * The language the page's text is in, for its `lang`: VS Code's display language when the
 * extension has a translation for it (a bundle is loaded), English otherwise.
 */
export function webviewLanguage(): string {
  return vscode.l10n.bundle ? vscode.env.language : 'en';
}
