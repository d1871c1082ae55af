// `campfire-export reconcile`: a contract's prepaid commits reconciled against their consumption
// ledgers and usage events, as a Markdown or JSON report, with an exit code a CI job can act on.
import type { Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import type { CampfireClient } from '../api/client';
import { DEFAULT_CLIENT_LIMITS } from '../api/createClient';
import { PAGE_SIZES } from '../api/pageSizes';
import { reconcileListedContract } from '../reconcile/listing';
import { reconciliationJson, reconciliationMarkdown } from '../reconcile/report';
import type { ContractReconciliation } from '../reconcile/checks';
import { AtomicFile } from './atomicFile';
import { ByteSink } from './byteSink';
import { EXIT, Say, UsageError, cliClient, outputOf, parseArgsMessage, positiveInt, readApiKey, reportFailure, resolveBaseUrl, usageLine, type Io } from './commandLine';
import { interruptedBy, signalExitCode } from './interrupt';

export const RECONCILE_FORMATS = ['md', 'json'] as const;
export type ReconcileFormat = (typeof RECONCILE_FORMATS)[number];

export function isReconcileFormat(v: string): v is ReconcileFormat {
  return (RECONCILE_FORMATS as readonly string[]).includes(v);
}

export interface ReconcileRequest {
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

/** Reconciles, then writes the report; the result says what the exit code should be. */
export async function runReconcile(client: CampfireClient, r: ReconcileRequest): Promise<ContractReconciliation> {
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
  if (typeof r.target === 'string') {
    const file = await AtomicFile.open(r.target);
    try {
      await file.sink.write(text);
      await file.commit();
    } catch (e) {
      await file.discard();
      throw e;
    }
  } else {
    await new ByteSink(r.target).write(text);
  }
  return result;
}

/** `campfire-export reconcile …`: its own options, the same key, origin, client and exit codes as an export. */
export async function reconcileMain(argv: string[], io: Io): Promise<number> {
  let values: Record<string, string | boolean | undefined>;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        contract: { type: 'string' },
        commit: { type: 'string' },
        format: { type: 'string', short: 'f' },
        output: { type: 'string', short: 'o' },
        out: { type: 'string' },
        'base-url': { type: 'string' },
        'page-size': { type: 'string' },
        concurrency: { type: 'string' },
        quiet: { type: 'boolean' },
        verbose: { type: 'boolean' },
      },
    }));
  } catch (e) {
    io.stderr.write(usageLine(parseArgsMessage(e)));
    return EXIT.usage;
  }
  const say = new Say(io.stderr);
  const verbose = values.verbose === true;
  let target: string | undefined;
  try {
    if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0] ?? ''}"`);
    if (values.quiet === true && verbose) throw new UsageError('--quiet and --verbose ask for opposite things: give one');
    const format = (values.format as string | undefined) ?? 'md';
    if (!isReconcileFormat(format)) throw new UsageError(`--format for reconcile must be ${RECONCILE_FORMATS.join(' or ')}, got "${format}"`);
    const contractId = positiveInt('contract', values.contract as string | undefined, NaN);
    if (Number.isNaN(contractId)) throw new UsageError('reconcile needs --contract ID');
    const commitId = values.commit === undefined ? undefined : positiveInt('commit', values.commit as string, NaN);
    target = outputOf(values);
    const pageSize = positiveInt('page-size', values['page-size'] as string | undefined, PAGE_SIZES.bulk);
    const concurrency = positiveInt('concurrency', values.concurrency as string | undefined, DEFAULT_CLIENT_LIMITS.maxConcurrent);
    const baseUrl = resolveBaseUrl(values['base-url'] as string | undefined, io.env);
    const client = cliClient({ baseUrl, apiKey: readApiKey(io.env), limits: { maxConcurrent: concurrency }, env: io.env, say, verbose, warnUnknownValues: values.quiet !== true });
    const started = Date.now();
    try {
      const showProgress = values.quiet !== true && io.stderr.isTTY;
      const result = await runReconcile(client, {
        contractId,
        commitId,
        format,
        target: target ?? io.stdout,
        pageSize,
        concurrency,
        signal: io.signal,
        onProgress: showProgress ? (text) => say.progress(`\u001b[K${text}`) : undefined,
      });
      say.endProgress();
      if (values.quiet !== true) {
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
    return reportFailure(e, io, say, verbose);
  }
}
