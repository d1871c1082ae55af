// The slash commands' answers as a person reads them in the chat view: the key facts, small tables and
// links, in the display language. Every value from Campfire goes through `text` (cleaned, then escaped),
// so a name can neither link, add HTML nor break a table; only the links made here are links.
import * as vscode from 'vscode';
import type { Contract } from '../../api/schemas/contract';
import type { PrepaidCommit } from '../../api/schemas/prepaidCommit';
import type { CommitAlert, ContractChange } from '../../model/contractChanges';
import { formatCount } from '../../shared/countFormat';
import type { ExactNumber } from '../../shared/exactNumber';
import { escapeMarkdown, markdownTable } from '../../shared/markdownText';
import { formatDate, formatMoney } from '../../ui/format';
import { contractLabel, formatDateRange, statusLabel } from '../../ui/words';
import { formatAsOf } from '../../views/contractsView';
import { isKnownCommitStatus, isKnownContractStatus } from '../../views/nodes/statusIcons';
import type { Listed } from '../core/campfireData';
import type { ReconciliationView } from '../core/reconciliation';
import { FOUND_CONTRACTS_SHOWN, type SlashAnswer, type SlashCommand } from '../core/slashCommands';
import { consumed } from '../core/tools';
import { cleanText } from '../core/toolOutput';

/** Rows of a contract's commits, a burn-down or a change list an answer shows; the rest are counted. */
const COMMITS_SHOWN = 50;
const MONTHS_SHOWN = 36;
const CHANGES_SHOWN = 20;

/** What a link opens: a contract (in the tree) or a commit (its usage events). */
export interface LinkTarget {
  contractId: number;
  commitId?: number;
}

export interface AnswerContext {
  accountLabel: string;
  secrets: readonly string[];
  /** The URI that opens the target. */
  link(target: LinkTarget): string;
}

export interface SlashMarkdown {
  markdown: string;
  isError: boolean;
}

/** Text from Campfire as Markdown text: no key, no control characters, no Markdown or HTML. */
function text(value: string | number | null | undefined, ctx: AnswerContext, max = 300): string {
  return escapeMarkdown(cleanText(value === null || value === undefined ? '' : String(value), ctx.secrets, max));
}

/** A link made here, its label escaped (the label may hold a name). */
function link(label: string, target: LinkTarget, ctx: AnswerContext): string {
  return `[${label}](${ctx.link(target)})`;
}

/** An amount exactly as Campfire sent it, with its currency: grouped where its digits allow it, else the digits as sent. */
function money(amount: number | string | ExactNumber | null | undefined, currency: string | null | undefined, ctx: AnswerContext): string {
  if (amount === null || amount === undefined) return '—';
  const digits = String(amount);
  const shown = /^-?\d+(?:\.\d{1,6})?$/.test(digits) ? formatMoney(digits, currency) : `${digits} ${currency ?? ''}`.trim();
  return text(shown, ctx);
}

function percent(p: string | null): string {
  return p === null ? '—' : vscode.l10n.t({ message: '{0} %', args: [p], comment: ['A share used, e.g. "85.0 %"'] });
}

function count(n: number): string {
  return formatCount(n);
}

/** A warning that must not be missed: what is left out or may be off, in numbers. */
function warning(message: string): string {
  return `> ⚠️ **${message}**`;
}

/** Where a listing came from and whether Campfire's count moved while it was read. */
function provenance(listed: Listed<unknown>, what: string): string[] {
  const out: string[] = [];
  const changed = listed.changedWhileRead;
  if (changed)
    out.push(
      warning(
        vscode.l10n.t({
          message: 'Campfire’s data changed while the {0} were read ({1} rows at the start, {2} at the end): every row that existed throughout is listed once.',
          args: [what, count(changed.initialCount), count(changed.finalCount)],
          comment: ['{0} is what was read, e.g. "prepaid commits"'],
        }),
      ),
    );
  if (listed.cachedAt !== undefined) out.push(vscode.l10n.t({ message: 'The {0} are from the local cache, read from Campfire at {1}.', args: [what, formatAsOf(listed.cachedAt)], comment: ['{0} is what was read, e.g. "contracts"; {1} a time'] }));
  return out;
}

function shownOf(shown: number, total: number, what: string): string | undefined {
  return shown < total ? warning(vscode.l10n.t({ message: 'Showing {0} of {1} {2}.', args: [count(shown), count(total), what], comment: ['{2} is what is listed, e.g. "prepaid commits"'] })) : undefined;
}

function endOf(c: Contract): string | undefined {
  return c.contract_end_date ?? c.effective_end_date ?? undefined;
}

function usage(command: SlashCommand): string {
  switch (command) {
    case 'contract':
      return vscode.l10n.t('Name a contract by id (`/contract 1003`) or by words of its deal or client name (`/contract acme`).');
    case 'commit':
      return vscode.l10n.t('Name the contract and the prepaid commit: `/commit 1003 10031`.');
    case 'reconcile':
      return vscode.l10n.t('Name the contract and the prepaid commit: `/reconcile 1003 10031`.');
    case 'changes':
      return vscode.l10n.t('Type `/changes` to see what changed at the last sync.');
  }
}

function commitsTable(contractId: number, commits: readonly PrepaidCommit[], ctx: AnswerContext): string {
  return markdownTable(
    [vscode.l10n.t('ID'), vscode.l10n.t('Name'), vscode.l10n.t('Total'), vscode.l10n.t('Remaining'), vscode.l10n.t('Consumed'), vscode.l10n.t('Ends'), vscode.l10n.t('Usage events')],
    commits.map((c) => [
      String(c.id),
      text(c.name, ctx),
      money(c.total_value, c.currency, ctx),
      money(c.remaining_value, c.currency, ctx),
      percent(consumed(c).consumedPercent),
      text(formatDate(c.expiration_date), ctx),
      link(vscode.l10n.t('Open'), { contractId, commitId: c.id }, ctx),
    ]),
  );
}

function contractAnswer(a: Extract<SlashAnswer, { kind: 'contract' }>, ctx: AnswerContext): string[] {
  const c = a.contract;
  const parts = [
    `### ${vscode.l10n.t({ message: '{0} — contract {1}', args: [text(contractLabel(c), ctx), c.id], comment: ['{0} is the contract’s deal name'] })}`,
    [
      `- **${vscode.l10n.t('Client')}:** ${text(c.client_name, ctx)}`,
      `- **${vscode.l10n.t('Status')}:** ${text(statusLabel(c.status, isKnownContractStatus(c.status)), ctx)}`,
      `- **${vscode.l10n.t('Term')}:** ${text(formatDateRange(c.contract_start_date, endOf(c), c.is_evergreen === true) || '—', ctx)}`,
      `- **${vscode.l10n.t('Total contract value')}:** ${money(c.total_contract_value, c.currency, ctx)}`,
      `- **${vscode.l10n.t('Account')}:** ${text(ctx.accountLabel, ctx)}`,
    ].join('\n'),
  ];
  const commits = a.commits.items;
  parts.push(`#### ${vscode.l10n.t({ message: 'Prepaid commits ({0})', args: [count(commits.length)], comment: ['{0} is how many'] })}`);
  parts.push(...provenance(a.commits, vscode.l10n.t('prepaid commits')));
  const cut = shownOf(Math.min(commits.length, COMMITS_SHOWN), commits.length, vscode.l10n.t('prepaid commits'));
  if (cut) parts.push(cut);
  parts.push(commits.length > 0 ? commitsTable(c.id, commits.slice(0, COMMITS_SHOWN), ctx) : vscode.l10n.t('This contract has no prepaid commits.'));
  parts.push(vscode.l10n.t({ message: 'Tier price overrides: {0}.', args: [count(a.overrides.items.length)], comment: ['{0} is how many the contract has'] }));
  parts.push(...provenance(a.overrides, vscode.l10n.t('tier price overrides')));
  parts.push(`- ${link(vscode.l10n.t('Contract {0} in the tree', c.id), { contractId: c.id }, ctx)}`);
  return parts;
}

function contractsAnswer(a: Extract<SlashAnswer, { kind: 'contracts' }>, ctx: AnswerContext): string[] {
  const { matched, listed } = a;
  const parts = [
    vscode.l10n.t({
      message: '**{0} of {1} contracts** in {2} match “{3}”.',
      args: [count(matched.length), count(listed.items.length), text(ctx.accountLabel, ctx), text(a.words, ctx, 200)],
      comment: ['{3} is the words the user searched for'],
    }),
    ...provenance(listed, vscode.l10n.t('contracts')),
  ];
  if (matched.length === 0) return parts;
  const shown = matched.slice(0, FOUND_CONTRACTS_SHOWN);
  const cut = shownOf(shown.length, matched.length, vscode.l10n.t('contracts'));
  if (cut) parts.push(cut);
  parts.push(
    markdownTable(
      [vscode.l10n.t('ID'), vscode.l10n.t('Name'), vscode.l10n.t('Client'), vscode.l10n.t('Status'), vscode.l10n.t('Total contract value'), vscode.l10n.t('Ends')],
      shown.map((c) => [
        link(String(c.id), { contractId: c.id }, ctx),
        text(contractLabel(c), ctx),
        text(c.client_name, ctx),
        text(statusLabel(c.status, isKnownContractStatus(c.status)), ctx),
        money(c.total_contract_value, c.currency, ctx),
        text(formatDate(endOf(c)), ctx),
      ]),
    ),
  );
  return parts;
}

function reconciliationPart(r: ReconciliationView, ctx: AnswerContext): string[] {
  const heading =
    r.verdict === 'agrees'
      ? vscode.l10n.t('Reconciliation: ✓ the usage events, the ledger and the balance agree')
      : r.verdict === 'differs'
        ? vscode.l10n.t('Reconciliation: ✗ differs')
        : vscode.l10n.t('Reconciliation: ? could not be checked in full');
  const read = [
    r.ledgerRows === null ? vscode.l10n.t('ledger not read') : vscode.l10n.t('{0} ledger rows', count(r.ledgerRows)),
    r.usageEvents === null ? vscode.l10n.t('usage events not read') : vscode.l10n.t('{0} usage events', count(r.usageEvents)),
  ];
  const parts = [`#### ${heading}`, vscode.l10n.t({ message: 'Read: {0}.', args: [read.join(', ')], comment: ['{0} lists what was read, e.g. "12 ledger rows, 1,000 usage events"'] })];
  // The checks' words come from the reconciliation (their reasons may quote Campfire), so they are escaped too.
  parts.push(markdownTable([vscode.l10n.t('Check'), vscode.l10n.t('Result')], r.checks.map((c) => [text(c.title, ctx), text(c.summary, ctx, 500)])));
  if (r.differences.length > 0) {
    const total = r.differences.length + r.moreDifferences;
    parts.push(vscode.l10n.t({ message: '**Lines that differ or are not judged ({0}):**', args: [count(total)], comment: ['{0} is how many'] }));
    const cut = shownOf(r.differences.length, total, vscode.l10n.t('lines'));
    if (cut) parts.push(cut);
    parts.push(
      markdownTable(
        [vscode.l10n.t('Check'), vscode.l10n.t('Where'), vscode.l10n.t('Expected'), vscode.l10n.t('Actual'), vscode.l10n.t('Difference')],
        r.differences.map((l) => [text(l.check, ctx), text(l.where, ctx), text(l.expected, ctx), text(l.actual, ctx), text(l.difference, ctx)]),
      ),
    );
  }
  return parts;
}

function commitAnswer(a: Extract<SlashAnswer, { kind: 'commit' }>, ctx: AnswerContext): string[] {
  const { commit, used, burnDown, contractId } = a.read;
  const summary = [
    `### ${vscode.l10n.t({ message: '{0} — prepaid commit {1} of contract {2}', args: [text(commit.name, ctx), commit.id, contractId], comment: ['{0} is the commit’s name'] })}`,
    [
      `- **${vscode.l10n.t('Total')}:** ${money(commit.total_value, commit.currency, ctx)}`,
      `- **${vscode.l10n.t('Remaining')}:** ${money(commit.remaining_value, commit.currency, ctx)}`,
      `- **${vscode.l10n.t('Consumed')}:** ${percent(used.consumedPercent)} (${money(used.consumed, commit.currency, ctx)})`,
      `- **${vscode.l10n.t('Status')}:** ${text(statusLabel(commit.status, isKnownCommitStatus(commit.status)), ctx)}`,
      `- **${vscode.l10n.t('Term')}:** ${text(formatDateRange(commit.start_date, commit.expiration_date) || '—', ctx)}`,
      `- **${vscode.l10n.t('Account')}:** ${text(ctx.accountLabel, ctx)}`,
    ].join('\n'),
    ...provenance(a.read.commits, vscode.l10n.t('prepaid commits')),
  ];
  const months = [`#### ${vscode.l10n.t({ message: 'Burn-down by month ({0} ledger periods)', args: [count(a.read.ledger.items.length)], comment: ['{0} is how many periods the consumption ledger has'] })}`, ...provenance(a.read.ledger, vscode.l10n.t('ledger periods'))];
  if (burnDown.length === 0) months.push(vscode.l10n.t('The consumption ledger has no periods yet.'));
  else {
    const shown = burnDown.slice(-MONTHS_SHOWN);
    const cut = shownOf(shown.length, burnDown.length, vscode.l10n.t('months (the latest)'));
    if (cut) months.push(cut);
    months.push(
      markdownTable(
        [vscode.l10n.t('Month'), vscode.l10n.t('Net consumption'), vscode.l10n.t('Overage'), vscode.l10n.t('Balance after')],
        shown.map((m) => [text(m.month, ctx), money(m.net, commit.currency, ctx), money(m.overage, commit.currency, ctx), money(m.balanceAfter, commit.currency, ctx)]),
      ),
    );
  }
  const reconciliation = reconciliationPart(a.reconciliation, ctx);
  const links = [`- ${link(vscode.l10n.t('Usage events of prepaid commit {0}', commit.id), { contractId, commitId: commit.id }, ctx)}`, `- ${link(vscode.l10n.t('Contract {0} in the tree', contractId), { contractId }, ctx)}`].join('\n');
  return a.command === 'reconcile' ? [...reconciliation, ...summary, ...months, links] : [...summary, ...months, ...reconciliation, links];
}

function changeRow(c: ContractChange, ctx: AnswerContext): string[] {
  const record = c.current ?? c.previous;
  const what = {
    added: vscode.l10n.t({ message: 'Contract added', comment: ['A row of the changes since the last sync'] }),
    modified: vscode.l10n.t({ message: 'Contract modified', comment: ['A row of the changes since the last sync'] }),
    deleted: vscode.l10n.t({ message: 'Contract deleted', comment: ['A row of the changes since the last sync'] }),
  }[c.kind];
  const detail = c.kind === 'modified' ? vscode.l10n.t({ message: 'Changed: {0}', args: [text(c.fields.join(', '), ctx)], comment: ['{0} lists the fields that changed'] }) : '';
  return [what, c.kind === 'deleted' ? String(c.id) : link(String(c.id), { contractId: c.id }, ctx), record ? text(contractLabel(record), ctx) : '—', detail];
}

function alertRow(a: CommitAlert, ctx: AnswerContext): string[] {
  const detail =
    a.kind === 'used'
      ? vscode.l10n.t({ message: 'Used past {0} % (now {1} %)', args: [a.threshold, a.usedPercent.toFixed(1)], comment: ['A prepaid commit that crossed a threshold'] })
      : vscode.l10n.t({ message: 'Expires on {0} (in {1} days)', args: [formatDate(a.expiresOn), a.days], comment: ['A prepaid commit that expires soon'] });
  return [vscode.l10n.t('Prepaid commit to watch'), link(String(a.contractId), { contractId: a.contractId }, ctx), link(text(a.name, ctx), { contractId: a.contractId, commitId: a.commitId }, ctx), text(detail, ctx)];
}

function changesAnswer(a: Extract<SlashAnswer, { kind: 'changes' }>, ctx: AnswerContext): string[] {
  const { changes } = a;
  const n = (kind: ContractChange['kind']) => count(changes.contracts.filter((c) => c.kind === kind).length);
  const parts = [
    vscode.l10n.t({
      message: 'The sync at {0} found, against the list of {1}: **{2} contracts added, {3} modified, {4} deleted**, and **{5} prepaid commits to watch** (used past 80, 90 or 100 %, or expiring within 30 days).',
      args: [formatAsOf(changes.at), formatAsOf(changes.since), n('added'), n('modified'), n('deleted'), count(changes.commits.length)],
      comment: ['{0} and {1} are times'],
    }),
  ];
  const rows = [...changes.contracts.map((c) => changeRow(c, ctx)), ...changes.commits.map((c) => alertRow(c, ctx))];
  if (rows.length === 0) {
    parts.push(vscode.l10n.t('No contract changed since the previous sync.'));
    return parts;
  }
  const cut = shownOf(Math.min(rows.length, CHANGES_SHOWN), rows.length, vscode.l10n.t('changes (the Changes view lists them all)'));
  if (cut) parts.push(cut);
  parts.push(markdownTable([vscode.l10n.t('Change'), vscode.l10n.t('Contract'), vscode.l10n.t('Name'), vscode.l10n.t('Details')], rows.slice(0, CHANGES_SHOWN)));
  return parts;
}

/** The answer as Markdown for the chat view. */
export function slashMarkdown(answer: SlashAnswer, ctx: AnswerContext): SlashMarkdown {
  switch (answer.kind) {
    case 'usage':
      return { markdown: usage(answer.command), isError: true };
    case 'failed': {
      const { failure } = answer;
      const message = text(failure.message, ctx, 1000);
      return {
        markdown: failure.incomplete
          ? `${warning(vscode.l10n.t({ message: 'Incomplete: Campfire’s listing could not be read in full ({0} of {1} rows were read), so no answer is given.', args: [count(failure.incomplete.delivered), count(failure.incomplete.expected)], comment: ['{0} and {1} are numbers of rows'] }))}\n\n${message}`
          : vscode.l10n.t({ message: 'Could not read {0}: {1}', args: [text(ctx.accountLabel, ctx), message], comment: ['{0} is the account, {1} what went wrong'] }),
        isError: true,
      };
    }
    case 'noCommit': {
      const { read } = answer;
      const items = read.commits.items;
      return {
        markdown: vscode.l10n.t({
          message: 'Contract {0} has no prepaid commit {1} in {2}. Its prepaid commits ({3}): {4}.',
          args: [read.contractId, read.commitId, text(ctx.accountLabel, ctx), count(items.length), items.length > 0 ? items.slice(0, 20).map((c) => c.id).join(', ') + (items.length > 20 ? ', …' : '') : '—'],
          comment: ['{4} lists commit ids'],
        }),
        isError: true,
      };
    }
    case 'noChanges':
      return {
        markdown: `${vscode.l10n.t('No sync has compared the contracts yet.')} ${vscode.l10n.t('Changes show after the contracts are synced with a complete list from before (Load all, or a filter or sort, reads them all).')}`,
        isError: false,
      };
    case 'contract':
      return { markdown: contractAnswer(answer, ctx).join('\n\n'), isError: false };
    case 'contracts':
      return { markdown: contractsAnswer(answer, ctx).join('\n\n'), isError: false };
    case 'commit':
      return { markdown: commitAnswer(answer, ctx).join('\n\n'), isError: false };
    case 'changes':
      return { markdown: changesAnswer(answer, ctx).join('\n\n'), isError: false };
  }
}
