// The reconciliation checks' public API: what the panel host, the webview, the report command and
// campfire-export call.
export { reconcileCommit, worstVerdict } from './reconcile';
export { groupEvents, type EventGroup } from './eventGroups';
export type { CommitRecord, LedgerRow, Listed, ReconcileInput } from './inputs';
export { currencyDigits, isNil, minus, money, plus, signed, total, type Money } from './money';
export * from './types';
