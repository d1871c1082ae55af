// `campfire-export reconcile`: a contract's prepaid commits reconciled against their consumption
// ledgers and usage events, as a Markdown or JSON report, with an exit code a CI job can act on.
import type { Writable } from 'node:stream';
import type { CampfireClient } from '../api/client';
import { reconcileListedContract } from '../reconcile/listing';
import { reconciliationJson, reconciliationMarkdown } from '../reconcile/report';
import type { ContractReconciliation } from '../reconcile/checks';
import { EXIT, UsageError, cliClient, outputOf, positiveInt, reportFailure, type Io } from './commandLine';
import { CONNECTION_HELP, CONNECTION_OPTIONS, HELP_OPTION, KEY_HELP, OUTPUT_HELP, OUTPUT_OPTIONS, SAY_HELP, SAY_OPTIONS, connectionOf, parseCommandLine } from './commandOptions';
import { interruptedBy, signalExitCode } from './interrupt';
import { openOutput } from './runner';

export const RECONCILE_FORMATS = ['md', 'json'] as const;
type ReconcileFormat = (typeof RECONCILE_FORMATS)[number];

function isReconcileFormat(v: string): v is ReconcileFormat {
  return (RECONCILE_FORMATS as readonly string[]).includes(v);
}

interface ReconcileRequest {
  contractId: number;
  commitId?: number | undefined;
  format: ReconcileFormat;
  /** A file (written through a temporary file, renamed once the report is whole) or a stream. */
  target: string | Writable;
  pageSize: number;
  concurrency: number;
  signal?: AbortSignal | undefined;
  onProgress?: (text: string) => void;
}

const RECONCILE_HELP = `campfire-export reconcile: a contract's prepaid commits against their ledgers and usage events

Usage:
  campfire-export reconcile --contract ID [--commit ID] [--format md|json] [options]

Checks each prepaid commit of the contract (or the one --commit names) against its consumption
ledger and its usage events: ledger chain, ledger rows, events against the ledger, periods (the
README explains each), with money added up exactly.

Options:
  --contract ID            the contract
  --commit ID              only this prepaid commit of it
  -f, --format ${RECONCILE_FORMATS.join('|')}     the report in Markdown (default) or JSON (amounts as exact
                           decimal strings)
${OUTPUT_HELP}
${CONNECTION_HELP}
${SAY_HELP}
  -h, --help               this help

${KEY_HELP}

Exit codes: 0 every commit reconciles, 6 a check found a difference (the report says where and
by how much), 7 nothing differs, but a check could not run in full (a ledger or a commit's usage
events could not be listed exactly, or changed while they were read); the others as for exports
(campfire-export --help).`;

const RECONCILE_OPTIONS = {
  contract: { type: 'string' },
  commit: { type: 'string' },
  format: { type: 'string', short: 'f' },
  ...OUTPUT_OPTIONS,
  ...CONNECTION_OPTIONS,
  ...SAY_OPTIONS,
  ...HELP_OPTION,
} as const;

/** Reconciles, then writes the report; the result says what the exit code should be. */
async function runReconcile(client: CampfireClient, r: ReconcileRequest): Promise<ContractReconciliation> {
  const result = await reconcileListedContract(client, r.contractId, {
    commitId: r.commitId,
    pageSize: r.pageSize,
    concurrency: r.concurrency,
    signal: r.signal,
    onProgress: r.onProgress
      ? (p) => r.onProgress?.(`commit ${p.commitId} (${p.index} of ${p.of}): ${p.rows.toLocaleString('en-US')} of ${p.total?.toLocaleString('en-US') ?? '?'} ${p.what === 'ledger' ? 'ledger rows' : 'usage events'}`)
      : undefined,
  });
  const text = r.format === 'json' ? reconciliationJson(result) : reconciliationMarkdown(result);
  const out = await openOutput(r.target);
  try {
    await out.sink.write(text);
    await out.commit();
  } catch (e) {
    await out.discard();
    throw e;
  }
  return result;
}

/** `campfire-export reconcile …`: its own options, the same key, origin, client and exit codes as an export. */
export async function reconcileMain(argv: string[], io: Io): Promise<number> {
  const parsed = parseCommandLine(argv, { options: RECONCILE_OPTIONS, positionals: false, command: 'reconcile', help: RECONCILE_HELP }, io);
  if (typeof parsed === 'number') return parsed;
  const { values, say } = parsed;
  let target: string | undefined;
  try {
    say.checkOptions();
    const format = (values.format as string | undefined) ?? 'md';
    if (!isReconcileFormat(format)) throw new UsageError(`--format for reconcile must be ${RECONCILE_FORMATS.join(' or ')}, got "${format}"`);
    const contractId = positiveInt('contract', values.contract as string | undefined, NaN);
    if (Number.isNaN(contractId)) throw new UsageError('reconcile needs --contract ID');
    const commitId = values.commit === undefined ? undefined : positiveInt('commit', values.commit as string, NaN);
    target = outputOf(values);
    const connection = connectionOf(values, io.env, say);
    const client = cliClient({ ...connection, env: io.env, say });
    const started = Date.now();
    try {
      const result = await runReconcile(client, {
        contractId,
        commitId,
        format,
        target: target ?? io.stdout,
        pageSize: connection.pageSize,
        concurrency: connection.concurrency,
        signal: io.signal,
        onProgress: say.showsProgress ? (text) => say.progress(`\u001b[K${text}`) : undefined,
      });
      say.endProgress();
      if (!say.quiet) {
        const count = (verdict: string) => result.commits.filter((c) => c.verdict === verdict).length;
        const n = result.commits.length;
        say.line(`${n} commit${n === 1 ? '' : 's'} reconciled in ${((Date.now() - started) / 1000).toFixed(1)} s: ${count('agrees')} agree, ${count('differs')} differ, ${count('cannotCheck')} could not be checked in full`);
      }
      return result.verdict === 'differs' ? EXIT.differs : result.verdict === 'cannotCheck' ? EXIT.unchecked : EXIT.ok;
    } finally {
      await client.close();
    }
  } catch (e) {
    say.endProgress();
    const interrupted = interruptedBy(io.signal);
    if (interrupted) {
      io.stderr.write(`campfire-export: interrupted by ${interrupted}; ${target !== undefined ? `${target} was not written` : 'the report on standard output is incomplete'}\n`);
      return signalExitCode(interrupted);
    }
    return reportFailure(e, say, 'reconcile');
  }
}
