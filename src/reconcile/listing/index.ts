// Reconciling from Campfire: listing a contract's commits, ledgers and usage events exactly.
export { reconcileListedCommit, reconcileListedContract, type ReconcileOptions, type ReconcileProgress } from './reconcileListed';
