// How the user has arranged the table (sort, filters, hidden columns and their widths, collapsed
// months, the toggles, the scroll offset), kept with setState so a re-created webview (hidden and
// shown again, or after a window reload) comes back as it was. Every change is saved at once;
// scrolling, which changes every frame, once it pauses.
import type { ViewSpec } from './model/tableView';
import { defaultState, readPersistedState, type PersistedState } from './ui/persistedState';
import type { VsCodeApi } from './hostChannel';

export class ViewState {
  /** The arrangement now; callers change its fields, then save. */
  current: PersistedState;
  private saveTimer = 0;

  constructor(private readonly vscode: VsCodeApi) {
    this.current = readPersistedState(vscode.getState()) ?? defaultState();
  }

  /** Whether the arrangement is that of this commit. */
  isFor(contractId: number, commitId: number): boolean {
    return this.current.contractId === contractId && this.current.commitId === commitId;
  }

  /** Another commit: its table starts as every table does; the summary stays folded or not, as the user left it. */
  startOver(contractId: number, commitId: number): void {
    const summaryOpen = this.summaryOpen;
    this.current = { ...defaultState(contractId, commitId), summaryOpen };
  }

  /** Whether the figures and charts above the table are shown. */
  get summaryOpen(): boolean {
    return this.current.summaryOpen !== false;
  }

  /** What the table view shows, from the arrangement. */
  spec(): ViewSpec {
    const s = this.current;
    return {
      filter: s.filter,
      columnFilters: new Map(s.columnFilters),
      hideAdjustments: s.hideAdjustments,
      sort: s.sort,
      groupByMonth: s.groupByMonth,
      collapsed: new Set(s.collapsedMonths),
    };
  }

  /** A click on a header: ascending, then descending, then back to load order. */
  cycleSort(columnId: string): void {
    const current = this.current.sort;
    if (current?.column !== columnId) this.current.sort = { column: columnId, direction: 'asc' };
    else if (current.direction === 'asc') this.current.sort = { column: columnId, direction: 'desc' };
    else this.current.sort = null;
  }

  setColumnFilter(id: string, text: string): void {
    const rest = this.current.columnFilters.filter(([c]) => c !== id);
    this.current.columnFilters = text.trim() === '' ? rest : [...rest, [id, text]];
  }

  setWidth(id: string, width: number): void {
    this.current.widths = [...this.current.widths.filter(([c]) => c !== id), [id, width]];
  }

  toggleMonth(month: string): void {
    const set = new Set(this.current.collapsedMonths);
    if (set.has(month)) set.delete(month);
    else set.add(month);
    this.current.collapsedMonths = [...set];
  }

  setHidden(ids: string[], hidden: boolean): void {
    const set = new Set(this.current.hiddenColumns);
    for (const id of ids) {
      if (hidden) set.add(id);
      else set.delete(id);
    }
    this.current.hiddenColumns = [...set];
  }

  scrolled(top: number): void {
    this.current.scrollTop = top;
    this.saveSoon();
  }

  /**
   * Saves the arrangement for when the webview is re-created. At once: a hidden webview is
   * destroyed without warning, so a sort or filter saved a moment later could be lost.
   */
  save(): void {
    if (this.saveTimer) window.clearTimeout(this.saveTimer);
    this.saveTimer = 0;
    this.vscode.setState(this.current);
  }

  /** Scrolling fires every frame; its offset is saved once it pauses. */
  private saveSoon(): void {
    if (this.saveTimer) return;
    this.saveTimer = window.setTimeout(() => this.save(), 100);
  }

  /** The last scroll offset, if it is still waiting to be saved when the panel goes out of sight. */
  saveWhenHidden(): void {
    document.addEventListener('visibilitychange', () => {
      if (document.hidden && this.saveTimer) this.save();
    });
  }
}
