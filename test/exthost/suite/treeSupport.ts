// Helpers for the Contracts tree suites: the extension's tree API, rendering children the way the
// workbench asks for them, and the server's own answer read over plain HTTP for comparison.
import * as vscode from 'vscode';
import type { CampfireTestingApi as CampfireExtensionApi } from '../probe/testingApi';
import type { CampfireTestingApi } from '../probe/testingApi';
type ContractsTreeApi = CampfireTestingApi['tree'];
import type { TreeNode } from '../../../src/views/nodes/treeNode';
import { waitFor } from '../helpers';

export const EXTENSION_ID = 'campfire-devtools.campfire-vscode';

export async function extensionApi(): Promise<CampfireExtensionApi> {
  const ext = vscode.extensions.getExtension<CampfireExtensionApi>(EXTENSION_ID);
  if (!ext) throw new Error(`${EXTENSION_ID} is not installed`);
  return ext.activate();
}

export async function treeApi(): Promise<ContractsTreeApi> {
  return (await extensionApi()).tree;
}

// The extension runs from its bundle, so its node classes are not the classes of out/src: the
// suites look at nodes structurally (the id fields commands read) and by their context value.
export type ContractLike = TreeNode & { contractId: number };
export type CommitLike = TreeNode & { contractId: number; commitId: number };
export type OverrideLike = TreeNode & { contractId: number; overrideId: number };

export interface Entry {
  node: TreeNode;
  item: vscode.TreeItem;
}

/** A node's kind, by its context value (what menus match on): contract, loadMore, error, ... */
export function is(entry: Entry, kind: string): boolean {
  const v = entry.item.contextValue ?? '';
  return v === `campfire.${kind}` || v.startsWith(`campfire.${kind}.`);
}

/** Children as the workbench gets them: the provider's getChildren and each item's TreeItem. */
export async function children(tree: ContractsTreeApi, node?: TreeNode): Promise<Entry[]> {
  const nodes = await tree.view.provider.getChildren(node);
  return nodes.map((n) => ({ node: n, item: tree.view.provider.getTreeItem(n) }));
}

export const label = (item: vscode.TreeItem): string => (typeof item.label === 'string' ? item.label : (item.label?.label ?? ''));

/**
 * Sets campfire.pageSize and waits until the extension has seen it: the view reloads on the
 * configuration event, which reaches the extension host after update() resolves, so a test that
 * reads the tree before then races a second reload.
 */
export async function setPageSize(tree: ContractsTreeApi, size: number | undefined): Promise<void> {
  const config = vscode.workspace.getConfiguration('campfire');
  const now = config.inspect<number>('pageSize')?.globalValue;
  if (now !== size) {
    const seen = new Promise<void>((resolve) => {
      const d = vscode.workspace.onDidChangeConfiguration((e) => {
        if (!e.affectsConfiguration('campfire.pageSize')) return;
        d.dispose();
        resolve();
      });
    });
    await config.update('pageSize', size, vscode.ConfigurationTarget.Global);
    await seen;
  }
  await settled(tree);
}

/** Waits until the model has no load in flight (the tree's own loads settle through it). */
export async function settled(tree: ContractsTreeApi, ms = 10_000): Promise<void> {
  await waitFor(() => !tree.model.contracts.isBusy, ms, 'the contracts to settle');
}

/** The fields the suites compare; the server sends more. */
export interface Row {
  id: number;
  deal_name?: string | null;
  client_name: string;
  status?: string;
  total_contract_value?: number | null;
  currency?: string | null;
  entity_currency?: string | null;
  exchange_rate?: number | null;
  name: string;
  usage_group_name: string;
  tier_name: string;
}

/**
 * Contracts in the order a sort by value, largest first, must show them, worked out here from the
 * rule the user is told: a value is compared in its entity's currency (times the exchange rate
 * when the contract is priced in another); the currencies compared in form groups, the one with
 * the most contracts first (ties by code), each sorted on its own; no value comes last; ties by id.
 */
export function byValueDescending(contracts: readonly Row[]): Row[] {
  const code = (c: string | null | undefined) => (c ?? '').trim().toUpperCase() || 'USD';
  const compared = (c: Row): { amount: number; currency: string } | undefined => {
    const v = c.total_contract_value;
    if (v == null) return undefined;
    const own = code(c.currency);
    const book = code(c.entity_currency);
    if (own === book) return { amount: v, currency: book };
    const rate = c.exchange_rate;
    return rate != null && rate > 0 ? { amount: v * rate, currency: book } : { amount: v, currency: own };
  };
  const size = new Map<string, number>();
  for (const c of contracts) {
    const v = compared(c);
    if (v) size.set(v.currency, (size.get(v.currency) ?? 0) + 1);
  }
  const group = (currency: string) => -(size.get(currency) ?? 0);
  return [...contracts].sort((a, b) => {
    const va = compared(a);
    const vb = compared(b);
    if (!va) return vb ? 1 : a.id - b.id;
    if (!vb) return -1;
    if (va.currency !== vb.currency) return group(va.currency) - group(vb.currency) || (va.currency < vb.currency ? -1 : 1);
    return vb.amount - va.amount || a.id - b.id;
  });
}

/** Every row of a list endpoint, straight from the server (no extension code involved). */
export async function serverList(baseUrl: string, token: string, path: string): Promise<Row[]> {
  const rows: Row[] = [];
  for (let offset = 0; ; ) {
    const res = await fetch(`${baseUrl}${path}?limit=200&offset=${offset}`, { headers: { Authorization: `Token ${token}` } });
    if (!res.ok) throw new Error(`GET ${path} -> ${res.status}`);
    const body = (await res.json()) as { count: number; results: Row[] };
    rows.push(...body.results);
    offset += body.results.length;
    if (body.results.length === 0 || offset >= body.count) return rows;
  }
}

/**
 * Records what the extension logs as errors until disposed. Every notification raised through
 * showError (the one with Show Log) is logged first, so this is how the suites see them.
 */
export async function recordLoggedErrors(): Promise<{ messages: string[]; dispose(): void }> {
  const log = (await extensionApi()).services.log;
  const logError = log.error.bind(log);
  const messages: string[] = [];
  log.error = (message: string) => {
    messages.push(message);
    logError(message);
  };
  return { messages, dispose: () => Reflect.deleteProperty(log, 'error') };
}

interface MenuItem {
  command: string;
  when?: string;
  group?: string;
}

/**
 * The context-menu commands the manifest offers for a tree item with this context value (the
 * `viewItem =~ /…/` term of each entry; other terms, like sample mode, are not evaluated).
 */
export function contextMenu(contextValue: string | undefined): { command: string; group: string }[] {
  const manifest = vscode.extensions.getExtension(EXTENSION_ID)?.packageJSON as { contributes: { menus: Record<string, MenuItem[]> } };
  return (manifest.contributes.menus['view/item/context'] ?? [])
    .filter((m) => {
      const re = /viewItem =~ \/(.+?)\/(?: |$)/.exec(m.when ?? '')?.[1];
      return re !== undefined && new RegExp(re).test(contextValue ?? '');
    })
    .map((m) => ({ command: m.command, group: m.group ?? '' }));
}

/**
 * Shows the Contracts view and waits until the workbench has fetched its root again: reveal works
 * only on items it has fetched (observed by wrapping the provider's getChildren, which the
 * workbench calls by name).
 */
export async function showTree(tree: ContractsTreeApi): Promise<void> {
  await vscode.commands.executeCommand('workbench.view.extension.campfire');
  tree.view.reload();
  await waitFor(() => tree.view.treeView.visible, 5000, 'the view to be visible');
  const provider = tree.view.provider;
  const getChildren = provider.getChildren.bind(provider);
  const fetchedRoot = new Promise<void>((resolve) => {
    provider.getChildren = async (n) => {
      const nodes = await getChildren(n);
      if (n === undefined) resolve();
      return nodes;
    };
  });
  provider.refreshView();
  await fetchedRoot;
  Reflect.deleteProperty(provider, 'getChildren');
  await settled(tree);
}
