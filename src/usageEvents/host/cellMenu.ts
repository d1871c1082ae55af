// The grid's context menu (VS Code's webview/context, package.json): VS Code hands each command the
// `data-vscode-context` of the cell right-clicked (src/usageEvents/page/grid/selection.ts), and the
// command passes the action to that commit's panel, whose page carries it out.
import { isId } from '../../api/ids';
import { CELL_ACTIONS, type CellAction } from '../protocol/usageEventsMessages';
import type { UsageEventsPanel } from './panel';
import type { UsageEventsPanels } from './panels';

/** The command of each action, as package.json contributes it. */
export const CELL_MENU_COMMANDS: Record<CellAction, string> = {
  copyCell: 'campfire.usageEvents.copyCell',
  copyRowsCsv: 'campfire.usageEvents.copyRowsCsv',
  copyRowsTsv: 'campfire.usageEvents.copyRowsTsv',
  copyRowsJson: 'campfire.usageEvents.copyRowsJson',
  copyWithHeaders: 'campfire.usageEvents.copyWithHeaders',
  openJson: 'campfire.usageEvents.openJson',
  filterByValue: 'campfire.usageEvents.filterByValue',
  hideColumn: 'campfire.usageEvents.hideColumn',
};

/** What the menu passes: the merged data-vscode-context (numbers where the grid put numbers). */
interface CellMenuContext {
  contractId?: unknown;
  commitId?: unknown;
  row?: unknown;
  col?: unknown;
}

/** The panel the menu was opened in: the one of the commit named, else the active one. */
function panelFor(panels: UsageEventsPanels, context: CellMenuContext | undefined): UsageEventsPanel | undefined {
  const contractId = context?.contractId;
  const commitId = context?.commitId;
  if (isId(contractId) && isId(commitId)) return panels.find({ contractId, commitId });
  return panels.active();
}

type CellMenuCommand = (ctx: { usageEventsPanels: UsageEventsPanels }) => (arg?: unknown) => boolean;

/** Each menu command's handler factory, by command id, for the commands' table. */
export function cellMenuCommands(): Record<string, CellMenuCommand> {
  const commands: Record<string, CellMenuCommand> = {};
  for (const action of CELL_ACTIONS) {
    commands[CELL_MENU_COMMANDS[action]] = ({ usageEventsPanels }) => (arg) => {
      const context = typeof arg === 'object' && arg !== null ? (arg as CellMenuContext) : undefined;
      const panel = panelFor(usageEventsPanels, context);
      if (!panel) return false;
      const row = context?.row;
      const col = context?.col;
      return isId(row) && isId(col) ? panel.cellAction(action, row, col) : panel.cellAction(action);
    };
  }
  return commands;
}
