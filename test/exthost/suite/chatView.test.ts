// @campfire and the Campfire tools in VS Code's own chat view, as a user meets them: a slash command
// typed into the chat answered on screen with a link that opens the contract, and the tools in the
// chat's "Configure Tools…" list. VS Code's chat sends nothing without a language model, so the run
// installs a stand-in one (probe/chatModel) that the slash commands never call.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { canScreenshot, clickOnScreen, getExtension, readScreen, screenshot, screenshotFile, typeKeys, waitFor, type ScreenElement } from '../helpers';
import { SampleDataset } from '../../../src/sampleServer/dataset';
import { extensionApi } from './treeSupport';

// What Explore Sample Data serves (src/sampleServer/sampleData.ts: seed 1, the server's default size).
const sample = new SampleDataset({ seed: 1, contracts: 240, hostile: false });

/** The parts of the chat's answers (each piece of rendered markdown), as the user reads them. */
async function answersOnScreen(): Promise<ScreenElement[]> {
  return (await readScreen('.interactive-response .rendered-markdown')) ?? [];
}

describe('Chat view', function () {
  this.timeout(120_000);
  const chat = () => vscode.workspace.getConfiguration('chat');

  before(async function () {
    // The chat view is drawn by the workbench: only the harness's browser reads it.
    if (!canScreenshot || (await vscode.lm.selectChatModels({ vendor: 'campfire-test' })).length === 0) this.skip();
    await extensionApi();
    await vscode.commands.executeCommand('campfire.exploreSampleData');
    // The test window turns the chat off (it would crowd the other suites' pictures); a user's has it on.
    await chat().update('disableAIFeatures', false, vscode.ConfigurationTarget.Global);
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    await vscode.commands.executeCommand('workbench.action.closeAuxiliaryBar');
    await chat().update('disableAIFeatures', undefined, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('campfire.leaveSampleData');
  });

  it('@campfire /contract 1003 answers in the chat view with a link that opens the contract', async () => {
    await vscode.commands.executeCommand('workbench.action.chat.open', { query: '@campfire /contract 1003' });
    let answer = '';
    await waitFor(
      async () => {
        // Spaces as words apart: the code block's indentation reads as no-break spaces.
        answer = (await answersOnScreen()).map((e) => e.text.replace(/\s+/g, ' ')).join(' ');
        return answer.includes('Contract 1003 in the tree');
      },
      30_000,
      'the answer of @campfire /contract 1003 on screen',
    );
    const contract = sample.contracts().find((c) => c.id === 1003);
    assert.ok(contract);
    assert.ok(answer.includes(`${contract.deal_name ?? ''} — contract 1003`), answer.slice(0, 300));
    assert.ok(answer.includes(contract.client_name), 'the client');
    const links = (await readScreen('.interactive-response .rendered-markdown a', ['data-href', 'href'])) ?? [];
    const targetOf = (l: ScreenElement) => decodeURIComponent(l.attributes['data-href'] ?? l.attributes.href ?? '');
    const link = links.find((l) => l.text === 'Contract 1003 in the tree');
    assert.ok(link, `the link on screen: ${JSON.stringify(links)}`);
    assert.equal(targetOf(link), `command:campfire.viewJson?${JSON.stringify([{ contractId: 1003 }])}`);
    // A row per prepaid commit, each with a link to its usage events.
    for (const commit of sample.prepaidCommits(1003)) {
      assert.ok(answer.includes(commit.name), `commit ${commit.id} (${commit.name}) in the table`);
      assert.ok(
        links.some((l) => targetOf(l) === `command:campfire.openUsageEvents?${JSON.stringify([{ contractId: 1003, commitId: commit.id }])}`),
        `a link to commit ${commit.id}'s usage events`,
      );
    }
    // Wide enough for the answer's table, from its first line.
    await vscode.commands.executeCommand('workbench.action.maximizeAuxiliaryBar');
    // The chat's own notice (a model provider's offer, not ours) would cover the answer's end.
    if (((await readScreen('.chat-input-notification-dismiss')) ?? []).length > 0) await clickOnScreen('.chat-input-notification-dismiss');
    await screenshot(screenshotFile('chat-contract.png'), 1500);
    await vscode.commands.executeCommand('workbench.action.toggleMaximizedAuxiliaryBar');
  });

  it('lists the Campfire tools in the chat’s Configure Tools…', async () => {
    const tools = (getExtension().packageJSON as { contributes: { languageModelTools: { toolReferenceName: string }[] } }).contributes.languageModelTools;
    // The command settles only when the list closes.
    void vscode.commands.executeCommand('workbench.action.chat.configureTools');
    // The list opens with its groups folded: filter it to Campfire's, as a user looks for them, and unfold that.
    await typeKeys({ text: 'campfire' });
    const rows = async () => ((await readScreen('.quick-input-widget .monaco-list-row')) ?? []).map((e) => e.text.replace(/\s+/g, ' '));
    // Two groups: the extension's own tools, and the MCP server the extension offers VS Code.
    const groups = async () => ((await readScreen('.quick-input-widget .monaco-list-row', ['aria-label'])) ?? []).map((e) => e.attributes['aria-label'] ?? '');
    await waitFor(async () => (await groups()).join('|') === 'campfire, Campfire|Campfire', 15_000, 'the list filtered to the Campfire tools and MCP server').catch(async (err: unknown) => {
      throw new Error(`${String(err)}; the list shows ${JSON.stringify(await groups())}`);
    });
    await clickOnScreen('.quick-input-widget .monaco-list-row[aria-label="Campfire"][aria-expanded="false"] .monaco-tl-twistie');
    const shown = async () => {
      const now = await rows();
      return tools.every((t) => now.some((r) => r.startsWith(t.toolReferenceName)));
    };
    // Each tool listed by the name a prompt uses (#campfireContracts, …) with its description for people.
    await waitFor(shown, 10_000, 'the Campfire tools in the list').catch(async (err: unknown) => {
      throw new Error(`${String(err)}; the list shows ${JSON.stringify(await rows())}`);
    });
    await screenshot(screenshotFile('chat-tools.png'), 1000);
  });
});
