// One export command per exportable resource: `campfire.export<Resource>`, e.g.
// campfire.exportTierPriceOverrides (contributed in package.json).
import { EXPORTABLE } from '../../resources';
import type { TreeCommandContext } from '../treeTargets';
import { exportCommand } from './exportCommand';
import { exportUsageEventsView } from './exportView';

/** `campfire.exportUsageEvents` for usageEvents. */
function exportCommandId(name: string): string {
  return `campfire.export${name.charAt(0).toUpperCase()}${name.slice(1)}`;
}

/** The export commands' entries of the command table (commands/index.ts). */
export function exportCommands(): Record<string, (ctx: TreeCommandContext) => (arg?: unknown) => unknown> {
  return {
    ...Object.fromEntries(EXPORTABLE.map((r) => [exportCommandId(r.name), (ctx: TreeCommandContext) => (arg?: unknown) => exportCommand(ctx, r.name, arg)])),
    // Export View of a usage-events panel: what it shows, from the rows it holds.
    'campfire.exportUsageEventsView': (ctx: TreeCommandContext) => (arg?: unknown) => exportUsageEventsView(ctx, arg),
  };
}
