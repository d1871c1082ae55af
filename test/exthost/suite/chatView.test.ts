// @campfire and the Campfire tools in VS Code's own chat view, as a user meets them: a slash command
// typed into the chat answered on screen with a link that opens the contract, and the tools in the
// chat's "Configure Tools…" list. VS Code's chat sends nothing without a language model, so the run
// installs a stand-in one (probe/chatModel) that the slash commands never call.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { canScreenshot, clickOnScreen, getExtension, readScreen, screenshot, screenshotFile, typeKeys, waitFor, type ScreenElement } from '../helpers';
import { extensionApi } from './treeSupport';

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
    assert.match(answer, /^Contract 1003 in the sample data/);
    assert.match(answer, /"id": 1003,/);
    const links = (await readScreen('.interactive-response .rendered-markdown a', ['data-href', 'href'])) ?? [];
    const link = links.find((l) => l.text === 'Contract 1003 in the tree');
    assert.ok(link, `the link on screen: ${JSON.stringify(links)}`);
    const target = link.attributes['data-href'] ?? link.attributes.href ?? '';
    assert.equal(decodeURIComponent(target), `command:campfire.viewJson?${JSON.stringify([{ contractId: 1003 }])}`);
    await screenshot(screenshotFile('chat-contract.png'), 1500);
  });

  it('lists the Campfire tools in the chat’s Configure Tools…', async () => {
    const tools = (getExtension().packageJSON as { contributes: { languageModelTools: { toolReferenceName: string }[] } }).contributes.languageModelTools;
    // The command settles only when the list closes.
    void vscode.commands.executeCommand('workbench.action.chat.configureTools');
    // The list opens with its groups folded: filter it to Campfire's, as a user looks for them, and unfold that.
    await typeKeys({ text: 'campfire' });
    const rows = async () => ((await readScreen('.quick-input-widget .monaco-list-row')) ?? []).map((e) => e.text.replace(/\s+/g, ' '));
    await waitFor(async () => (await rows()).join() === 'Campfire', 15_000, 'the list filtered to the Campfire group');
    await clickOnScreen('.quick-input-widget .monaco-list-row[aria-expanded="false"] .monaco-tl-twistie');
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
