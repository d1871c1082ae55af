// How many rows one request asks for (`limit`), decided here for every caller. Campfire's maximum
// is undocumented and a server may send fewer than asked: the pagination learns the real page
// size from what arrives (pagination.ts), so these are requests, never assumptions.
export const PAGE_SIZES = {
  /** What the tree shows per "Load more" (the campfire.pageSize setting's default). */
  browse: 100,
  /** Listings read whole (exports, the usage-events panel, the consumption ledger): fewer round trips. */
  bulk: 500,
  /** The most the campfire.pageSize setting allows. */
  max: 1000,
} as const;

/** The page size for a listing read whole: the user's setting when larger, else the bulk size. */
export function bulkPageSize(setting: number): number {
  return Math.min(PAGE_SIZES.max, Math.max(setting, PAGE_SIZES.bulk));
}
