// The Campfire language-model tools in the real workbench, invoked the way a chat agent invokes
// them (vscode.lm.invokeTool) against the local Campfire server over HTTP: signed out, an account,
// the bounds, the question asked before a listing of more than 100,000 rows, a failing server and
// the sample data. Every answer is text in words, never an exception.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { languageModelTool } from '../../../src/agentTools/host/languageModelTools';
import { CAMPFIRE_TOOLS } from '../../../src/agentTools/core/tools';
import { startSampleServer, type SampleServer } from '../../../src/sampleServer/server';
import { sumDecimals } from '../../../src/shared/exactDecimal';
import { FaultPlan } from '../../unit/support/faults';
import type { CampfireTestingApi } from '../probe/testingApi';
import { EXTENSION_ID, extensionApi } from './treeSupport';
import { chatHandler } from '../../../src/agentTools/host/chatParticipant';
import { formatLink } from '../../../src/model/campfireLink';
import { waitFor } from '../helpers';

const TOKEN = 'agent-tools-suite-key-5b7e';

async function invoke(name: string, input: object): Promise<string> {
  const result = await vscode.lm.invokeTool(name, { input, toolInvocationToken: undefined });
  return result.content.map((p) => (p instanceof vscode.LanguageModelTextPart ? p.value : '')).join('');
}

function dataOf(text: string): unknown {
  const m = /\n(`{3,})json\n([\s\S]*)\n\1$/.exec(text);
  assert.ok(m, `an answer with a JSON block: ${text.slice(0, 300)}`);
  return JSON.parse(m[2] ?? '');
}

describe('Language-model tools', function () {
  this.timeout(120_000);
  let server: SampleServer;
  let api: CampfireTestingApi;
  const faults = new FaultPlan();
  const config = () => vscode.workspace.getConfiguration('campfire');

  before(async () => {
    server = await startSampleServer({ token: TOKEN, contracts: 60, seed: 7, faults });
    api = await extensionApi();
    await vscode.commands.executeCommand('campfire.leaveSampleData');
    await vscode.commands.executeCommand('campfire.signOutAll');
    await config().update('baseUrl', server.url, vscode.ConfigurationTarget.Global);
  });

  after(async () => {
    await vscode.commands.executeCommand('campfire.leaveSampleData');
    await vscode.commands.executeCommand('campfire.signOut');
    await config().update('baseUrl', undefined, vscode.ConfigurationTarget.Global);
    await server.close();
  });

  it('are registered with VS Code, each with its description for a model', () => {
    for (const tool of CAMPFIRE_TOOLS) {
      const info = vscode.lm.tools.find((t) => t.name === tool.name);
      assert.ok(info, `${tool.name} is registered`);
      assert.equal(info.description, tool.description);
    }
  });

  it('signed out: an answer in words that says how to sign in', async () => {
    const text = await invoke('campfire_find_contracts', {});
    assert.match(text, /^Not signed in to Campfire: sign in/);
  });

  it('signed in: each tool answers from the account, exactly and bounded', async () => {
    assert.equal(await vscode.commands.executeCommand('campfire.signIn', { apiKey: TOKEN, label: 'Agents' }), true);
    const all = server.dataset.contracts();
    const found = await invoke('campfire_find_contracts', { maxRows: 3 });
    assert.match(found, new RegExp(`^${all.length} of ${all.length} contracts match in Agents \\(127\\.0\\.0\\.1:\\d+\\)\\.`));
    assert.match(found, new RegExp(`Listed 3 of ${all.length} rows \\(cut by the 3-row limit of one answer\\)`));
    assert.deepEqual(
      (dataOf(found) as { id: number }[]).map((r) => r.id),
      all.slice(0, 3).map((c) => c.id),
    );
    assert.ok(!found.includes(TOKEN));

    const contractId = server.dataset.wellKnown.contractWithOverrides;
    const contract = dataOf(await invoke('campfire_get_contract', { contractId })) as { prepaid_commits: { id: number }[]; tier_price_overrides: unknown[] };
    assert.equal(contract.prepaid_commits.length, server.dataset.prepaidCommits(contractId).length);
    assert.equal(contract.tier_price_overrides.length, server.dataset.tierPriceOverrides(contractId).length);

    const { contractId: c, commitId } = server.dataset.wellKnown.commitWith100kEvents;
    const summary = await invoke('campfire_commit_summary', { contractId: c, commitId });
    assert.match(summary, new RegExp(`^Prepaid commit ${commitId} of contract ${c} in Agents`));

    const count = server.dataset.usageEventCount(c, commitId);
    const events = server.dataset.usageEvents(c, commitId, 0, count);
    const usage = await invoke('campfire_usage_aggregates', { contractId: c, commitId, byMonth: true });
    assert.match(usage, new RegExp(`${count} read, ${count} counted`));
    assert.ok(usage.includes(`revenue ${sumDecimals(events.map((e) => e.total_revenue_dollars ?? 0))},`), usage.slice(0, 400));
    assert.match(usage, /Computed from every event read from Campfire just now\./);

    const bad = await invoke('campfire_commit_summary', { contractId: c });
    assert.match(bad, /^The input is not valid: commitId: /);
  });

  it('sums a commit’s usage events from the panel’s cache without asking Campfire again, and says how old they are', async () => {
    const commit = server.dataset
      .contracts()
      .flatMap((c) => server.dataset.prepaidCommits(c.id).map((m) => ({ contractId: c.id, commitId: m.id, events: server.dataset.usageEventCount(c.id, m.id) })))
      .find((m) => m.events >= 50 && m.events <= 5000);
    assert.ok(commit, 'a commit with a few thousand events');
    const { contractId, commitId } = commit;
    await vscode.commands.executeCommand('campfire.openUsageEvents', { contractId, commitId });
    const account = api.services.connection.account;
    assert.ok(account);
    const scope = api.services.cache.scope({ origin: account.origin, accountId: account.id });
    await waitFor(async () => (await scope.read(`usageEvents/${contractId}-${commitId}`)) !== undefined, 60_000, 'the panel to cache the events');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const eventRequests = () => server.requests.filter((r) => r.path.endsWith(`/prepaid-commits/${commitId}/usage-events`)).length;
    const before = eventRequests();
    const text = await invoke('campfire_usage_aggregates', { contractId, commitId, byMonth: false });
    assert.equal(eventRequests(), before, 'no usage-event request');
    assert.match(text, /Computed from the events cached locally, read from Campfire at \d{4}-\d{2}-\d{2}T[\d:]+Z \(less than a minute ago\); Campfire may have more since\./);
    const events = server.dataset.usageEvents(contractId, commitId, 0, commit.events);
    assert.ok(text.includes(`${commit.events} read, ${commit.events} counted, in 1 groups. Totals: revenue ${sumDecimals(events.map((e) => e.total_revenue_dollars ?? 0))},`), text.slice(0, 400));
  });

  it('asks before listing more than 100,000 rows, and names the account and what it reads', async () => {
    const tool = CAMPFIRE_TOOLS.find((t) => t.name === 'campfire_usage_aggregates');
    assert.ok(tool);
    const lmTool = languageModelTool(api.services, api.tree.model, tool);
    const token = new vscode.CancellationTokenSource().token;
    const big = server.dataset.wellKnown.commitWith1MEvents;
    const asked = await lmTool.prepareInvocation?.({ input: big }, token);
    assert.ok(asked);
    const invocation = asked.invocationMessage;
    assert.match(typeof invocation === 'string' ? invocation : (invocation?.value ?? ''), new RegExp(`^Reading the usage events of prepaid commit ${big.commitId} of contract ${big.contractId} from Agents`));
    assert.ok(asked.confirmationMessages, 'a million rows are confirmed first');
    const { message } = asked.confirmationMessages;
    assert.match(typeof message === 'string' ? message : message.value, /will list 1,000,000 rows/);
    const small = server.dataset.wellKnown.commitWith100kEvents;
    const notAsked = await lmTool.prepareInvocation?.({ input: small }, token);
    assert.equal(notAsked?.confirmationMessages, undefined, `${server.dataset.usageEventCount(small.contractId, small.commitId)} rows are read without asking`);
  });

  it('@campfire /contract and /commit answer without a language model, with links that open the tree and the panel', async () => {
    const markdown: string[] = [];
    const stream = {
      markdown: (value: string | vscode.MarkdownString) => markdown.push(typeof value === 'string' ? value : value.value),
      progress: () => undefined,
    } as unknown as vscode.ChatResponseStream;
    const handler = chatHandler(api.services, api.tree.model);
    const ask = async (command: string, prompt: string) => {
      markdown.length = 0;
      const request = { command, prompt, references: [], toolReferences: [], toolInvocationToken: undefined } as unknown as vscode.ChatRequest;
      await handler(request, { history: [] }, stream, new vscode.CancellationTokenSource().token);
      return markdown.join('');
    };
    const account = api.services.connection.account;
    assert.ok(account);
    const contractId = server.dataset.wellKnown.contractWithOverrides;
    const contract = await ask('contract', String(contractId));
    assert.match(contract, new RegExp(`^Contract ${contractId} in Agents`));
    const link = formatLink(vscode.env.uriScheme, EXTENSION_ID, { origin: account.origin, accountId: account.id, contractId });
    assert.ok(contract.includes(`- [Contract ${contractId} in the tree](${link})`), contract.slice(-400));
    const { contractId: c, commitId } = server.dataset.wellKnown.commitWith100kEvents;
    const commit = await ask('commit', `${c} ${commitId}`);
    assert.ok(commit.includes(`- [Usage events of prepaid commit ${commitId}](${formatLink(vscode.env.uriScheme, EXTENSION_ID, { origin: account.origin, accountId: account.id, contractId: c, commitId })})`));
    assert.match(await ask('commit', String(commitId)), /^Name the contract and the prepaid commit: `\/commit 1003 10031`\./);
  });

  it('a failing server: an error answer in words, not an exception', async () => {
    faults.inject({ kind: '500', times: 100, path: /prepaid-commits/ });
    try {
      const contractId = server.dataset.wellKnown.contractWithManyCommits;
      await api.tree.model.refreshChildren(contractId).catch(() => undefined);
      const text = await invoke('campfire_commit_summary', { contractId, commitId: 1 });
      assert.match(text, /^Could not read Agents \(127\.0\.0\.1:\d+\): /);
      assert.ok(!text.includes(TOKEN));
      assert.doesNotMatch(text, /\/rr\/api\/v1/);
    } finally {
      faults.set({});
    }
  });

  it('offers its MCP server to VS Code, which starts it and calls the same tools on the account', async () => {
    // Started by VS Code's MCP client, as "MCP: List Servers" → Start does; its tools then join vscode.lm.tools.
    await vscode.commands.executeCommand('workbench.mcp.startServer', '*', { waitForLiveTools: true });
    const mcpTool = (name: string) => vscode.lm.tools.find((t) => t.tags.includes('mcp') && t.name.endsWith(`_${name}`));
    await waitFor(() => mcpTool('campfire_find_contracts') !== undefined, 30_000, 'the Campfire MCP server’s tools in vscode.lm.tools');
    for (const tool of CAMPFIRE_TOOLS) assert.ok(mcpTool(tool.name), `${tool.name} over MCP`);
    const all = server.dataset.contracts();
    const found = await invoke(mcpTool('campfire_find_contracts')?.name ?? '', { maxRows: 2 });
    assert.match(found, new RegExp(`^${all.length} of ${all.length} contracts match in Agents \\(127\\.0\\.0\\.1:\\d+\\)\\.`));
    assert.deepEqual(
      (dataOf(found) as { id: number }[]).map((r) => r.id),
      all.slice(0, 2).map((c) => c.id),
    );
    assert.ok(!found.includes(TOKEN));
  });

  it('the sample data: answers name it', async () => {
    await vscode.commands.executeCommand('campfire.exploreSampleData');
    const text = await invoke('campfire_find_contracts', { maxRows: 1 });
    assert.match(text, /^\d+ of \d+ contracts match in the sample data\./);
  });
});
