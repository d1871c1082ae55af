// A column's filter box as the user meets it: a placeholder with an example, a tooltip with the
// whole syntax its column takes, and a filter that means nothing (`>> abc` in a number column, a
// range missing a side, a date that is not a date) shown on the field itself: aria-invalid, the
// theme's validation border, and the reason in words under the field while it has focus or the
// pointer (and in its tooltip), instead of a table silently showing no rows. The view ignores such
// a filter until it is fixed, so the rows stay.
import type { ColumnKind } from '../model/columns';
import { checkColumnFilter, filterPlaceholder, filterSyntax } from '../model/filters';
import { h } from './dom';

let nextId = 0;

/** Gives `input` (in `cell`) its placeholder and tooltip; returns what re-checks it as the user types. */
export function decorateFilterField(cell: HTMLElement, input: HTMLInputElement, kind: ColumnKind): (text: string) => void {
  const id = `filter-error-${nextId++}`;
  const message = h('div', { class: 'filter-error', attrs: { id, role: 'alert' } });
  message.hidden = true;
  cell.classList.add('has-filter-help');
  cell.append(message);
  input.placeholder = filterPlaceholder(kind);
  const syntax = filterSyntax(kind).join('\n');
  const check = (text: string) => {
    const parsed = checkColumnFilter(kind, text);
    if (parsed.ok) {
      input.removeAttribute('aria-invalid');
      input.removeAttribute('aria-errormessage');
      input.removeAttribute('aria-describedby');
      input.title = syntax;
      message.textContent = '';
      message.hidden = true;
      cell.classList.remove('invalid');
      return;
    }
    input.setAttribute('aria-invalid', 'true');
    input.setAttribute('aria-errormessage', id);
    input.setAttribute('aria-describedby', id);
    input.title = `${parsed.error}\n\n${syntax}`;
    message.textContent = parsed.error;
    message.hidden = false;
    cell.classList.add('invalid');
  };
  check(input.value);
  return check;
}
