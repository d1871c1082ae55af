// The extension-host tests' eyes and hands in a usage-events webview (bundled as
// dist/webviewProbe.js). The panel puts it in the page only in a test run, before the view's own
// script; a user's page never has it. It reads what a user sees (headers, the first row on screen,
// the totals row, the status line, the toolbar) and acts as a user does (clicks a header, types in a
// filter box, ticks a checkbox, scrolls, presses a button), so the tests check the page itself, not
// the view's internals. Only what no DOM shows is counted here: CSP violations, page errors and
// elements that came from markup. It answers the test bundle (test/exthost/probe/usageEventsProbe.ts) in
// its own envelope (probeProtocol.ts).
import axe from 'axe-core';
import { checkProbeRequest, probePart, type AuditViolation, type LayoutSeen, type ProbeMessage, type ProbeRequest, type ReconciliationSeen, type SeenInWebview, type TotalCell, type UserActions } from '../probeProtocol';
import { errorMessage } from '../../../../src/shared/errorMessage';

interface VsCodeHandle {
  postMessage(message: unknown): void;
}

/** The view applies "Filter all columns" 120 ms and a column's filter box 150 ms after the last keystroke. */
const TYPING_PAUSE_MS = 400;
/** The view saves the scroll offset once scrolling has paused for 100 ms. */
const SCROLL_PAUSE_MS = 300;
/** Elements none of the view's code creates: one of these in the view means markup from the data was parsed. */
const FOREIGN = 'img, script, iframe, object, embed, link, style, video, audio, form, base, meta';

// A page may take VS Code's handle only once, and the view takes it when it starts: the probe,
// which runs first, takes it and hands the same one to the view.
const page = globalThis as unknown as { acquireVsCodeApi(): VsCodeHandle };
const vscode = page.acquireVsCodeApi();
page.acquireVsCodeApi = () => vscode;

let cspViolations = 0;
let pageErrors = 0;
document.addEventListener('securitypolicyviolation', () => cspViolations++);
window.addEventListener('error', () => pageErrors++);

const post = (message: ProbeMessage) => vscode.postMessage({ probe: message });
let queue = Promise.resolve();

// Registered before the view's own listener, so the probe's messages stop here and the view never sees them.
window.addEventListener('message', (e: MessageEvent) => {
  const part = probePart(e.data);
  if (part === undefined) return;
  e.stopImmediatePropagation();
  let request: ProbeRequest;
  try {
    request = checkProbeRequest(part, 'probe');
  } catch {
    return;
  }
  queue = queue.then(() => answer(request));
});
post({ hello: true });

async function answer({ id, act }: ProbeRequest): Promise<void> {
  try {
    await perform(act);
    await nextFrame();
    post({ id, seen: look() });
  } catch (e) {
    post({ id, failed: errorMessage(e) });
  }
}

// ---- acting ------------------------------------------------------------------------------------

async function perform(act: UserActions): Promise<void> {
  if (act.summaryOpen !== undefined) await foldSummary(act.summaryOpen);
  if (act.hiddenColumns) chooseColumns(act.hiddenColumns);
  if (act.sort !== undefined) sortBy(act.sort);
  if (act.showAdjustments !== undefined) tick('#show-adjustments', act.showAdjustments);
  if (act.groupByMonth !== undefined) tick('#group-by-month', act.groupByMonth);
  let typed = false;
  if (act.filter !== undefined) typed = type(inputAt('.filter-all'), act.filter) || typed;
  if (act.columnFilters) typed = typeColumnFilters(act.columnFilters) || typed;
  if (typed) await sleep(TYPING_PAUSE_MS);
  if (act.scrollTop !== undefined) await scroll(act.scrollTop);
  if (act.press !== undefined) press(act.press);
  if (act.drill !== undefined) drill(act.drill);
  if (act.focus !== undefined) one(act.focus).focus();
  if (act.clickCell) clickCell(act.clickCell);
  if (act.fitColumn !== undefined) fitColumn(act.fitColumn);
  if (act.keys) for (const key of act.keys) pressKey(key);
  if (act.typeText !== undefined) await typeText(act.typeText);
  audited = act.audit ? await audit() : undefined;
}

let audited: { violations: AuditViolation[]; passed: string[] } | undefined;

/** The axe-core audit of the whole page, WCAG 2.x A and AA rules and best practices. */
async function audit(): Promise<{ violations: AuditViolation[]; passed: string[] }> {
  await nextFrame();
  const result = await axe.run(document);
  return {
    violations: result.violations.map((v) => ({ id: v.id, impact: v.impact ?? null, help: v.help, nodes: v.nodes.map((n) => n.html.slice(0, 200)) })),
    passed: result.passes.map((p) => p.id),
  };
}

/** A mouse click on a cell, as the pointer gives it (mousedown, mouseup, click; a second click for a double-click). */
function clickCell({ row, col, extend, double }: NonNullable<UserActions['clickCell']>): void {
  const rowEl = document.querySelector(`.grid-body .row[data-position="${row}"]`);
  const cell = rowEl?.children[col];
  if (!(cell instanceof HTMLElement)) throw new Error(`no cell on screen at row ${row}, column ${col}`);
  const init: MouseEventInit = { bubbles: true, cancelable: true, button: 0, shiftKey: extend === true };
  for (let i = 0; i < (double ? 2 : 1); i++) {
    cell.dispatchEvent(new MouseEvent('mousedown', { ...init, detail: i + 1 }));
    cell.dispatchEvent(new MouseEvent('mouseup', { ...init, detail: i + 1 }));
    cell.dispatchEvent(new MouseEvent('click', { ...init, detail: i + 1 }));
  }
  if (double) cell.dispatchEvent(new MouseEvent('dblclick', { ...init, detail: 2 }));
}

/** Opens the Columns menu, ticks every column but these, and closes it. */
function chooseColumns(hidden: string[]): void {
  const anchor = one('.popover-anchor');
  const trigger = one(':scope > button', anchor);
  const menu = one('.popover', anchor);
  if (menu.hidden) trigger.click();
  const items = [...menu.querySelectorAll<HTMLElement>('[role="menuitemcheckbox"]')].map((item) => ({ name: item.querySelector('.menu-label')?.textContent ?? '', item }));
  const missing = hidden.filter((name) => !items.some((i) => i.name === name));
  if (missing.length > 0) throw new Error(`the Columns menu has no ${missing.join(', ')} (it has ${items.map((i) => i.name).join(', ')})`);
  for (const { name, item } of items) if ((item.getAttribute('aria-checked') === 'true') === hidden.includes(name)) item.click();
  trigger.click();
}

/** Clicks headers until the table shows this sort (each click goes ascending, descending, load order). */
function sortBy(target: UserActions['sort']): void {
  for (let clicks = 0; clicks < 4; clicks++) {
    const shown = sortShown(headerCells());
    if (shown?.column === target?.column && shown?.direction === target?.direction) return;
    const column = target?.column ?? shown?.column;
    const cell = headerCells().find((c) => headerText(c) === column);
    if (!cell) throw new Error(`no column headed ${String(column)}`);
    one('.head-label', cell).click();
  }
  throw new Error(`the headers do not show the sort ${JSON.stringify(target)}`);
}

function tick(selector: string, checked: boolean): void {
  const box = inputAt(selector);
  if (box.checked !== checked) box.click();
}

/** Types `text` into a box (what a user's typing leaves there); false when it already says so. */
function type(box: HTMLInputElement, text: string): boolean {
  if (box.value === text) return false;
  box.value = text;
  box.dispatchEvent(new Event('input', { bubbles: true }));
  return true;
}

function typeColumnFilters(filters: [string, string][]): boolean {
  const columns = headerCells().map(headerText);
  const boxes = [...document.querySelectorAll<HTMLInputElement>('.filter-row .column-filter')];
  const wanted = new Map(filters);
  for (const name of wanted.keys()) if (!columns.includes(name)) throw new Error(`no column headed ${name} to filter`);
  let typed = false;
  columns.forEach((name, i) => {
    const box = boxes[i];
    if (box) typed = type(box, wanted.get(name) ?? '') || typed;
  });
  return typed;
}

async function scroll(top: number): Promise<void> {
  // The table sizes its body for the rows it has when it draws: let it draw first.
  await nextFrame();
  const grid = one('.grid');
  grid.scrollTop = top;
  grid.dispatchEvent(new Event('scroll'));
  await sleep(SCROLL_PAUSE_MS);
}

function drill(text: string): void {
  const buttons = [...document.querySelectorAll<HTMLButtonElement>('.reconciliation .drill')];
  const button = buttons.find((b) => b.textContent.startsWith(text));
  if (!button) throw new Error(`no difference "${text}" in the Reconciliation section (${buttons.map((b) => b.textContent).join(' | ')})`);
  button.click();
}

/** The Reconciliation section as drawn, null when it is not shown. */
function reconciliationSeen(): ReconciliationSeen | null {
  const section = document.querySelector('.reconciliation');
  if (!section || !isShown(section)) return null;
  return {
    checks: [...section.querySelectorAll('li.check')].map((li) => [...li.children].filter((c) => !c.matches('ul')).map((c) => c.textContent).join('')),
    lines: [...section.querySelectorAll('li.line')].map((li) => ({ text: [...li.children].map((c) => c.textContent).join(''), drill: li.querySelector('.drill') !== null })),
    months: [...section.querySelectorAll('.reconciliation-months tbody tr')].map((tr) => [...tr.children].map((c) => c.textContent)),
  };
}

function press(label: string): void {
  const status = one('.status-line');
  const button = [...status.querySelectorAll('button')].find((b) => b.textContent === label);
  if (!button) throw new Error(`no ${label} button in the status line ("${statusText(status)}")`);
  button.click();
}

// ---- looking -----------------------------------------------------------------------------------

function look(): SeenInWebview {
  const root = one('#app');
  const grid = one('.grid');
  const heads = headerCells();
  const columns = heads.map(headerText);
  const status = one('.status-line');
  const totals: TotalCell[] = [...document.querySelectorAll('.grid-foot .grid-cell')].map((cell, i) => {
    const text = cell.textContent;
    return { column: columns[i] ?? '', text, value: readNumber(text) };
  });
  const loaded = [...document.querySelectorAll('.metric.loaded')].find((m) => m.querySelector('dt')?.textContent === 'Loaded rows');
  return {
    columns,
    sort: sortShown(heads),
    firstRow: firstRowOnScreen(columns),
    domRows: one('.grid-body').childElementCount,
    rowsLoaded: readNumber(loaded?.querySelector('dd')?.textContent ?? ''),
    rowsShown: readNumber(/· (.+) shown$/.exec(totals[0]?.text ?? '')?.[1] ?? ''),
    totals,
    status: statusText(status),
    statusButtons: [...status.querySelectorAll('button')].map((b) => b.textContent),
    phase: /\bphase-(\w+)/.exec(status.className)?.[1] ?? '',
    busy: root.getAttribute('aria-busy') === 'true',
    filter: inputAt('.filter-all').value,
    showAdjustments: inputAt('#show-adjustments').checked,
    groupByMonth: inputAt('#group-by-month').checked,
    scrollTop: Math.round(grid.scrollTop),
    foreignElements: foreignElements(root),
    cspViolations,
    pageErrors,
    theme: theme(grid),
    activeCell: activeCell(grid, columns),
    selectedCells: [...document.querySelectorAll('.grid-body .row')]
      .map((row) => ({ top: row.getBoundingClientRect().top, cells: [...row.querySelectorAll('[aria-selected="true"]')].map((c) => c.textContent) }))
      .filter((r) => r.cells.length > 0)
      .sort((a, b) => a.top - b.top)
      .map((r) => r.cells),
    focused: focusedElement(),
    pageFocused: document.hasFocus(),
    activeCellOutline: activeCellOutline(),
    pageSelection: (document.getSelection()?.toString() ?? '').slice(0, 200),
    fieldSelection: fieldSelection(),
    statusAnnounced: [status, ...status.querySelectorAll('*')].filter((el) => el.getAttribute('aria-live') === 'polite' || el.getAttribute('role') === 'status').map((el) => el.textContent),
    statusButtonsInLiveRegion: [...status.querySelectorAll('button')].filter((b) => b.closest('[aria-live="polite"], [aria-live="assertive"], [role="status"]') !== null).length,
    columnMenu: columnMenu(),
    reconciliation: reconciliationSeen(),
    ...(audited ? { audit: audited.violations, auditPassed: audited.passed } : {}),
    ...findAndLayout(columns),
    layout: layout(columns),
  };
}

/** Clicks the header's fold until the summary is shown or folded as asked, then lets the page lay out. */
async function foldSummary(open: boolean): Promise<void> {
  const toggle = one('.summary-toggle');
  if ((toggle.getAttribute('aria-expanded') === 'true') !== open) toggle.click();
  await nextFrame();
  await nextFrame();
}

/** The rectangle of an element's text as drawn (not clipped by its box). */
function textBox(el: Element): DOMRect {
  const range = document.createRange();
  range.selectNodeContents(el);
  return range.getBoundingClientRect();
}

function layout(columns: string[]): LayoutSeen {
  const app = one('#app');
  const grid = one('.grid');
  const head = one('.grid-head');
  const foot = document.querySelector('.grid-foot');
  const title = document.querySelector<HTMLElement>('.title-line h1');
  const titleLine = document.querySelector('.title-line');
  const actions = document.querySelector('.header-actions');
  // One line: the actions' middle is within the title line's height, and the title line is one line of text high.
  const lineBox = titleLine?.getBoundingClientRect();
  const actionsBox = actions?.getBoundingClientRect();
  const lineHeight = title ? parseFloat(getComputedStyle(title).lineHeight) || title.getBoundingClientRect().height : 0;
  const headerOneLine =
    lineBox !== undefined && actionsBox !== undefined && title !== null && title.getBoundingClientRect().height <= lineHeight + 1 && actionsBox.top + actionsBox.height / 2 >= lineBox.top && actionsBox.top + actionsBox.height / 2 <= lineBox.bottom;
  const footCells = [...(foot?.querySelectorAll<HTMLElement>('.grid-cell') ?? [])];
  const label = footCells[0];
  let overlaps = false;
  if (label) {
    const text = textBox(label);
    const cell = label.getBoundingClientRect();
    const clipped = getComputedStyle(label).overflowX !== 'visible';
    const right = clipped ? Math.min(text.right, cell.right) : text.right;
    for (const other of footCells.slice(1)) {
      if (other.textContent === '' || !isShown(other)) continue;
      const o = textBox(other);
      if (o.left < right - 0.5 && o.right > text.left) overlaps = true;
    }
  }
  const headers = headerCells().map((cell, i) => {
    const name = cell.querySelector<HTMLElement>('.head-name') ?? cell.querySelector<HTMLElement>('.head-text');
    const labelButton = cell.querySelector<HTMLElement>('.head-label');
    const prefix = cell.querySelector('.data-prefix');
    const key = cell.querySelector('.head-text');
    const nameBox = name?.getBoundingClientRect();
    return {
      name: columns[i] ?? '',
      tooltip: labelButton?.title ?? '',
      cut: name !== null && name.scrollWidth > name.clientWidth,
      oneLine: nameBox !== undefined && nameBox.height <= cell.getBoundingClientRect().height + 0.5 && (prefix === null || key === null || Math.abs(prefix.getBoundingClientRect().top - key.getBoundingClientRect().top) < 1),
      prefixFirst: prefix && key ? prefix.getBoundingClientRect().left < key.getBoundingClientRect().left : null,
    };
  });
  const behind = theme(grid).background;
  const checkboxes = [...document.querySelectorAll<HTMLInputElement>('.toolbar input[type="checkbox"]')].map((box) => {
    const style = getComputedStyle(box);
    return { id: box.id, checked: box.checked, borderStyle: style.borderTopStyle, borderWidth: parseFloat(style.borderTopWidth), borderColour: style.borderTopColor, behind };
  });
  // The Columns menu's ticks, once the menu was drawn (opened at least once), on the menu's own background.
  for (const item of document.querySelectorAll<HTMLElement>('.popover [role="menuitemcheckbox"]')) {
    const tick = item.querySelector<HTMLElement>('.menu-check');
    if (!tick) continue;
    const style = getComputedStyle(tick);
    const name = item.querySelector('.menu-label')?.textContent ?? '';
    checkboxes.push({ id: `Columns menu: ${name}`, checked: item.getAttribute('aria-checked') === 'true', borderStyle: style.borderTopStyle, borderWidth: parseFloat(style.borderTopWidth), borderColour: style.borderTopColor, behind: paintedBehind(tick) });
  }
  const metrics: Record<string, string> = {};
  for (const m of document.querySelectorAll('.metrics .metric')) metrics[m.querySelector('dt')?.textContent ?? ''] = m.querySelector('dd')?.textContent ?? '';
  const rowHeight = document.querySelector('.grid-body .row')?.getBoundingClientRect().height || 22;
  const charts = document.querySelector<HTMLElement>('.charts');
  const metricsEl = document.querySelector<HTMLElement>('.metrics');
  return {
    width: window.innerWidth,
    height: window.innerHeight,
    summaryOpen: document.querySelector('.summary-toggle')?.getAttribute('aria-expanded') === 'true',
    metricsShown: metricsEl !== null && isShown(metricsEl),
    chartsShown: charts !== null && isShown(charts) && charts.getBoundingClientRect().height > 0,
    chartsCut: charts !== null && charts.scrollHeight > charts.clientHeight + 1,
    aboveGrid: Math.round(grid.getBoundingClientRect().top - app.getBoundingClientRect().top),
    rowsInView: Math.floor((grid.clientHeight - head.getBoundingClientRect().height - (foot?.getBoundingClientRect().height ?? 0)) / rowHeight),
    title: { text: title?.textContent ?? '', tooltip: title?.title ?? '', width: Math.round(title?.getBoundingClientRect().width ?? 0), cut: title !== null && title.scrollWidth > title.clientWidth },
    headerOneLine,
    totalLabel: { text: label?.textContent ?? '', tooltip: label?.title ?? '', overlaps },
    headers,
    checkboxes,
    legend: [...document.querySelectorAll('.charts .legend span:not(.swatch)')].map((e) => e.textContent),
    metrics,
  };
}

/** The cell the grid's aria-activedescendant names, as a screen reader would read it. */
function activeCell(grid: HTMLElement, columns: string[]): SeenInWebview['activeCell'] {
  const id = grid.getAttribute('aria-activedescendant');
  const cell = id ? document.getElementById(id) : null;
  if (!id || !cell) return null;
  const colIndex = Number(cell.getAttribute('aria-colindex'));
  return { id, text: cell.textContent, rowIndex: Number(cell.closest('[role="row"]')?.getAttribute('aria-rowindex')), colIndex, column: columns[colIndex - 1] ?? '' };
}

function focusedElement(): SeenInWebview['focused'] {
  const el = document.activeElement;
  if (!(el instanceof HTMLElement) || el === document.body) return { role: '', text: '' };
  return { role: el.getAttribute('role') ?? el.tagName.toLowerCase(), text: el.getAttribute('aria-label') ?? el.textContent };
}

/** The outline drawn around the active cell (the focus ring of the grid's active cell). */
function activeCellOutline(): string {
  const cell = document.querySelector('.grid-body .grid-cell.active');
  return cell ? getComputedStyle(cell).outlineStyle : '';
}

function fieldSelection(): SeenInWebview['fieldSelection'] {
  const el = document.activeElement;
  if (!(el instanceof HTMLInputElement) || el.selectionStart === null || el.selectionEnd === null) return null;
  return { start: el.selectionStart, end: el.selectionEnd, length: el.value.length };
}

function columnMenu(): SeenInWebview['columnMenu'] {
  const menu = document.querySelector<HTMLElement>('.popover[role="menu"]');
  const items = [...(menu?.querySelectorAll('[role="menuitemcheckbox"]') ?? [])].map((item) => ({ name: item.querySelector('.menu-label')?.textContent ?? '', checked: item.getAttribute('aria-checked') === 'true' }));
  return { open: menu !== null && !menu.hidden, items };
}

function headerCells(): HTMLElement[] {
  return [...document.querySelectorAll<HTMLElement>('.head-row [role="columnheader"]')];
}

/** A header as it reads: "data." before a key of `data`, then the label (not the sort arrow). */
function headerText(cell: Element): string {
  return (cell.querySelector('.data-prefix')?.textContent ?? '') + (cell.querySelector('.head-text')?.textContent ?? '');
}

function sortShown(heads: HTMLElement[]): SeenInWebview['sort'] {
  for (const cell of heads) {
    const sort = cell.getAttribute('aria-sort');
    if (sort === 'ascending' || sort === 'descending') return { column: headerText(cell), direction: sort === 'ascending' ? 'asc' : 'desc' };
  }
  return null;
}

/** The row just below the headers: the first whose middle is not hidden under them. */
function firstRowOnScreen(columns: string[]): [string, string][] {
  const top = one('.grid-head').getBoundingClientRect().bottom;
  let first: { row: Element; top: number } | undefined;
  for (const row of document.querySelectorAll('.grid-body .row')) {
    const r = row.getBoundingClientRect();
    if (r.top + r.height / 2 >= top && (!first || r.top < first.top)) first = { row, top: r.top };
  }
  if (!first) return [];
  return [...first.row.children].map((cell, i) => [columns[i] ?? '', cell.textContent]);
}

/** What the status line says, without its buttons and decorations. */
function statusText(status: HTMLElement): string {
  return [...status.children]
    .filter((el) => el.tagName !== 'BUTTON' && el.getAttribute('aria-hidden') !== 'true')
    .map((el) => el.textContent)
    .filter((t) => t !== '')
    .join(' ');
}

function foreignElements(root: HTMLElement): number {
  let n = root.querySelectorAll(FOREIGN).length;
  for (const el of root.querySelectorAll('*')) for (const a of el.getAttributeNames()) if (a.startsWith('on')) n++;
  return n;
}

function theme(grid: HTMLElement): SeenInWebview['theme'] {
  const kind = ['vscode-high-contrast-light', 'vscode-high-contrast', 'vscode-dark', 'vscode-light'].find((c) => document.body.classList.contains(c)) ?? '';
  // The table is transparent: its background is the first one painted behind it.
  return { kind, background: paintedBehind(grid), foreground: getComputedStyle(grid).color };
}

/** The first background painted behind an element (itself or an ancestor). */
function paintedBehind(element: HTMLElement): string {
  let background = 'rgba(0, 0, 0, 0)';
  for (let el: HTMLElement | null = element; el && background === 'rgba(0, 0, 0, 0)'; el = el.parentElement) background = getComputedStyle(el).backgroundColor;
  return background;
}

/** A number as the page formats it (its locale's grouping and decimal marks), or null. */
function readNumber(text: string): number | null {
  const parts = new Intl.NumberFormat(navigator.language || undefined).formatToParts(-12345.6);
  const mark = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  const [group, decimal, minus] = [mark('group'), mark('decimal'), mark('minusSign')];
  let s = text.trim();
  if (group) s = s.split(group).join('');
  if (minus) s = s.split(minus).join('-');
  s = s.replace(/\s/g, '');
  if (decimal) s = s.split(decimal).join('.');
  if (!/^-?\d+(\.\d+)?$/.test(s)) return null;
  return Number(s);
}

// ---- helpers -----------------------------------------------------------------------------------

function one(selector: string, within: ParentNode = document): HTMLElement {
  const el = within.querySelector(selector);
  if (!(el instanceof HTMLElement)) throw new Error(`nothing on the page matches ${selector}`);
  return el;
}

function inputAt(selector: string, within: ParentNode = document): HTMLInputElement {
  const el = within.querySelector(selector);
  if (!(el instanceof HTMLInputElement)) throw new Error(`no input on the page matches ${selector}`);
  return el;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The next frame, when the table draws what changed (or a moment, should frames be paused). */
function nextFrame(): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, 250);
    requestAnimationFrame(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}

// ---- finding, filter fields, layout (the find bar, filter errors, empty table, totals, widths) --

/** A key as Playwright names it ("Control+f", "Shift+F3", "Enter"), pressed on what has the focus. */
function pressKey(name: string): void {
  const parts = name.split('+');
  const key = parts.pop() ?? '';
  const mods = new Set(parts);
  const code = /^[a-z]$/i.test(key) ? `Key${key.toUpperCase()}` : key;
  const init: KeyboardEventInit = {
    key,
    code,
    bubbles: true,
    cancelable: true,
    ctrlKey: mods.has('Control'),
    shiftKey: mods.has('Shift'),
    altKey: mods.has('Alt'),
    metaKey: mods.has('Meta'),
  };
  const target = document.activeElement ?? document.body;
  target.dispatchEvent(new KeyboardEvent('keydown', init));
  target.dispatchEvent(new KeyboardEvent('keyup', init));
}

/** Types into the focused box: what was selected in it is replaced, else the text goes at its end. */
async function typeText(text: string): Promise<void> {
  const box = document.activeElement;
  if (!(box instanceof HTMLInputElement)) throw new Error(`the focus is not in a text box (it is on ${box?.tagName ?? 'nothing'})`);
  const all = box.selectionStart === 0 && box.selectionEnd === box.value.length;
  box.value = all ? text : box.value + text;
  box.dispatchEvent(new Event('input', { bubbles: true }));
  await sleep(TYPING_PAUSE_MS);
}

function fitColumn(column: string): void {
  const cell = headerCells().find((c) => headerText(c) === column);
  if (!cell) throw new Error(`no column headed ${column}`);
  one('.resize-handle', cell).dispatchEvent(new MouseEvent('dblclick', { bubbles: true, cancelable: true, detail: 2 }));
}

function isShown(el: Element): boolean {
  return el instanceof HTMLElement && el.getClientRects().length > 0 && getComputedStyle(el).visibility === 'visible';
}

/** The colour a CSS colour expression resolves to on this page. */
function resolvedColour(expression: string): string {
  const probe = document.createElement('span');
  probe.style.color = expression;
  document.body.append(probe);
  const colour = getComputedStyle(probe).color;
  probe.remove();
  return colour;
}

function findAndLayout(columns: string[]): Pick<SeenInWebview, 'find' | 'filterFields' | 'emptyMessage' | 'totalsCut' | 'columnWidths' | 'cutCells' | 'headerBadges' | 'headerError' | 'chartMessage'> {
  const grid = one('.grid');
  const headBottom = one('.grid-head').getBoundingClientRect().bottom;
  const foot = document.querySelector('.grid-foot');
  const footTop = foot ? foot.getBoundingClientRect().top : grid.getBoundingClientRect().bottom;
  const gridBox = grid.getBoundingClientRect();
  const bar = document.querySelector<HTMLElement>('.find-bar');
  const findInput = bar?.querySelector('input');
  const count = bar?.querySelector('.find-count');
  const currentRow = document.querySelector('.grid-body .row.find-current');
  const currentBox = currentRow?.getBoundingClientRect();
  const errorBorder = resolvedColour('var(--vscode-inputValidation-errorBorder, var(--vscode-errorForeground))');
  const filterFields = [...document.querySelectorAll('.filter-row .filter-cell')].map((cell, i) => {
    const input = cell.querySelector('input');
    const message = cell.querySelector('.filter-error');
    return {
      column: columns[i] ?? '',
      placeholder: input?.placeholder ?? '',
      value: input?.value ?? '',
      tooltip: input?.title ?? '',
      invalid: input?.getAttribute('aria-invalid') === 'true',
      message: message?.textContent ?? '',
      messageVisible: message ? isShown(message) : false,
      errorBorder: input ? getComputedStyle(input).borderTopColor === errorBorder : false,
    };
  });
  const empty = document.querySelector<HTMLElement>('.grid-empty');
  let emptyMessage: SeenInWebview['emptyMessage'] = null;
  if (empty && !empty.hidden && empty.textContent !== '') {
    const r = empty.getBoundingClientRect();
    const whole = empty.scrollWidth <= empty.clientWidth && empty.scrollHeight <= empty.clientHeight;
    const inside = r.top >= headBottom - 0.5 && r.bottom <= footTop + 0.5 && r.left >= gridBox.left - 0.5 && r.right <= gridBox.right + 0.5;
    emptyMessage = { text: empty.textContent, inside: inside && whole && r.height > 0 };
  }
  const widths: Record<string, number> = {};
  headerCells().forEach((c, i) => (widths[columns[i] ?? String(i)] = Math.round(c.getBoundingClientRect().width)));
  const cutCells: Record<string, number> = {};
  for (const row of document.querySelectorAll('.grid-body .row:not(.group)')) {
    [...row.children].forEach((c, i) => {
      const name = columns[i] ?? String(i);
      cutCells[name] = (cutCells[name] ?? 0) + (c.scrollWidth > c.clientWidth ? 1 : 0);
    });
  }
  return {
    find: {
      open: bar ? isShown(bar) : false,
      focused: findInput !== null && findInput !== undefined && document.activeElement === findInput,
      query: findInput?.value ?? '',
      count: count?.textContent ?? '',
      announced: count?.getAttribute('aria-live') === 'polite' || count?.getAttribute('role') === 'status',
      current: currentRow ? [...currentRow.children].map((cell, i) => [columns[i] ?? '', cell.textContent]) : null,
      // In view: no more than a pixel of it under the headers or the Total row.
      currentInView: currentBox !== undefined && currentBox.top >= headBottom - 1 && currentBox.bottom <= footTop + 1,
      matchesDrawn: document.querySelectorAll('.grid-body .row.find-match').length,
    },
    filterFields,
    emptyMessage,
    totalsCut: [...document.querySelectorAll('.grid-foot .grid-cell')].flatMap((cell, i) => (i > 0 && cell.scrollWidth > cell.clientWidth ? [columns[i] ?? String(i)] : [])),
    columnWidths: widths,
    cutCells,
    headerBadges: [...document.querySelectorAll('.header-bar .badge')].filter(isShown).map((b) => b.textContent),
    headerError: document.querySelector('.header-error')?.textContent ?? '',
    chartMessage: document.querySelector('.charts .chart-empty.error-text')?.textContent ?? '',
  };
}
