// The Campfire language-model tools in the real workbench, invoked the way a chat agent invokes
// them (vscode.lm.invokeTool) against the local Campfire server over HTTP: signed out, an account,
// the bounds, the question asked before a listing of more than 100,000 rows, a failing server and
// the sample data. Every answer is text in words, never an exception.
import * as assert from 'node:assert/strict';
import Module from 'node:module';
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
import { matchesFilter } from '../../../src/model/contractQuery';
import type { BodyFault, FaultHook } from '../../../src/sampleServer/server';
import { waitFor } from '../helpers';

/** An amount as the answers show it, formatted here independently: en-US grouping, the symbol, then the code. */
function money(amount: number | null | undefined, currency: string | null | undefined): string {
  if (amount === null || amount === undefined) return '—';
  const code = (currency ?? '').toUpperCase();
  const text = new Intl.NumberFormat('en-US', { style: 'currency', currency: code, maximumFractionDigits: 6 }).format(amount);
  return text.includes(code) ? text : `${text} ${code}`;
}

interface Cell {
  text: string;
  links: string[];
}
interface Token {
  type: string;
  tag: string;
  content: string;
  attrGet(name: string): string | null;
  children: Token[] | null;
}
const MarkdownIt = Module.createRequire(__filename)('markdown-it') as new (options: object) => { parse(src: string, env: object): Token[] };
const markdownParser = new MarkdownIt({ html: true, linkify: true });

/** An answer as a person sees it, read back by markdown-it: its text, headings, tables, links and any HTML. */
function read(markdown: string): { text: string; headings: string[]; tables: Cell[][][]; links: { text: string; href: string }[]; html: string[] } {
  const tokens = markdownParser.parse(markdown, {});
  const headings: string[] = [];
  const tables: Cell[][][] = [];
  const links: { text: string; href: string }[] = [];
  const html: string[] = [];
  const blocks: string[] = [];
  let row: Cell[] | undefined;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as Token;
    if (t.type === 'html_block') html.push(t.content);
    if (t.type === 'table_open') tables.push([]);
    if (t.type === 'tr_open') row = [];
    if (t.type === 'tr_close' && row) tables.at(-1)?.push(row);
    if (t.type !== 'inline') continue;
    let text = '';
    const hrefs: string[] = [];
    let linkText: { href: string; text: string } | undefined;
    for (const c of t.children ?? []) {
      if (c.type === 'text' || c.type === 'text_special' || c.type === 'code_inline') {
        text += c.content;
        if (linkText) linkText.text += c.content;
      } else if (c.type === 'softbreak') text += ' ';
      else if (c.type === 'link_open') {
        linkText = { href: c.attrGet('href') ?? '', text: '' };
        hrefs.push(linkText.href);
      } else if (c.type === 'link_close' && linkText) {
        links.push(linkText);
        linkText = undefined;
      } else if (c.type === 'html_inline') html.push(c.content);
    }
    const previous = tokens[i - 1];
    if (previous?.type === 'heading_open') headings.push(text);
    if (previous?.type === 'td_open' || previous?.type === 'th_open') row?.push({ text, links: hrefs });
    else blocks.push(text);
  }
  return { text: blocks.join('\n'), headings, tables, links, html };
}

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
  /** Listings whose path matches say five rows more than they hold, so they cannot be read in full. */
  let overCount: RegExp | undefined;
  const overCounted: BodyFault = (res, _resource, body) => {
    const text = JSON.stringify({ ...(body as { count: number }), count: (body as { count: number }).count + 5 });
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)) });
    res.end(text);
  };
  const hook: FaultHook = {
    get latencyMs() {
      return faults.latencyMs;
    },
    intercept: (request) => (overCount?.test(request.url.pathname) ? overCounted : faults.intercept(request)),
  };
  const markdown: string[] = [];
  const stream = {
    markdown: (value: string | vscode.MarkdownString) => markdown.push(typeof value === 'string' ? value : value.value),
    progress: () => undefined,
  } as unknown as vscode.ChatResponseStream;
  /** What @campfire answers to `/command prompt`, through the participant's handler. */
  const ask = async (command: string, prompt: string) => {
    markdown.length = 0;
    const request = { command, prompt, references: [], toolReferences: [], toolInvocationToken: undefined } as unknown as vscode.ChatRequest;
    await chatHandler(api.services, api.tree.model)(request, { history: [] }, stream, new vscode.CancellationTokenSource().token);
    return markdown.join('');
  };
  const config = () => vscode.workspace.getConfiguration('campfire');

  before(async () => {
    server = await startSampleServer({ token: TOKEN, contracts: 60, seed: 7, faults: hook });
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

  it('@campfire /contract answers with the contract’s facts, its commits in a table and links to the tree and the panel', async () => {
    const account = api.services.connection.account;
    assert.ok(account);
    const linkTo = (target: { contractId: number; commitId?: number }) => formatLink(vscode.env.uriScheme, EXTENSION_ID, { origin: account.origin, accountId: account.id, ...target });
    const contractId = server.dataset.wellKnown.contractWithOverrides;
    const contract = server.dataset.contract(contractId);
    assert.ok(contract);
    const answer = read(await ask('contract', String(contractId)));
    assert.equal(answer.headings[0], `${contract.deal_name ?? ''} — contract ${contractId}`);
    assert.ok(answer.text.includes(`Client: ${contract.client_name}`), answer.text);
    assert.ok(answer.text.includes(`Total contract value: ${money(contract.total_contract_value, contract.currency)}`), answer.text);
    const commits = server.dataset.prepaidCommits(contractId);
    const [table] = answer.tables;
    assert.ok(table);
    assert.deepEqual(table[0]?.map((c) => c.text), ['ID', 'Name', 'Total', 'Remaining', 'Consumed', 'Ends', 'Usage events']);
    assert.deepEqual(
      table.slice(1).map((r) => r.map((c) => c.text).slice(0, 5)),
      commits.map((c) => [String(c.id), c.name, money(c.total_value, c.currency), money(c.remaining_value, c.currency), `${(((c.total_value - c.remaining_value) / c.total_value) * 100).toFixed(1)} %`]),
    );
    assert.deepEqual(
      table.slice(1).map((r) => r[6]?.links),
      commits.map((c) => [linkTo({ contractId, commitId: c.id })]),
    );
    assert.ok(answer.text.includes(`Tier price overrides: ${server.dataset.tierPriceOverrides(contractId).length}.`), answer.text);
    assert.deepEqual(answer.links.at(-1), { text: `Contract ${contractId} in the tree`, href: linkTo({ contractId }) });
    assert.deepEqual(answer.html, []);

    // Words: the matching contracts in a table, the count, and how many are shown when they are cut.
    const words = 'er';
    const expected = server.dataset.contracts().filter((c) => matchesFilter(c, { text: words }));
    assert.ok(expected.length > 20, `${expected.length} contracts match`);
    const found = read(await ask('contract', words));
    assert.ok(found.text.startsWith(`${expected.length} of ${server.dataset.contracts().length} contracts in Agents (127.0.0.1:`), found.text.slice(0, 200));
    assert.ok(found.text.includes(`Showing 20 of ${expected.length} contracts.`), found.text.slice(0, 400));
    assert.deepEqual(
      found.tables[0]?.slice(1).map((r) => [r[0]?.text, r[0]?.links[0], r[1]?.text, r[2]?.text, r[4]?.text]),
      expected.slice(0, 20).map((c) => [String(c.id), linkTo({ contractId: c.id }), c.deal_name, c.client_name, money(c.total_contract_value, c.currency)]),
    );
    const usage = read(await ask('contract', ''));
    assert.equal(usage.text, 'Name a contract by id (/contract 1003) or by words of its deal or client name (/contract acme).');
  });

  it('@campfire /commit and /reconcile: the balance, the burn-down by month and each check, /reconcile leading with the reconciliation', async () => {
    const account = api.services.connection.account;
    assert.ok(account);
    const planted = server.dataset.wellKnown.discrepancies.balanceBreak;
    assert.ok(planted, 'the sample data plants a balance break');
    const { contractId, commitId } = planted;
    const commit = server.dataset.prepaidCommit(contractId, commitId);
    assert.ok(commit);
    const answer = read(await ask('commit', `${contractId} ${commitId}`));
    assert.equal(answer.headings[0], `${commit.name} — prepaid commit ${commitId} of contract ${contractId}`);
    assert.ok(answer.text.includes(`Total: ${money(commit.total_value, commit.currency)}`), answer.text.slice(0, 500));
    assert.ok(answer.text.includes(`Remaining: ${money(commit.remaining_value, commit.currency)}`), answer.text.slice(0, 500));
    const ledger = [...server.dataset.consumption(contractId, commitId)].sort((a, b) => a.period_start.localeCompare(b.period_start));
    const months = [...new Set(ledger.map((p) => p.period_start.slice(0, 7)))];
    const burnDown = answer.tables.find((t) => t[0]?.[0]?.text === 'Month');
    assert.ok(burnDown, 'a burn-down table');
    assert.deepEqual(
      burnDown.slice(1).map((r) => r[0]?.text),
      months,
    );
    const last = ledger.at(-1);
    assert.ok(last);
    assert.equal(burnDown.at(-1)?.[3]?.text, money(last.balance_after, commit.currency));
    const checks = answer.tables.find((t) => t[0]?.[0]?.text === 'Check' && t[0].length === 2);
    assert.ok(checks, 'a table of the checks');
    assert.deepEqual(
      checks.slice(1).map((r) => r[0]?.text),
      ['Ledger chain', 'Ledger rows', 'Events against the ledger', 'Periods'],
    );
    assert.match(checks[1]?.[1]?.text ?? '', /^✗ differs: 1 of \d+ lines$/);
    assert.ok(answer.headings.includes('Reconciliation: ✗ differs'), answer.headings.join(' | '));
    const differences = answer.tables.find((t) => t[0]?.[1]?.text === 'Where');
    assert.ok(differences && differences.length > 1, 'the lines that differ');
    assert.deepEqual(answer.links.slice(-2), [
      { text: `Usage events of prepaid commit ${commitId}`, href: formatLink(vscode.env.uriScheme, EXTENSION_ID, { origin: account.origin, accountId: account.id, contractId, commitId }) },
      { text: `Contract ${contractId} in the tree`, href: formatLink(vscode.env.uriScheme, EXTENSION_ID, { origin: account.origin, accountId: account.id, contractId }) },
    ]);
    const reconciled = read(await ask('reconcile', `${contractId} ${commitId}`));
    assert.equal(reconciled.headings[0], 'Reconciliation: ✗ differs');
    assert.equal(read(await ask('commit', String(commitId))).text, 'Name the contract and the prepaid commit: /commit 1003 10031.');
  });

  it('@campfire renders Campfire’s text as text: a hostile name neither links, adds HTML nor breaks the table', async () => {
    const contractId = server.dataset.contracts().find((c) => c.id > 1010 && server.dataset.prepaidCommits(c.id).length > 0)?.id;
    assert.ok(contractId !== undefined, 'a contract with prepaid commits that no other test reads');
    const [first] = server.dataset.prepaidCommits(contractId);
    assert.ok(first);
    const hostile = '[x](command:campfire.signOut) <img src=x onerror=alert(1)> | a | https://evil.example &lt;b&gt;';
    server.dataset.modifyPrepaidCommit(contractId, first.id, () => ({ name: hostile }));
    const markdown = await ask('contract', String(contractId));
    const answer = read(markdown);
    assert.deepEqual(answer.html, []);
    const table = answer.tables[0];
    assert.ok(table);
    assert.ok(table.every((r) => r.length === 7), 'every row has its 7 cells');
    const cell = table[1]?.[1];
    assert.ok(cell);
    assert.deepEqual(cell, { text: hostile, links: [] });
    assert.ok(
      answer.links.every((l) => l.href.startsWith(`${vscode.env.uriScheme}://`)),
      answer.links.map((l) => l.href).join('\n'),
    );
  });

  it('@campfire says an incomplete listing in numbers, and gives no answer from it', async () => {
    const contractId = 1005;
    const rows = server.dataset.prepaidCommits(contractId).length;
    overCount = /\/contracts\/1005\/prepaid-commits\/?$/;
    try {
      const answer = read(await ask('contract', String(contractId)));
      assert.match(answer.text, new RegExp(`^⚠️ Incomplete: Campfire’s listing could not be read in full \\(\\d+ of ${rows + 5} rows were read\\), so no answer is given\\.`));
      assert.deepEqual(answer.tables, []);
      assert.deepEqual(answer.links, []);
    } finally {
      overCount = undefined;
    }
  });

  it('@campfire /changes: what the last sync changed, in words and a table', async () => {
    const none = read(await ask('changes', ''));
    if (api.tree.model.lastChanges === undefined) assert.match(none.text, /^No sync has compared the contracts yet\. Changes show after the contracts are synced/);
    await api.tree.model.contracts.loadAll();
    await waitFor(() => api.tree.model.contracts.isComplete && !api.tree.model.contracts.isBusy, 30_000, 'every contract listed');
    const [a] = server.dataset.contracts();
    assert.ok(a);
    const renamed = `${a.deal_name ?? ''} | <b>renamed</b>`;
    server.dataset.modifyContracts([a.id], () => ({ deal_name: renamed }));
    const [added] = server.dataset.insertContracts(1, server.dataset.contracts().length);
    assert.ok(added);
    await vscode.commands.executeCommand('campfire.refresh');
    await waitFor(() => (api.tree.model.lastChanges?.contracts.length ?? 0) >= 2 && !api.tree.model.contracts.isBusy, 30_000, 'the sync to find the changes');
    const changes = api.tree.model.lastChanges;
    assert.ok(changes);
    const answer = read(await ask('changes', ''));
    assert.match(answer.text, new RegExp(`^The sync at .+ found, against the list of .+: 1 contracts added, 1 modified, 0 deleted, and ${api.tree.model.commitAlerts.length} prepaid commits to watch`));
    const table = answer.tables[0];
    assert.ok(table);
    const rowOf = (id: number) => table.find((r) => r[1]?.text === String(id))?.map((c) => c.text);
    assert.deepEqual(rowOf(a.id), ['Contract modified', String(a.id), renamed, 'Changed: deal_name']);
    assert.deepEqual(rowOf(added.id), ['Contract added', String(added.id), added.deal_name, '']);
    assert.deepEqual(answer.html, []);
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
