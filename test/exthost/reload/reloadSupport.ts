// What the phases of the restart suite share: the Campfire server that outlives the window
// (runTests.ts --reload starts it as a process of its own, so a reload does not stop it), the
// data it serves, and reading the workbench as the user sees it after a restart.
import * as vscode from 'vscode';
import { SampleDataset } from '../../../src/sampleServer/dataset';
import { readScreen, waitFor } from '../helpers';

function env(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: the restart suite runs from runTests.ts --reload`);
  return value;
}

export const server = {
  get url(): string {
    return env('CAMPFIRE_RELOAD_SERVER_URL');
  },
  get key(): string {
    return env('CAMPFIRE_RELOAD_SERVER_KEY');
  },
};

/** What the outliving server serves (runTests.ts: seed 7, 60 contracts): not the sample data's contracts. */
export const served = new SampleDataset({ seed: 7, contracts: 60, hostile: false });
/** What Explore Sample Data serves (src/sampleServer/sampleData.ts: seed 1, 240 contracts). */
export const sampleData = new SampleDataset({ seed: 1, contracts: 240, hostile: false });

export const ACCOUNT_LABEL = 'Restart check';

/** A commit with a few hundred to a few thousand events: several pages, quick to load. */
export function smallCommit(data: SampleDataset): { contractId: number; commitId: number; events: number } {
  for (const contract of data.contracts()) {
    for (const commit of data.prepaidCommits(contract.id)) {
      const events = data.usageEventCount(contract.id, commit.id);
      if (events >= 300 && events <= 3000) return { contractId: contract.id, commitId: commit.id, events };
    }
  }
  throw new Error('no commit with 300 to 3,000 usage events');
}

/** The tree rows on screen whose label names one of `data`'s contracts. */
export async function contractRowsShown(data: SampleDataset): Promise<string[]> {
  const names = data.contracts().map((c) => c.deal_name ?? '').filter((n) => n.length > 0);
  const rows = (await readScreen('.monaco-list-row[role="treeitem"]')) ?? [];
  return rows.map((r) => r.label).filter((label) => names.some((n) => label.includes(n)));
}

/** Waits until the Contracts view shows at least five of `data`'s contracts, as a user would see them. */
export async function waitForContracts(data: SampleDataset, what: string): Promise<string[]> {
  await vscode.commands.executeCommand('campfire.contracts.focus');
  let shown: string[] = [];
  await waitFor(async () => (shown = await contractRowsShown(data)).length >= 5, 30_000, what);
  return shown;
}

/** The signed-out welcome's buttons, if they are on screen. */
export async function welcomeShown(): Promise<boolean> {
  const buttons = (await readScreen('.welcome-view-content a.monaco-button, .welcome-view-content .monaco-button')) ?? [];
  return buttons.some((b) => /sign in|sample data/i.test(b.text || b.label));
}

/** The Campfire status bar item's text and accessible name. */
export async function statusBarText(): Promise<string> {
  const items = (await readScreen('#campfire-devtools\\.campfire-vscode\\.campfire\\.status, [id$="campfire.status"]')) ?? [];
  return items.map((i) => `${i.text} ${i.label}`).join(' ');
}

/** Waits until a usage-events grid on screen announces `events` rows (plus its header and total rows). */
export async function waitForGrid(events: number): Promise<void> {
  let rowCount: string | null | undefined;
  await waitFor(async () => {
    const grids = (await readScreen('[role="grid"]', ['aria-rowcount'])) ?? [];
    rowCount = grids.map((g) => g.attributes['aria-rowcount']).find((c) => c === String(events + 2)) ?? grids[0]?.attributes['aria-rowcount'];
    return rowCount === String(events + 2);
  }, 30_000, `a grid of ${events} events (aria-rowcount was ${String(rowCount)})`);
}
