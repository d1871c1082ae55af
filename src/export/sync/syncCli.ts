// `campfire-export sync --to DIR`: the account's data as a Parquet dataset, kept up to date.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_MAX_RESPONSE_BYTES, MAX_RESPONSE_CEILING_BYTES } from '../../api/client';
import { DEFAULT_CLIENT_LIMITS } from '../../api/createClient';
import { DEFAULT_BASE_URL, parseBaseUrl } from '../../api/baseUrl';
import { PAGE_SIZES } from '../../api/pageSizes';
import { EXIT, Say, UsageError, VERSION, cliClient, parseArgsMessage, positiveInt, readApiKey, reportFailure, resolveBaseUrl, type Io } from '../commandLine';
import { interruptedBy, signalExitCode } from '../interrupt';
import { folderOf, SYNCED } from './layout';
import { DatasetFolderError, MANIFEST_FILE } from './manifest';
import { SyncLockedError } from './syncLock';
import { syncDataset, type SyncProgress, type SyncReport } from './syncDataset';

/** Partitions named one per line before the rest are counted: a broken account could fail thousands. */
const MAX_NAMED_FAILURES = 20;

const HELP = `campfire-export sync: the account's data as a Parquet dataset, brought up to date

Usage:
  campfire-export sync --to DIR [--contract ID]... [--full] [options]

Writes every contract, prepaid commit, tier price override, usage event and consumption ledger
row into DIR, one folder per resource (${SYNCED.map(folderOf).join(', ')}),
in Hive partitions (usage_events/contract_id=12/commit_id=34/part-0.parquet), with
${MANIFEST_FILE} saying each partition's rows, read time, completeness and content hash.
A later sync reads only what changed: contracts modified or deleted since the last one, the
lists of those contracts, and the usage events of commits whose record or event count changed.

Options:
  --to DIR                 the dataset's folder (created if missing)
  --contract ID            only this contract (repeat for several); DIR then holds only these
  --full                   list every partition again (unchanged ones are still not rewritten):
                           an incremental sync does not see a usage event edited in place
  --base-url URL           Campfire API origin (default ${DEFAULT_BASE_URL}, or CAMPFIRE_BASE_URL)
  --page-size N            rows per request (default ${PAGE_SIZES.bulk}; Campfire may send fewer)
  --concurrency N          requests in flight at once (default ${DEFAULT_CLIENT_LIMITS.maxConcurrent})
  --max-response-mb N      the most one response may hold (default ${DEFAULT_MAX_RESPONSE_BYTES / (1024 * 1024)})
  --quiet                  no progress or summary on standard error (problems still show)
  --verbose                each request on standard error, and errors with the request
                           (method and path) they came from
  -h, --help               this help

Examples:
  campfire-export sync --to ./campfire --base-url https://api.meetcampfire.com
  campfire-export sync --to ./campfire --full
  duckdb -c "SELECT contract_id, sum(total_revenue_dollars) FROM read_parquet('campfire/usage_events/**/*.parquet', hive_partitioning = true) GROUP BY 1"

The key comes from CAMPFIRE_API_TOKEN or the file CAMPFIRE_API_TOKEN_FILE names, as for exports.

Exit codes: 0 success; 1 failure (another sync holds DIR, network, cannot write); 2 usage error;
3 authentication or permission error; 4 a partition could not be listed exactly (each is named;
its previous file is kept and the next sync lists it again); 5 rows changed while a partition was
read (it is written and marked incomplete in ${MANIFEST_FILE}); 130 and the like: interrupted,
every partition is its previous or its new file, never a part of one.`;

const n = (v: number) => v.toLocaleString('en-US');

function progressLine(p: SyncProgress): string {
  const what = p.phase === 'contracts' ? 'contracts' : 'commits';
  return `${what} ${n(p.done)} of ${n(p.total)}, ${n(p.rows)} rows`;
}

function summary(r: SyncReport, dir: string, seconds: number): string {
  const mode = r.contractsMode === 'delta' ? `${n(r.changedContracts)} changed, ${n(r.deletedContracts)} deleted since the last sync` : r.contractsMode === 'chosen' ? 'chosen with --contract' : `all listed${r.contractsReason ? ` (${r.contractsReason})` : ''}`;
  return `synced ${dir} in ${seconds.toFixed(1)} s: ${n(r.contracts)} contracts (${mode}), ${n(r.commitsListed)} of ${n(r.commits)} commits listed, ${n(r.rowsRead)} rows read; partitions: ${n(r.written)} written, ${n(r.unchanged)} unchanged, ${n(r.removed)} removed`;
}

export async function syncMain(argv: string[], io: Io): Promise<number> {
  const say = new Say(io.stderr);
  let verbose = false;
  let dir = '';
  try {
    let values: Record<string, string | boolean | string[] | undefined>;
    try {
      ({ values } = parseArgs({
        args: argv,
        allowPositionals: false,
        options: {
          to: { type: 'string' },
          contract: { type: 'string', multiple: true },
          full: { type: 'boolean' },
          'base-url': { type: 'string' },
          'page-size': { type: 'string' },
          concurrency: { type: 'string' },
          'max-response-mb': { type: 'string' },
          quiet: { type: 'boolean' },
          verbose: { type: 'boolean' },
          help: { type: 'boolean', short: 'h' },
        },
      }));
    } catch (e) {
      throw new UsageError(`${parseArgsMessage(e)} for sync`);
    }
    if (values.help) {
      io.stdout.write(`${HELP}\n`);
      return EXIT.ok;
    }
    verbose = values.verbose === true;
    if (values.quiet === true && verbose) throw new UsageError('--quiet and --verbose ask for opposite things: give one');
    const to = values.to as string | undefined;
    if (!to) throw new UsageError('sync needs --to DIR, the folder of the dataset');
    dir = to;
    const contractIds = (values.contract as string[] | undefined)?.map((v) => positiveInt('contract', v, NaN));
    const pageSize = positiveInt('page-size', values['page-size'] as string | undefined, PAGE_SIZES.bulk);
    const concurrency = positiveInt('concurrency', values.concurrency as string | undefined, DEFAULT_CLIENT_LIMITS.maxConcurrent);
    const maxResponseMb = Math.min(positiveInt('max-response-mb', values['max-response-mb'] as string | undefined, DEFAULT_MAX_RESPONSE_BYTES / (1024 * 1024)), MAX_RESPONSE_CEILING_BYTES / (1024 * 1024));
    const baseUrl = resolveBaseUrl(values['base-url'] as string | undefined, io.env);
    const origin = parseBaseUrl(baseUrl, 'CAMPFIRE_BASE_URL').origin;
    const client = cliClient({
      baseUrl,
      apiKey: readApiKey(io.env),
      limits: { maxConcurrent: concurrency, maxResponseBytes: maxResponseMb * 1024 * 1024 },
      env: io.env,
      say,
      verbose,
      warnUnknownValues: values.quiet !== true,
    });
    const showProgress = values.quiet !== true && io.stderr.isTTY;
    const started = Date.now();
    let report: SyncReport;
    try {
      report = await syncDataset(client, {
        root: path.resolve(to),
        origin,
        generator: `campfire-export ${VERSION}`,
        contractIds,
        full: values.full === true,
        pageSize,
        concurrency,
        signal: io.signal,
        onProgress: showProgress ? (p) => say.progress(progressLine(p)) : undefined,
      });
    } finally {
      await client.close();
    }
    say.endProgress();
    if (values.quiet !== true) say.line(summary(report, to, (Date.now() - started) / 1000));
    // Said even with --quiet: these partitions are not what Campfire holds now.
    for (const f of report.failed.slice(0, MAX_NAMED_FAILURES)) say.line(`${f.partition} was not replaced: ${f.message}`);
    if (report.failed.length > MAX_NAMED_FAILURES) say.line(`and ${n(report.failed.length - MAX_NAMED_FAILURES)} more partitions were not replaced (${MANIFEST_FILE} marks each "failed")`);
    if (report.failed.length > 0) {
      say.line(`${n(report.failed.length)} partitions keep their previous files; the next sync lists them again`);
      return report.failed.some((f) => f.incomplete) ? EXIT.incomplete : EXIT.failure;
    }
    if (report.changed.length > 0) {
      say.line(`warning: rows changed while ${n(report.changed.length)} partitions were read (${report.changed.slice(0, 3).join(', ')}${report.changed.length > 3 ? ', …' : ''}): written with every row that existed throughout, marked incomplete, listed again next time`);
      return EXIT.changed;
    }
    return EXIT.ok;
  } catch (e) {
    say.endProgress();
    const interrupted = interruptedBy(io.signal);
    if (interrupted) {
      io.stderr.write(`campfire-export: interrupted by ${interrupted}; every partition of ${dir} is whole, the ones not reached keep their previous files\n`);
      return signalExitCode(interrupted);
    }
    if (e instanceof UsageError || e instanceof DatasetFolderError) {
      io.stderr.write(`campfire-export: ${e.message.replace(/\.$/, '')} (see campfire-export sync --help)\n`);
      return EXIT.usage;
    }
    if (e instanceof SyncLockedError) {
      say.line(e.message);
      return EXIT.failure;
    }
    if (dir) say.line(`${dir} was not synced`);
    return reportFailure(e, io, say, verbose);
  }
}
