// One export command per exportable resource: `campfire.export<Resource>`, e.g.
// campfire.exportTierPriceOverrides (contributed in package.json).
import { EXPORTABLE } from '../../resources';
import { activePanelCommit, selectedTreeItem, type TreeCommandContext } from '../treeTargets';
import { exportCommand } from './exportCommand';
import { exportUsageEventsView } from './exportView';

/** `campfire.exportUsageEvents` for usageEvents. */
function exportCommandId(name: string): string {
  return `campfire.export${name.charAt(0).toUpperCase()}${name.slice(1)}`;
}

/**
 * The export commands' entries of the command table (commands/index.ts). From the palette (no
 * argument) an export is of what the user is looking at: the active usage-events panel's commit,
 * else the tree's selected item; only what neither names is asked for.
 */
export function exportCommands(): Record<string, (ctx: TreeCommandContext) => (arg?: unknown) => unknown> {
  return {
    ...Object.fromEntries(
      EXPORTABLE.map((r) => [exportCommandId(r.name), (ctx: TreeCommandContext) => (arg?: unknown) => exportCommand(ctx, r.name, arg ?? activePanelCommit(ctx) ?? selectedTreeItem(ctx))]),
    ),
    // Export View of a usage-events panel: what it shows, from the rows it holds.
    'campfire.exportUsageEventsView': (ctx: TreeCommandContext) => (arg?: unknown) => exportUsageEventsView(ctx, arg),
  };
}
