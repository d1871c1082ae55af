// What a key pressed in the grid (its body has the focus; the active cell is aria-activedescendant)
// does, and the keys of its column headers. The selection (selection.ts) and the header (header.ts)
// carry the actions out.
import { moveForKey, type Move } from '../model/cellSelection';

export type GridKeyAction =
  | { kind: 'move'; move: Move; extend: boolean }
  | { kind: 'selectAll' }
  /** Ctrl+C: the selected cells as TSV; Ctrl+Shift+C with the column headers. */
  | { kind: 'copy'; headers: boolean }
  /** Enter: open the active row's event as JSON (on a month group row: fold or unfold it). */
  | { kind: 'open' }
  /** Space: select the active cell (on a month group row: fold or unfold it). */
  | { kind: 'select' }
  | { kind: 'clear' };

/** What of a KeyboardEvent decides the action (typed here without the DOM, so Node's tests can call it). */
export interface KeyPress {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
}

export function gridKeyAction(e: KeyPress): GridKeyAction | null {
  const mod = e.ctrlKey || e.metaKey;
  if (e.altKey) return null;
  const move = moveForKey(e.key, mod);
  if (move) return { kind: 'move', move, extend: e.shiftKey };
  const key = e.key.length === 1 ? e.key.toLowerCase() : e.key;
  if (mod && key === 'a') return { kind: 'selectAll' };
  if (mod && key === 'c') return { kind: 'copy', headers: e.shiftKey };
  if (mod) return null;
  if (e.key === 'Enter') return { kind: 'open' };
  if (e.key === ' ') return { kind: 'select' };
  if (e.key === 'Escape') return { kind: 'clear' };
  return null;
}

/**
 * Keys on a column header's button: Left/Right go to the next header, Home/End to the first and
 * last, Down into the rows (under this column). Enter and Space are the button's own: they sort.
 */
export function headerKeyTarget(key: string, index: number, count: number): number | 'rows' | null {
  switch (key) {
    case 'ArrowLeft':
      return Math.max(0, index - 1);
    case 'ArrowRight':
      return Math.min(count - 1, index + 1);
    case 'Home':
      return 0;
    case 'End':
      return count - 1;
    case 'ArrowDown':
      return 'rows';
    default:
      return null;
  }
}
