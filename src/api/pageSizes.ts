// How many rows a request asks for (`limit`): requests, never assumptions, as Campfire's maximum is
// undocumented and the pagination learns the real page size.
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
