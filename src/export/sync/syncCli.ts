// `campfire-export sync --to DIR`: the account's data as a Parquet dataset, kept up to date.
import path from 'node:path';
import { EXIT, UsageError, VERSION, cliClient, positiveInt, reportFailure, type Io } from '../commandLine';
import { CONNECTION_HELP, CONNECTION_OPTIONS, HELP_OPTION, KEY_HELP, SAY_HELP, SAY_OPTIONS, connectionOf, parseCommandLine } from '../commandOptions';
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
${CONNECTION_HELP}
${SAY_HELP}
  -h, --help               this help

Examples:
  campfire-export sync --to ./campfire --base-url https://api.meetcampfire.com
  campfire-export sync --to ./campfire --full
  duckdb -c "SELECT contract_id, sum(total_revenue_dollars) FROM read_parquet('campfire/usage_events/**/*.parquet', hive_partitioning = true) GROUP BY 1"

${KEY_HELP}

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

const SYNC_OPTIONS = {
  to: { type: 'string' },
  contract: { type: 'string', multiple: true },
  full: { type: 'boolean' },
  ...CONNECTION_OPTIONS,
  ...SAY_OPTIONS,
  ...HELP_OPTION,
} as const;

export async function syncMain(argv: string[], io: Io): Promise<number> {
  const parsed = parseCommandLine(argv, { options: SYNC_OPTIONS, positionals: false, command: 'sync', help: HELP }, io);
  if (typeof parsed === 'number') return parsed;
  const { values, say } = parsed;
  let dir = '';
  try {
    say.checkOptions();
    const to = values.to as string | undefined;
    if (!to) throw new UsageError('sync needs --to DIR, the folder of the dataset');
    dir = to;
    const contractIds = (values.contract as string[] | undefined)?.map((v) => positiveInt('contract', v, NaN));
    const connection = connectionOf(values, io.env, say);
    const client = cliClient({ ...connection, env: io.env, say });
    const started = Date.now();
    let report: SyncReport;
    try {
      report = await syncDataset(client, {
        root: path.resolve(to),
        origin: connection.origin,
        generator: `campfire-export ${VERSION}`,
        contractIds,
        full: values.full === true,
        pageSize: connection.pageSize,
        concurrency: connection.concurrency,
        signal: io.signal,
        onProgress: say.showsProgress ? (p) => say.progress(progressLine(p)) : undefined,
      });
    } finally {
      await client.close();
    }
    say.endProgress();
    if (!say.quiet) say.line(summary(report, to, (Date.now() - started) / 1000));
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
    if (e instanceof DatasetFolderError) {
      say.usage(e.message, 'sync');
      return EXIT.usage;
    }
    if (e instanceof SyncLockedError) {
      say.line(e.message);
      return EXIT.failure;
    }
    if (dir && !(e instanceof UsageError)) say.line(`${dir} was not synced`);
    return reportFailure(e, say, 'sync');
  }
}
