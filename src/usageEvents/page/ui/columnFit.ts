// How wide a column must be for what it shows: the widest of the cells given (the header, the rows
// drawn, the totals cell), each measured as the page draws it. A copy of each cell, in a copy of
// its row (so the row's font and the cell's own styles hold), is laid out at its natural width out
// of sight in the grid, and measured. Used by a double-click on a column's resize edge (fit the
// column to its content) and by the Total row (a total is never cut: its column gets room).

/** Room beside the text for the resize handle that overlaps the cell's right edge. */
const SLACK_PX = 4;

/** The natural width of the widest of `cells` (whole pixels, with a little room), or 0 when none can be measured. */
export function fitWidth(grid: HTMLElement, cells: readonly Element[]): number {
  if (cells.length === 0) return 0;
  const measurer = document.createElement('div');
  measurer.setAttribute('aria-hidden', 'true');
  Object.assign(measurer.style, { position: 'absolute', left: '0', top: '0', visibility: 'hidden', pointerEvents: 'none', width: 'max-content', contain: 'layout style' });
  const copies: HTMLElement[] = [];
  for (const cell of cells) {
    const row = cell.parentElement;
    const rowCopy = row ? (row.cloneNode(false) as HTMLElement) : document.createElement('div');
    rowCopy.removeAttribute('id');
    rowCopy.removeAttribute('role');
    Object.assign(rowCopy.style, { position: 'static', display: 'block', width: 'max-content', minWidth: '0', transform: 'none', contain: 'none', height: 'auto' });
    const copy = cell.cloneNode(true) as HTMLElement;
    copy.removeAttribute('id');
    copy.removeAttribute('role');
    for (const el of copy.querySelectorAll('[id]')) el.removeAttribute('id');
    Object.assign(copy.style, { display: 'block', width: 'max-content', minWidth: '0', maxWidth: 'none', overflow: 'visible', position: 'static' });
    rowCopy.append(copy);
    measurer.append(rowCopy);
    copies.push(copy);
  }
  grid.append(measurer);
  let widest = 0;
  for (const copy of copies) widest = Math.max(widest, copy.getBoundingClientRect().width);
  measurer.remove();
  return widest > 0 ? Math.ceil(widest) + SLACK_PX : 0;
}

/** Whether the cell's text is cut (wider than the cell shows). */
export function isCut(cell: Element): boolean {
  return cell.scrollWidth > cell.clientWidth;
}
