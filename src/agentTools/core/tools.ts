// The Campfire tools, one entry each: the name and description a model chooses by, the input, what
// the user is told will be read, and the answer. VS Code's language-model tools, the @campfire
// participant and the MCP server all run these.
import type * as z from 'zod';
import { isCampfireError } from '../../api/errors';
import type { Contract } from '../../api/schemas/contract';
import type { Consumption } from '../../api/schemas/consumption';
import type { PrepaidCommit } from '../../api/schemas/prepaidCommit';
import type { TierPriceOverride } from '../../api/schemas/tierPriceOverride';
import { contractName, matchesFilter } from '../../model/contractQuery';
import type { CommitReconciliation } from '../../reconcile/checks';
import { DecimalSum } from '../../shared/exactDecimal';
import { errorMessage } from '../../shared/errorMessage';
import type { CampfireData, Listed } from './campfireData';
import { reconciliationAnswer } from './reconciliation';
import {
  changesInput,
  checkInput,
  commitInput,
  contractInput,
  findContractsInput,
  usageInput,
  type ChangesInput,
  type CommitInput,
  type ContractInput,
  type FindContractsInput,
  type UsageInput,
} from './toolInputs';
import { CONFIRM_ROWS, renderOutput, type RenderedOutput, type ToolOutput } from './toolOutput';
import { aggregateUsage } from './usageAggregate';

export interface CampfireTool<I> {
  /** The name VS Code and MCP clients call it by. */
  readonly name: string;
  /** For the user: the tool's name in a picker or a confirmation. */
  readonly title: string;
  /** For a model: what it answers, and what it is not for. */
  readonly description: string;
  readonly input: z.ZodType<I>;
  /** What will be read, for the message shown before the tool runs. */
  reads(input: I): string;
  /** Rows the tool would list from Campfire, when it may be more than CONFIRM_ROWS (asked before running). */
  rowsToRead?(data: CampfireData, input: I, signal?: AbortSignal): Promise<number | undefined>;
  run(data: CampfireData, input: I, signal?: AbortSignal): Promise<ToolOutput>;
}

function define<I>(tool: CampfireTool<I>): CampfireTool<I> {
  return tool;
}

function age(at: number, now = Date.now()): string {
  const minutes = Math.max(0, Math.round((now - at) / 60_000));
  const when = new Date(at).toISOString().replace(/\.\d+Z$/, 'Z');
  if (minutes < 1) return `${when} (less than a minute ago)`;
  if (minutes < 120) return `${when} (${minutes} minutes ago)`;
  return `${when} (${Math.round(minutes / 60)} hours ago)`;
}

/** Where a listing came from, in a sentence, and whether Campfire's count moved while it was read. */
function provenance(what: string, listed: Listed<unknown>): string[] {
  const lines: string[] = [];
  if (listed.cachedAt !== undefined) lines.push(`The ${what} come from the local cache, read from Campfire at ${age(listed.cachedAt)}.`);
  const changed = listed.changedWhileRead;
  if (changed) lines.push(`Campfire's data changed while the ${what} were read (${changed.initialCount} rows at the start, ${changed.finalCount} at the end): every row that existed throughout is included once.`);
  return lines;
}

function endDate(c: Contract): string | undefined {
  return c.contract_end_date ?? c.effective_end_date ?? undefined;
}

function amount(v: number | null | undefined): string | null {
  return v === null || v === undefined ? null : String(v);
}

function contractRow(c: Contract) {
  return {
    id: c.id,
    name: contractName(c),
    client: c.client_name,
    status: c.status ?? null,
    currency: c.currency ?? null,
    total_contract_value: amount(c.total_contract_value),
    start: c.contract_start_date ?? null,
    end: endDate(c) ?? null,
  };
}

function commitRow(c: PrepaidCommit) {
  return {
    id: c.id,
    name: c.name,
    status: c.status,
    product: c.product_name,
    currency: c.currency ?? null,
    total_value: amount(c.total_value),
    remaining_value: amount(c.remaining_value),
    start: c.start_date,
    expiration: c.expiration_date ?? null,
  };
}

/** total − remaining, exactly, and the share used (rounded to 0.1 %). */
export interface Consumed {
  consumed: string;
  consumedPercent: string | null;
}

export function consumed(c: PrepaidCommit): Consumed {
  const sum = new DecimalSum();
  sum.add(c.total_value);
  sum.add(-c.remaining_value);
  const used = sum.toString();
  return { consumed: used, consumedPercent: c.total_value > 0 ? ((Number(used) / c.total_value) * 100).toFixed(1) : null };
}

/** The contracts that match a find_contracts query, in the listing's order. */
export function matchContracts(items: readonly Contract[], q: FindContractsInput): Contract[] {
  const client = q.client?.trim().toLowerCase();
  const currency = q.currency?.toUpperCase();
  return items.filter((c) => {
    if (q.text && !matchesFilter(c, { text: q.text })) return false;
    if (q.status?.length && !q.status.includes(c.status ?? '')) return false;
    if (client && !c.client_name.toLowerCase().includes(client)) return false;
    if (currency && (c.currency ?? 'USD').toUpperCase() !== currency) return false;
    const v = c.total_contract_value;
    if ((q.minValue !== undefined || q.maxValue !== undefined) && (v === null || v === undefined)) return false;
    if (q.minValue !== undefined && (v as number) < q.minValue) return false;
    if (q.maxValue !== undefined && (v as number) > q.maxValue) return false;
    const end = endDate(c);
    if ((q.endingAfter !== undefined || q.endingBefore !== undefined) && end === undefined) return false;
    if (q.endingAfter !== undefined && (end as string) < q.endingAfter) return false;
    if (q.endingBefore !== undefined && (end as string) > q.endingBefore) return false;
    return true;
  });
}

/** "1 prepaid commit", "4 prepaid commits": the tools' own sentences are English. */
function counted(n: number, noun: string): string {
  return `${n} ${n === 1 ? noun : `${noun}s`}`;
}

/** A contract with every one of its prepaid commits and tier price overrides, read exactly. */
export interface ContractRead {
  contract: Contract;
  commits: Listed<PrepaidCommit>;
  overrides: Listed<TierPriceOverride>;
}

export async function readContract(data: CampfireData, contractId: number, signal?: AbortSignal): Promise<ContractRead> {
  const [contract, commits, overrides] = await Promise.all([data.contract(contractId, signal), data.commits(contractId, signal), data.overrides(contractId, signal)]);
  return { contract, commits, overrides };
}

/** One month of a commit's burn-down: its ledger periods summed exactly, and the balance after the last. */
export interface BurnDownMonth {
  month: string;
  net: string;
  overage: string;
  balanceAfter: string;
  periods: number;
}

function burnDownByMonth(ledger: readonly Consumption[]): BurnDownMonth[] {
  const byMonth = new Map<string, { net: DecimalSum; overage: DecimalSum; balanceAfter: number; periods: number }>();
  for (const p of [...ledger].sort((a, b) => a.period_start.localeCompare(b.period_start))) {
    const month = p.period_start.slice(0, 7);
    const m = byMonth.get(month) ?? { net: new DecimalSum(), overage: new DecimalSum(), balanceAfter: p.balance_after, periods: 0 };
    m.net.add(p.net_consumption_amount);
    m.overage.add(p.overage_amount);
    m.balanceAfter = p.balance_after;
    m.periods++;
    byMonth.set(month, m);
  }
  return [...byMonth].map(([month, m]) => ({ month, net: m.net.toString(), overage: m.overage.toString(), balanceAfter: String(m.balanceAfter), periods: m.periods }));
}

/** A prepaid commit with its balance, burn-down and reconciliation; or the commits the contract has when it is not one of them. */
export type CommitRead =
  | { found: true; contractId: number; commit: PrepaidCommit; commits: Listed<PrepaidCommit>; ledger: Listed<Consumption>; used: Consumed; burnDown: BurnDownMonth[]; reconciliation: CommitReconciliation }
  | { found: false; contractId: number; commitId: number; commits: Listed<PrepaidCommit> };

export async function readCommit(data: CampfireData, q: CommitInput, signal?: AbortSignal): Promise<CommitRead> {
  const commits = await data.commits(q.contractId, signal);
  const commit = commits.items.find((c) => c.id === q.commitId);
  if (!commit) return { found: false, contractId: q.contractId, commitId: q.commitId, commits };
  const ledger = await data.ledger(q.contractId, q.commitId, signal);
  const reconciliation = await data.reconciliation(commit, signal);
  return { found: true, contractId: q.contractId, commit, commits, ledger, used: consumed(commit), burnDown: burnDownByMonth(ledger.items), reconciliation };
}

export const findContracts = define<FindContractsInput>({
  name: 'campfire_find_contracts',
  title: 'Find Campfire contracts',
  description:
    'Finds contracts in the Campfire account (revenue-recognition contracts with their clients, values and end dates) by text, status, client, currency, value range or end date, and returns the total number that match with a table of the first ones (id, name, client, status, currency, value, start, end). Use it to find a contract id, to count contracts, or for questions such as "which contracts end this quarter". Not for a contract’s commits or overrides (use campfire_get_contract) or for usage (use campfire_usage_aggregates).',
  input: findContractsInput,
  reads: () => 'the contracts list',
  rowsToRead: (data, _input, signal) => data.contractCount(signal),
  async run(data, q, signal) {
    const listed = await data.contracts(signal);
    const matched = matchContracts(listed.items, q);
    return {
      lines: [`${matched.length} of ${listed.items.length} contracts match in ${data.accountLabel}.`, ...provenance('contracts', listed)],
      rows: matched.map(contractRow),
      maxRows: q.maxRows,
    };
  },
});

export const getContract = define<ContractInput>({
  name: 'campfire_get_contract',
  title: 'Read a Campfire contract',
  description:
    'Reads one Campfire contract by id with all its prepaid commits (balances: total, remaining, dates, status) and its tier price overrides. Use it after campfire_find_contracts to answer questions about one contract or to find a commit id. Not for usage totals (use campfire_usage_aggregates) or a commit’s burn-down (use campfire_commit_summary).',
  input: contractInput,
  reads: (q) => `contract ${q.contractId} with its prepaid commits and tier price overrides`,
  async run(data, q, signal) {
    const { contract, commits, overrides } = await readContract(data, q.contractId, signal);
    const cap = q.maxRows ?? 50;
    const lines = [
      `Contract ${contract.id} in ${data.accountLabel}: ${counted(commits.items.length, 'prepaid commit')}, ${counted(overrides.items.length, 'tier price override')}.`,
      ...provenance('prepaid commits', commits),
      ...provenance('tier price overrides', overrides),
    ];
    if (commits.items.length > cap || overrides.items.length > cap) lines.push(`Only the first ${cap} commits and ${cap} overrides are listed.`);
    return {
      lines,
      record: {
        contract: { ...contractRow(contract), client_terms: contract.client_terms, department: contract.department_name, billing_frequency: contract.billing_frequency ?? null, total_revenue: amount(contract.total_revenue), total_deferred_revenue: amount(contract.total_deferred_revenue), last_modified_at: contract.last_modified_at },
        prepaid_commits: commits.items.slice(0, cap).map((c) => ({ ...commitRow(c), ...consumed(c) })),
        tier_price_overrides: overrides.items.slice(0, cap).map((o) => ({ id: o.id, tier: o.tier_name, usage_group: o.usage_group_name, price: amount(o.price), percentage: amount(o.percentage), source: o.source ?? null })),
      },
    };
  },
});

export const commitSummary = define<CommitInput>({
  name: 'campfire_commit_summary',
  title: 'Summarize a prepaid commit',
  description:
    'Summarizes one prepaid commit of a Campfire contract: total value, remaining value, amount and percent consumed, its burn-down by month from the consumption ledger (net consumption, overage, balance after each period), and its reconciliation. Use it for "why is commit X at 85 %", "when will it run out", "how much was used in March". Needs the contract id and the commit id (campfire_get_contract lists them). Not for usage broken down by a data key (use campfire_usage_aggregates).',
  input: commitInput,
  reads: (q) => `prepaid commit ${q.commitId} of contract ${q.contractId}, its consumption ledger and its usage events (to reconcile them)`,
  rowsToRead: (data, q, signal) => data.usageEventCount(q.contractId, q.commitId, signal),
  async run(data, q, signal) {
    const read = await readCommit(data, q, signal);
    const { commits } = read;
    if (!read.found) return { lines: [`Contract ${q.contractId} has no prepaid commit ${q.commitId} in ${data.accountLabel} (it has ${commits.items.length}: ${commits.items.slice(0, 20).map((c) => c.id).join(', ') || 'none'}).`], isError: true };
    const { commit, ledger, used } = read;
    const reconciliation = reconciliationAnswer(read.reconciliation);
    return {
      lines: [
        `Prepaid commit ${commit.id} of contract ${q.contractId} in ${data.accountLabel}: ${used.consumedPercent ?? '?'} % consumed (${used.consumed} of ${commit.total_value} ${commit.currency ?? ''}`.trimEnd() + `), ${commit.remaining_value} remaining; ${ledger.items.length} ledger periods.`,
        ...provenance('prepaid commits', commits),
        ...provenance('ledger periods', ledger),
      ],
      record: {
        commit: { ...commitRow(commit), ...used, description: commit.description ?? null },
        burn_down_by_month: read.burnDown.map((m) => ({ month: m.month, net_consumption: m.net, overage: m.overage, balance_after: m.balanceAfter, periods: m.periods })),
        reconciliation,
      },
    };
  },
});

export const usageAggregates = define<UsageInput>({
  name: 'campfire_usage_aggregates',
  title: 'Sum a commit’s usage events',
  description:
    'Sums and counts the usage events of one prepaid commit, grouped by period month and/or by the value of a key of the events’ `data` (such as "team_id" or "product_feature"), with optional month range and `data` filters. Returns per group the number of events, the sum of total_events and the exact revenue sum, plus the totals. Use it for "usage by team", "which feature used most in May", "how many events last month". It never returns raw events. Not for balances or the burn-down (use campfire_commit_summary).',
  input: usageInput,
  reads: (q) => `the usage events of prepaid commit ${q.commitId} of contract ${q.contractId}`,
  rowsToRead: (data, q, signal) => data.usageEventCount(q.contractId, q.commitId, signal),
  async run(data, q, signal) {
    const source = await data.usageEvents(q.contractId, q.commitId, signal);
    const result = await aggregateUsage(source.pages, {
      byMonth: q.byMonth ?? q.byDataKey === undefined,
      byDataKey: q.byDataKey,
      fromMonth: q.fromMonth,
      toMonth: q.toMonth,
      where: q.where,
      includeAdjustments: q.includeAdjustments ?? true,
    });
    const changed = source.changedWhileRead?.();
    const lines = [
      `Usage events of prepaid commit ${q.commitId} of contract ${q.contractId} in ${data.accountLabel}: ${result.scanned} read, ${result.totals.rows} counted, in ${result.groups.length} groups. Totals: revenue ${result.totals.revenue}, total_events ${result.totals.total_events}.`,
      source.cachedAt !== undefined ? `Computed from the events cached locally, read from Campfire at ${age(source.cachedAt)}; Campfire may have more since.` : 'Computed from every event read from Campfire just now.',
    ];
    if (changed) lines.push(`Campfire's data changed while the events were read (${changed.initialCount} rows at the start, ${changed.finalCount} at the end): every event that existed throughout is counted once.`);
    if (result.unreadableAmounts > 0) lines.push(`${result.unreadableAmounts} amounts were not numbers and are left out of the sums.`);
    return { lines, rows: result.groups, maxRows: q.maxRows };
  },
});

export const changesSinceSync = define<ChangesInput>({
  name: 'campfire_changes',
  title: 'What changed in Campfire',
  description:
    'Lists what changed in the Campfire account’s contracts at the last sync: contracts added, modified (with the fields that changed) and deleted, and prepaid commits worth a look (used past 80/90/100 % or expiring within 30 days). Use it for "what changed since yesterday" or "anything I should look at". Not for a contract’s current values (use campfire_get_contract).',
  input: changesInput,
  reads: () => 'the changes found by the last contracts sync',
  async run(data, q, signal) {
    const answer = await data.changes(signal);
    if (answer.kind === 'none') return { lines: [answer.reason] };
    const { changes } = answer;
    const rows = [
      ...changes.contracts.map((c) => {
        const record = c.current ?? c.previous;
        return { type: `contract ${c.kind}`, contract_id: c.id, name: record ? contractName(record) : null, client: record?.client_name ?? null, fields: c.kind === 'modified' ? c.fields : undefined };
      }),
      ...changes.commits.map((a) =>
        a.kind === 'used'
          ? { type: 'commit used', contract_id: a.contractId, commit_id: a.commitId, name: a.name, passed_percent: a.threshold, used_percent: a.usedPercent.toFixed(1) }
          : { type: 'commit expiring', contract_id: a.contractId, commit_id: a.commitId, name: a.name, expires_on: a.expiresOn, days: a.days },
      ),
    ];
    const count = (kind: string) => changes.contracts.filter((c) => c.kind === kind).length;
    return {
      lines: [
        `Changes in ${data.accountLabel} found by the sync at ${age(changes.at)}, against the list of ${age(changes.since)}: ${count('added')} contracts added, ${count('modified')} modified, ${count('deleted')} deleted; ${changes.commits.length} prepaid commits to watch.`,
      ],
      rows,
      maxRows: q.maxRows,
    };
  },
});

/** Every tool, in the order they are listed. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const CAMPFIRE_TOOLS: readonly CampfireTool<any>[] = [findContracts, getContract, commitSummary, usageAggregates, changesSinceSync];

export function toolNamed(name: string): CampfireTool<unknown> | undefined {
  return CAMPFIRE_TOOLS.find((t) => t.name === name);
}

/** A failure as the answer says it: in words, with the key and request paths taken out, incomplete said as such. */
export function failureOutput(e: unknown, data: Pick<CampfireData, 'accountLabel'>): ToolOutput {
  const incomplete = isCampfireError(e) && e.kind === 'incomplete';
  const message = errorMessage(e);
  return {
    lines: [incomplete ? `Campfire's listing could not be read in full, so no answer is given: ${message}` : `Could not read ${data.accountLabel}: ${message}`],
    isError: true,
    ...(incomplete ? { incomplete: true } : {}),
  };
}

/** Checks the input, runs the tool and renders its answer; never throws (a failure is an error answer). */
export async function runTool(tool: CampfireTool<unknown>, data: CampfireData, input: unknown, signal?: AbortSignal): Promise<RenderedOutput> {
  const checked = checkInput(tool.input, input);
  if (!checked.ok) return renderOutput({ lines: [checked.problem], isError: true }, data.secrets);
  try {
    return renderOutput(await tool.run(data, checked.value, signal), data.secrets);
  } catch (e) {
    return renderOutput(failureOutput(e, data), data.secrets);
  }
}

/** Whether the tool would list more than CONFIRM_ROWS rows, and how many (asked before it runs). */
export async function largeListing(tool: CampfireTool<unknown>, data: CampfireData, input: unknown, signal?: AbortSignal): Promise<number | undefined> {
  const checked = checkInput(tool.input, input);
  if (!checked.ok || !tool.rowsToRead) return undefined;
  try {
    const rows = await tool.rowsToRead(data, checked.value, signal);
    return rows !== undefined && rows > CONFIRM_ROWS ? rows : undefined;
  } catch {
    // The run will say what failed; the question is only asked of a count that could be read.
    return undefined;
  }
}

