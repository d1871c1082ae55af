// Which rows to draw and where. Rows have one fixed height, so the window is arithmetic. Browsers
// cap an element's height (Chromium near 33.5M px), so past MAX_BODY_HEIGHT the scrollable body is
// compressed: the scroll position maps proportionally onto the full row range, and drawn rows are
// placed relative to the viewport.

export const MAX_BODY_HEIGHT = 8_000_000;

export interface WindowInput {
  scrollTop: number;
  /** Height of the part of the viewport rows are drawn in. */
  viewportHeight: number;
  rowHeight: number;
  count: number;
  /** Extra rows drawn above and below the viewport. */
  buffer: number;
  /** Hard cap on rows drawn. */
  maxRows: number;
}

export interface RowWindow {
  /** First display position drawn. */
  first: number;
  /** One past the last display position drawn. */
  end: number;
  /** Height of the scrollable body. */
  bodyHeight: number;
  /** Top of display position `first`, in body coordinates. */
  firstTop: number;
}

export function bodyHeightFor(count: number, rowHeight: number): number {
  return Math.min(count * rowHeight, MAX_BODY_HEIGHT);
}

export function computeWindow(w: WindowInput): RowWindow {
  const full = w.count * w.rowHeight;
  const bodyHeight = bodyHeightFor(w.count, w.rowHeight);
  const viewport = Math.max(0, w.viewportHeight);
  const maxScroll = Math.max(0, bodyHeight - viewport);
  const scrollTop = Math.min(Math.max(0, w.scrollTop), maxScroll);
  // Virtual offset into the full list: the same as scrollTop unless the body is compressed.
  const ratio = maxScroll > 0 ? Math.max(0, full - viewport) / maxScroll : 1;
  const virtualTop = scrollTop * ratio;
  const firstVisible = Math.floor(virtualTop / w.rowHeight);
  const visibleCount = Math.ceil(viewport / w.rowHeight) + 1;
  const budget = Math.max(1, w.maxRows);
  const buffer = Math.max(0, Math.min(w.buffer, Math.floor((budget - visibleCount) / 2)));
  const first = Math.max(0, firstVisible - buffer);
  const end = Math.min(w.count, firstVisible + visibleCount + buffer, first + budget);
  const firstTop = scrollTop + (first * w.rowHeight - virtualTop);
  return { first, end, bodyHeight, firstTop };
}

/** The scroll position that shows display position `index` at the top (inverse of the mapping above). */
export function scrollTopFor(index: number, count: number, rowHeight: number, viewportHeight: number): number {
  const full = count * rowHeight;
  const bodyHeight = bodyHeightFor(count, rowHeight);
  const maxScroll = Math.max(0, bodyHeight - viewportHeight);
  const ratio = maxScroll > 0 ? Math.max(0, full - viewportHeight) / maxScroll : 1;
  return Math.min(maxScroll, (index * rowHeight) / (ratio || 1));
}
