// campfire-export: the extension's exports from a terminal, for scripts and scheduled jobs.
// Same API client and export runner as the VS Code commands; no VS Code needed.
import { DEFAULT_BASE_URL } from '../api/baseUrl';
import { otherDataKeysNote, otherFieldsNote } from './csvSpool';
import { EXPORTABLE, type Exportable, type IdKey } from '../resources';
import { EXPORT_FORMATS, FORMATS, isExportFormat, type ExportResource } from './formats';
import { interruptedBy, signalExitCode, trapInterrupts } from './interrupt';
import { RECONCILE_FORMATS, reconcileMain } from './reconcileCommand';
import { runExport, type ChangeFilters } from './runner';
import { syncMain } from './sync/syncCli';
import { xlsxNotes } from './xlsx/xlsxSpool';
import { toFixedDecimal } from '../shared/exactDecimal';
import { EXIT, Say, UsageError, VERSION, cliClient, outputOf, isClosedPipe, modifiedBound, positiveInt, reportFailure, type Io } from './commandLine';
import {
  CONNECTION_HELP, CONNECTION_OPTIONS, HELP_OPTION, KEY_HELP, OUTPUT_HELP, OUTPUT_OPTIONS, SAY_HELP, SAY_OPTIONS, connectionOf, parseCommandLine, type OptionValues,
} from './commandOptions';

export { EXIT } from './commandLine';

/** The command-line name of each exportable resource is its URL segment: `tier-price-overrides`. */
const RESOURCES = new Map<string, Exportable>(EXPORTABLE.map((r) => [r.segment, r]));
const RESOURCE_LIST = EXPORTABLE.map((r) => r.segment);
/** The option that names an ancestor's id: contractId → --contract. */
const idOption = (key: IdKey) => key.replace(/Id$/, '');
/** Resources whose list takes Campfire's change filters (contracts). */
const FILTERABLE = EXPORTABLE.filter((r) => r.deletedStubSchema !== undefined).map((r) => r.segment);
const HELP = `campfire-export ${VERSION}: export Campfire revenue-recognition data

Usage:
${EXPORTABLE.map((r) => `  campfire-export ${[r.segment, ...r.parentKeys.map((k: IdKey) => `--${idOption(k)} ID`)].join(' ')} [options]`).join('\n')}

  campfire-export reconcile --contract ID [--commit ID] [--format md|json] [options]
                           check each prepaid commit of the contract (or the one --commit
                           names) against its consumption ledger and its usage events: ledger
                           chain, ledger rows, events against the ledger, periods (the README
                           explains each); a report in Markdown (default) or JSON (-f
                           ${RECONCILE_FORMATS.join('|')}) to standard output or -o FILE
                           (campfire-export reconcile --help)
  campfire-export sync --to DIR [--contract ID]... [--full]
                           every resource of the account as a Parquet dataset, brought up
                           to date incrementally (campfire-export sync --help)
  campfire-export mcp [options]
                           serve the Campfire tools to an agent over the Model Context
                           Protocol on stdio (campfire-export mcp --help)

Options:
  -f, --format ${EXPORT_FORMATS.join('|')}
                           output format (default csv): csv, tsv (tab-separated; a tab, line
                           break or backslash in a value is written \\t, \\n, \\r or \\\\), xlsx (an
                           Excel workbook: typed cells, frozen header, filters), parquet (typed
                           columns for data tools), json (one array) or jsonl (one record a line);
                           xlsx and parquet go to standard output only when it is not a terminal
${OUTPUT_HELP}
  --bom                    start CSV with a byte-order mark (for Excel; CSV only)
  --modified-since DATE    ${FILTERABLE.join(', ')} modified at or after DATE: a day (2026-11-01, its
                           start in UTC) or a date and time with its zone (2026-11-01T09:30:00Z)
  --modified-until DATE    ${FILTERABLE.join(', ')} modified at or before DATE (a day: all of it, UTC)
  --include-deleted        also deleted ${FILTERABLE.join(', ')}, after the others, as Campfire keeps them:
                           id, is_deleted, deleted_at, last_modified_at (the dates above then
                           filter on when they were deleted)
${CONNECTION_HELP}
${SAY_HELP}
  --allow-changes          exit 0, not 5, when Campfire's data changed while it was read
  -h, --help               this help
  --version                the version of campfire-export

${KEY_HELP}

Examples (without --base-url or CAMPFIRE_BASE_URL, each reads Campfire's production API,
${DEFAULT_BASE_URL}):
  export CAMPFIRE_API_TOKEN_FILE=~/.config/campfire/api-key
  campfire-export contracts -o contracts.csv
  campfire-export contracts -f jsonl | jq -r .deal_name
  campfire-export contracts --modified-since 2026-11-01 --include-deleted -f tsv -o changes.tsv
  campfire-export usage-events --contract 12 --commit 34 -f parquet -o events.parquet
  campfire-export contracts -f jsonl --base-url http://127.0.0.1:8787 | head -1

Exit codes: 0 success (also when the reader of standard output closed it early, as head does),
1 failure (network, server, bad data, cannot write), 2 usage error (including a base URL that
is refused), 3 authentication or permission error (no key, 401, 403), 4 incomplete: Campfire's
pages did not add up to every row (the message says how many of how many were read). With
--output FILE nothing is written. On standard output, json, jsonl and parquet hold the rows
read before the failure and stay valid (the JSON array is closed, the Parquet file finished);
csv, tsv and xlsx write nothing. The same holds for exit 1 and the signals below.
5 changed: Campfire's count changed while the rows were read (rows were added or removed);
the output is kept and holds every row that existed throughout exactly once, plus rows added
meanwhile; a warning says the counts (--allow-changes makes this exit 0).
6 differs (reconcile): a check found a difference; the report says where and by how much.
7 not checked (reconcile): nothing differs, but a check could not run in full, e.g. a ledger
or a commit's usage events could not be listed exactly, or changed while they were read.
129 hung up (SIGHUP), 130 interrupted (Ctrl-C), 131 quit (SIGQUIT, Ctrl-\\), 143 terminated
(SIGTERM): the export is cancelled, its temporary files are removed and the --output FILE is
left as it was.`;

/** --modified-since, --modified-until and --include-deleted, for a resource whose list takes them. */
function changeFilters(values: OptionValues, described: Exportable): ChangeFilters | undefined {
  const since = values['modified-since'] as string | undefined;
  const until = values['modified-until'] as string | undefined;
  const includeDeleted = values['include-deleted'] === true;
  const given = [since !== undefined && '--modified-since', until !== undefined && '--modified-until', includeDeleted && '--include-deleted'].filter((o): o is string => o !== false);
  if (given.length === 0) return undefined;
  if (!described.deletedStubSchema) throw new UsageError(`${given[0] ?? ''} is for ${FILTERABLE.join(', ')} only: Campfire lists ${described.label.many} with no such filter`);
  const filters: ChangeFilters = {
    modifiedSince: since === undefined ? undefined : modifiedBound('modified-since', since, false),
    modifiedUntil: until === undefined ? undefined : modifiedBound('modified-until', until, true),
    includeDeleted,
  };
  if (filters.modifiedSince && filters.modifiedUntil && Date.parse(filters.modifiedSince) > Date.parse(filters.modifiedUntil)) {
    throw new UsageError(`--modified-since ${since ?? ''} is after --modified-until ${until ?? ''}: no row could match`);
  }
  return filters;
}

const EXPORT_OPTIONS = {
  contract: { type: 'string' },
  commit: { type: 'string' },
  format: { type: 'string', short: 'f' },
  ...OUTPUT_OPTIONS,
  bom: { type: 'boolean' },
  'modified-since': { type: 'string' },
  'modified-until': { type: 'string' },
  'include-deleted': { type: 'boolean' },
  ...CONNECTION_OPTIONS,
  ...SAY_OPTIONS,
  'allow-changes': { type: 'boolean' },
  ...HELP_OPTION,
  version: { type: 'boolean' },
} as const;

export async function main(argv: string[], io: Io): Promise<number> {
  if (argv[0] === 'reconcile') return reconcileMain(argv.slice(1), io);
  if (argv[0] === 'sync') return syncMain(argv.slice(1), io);
  const parsed = parseCommandLine(argv, { options: EXPORT_OPTIONS, positionals: true, help: HELP }, io);
  if (typeof parsed === 'number') return parsed;
  // The reader of standard output may go away (`campfire-export … | head -1`): the export stops
  // and ends quietly with 0, as it delivered all that was wanted.
  let pipeClosed = false;
  const stopped = new AbortController();
  const onStdoutError = (e: unknown) => {
    if (!isClosedPipe(e)) return;
    pipeClosed = true;
    stopped.abort();
  };
  io.stdout.on('error', onStdoutError);
  try {
    return await exportRows(parsed, io, stopped.signal, () => pipeClosed);
  } finally {
    io.stdout.off('error', onStdoutError);
  }
}

async function exportRows(
  { values, positionals, say }: { values: OptionValues; positionals: string[]; say: Say },
  io: Io,
  stopped: AbortSignal,
  pipeClosed: () => boolean,
): Promise<number> {
  if (values.version) {
    io.stdout.write(`campfire-export ${VERSION}\n`);
    return EXIT.ok;
  }
  // Every line of ours that may carry server text goes through Say (safeText): no key, no control
  // characters that could retitle or clear the terminal or fake a line of output.
  // Where the export goes, once the options have said it (undefined: standard output).
  let target: string | undefined;
  try {
    const [name, ...extra] = positionals;
    const described = name === undefined ? undefined : RESOURCES.get(name);
    if (!described) throw new UsageError(name ? `unknown resource "${name}"` : `name what to export: ${RESOURCE_LIST.slice(0, -1).join(', ')} or ${RESOURCE_LIST.at(-1) ?? ''}`);
    if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0] ?? ''}"`);
    say.checkOptions();
    const resource: ExportResource = described.name;
    const format = (values.format as string | undefined) ?? 'csv';
    if (!isExportFormat(format)) throw new UsageError(`--format must be ${EXPORT_FORMATS.slice(0, -1).join(', ')} or ${EXPORT_FORMATS.at(-1) ?? ''}, got "${format}"`);
    target = outputOf(values);
    // A zip or a Parquet file would fill the terminal with bytes (and could drive it).
    if (FORMATS[format].binary && target === undefined && io.stdout.isTTY) throw new UsageError(`--format ${format} writes a binary file: name it with -o FILE, or redirect standard output`);
    if (values.bom === true && format !== 'csv') throw new UsageError('--bom is for --format csv only');
    // The ids of the resource's ancestors, each from its option (--contract, --commit).
    const ids: Partial<Record<IdKey, number>> = {};
    for (const key of described.parentKeys as readonly IdKey[]) {
      const option = idOption(key);
      const id = positiveInt(option, values[option] as string | undefined, NaN);
      if (Number.isNaN(id)) throw new UsageError(`${described.segment} needs --${option} ID`);
      ids[key] = id;
    }
    const changes = changeFilters(values, described);
    const connection = connectionOf(values, io.env, say);
    const client = cliClient({ ...connection, env: io.env, say });
    const started = Date.now();
    try {
      const result = await runExport(client, {
        resource,
        ...ids,
        format,
        target: target ?? io.stdout,
        bom: values.bom === true,
        pageSize: connection.pageSize,
        concurrency: connection.concurrency,
        ...(changes ? { changes } : {}),
        signal: io.signal ? AbortSignal.any([io.signal, stopped]) : stopped,
        onProgress: say.showsProgress ? (p) => say.progress(`${p.rows.toLocaleString('en-US')} of ${p.total?.toLocaleString('en-US') ?? '?'} rows`) : undefined,
      });
      say.endProgress();
      if (pipeClosed()) return EXIT.ok;
      if (!say.quiet) {
        const where = result.path ?? 'standard output';
        const totals = result.totals ? `; revenue ${toFixedDecimal(result.totals.revenue, 2)}, ${result.totals.events.toLocaleString('en-US')} events` : '';
        say.line(`${result.rows.toLocaleString('en-US')} rows to ${where} in ${((Date.now() - started) / 1000).toFixed(1)} s${totals}`);
        if (result.otherDataKeys > 0) say.line(`warning: ${otherDataKeysNote(result.otherDataKeys, 'en-US')}`);
        if (result.otherFields > 0) say.line(`warning: ${otherFieldsNote(result.otherFields, 'en-US')}`);
        for (const note of xlsxNotes(result.sheets ?? 1, 0, 'en-US')) say.line(note);
        for (const note of xlsxNotes(1, result.truncatedCells ?? 0, 'en-US')) say.line(`warning: ${note}`);
      }
      // Data that changed while it was read is never reported as a plain success, even with --quiet.
      if (result.dataChanged) {
        const n = (v: number) => v.toLocaleString('en-US');
        say.line(`warning: Campfire's data changed while it was read: ${n(result.initialCount)} rows at the start, ${n(result.finalCount)} at the end, ${n(result.rows)} written (every row that existed throughout, once, and rows added meanwhile); run again for one state${values['allow-changes'] ? '' : ', or pass --allow-changes to accept it'}`);
      }
      return result.dataChanged && values['allow-changes'] !== true ? EXIT.changed : EXIT.ok;
    } finally {
      await client.close();
    }
  } catch (e) {
    say.endProgress();
    // The reader went away: whatever the stop surfaced as, nothing is wrong.
    if (pipeClosed()) return EXIT.ok;
    // Whatever the cancellation surfaced as, the cause is the signal; the runner has removed its
    // temporary files by now.
    const interrupted = interruptedBy(io.signal);
    if (interrupted) {
      io.stderr.write(`campfire-export: interrupted by ${interrupted}; ${target !== undefined ? `${target} was not written` : 'the export on standard output is incomplete'}\n`);
      return signalExitCode(interrupted);
    }
    return reportFailure(e, say);
  }
}

/** Runs campfire-export in this process, with its arguments, and sets the exit code (see bin.ts). */
export function runFromCommandLine(argv: string[]): void {
  const interrupt = trapInterrupts();
  // A write that fails once the reader has gone reports EPIPE after main may have returned: without
  // a listener Node would end the process with a stack trace.
  process.stdout.on('error', (e) => {
    if (!isClosedPipe(e)) throw e;
  });
  void main(argv, { env: process.env, stdout: process.stdout, stderr: process.stderr, signal: interrupt.signal }).then((code) => {
    // Once interrupted, a further signal still ends the process with 128 + its number, not by
    // Node's default death by signal.
    if (!interrupt.signal.aborted) interrupt.dispose();
    process.exitCode = code;
  });
}
