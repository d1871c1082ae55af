// The reconciliation's reports: Markdown for people, JSON for scripts, and the words both use.
export { chainDetail, differingDetails, eventDetails, reconciliationMarkdown, rowDetail } from './markdown';
export { reconciliationJson } from './json';
export { amountText, checkSummary, checkTitle, differenceText, verdictText } from './words';
