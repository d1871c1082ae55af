// The reconciliation's reports: Markdown for people, JSON for scripts, and the words both use.
export { commitMarkdown, markdownText, reconciliationMarkdown } from './markdown';
export { reconciliationJson } from './json';
export { amountText, checkSummary, checkTitle, differenceText, verdictText } from './words';
