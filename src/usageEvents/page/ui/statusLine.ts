// The status line in the toolbar: how far the load has got (a progress bar, "n of N loaded", how
// many rows the filters leave), Cancel while loading, Resume once cancelled, the error with Retry
// when trying again can help, what a restored panel waits for (with the button that gets there),
// and the panel's passing notices. Also what the empty table says.
import * as l10n from '@vscode/l10n';
import type { CachedRowsState, ErrorActionButton, ErrorActionId, LoadPhase } from '../../protocol/usageEventsMessages';
import { MAX_KEY_COLUMNS, OTHER_DATA_KEYS } from '../../../shared/columnBound';
import { formatCount } from '../../../shared/countFormat';
import { button, h } from './dom';

/** 'waiting': nothing is loaded until the window uses the panel's account (or sample data) again. */
export type StatusPhase = LoadPhase | 'idle' | 'waiting';

export interface LoadStatus {
  phase: StatusPhase;
  /** Rows loaded, of `total` when the server said how many there are. */
  loaded: number;
  total: number | null;
  /** Rows that pass the filters. */
  shown: number;
  error: string | null;
  retryable: boolean;
  /** While waiting: the label of the button that gets there, if any (the text is in `error`). */
  waitAction?: string | null;
  /** With an error: the buttons that fix it, in order (Sign In, Retry, Show Log); none given: Retry when `retryable`. */
  actions?: readonly ErrorActionButton[] | null;
  /** The rows are the local cache's: as of when, offline or being checked. */
  cache?: CachedRowsState | null;
  /** Distinct `data` keys without a column of their own (in the overflow column); 0 or absent: none. */
  otherDataKeys?: number;
}

export interface StatusActions {
  cancel(): void;
  /** Retry after an error, or Resume after a cancel. */
  retry(): void;
  /** The waiting panel's button. */
  waitAction(): void;
  /** One of the buttons the host gave with an error. */
  errorAction(action: ErrorActionId): void;
}

/** A button of the status line, kept from one render to the next with what it does now. */
interface StatusButton {
  label: string;
  secondary: boolean;
  press: () => void;
}

export class StatusLine {
  readonly root = h('div', { class: 'status-line' });
  private readonly bar = h('div', { class: 'progress', attrs: { role: 'progressbar', 'aria-valuemin': '0' } });
  private readonly fill = h('div', { class: 'progress-fill' });
  private readonly spinner = h('span', { class: 'spinner', attrs: { 'aria-hidden': 'true' } });
  private readonly icon = h('span', { class: 'error-icon', attrs: { 'aria-hidden': 'true' } });
  /** What the load has got to, in a polite live region of its own: the buttons beside it are neither re-read nor rebuilt as it changes. */
  private readonly text = h('span', { attrs: { role: 'status', 'aria-live': 'polite' } });
  /** The buttons, kept while shown: one with the keyboard focus keeps it, and a click never lands on a removed one. */
  private readonly buttons: { el: HTMLButtonElement; press: () => void }[] = [];
  private readonly otherKeys = h('span', { class: 'other-data-keys' });
  private readonly notice = h('span', { class: 'notice', attrs: { role: 'status', 'aria-live': 'polite' } });

  constructor(private readonly actions: StatusActions) {
    this.bar.append(this.fill);
  }

  setNotice(text: string): void {
    this.notice.textContent = text;
  }

  render({ phase, loaded, total, shown, error, retryable, waitAction, actions, cache, otherDataKeys }: LoadStatus): void {
    const parts: Element[] = [];
    const buttons: StatusButton[] = [];
    const of = total !== null && total > loaded;
    this.bar.setAttribute('aria-valuemax', String(total ?? 0));
    this.bar.setAttribute('aria-valuenow', String(loaded));
    this.fill.style.width = total ? `${Math.min(100, (loaded / total) * 100)}%` : '0%';
    const count = formatCount(loaded);
    const all = formatCount(total ?? 0);
    /** What the status says, and how many rows the filters leave when that is not all of them. */
    const withShown = (text: string) => (shown !== loaded ? l10n.t('{0} · {1} shown', text, formatCount(shown)) : text);
    let text: string;
    let textClass = '';
    switch (phase) {
      case 'idle':
      case 'loading':
        parts.push(this.bar, this.spinner);
        buttons.push({ label: l10n.t('Cancel'), secondary: true, press: () => this.actions.cancel() });
        text = withShown(of ? l10n.t('{0} of {1} loaded', count, all) : l10n.t('{0} loaded', count));
        break;
      case 'done': {
        const done = withShown(loaded === 1 ? l10n.t('{0} row loaded', count) : l10n.t('{0} rows loaded', count));
        text = cache ? cachedText(done, cache) : done;
        if (cache?.offline) buttons.push({ label: l10n.t('Retry'), secondary: true, press: () => this.actions.retry() });
        break;
      }
      case 'cancelled':
        parts.push(this.bar);
        buttons.push({ label: l10n.t('Resume'), secondary: true, press: () => this.actions.retry() });
        text = withShown(of ? l10n.t('Stopped: {0} of {1} loaded', count, all) : l10n.t('Stopped: {0} loaded', count));
        break;
      case 'error': {
        const why = error ?? l10n.t('Loading failed');
        this.icon.textContent = '!';
        parts.push(this.icon);
        textClass = 'error-text';
        text = loaded === 0 ? why : of ? l10n.t('{0} — {1} of {2} rows loaded so far are kept.', why, count, all) : l10n.t('{0} — {1} rows loaded so far are kept.', why, count);
        if (actions && actions.length > 0) {
          // The host's buttons, the first one the way out (primary), the rest secondary.
          actions.forEach((a, i) => buttons.push({ label: a.label, secondary: i > 0, press: () => this.actions.errorAction(a.action) }));
        } else if (retryable) buttons.push({ label: l10n.t('Retry'), secondary: false, press: () => this.actions.retry() });
        break;
      }
      case 'waiting':
        this.icon.textContent = 'i';
        parts.push(this.icon);
        textClass = 'waiting-text';
        text = error ?? l10n.t('Waiting');
        if (waitAction) buttons.push({ label: waitAction, secondary: false, press: () => this.actions.waitAction() });
        break;
    }
    if (this.text.textContent !== text) this.text.textContent = text;
    this.text.className = textClass;
    parts.push(this.text, ...buttons.map((b, i) => this.button(i, b)));
    // Waiting is drawn as a banner like an error (phase-error's style), and named as what it is.
    this.root.className = phase === 'waiting' ? 'status-line phase-waiting phase-error' : `status-line phase-${phase}${cache?.offline ? ' offline' : cache ? ' cached' : ''}`;
    // The exports' warning, in the same words: the table did not give every key a column.
    if (otherDataKeys) {
      this.otherKeys.textContent = l10n.t('{0} data keys beyond the first {1} are in the "{2}" column, as JSON', formatCount(otherDataKeys), formatCount(MAX_KEY_COLUMNS), OTHER_DATA_KEYS);
      parts.push(this.otherKeys);
    }
    showOnly(this.root, [...parts, this.notice]);
  }

  /** The status line's button at this place, made the first time, then given its new label and action. */
  private button(index: number, { label, secondary, press }: StatusButton): HTMLButtonElement {
    let kept = this.buttons[index];
    if (!kept) {
      const created = { el: button(label), press };
      created.el.addEventListener('click', () => created.press());
      this.buttons[index] = kept = created;
    }
    kept.press = press;
    if (kept.el.textContent !== label) kept.el.textContent = label;
    kept.el.classList.toggle('secondary', secondary);
    return kept.el;
  }
}

/**
 * Makes `parent`'s children these elements, in this order, moving none that stays: an element
 * taken out of the page, even for a moment, loses the keyboard focus.
 */
function showOnly(parent: Element, wanted: readonly Element[]): void {
  for (const child of [...parent.children]) if (!wanted.includes(child)) child.remove();
  wanted.forEach((el, i) => {
    if (parent.children[i] !== el) parent.insertBefore(el, parent.children[i] ?? null);
  });
}

/** The status of rows from the local cache: their age, and whether they are offline data or being checked. */
function cachedText(text: string, cache: CachedRowsState): string {
  const when = new Date(cache.asOf).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
  if (cache.offline) return l10n.t('{0} · offline data as of {1}', text, when);
  return cache.checking ? l10n.t('{0} · as of {1} · checking for changes…', text, when) : l10n.t('{0} · as of {1}', text, when);
}

/** What the table says when no row is there to show. */
export function emptyTableText(phase: StatusPhase, loaded: number): string {
  if (phase === 'loading' && loaded === 0) return l10n.t('Loading usage events…');
  if (loaded === 0) return phase === 'done' ? l10n.t('This commit has no usage events.') : '';
  return l10n.t('No rows match the filters.');
}

/** Whether the status line tells of a failure (or what the panel waits for) with its button. */
export function statusTellsFailure(phase: StatusPhase): boolean {
  return phase === 'error' || phase === 'waiting';
}

/**
 * What the ledger chart says about its own failure: the reason when it failed alone, a pointer to
 * the status line when the load failed too (one failure is told once, where its button is).
 */
export function ledgerErrorToShow(phase: StatusPhase, ledgerError: string | null): string | null {
  if (ledgerError === null) return null;
  return statusTellsFailure(phase) ? l10n.t('see the message below') : ledgerError;
}
