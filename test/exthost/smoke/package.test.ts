// The package a user installs: `npm run package` builds the .vsix, runTests.ts --package installs
// it into the code-server rig's extensions dir (as `code --install-extension` does) and runs this
// suite beside an empty development extension. So everything here runs the installed copy, in
// Production mode, without the development tree, node_modules or the tests' hooks: what is
// checked is what users get. Expectations come from the sample data's own generator.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { SampleDataset } from '../../../src/sampleServer/dataset';
import { canScreenshot, EXTENSION_ID, getExtension, readScreen, screenshot, waitFor } from '../helpers';

// What Explore Sample Data serves (src/sampleServer/sampleData.ts: seed 1, the server's default size).
const sample = new SampleDataset({ seed: 1, contracts: 240, hostile: false });

/** A commit with a few thousand events at most: enough to stream several pages, quick to check. */
function smallCommit(): { contractId: number; commitId: number; events: number } {
  for (const contract of sample.contracts()) {
    for (const commit of sample.prepaidCommits(contract.id)) {
      const events = sample.usageEventCount(contract.id, commit.id);
      if (events >= 300 && events <= 3000) return { contractId: contract.id, commitId: commit.id, events };
    }
  }
  throw new Error('the sample data has no commit with 300 to 3,000 usage events');
}

describe('the installed package', () => {
  const activeAtLoad = vscode.extensions.getExtension(EXTENSION_ID)?.isActive;
  let scratch: string;

  before(() => {
    // The suite reads the screen through the harness's browser (runTests.ts --package).
    assert.ok(canScreenshot, 'the package smoke suite runs in the code-server rig');
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'campfire-smoke-'));
  });
  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    fs.rmSync(scratch, { recursive: true, force: true });
  });

  it('runs on the VS Code it was started for', () => {
    // The floor run (runTests.ts --floor) names the oldest release engines.vscode claims.
    console.log(`    VS Code ${vscode.version}, extension host on Node ${process.version}`);
    const expected = process.env.CAMPFIRE_EXTHOST_EXPECT_VSCODE;
    if (expected) assert.equal(vscode.version, expected);
    const { engines } = getExtension().packageJSON as { engines: { vscode: string } };
    const floor = /(\d+)\.(\d+)/.exec(engines.vscode);
    const [major, minor] = vscode.version.split('.').map(Number);
    assert.ok(floor && (major ?? 0) * 1000 + (minor ?? 0) >= Number(floor[1]) * 1000 + Number(floor[2]), `VS Code ${vscode.version} is older than engines.vscode ${engines.vscode}`);
  });

  it('is the installed .vsix, with what runs and nothing of the development tree', () => {
    const ext = getExtension();
    // An installed extension lives in <extensions dir>/<publisher>.<name>-<version>.
    const { version } = ext.packageJSON as { version: string };
    assert.equal(path.basename(ext.extensionPath), `${EXTENSION_ID}-${version}`);
    assert.equal(ext.extensionKind, vscode.ExtensionKind.Workspace);
    const has = (f: string) => fs.existsSync(path.join(ext.extensionPath, f));
    // vsce stores the README, CHANGELOG and LICENSE under these names.
    for (const f of ['package.json', 'package.nls.json', 'readme.md', 'LICENSE.txt', 'changelog.md', 'dist/extension.js', 'dist/webview.js', 'dist/sampleData.js', 'dist/mcpEndpoint.js', 'media/usageEvents.css', 'media/icon.png']) {
      assert.ok(has(f), `${f} is missing from the package`);
    }
    for (const f of ['src', 'test', 'bench', 'node_modules', 'media/screenshots', 'dist/testing.js', 'dist/webviewProbe.js', 'dist/meta.json', 'dist/extension.js.map', 'dist/cli.js', 'dist/campfireExport.js', 'dist/campfireMcp.js']) {
      assert.ok(!has(f), `${f} must not be in the package`);
    }
    assert.equal(activeAtLoad, false, 'active before any of its contributions was used');
  });

  it('activates when its view is opened and registers its commands', async () => {
    const ext = getExtension();
    await vscode.commands.executeCommand('workbench.view.extension.campfire');
    await waitFor(() => ext.isActive, 20_000, 'the installed extension to activate');
    // In Production mode the tests' API is not loaded (and not shipped).
    assert.equal(ext.exports, undefined);
    const registered = new Set(await vscode.commands.getCommands(true));
    const contributed = (ext.packageJSON as { contributes: { commands: { command: string }[] } }).contributes.commands.map((c) => c.command);
    assert.deepEqual(contributed.filter((c) => !registered.has(c)), []);
  });

  it('browses the sample data in the Contracts tree', async () => {
    await vscode.commands.executeCommand('campfire.exploreSampleData');
    await vscode.commands.executeCommand('campfire.contracts.focus');
    const names = new Set(sample.contracts().map((c) => c.deal_name ?? ''));
    let shown: string[] = [];
    await waitFor(async () => {
      const rows = (await readScreen('.monaco-list-row[role="treeitem"]')) ?? [];
      shown = rows.map((r) => r.label).filter((label) => [...names].some((n) => n && label.includes(n)));
      return shown.length >= 5;
    }, 30_000, 'sample contracts in the tree');
    await screenshot(path.join(scratch, 'tree.png'));
  });

  it('answers an agent through the MCP server VS Code starts from it', async () => {
    // The server's id in VS Code: the extension's id and the definition's label (MCP: List Servers shows it).
    await vscode.commands.executeCommand('workbench.mcp.startServer', `${EXTENSION_ID.toLowerCase()}/Campfire`);
    const tool = () => vscode.lm.tools.find((t) => t.tags.includes('mcp') && t.name.endsWith('_campfire_find_contracts'));
    await waitFor(() => tool() !== undefined, 30_000, 'the Campfire MCP server’s tools in vscode.lm.tools');
    const result = await vscode.lm.invokeTool(tool()?.name ?? '', { input: { maxRows: 1 }, toolInvocationToken: undefined });
    const text = result.content.map((p) => (p instanceof vscode.LanguageModelTextPart ? p.value : '')).join('');
    const count = sample.contracts().length;
    assert.ok(text.startsWith(`${count} of ${count} contracts match in the sample data.`), text.slice(0, 200));
  });

  it('opens a prepaid commit\'s usage events and streams every one of them', async () => {
    const commit = smallCommit();
    await vscode.commands.executeCommand('campfire.openUsageEvents', { contractId: commit.contractId, commitId: commit.commitId });
    await waitFor(
      () => vscode.window.tabGroups.all.some((g) => g.tabs.some((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('campfire.usageEvents'))),
      15_000,
      'the usage-events panel',
    );
    // The grid announces its size to screen readers: the events, the header row and the total row.
    let rowCount: string | null | undefined;
    await waitFor(async () => {
      const grids = (await readScreen('[role="grid"]', ['aria-rowcount'])) ?? [];
      rowCount = grids[0]?.attributes['aria-rowcount'];
      return rowCount === String(commit.events + 2);
    }, 30_000, `a grid of ${commit.events} events (aria-rowcount was ${String(rowCount)})`);
  });

  it('exports a commit\'s usage events to a file, every event once', async () => {
    const commit = smallCommit();
    const file = path.join(scratch, 'events.jsonl');
    await vscode.commands.executeCommand('campfire.exportUsageEvents', { contractId: commit.contractId, commitId: commit.commitId, format: 'jsonl', uri: vscode.Uri.file(file) });
    await waitFor(() => fs.existsSync(file), 30_000, `the export at ${file}`);
    const ids = fs.readFileSync(file, 'utf8').trim().split('\n').map((line) => (JSON.parse(line) as { id: number }).id);
    const expected = sample.usageEvents(commit.contractId, commit.commitId, 0, commit.events).map((e) => e.id);
    assert.deepEqual(ids, expected);
  });
});
