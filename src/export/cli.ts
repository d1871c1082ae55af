// campfire-export: the extension's exports from a terminal, for scripts and scheduled jobs.
// Same API client and export runner as the VS Code commands; no VS Code needed.
import { parseArgs } from 'node:util';
import { DEFAULT_MAX_RESPONSE_BYTES, MAX_RESPONSE_CEILING_BYTES } from '../api/client';
import { DEFAULT_CLIENT_LIMITS, createClient } from '../api/createClient';
import { PAGE_SIZES } from '../api/pageSizes';
import { DEFAULT_BASE_URL, parseBaseUrl } from '../api/baseUrl';
import { CampfireConfigError, isCampfireError } from '../api/errors';
import { safeText } from '../api/safeText';
import { otherDataKeysNote, otherFieldsNote } from './csvSpool';
import { EXPORTABLE, type Exportable, type IdKey } from '../resources';
import { EXPORT_FORMATS, FORMATS, isExportFormat, type ExportResource } from './formats';
import { interruptedBy, signalExitCode, trapInterrupts } from './interrupt';
import { runExport } from './runner';
import { syncMain } from './sync/syncCli';
import { xlsxNotes } from './xlsx/xlsxSpool';
import { toFixedDecimal } from '../shared/exactDecimal';
import { errorMessage } from '../shared/errorMessage';

/** package.json's version, substituted by esbuild (see `define` in esbuild.mjs). */
declare const CAMPFIRE_VERSION: string;
const VERSION = CAMPFIRE_VERSION;

export const EXIT = { ok: 0, failure: 1, usage: 2, auth: 3, incomplete: 4, changed: 5 } as const;

/** The command-line name of each exportable resource is its URL segment: `tier-price-overrides`. */
const RESOURCES = new Map<string, Exportable>(EXPORTABLE.map((r) => [r.segment, r]));
const RESOURCE_LIST = EXPORTABLE.map((r) => r.segment);
/** The option that names an ancestor's id: contractId → --contract. */
const idOption = (key: IdKey) => key.replace(/Id$/, '');

const HELP = `campfire-export ${VERSION}: export Campfire revenue-recognition data

Usage:
${EXPORTABLE.map((r) => `  campfire-export ${[r.segment, ...r.parentKeys.map((k: IdKey) => `--${idOption(k)} ID`)].join(' ')} [options]`).join('\n')}

Options:
  --format ${EXPORT_FORMATS.join('|')}
                           output format (default csv): csv, xlsx (an Excel workbook: typed
                           cells, frozen header, filters), parquet (typed columns for data
                           tools), json (one array) or jsonl (one record a line)
  --out FILE               write to FILE (through a temporary file, renamed on success);
                           default: standard output (xlsx and parquet only when it is not
                           a terminal)
  --bom                    start CSV with a byte-order mark (for Excel; CSV only)
  --base-url URL           Campfire API origin (default ${DEFAULT_BASE_URL}, or CAMPFIRE_BASE_URL)
  --page-size N            rows per request (default ${PAGE_SIZES.bulk}; Campfire may send fewer)
  --concurrency N          requests in flight at once (default ${DEFAULT_CLIENT_LIMITS.maxConcurrent})
  --max-response-mb N      the most one response may hold before it is refused (default
                           ${DEFAULT_MAX_RESPONSE_BYTES / (1024 * 1024)}, or 32 KiB a row asked for if that is more;
                           never more than ${MAX_RESPONSE_CEILING_BYTES / (1024 * 1024)})
  --quiet                  no progress or summary on standard error (warnings still show)
  --allow-changes          exit 0, not 5, when Campfire's data changed while it was read
  -h, --help               this help
  --version                the version of campfire-export

  campfire-export sync --to DIR [--contract ID]... [--full]
                           every resource of the account as a Parquet dataset, brought up
                           to date incrementally (campfire-export sync --help)

The API key is read from the CAMPFIRE_API_TOKEN environment variable only (command-line
flags show up in process lists). HTTPS_PROXY, NO_PROXY and NODE_EXTRA_CA_CERTS are honoured;
a loopback or plain-http base URL never goes through a proxy.

Exit codes: 0 success, 1 failure (network, server, bad data, cannot write), 2 usage error
(including a base URL that is refused), 3 authentication or permission error (no key, 401, 403),
4 incomplete: Campfire's pages did not add up to every row (the message says how many of how
many were read). With --out nothing is written. On standard output, json, jsonl and parquet
hold the rows read before the failure and stay valid (the JSON array is closed, the Parquet
file finished); csv and xlsx write nothing. The same holds for exit 1 and the signals below.
5 changed: Campfire's count changed while the rows were read (rows were added or removed);
the output is kept and holds every row that existed throughout exactly once, plus rows added
meanwhile; a warning says the counts (--allow-changes makes this exit 0).
129 hung up (SIGHUP), 130 interrupted (Ctrl-C), 131 quit (SIGQUIT, Ctrl-\\), 143 terminated
(SIGTERM): the export is cancelled, its temporary files are removed and the --out FILE is left
as it was.`;


class UsageError extends Error {}

/** One line: scripts log standard error line by line, and a second line would read as a second problem. */
function usageLine(message: string): string {
  return `campfire-export: ${message.replace(/\.$/, '')} (see campfire-export --help)\n`;
}

/** "ContractStatus" → "contract status", for a sentence. */
function enumWords(enumName: string): string {
  return enumName.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}

/** parseArgs explains an unknown option in terms of positionals, which misleads here. */
function parseArgsMessage(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  const option = /'([^']+)'/.exec(err.message)?.[1];
  if (err.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && option) return `unknown option ${option}`;
  return err.message;
}

function positiveInt(name: string, v: string | undefined, fallback: number): number {
  if (v === undefined) return fallback;
  if (!/^\d+$/.test(v) || Number(v) < 1) throw new UsageError(`--${name} must be a positive whole number, got "${v}"`);
  return Number(v);
}

interface Io {
  env: NodeJS.ProcessEnv;
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
  /** Aborted with a signal's name (see interrupt.ts) to cancel the export. */
  signal?: AbortSignal;
}

export async function main(argv: string[], io: Io): Promise<number> {
  if (argv[0] === 'sync') return syncMain(argv.slice(1), io);
  let values: Record<string, string | boolean | undefined>;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        contract: { type: 'string' },
        commit: { type: 'string' },
        format: { type: 'string' },
        out: { type: 'string' },
        bom: { type: 'boolean' },
        'base-url': { type: 'string' },
        'page-size': { type: 'string' },
        concurrency: { type: 'string' },
        'max-response-mb': { type: 'string' },
        quiet: { type: 'boolean' },
        'allow-changes': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean' },
      },
    }));
  } catch (e) {
    io.stderr.write(usageLine(parseArgsMessage(e)));
    return EXIT.usage;
  }
  if (values.help) {
    io.stdout.write(`${HELP}\n`);
    return EXIT.ok;
  }
  if (values.version) {
    io.stdout.write(`campfire-export ${VERSION}\n`);
    return EXIT.ok;
  }
  // Every line of ours that may carry server text goes through safeText: no key, no control
  // characters that could retitle or clear the terminal or fake a line of output.
  const secrets: string[] = [];
  const say = (text: string) => io.stderr.write(`campfire-export: ${safeText(text, secrets, 2000)}\n`);
  // The progress line is redrawn in place; anything printed after it starts on a line of its own.
  let progressDrawn = false;
  const endProgress = () => {
    if (progressDrawn) io.stderr.write('\n');
    progressDrawn = false;
  };
  try {
    const [name, ...extra] = positionals;
    const described = name === undefined ? undefined : RESOURCES.get(name);
    if (!described) throw new UsageError(name ? `unknown resource "${name}"` : `name what to export: ${RESOURCE_LIST.slice(0, -1).join(', ')} or ${RESOURCE_LIST.at(-1) ?? ''}`);
    if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0] ?? ''}"`);
    const resource: ExportResource = described.name;
    const format = (values.format as string | undefined) ?? 'csv';
    if (!isExportFormat(format)) throw new UsageError(`--format must be ${EXPORT_FORMATS.slice(0, -1).join(', ')} or ${EXPORT_FORMATS.at(-1) ?? ''}, got "${format}"`);
    // A zip or a Parquet file would fill the terminal with bytes (and could drive it).
    if (FORMATS[format].binary && values.out === undefined && io.stdout.isTTY) throw new UsageError(`--format ${format} writes a binary file: name it with --out FILE, or redirect standard output`);
    if (values.bom === true && format !== 'csv') throw new UsageError('--bom is for --format csv only');
    // The ids of the resource's ancestors, each from its option (--contract, --commit).
    const ids: Partial<Record<IdKey, number>> = {};
    for (const key of described.parentKeys as readonly IdKey[]) {
      const option = idOption(key);
      const id = positiveInt(option, values[option] as string | undefined, NaN);
      if (Number.isNaN(id)) throw new UsageError(`${described.segment} needs --${option} ID`);
      ids[key] = id;
    }
    const pageSize = positiveInt('page-size', values['page-size'] as string | undefined, PAGE_SIZES.bulk);
    const concurrency = positiveInt('concurrency', values.concurrency as string | undefined, DEFAULT_CLIENT_LIMITS.maxConcurrent);
    let maxResponseMb = positiveInt('max-response-mb', values['max-response-mb'] as string | undefined, DEFAULT_MAX_RESPONSE_BYTES / (1024 * 1024));
    const ceilingMb = MAX_RESPONSE_CEILING_BYTES / (1024 * 1024);
    if (maxResponseMb > ceilingMb) {
      // Said even with --quiet: the run uses a number other than the one asked for.
      say(`warning: --max-response-mb ${maxResponseMb} is above the most any response may hold; using ${ceilingMb}`);
      maxResponseMb = ceilingMb;
    }
    // A refused base URL is a mistake in how the tool was called, not a failed export: a usage
    // error, reported before the missing key would be.
    const flagUrl = values['base-url'] as string | undefined;
    const baseUrl = flagUrl ?? io.env.CAMPFIRE_BASE_URL ?? DEFAULT_BASE_URL;
    try {
      parseBaseUrl(baseUrl, flagUrl !== undefined ? '--base-url' : 'CAMPFIRE_BASE_URL');
    } catch (e) {
      if (e instanceof CampfireConfigError) throw new UsageError(e.message);
      throw e;
    }
    const apiKey = io.env.CAMPFIRE_API_TOKEN?.trim();
    if (!apiKey) {
      io.stderr.write('campfire-export: no API key: set the CAMPFIRE_API_TOKEN environment variable (Campfire → Settings → API Keys)\n');
      return EXIT.auth;
    }
    secrets.push(apiKey);
    const client = createClient({
      baseUrl,
      getApiKey: () => apiKey,
      userAgent: `campfire-export/${VERSION} (Node ${process.version})`,
      limits: { maxConcurrent: concurrency, maxResponseBytes: maxResponseMb * 1024 * 1024 },
      // HTTPS_PROXY, NO_PROXY and NODE_EXTRA_CA_CERTS from the environment this run was given.
      network: { env: io.env },
      // An unknown value does not stop the export, but the user should know, once per value.
      onUnknownValue: values.quiet
        ? undefined
        : (enumName, value) => {
            endProgress();
            // Quoted, and through safeText, so the value cannot break the line or drive the terminal.
            const shown = JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value);
            say(`warning: Campfire sent an unknown ${enumWords(enumName)} ${shown} (kept as sent)`);
          },
    });
    const showProgress = !values.quiet && io.stderr.isTTY;
    const started = Date.now();
    try {
      const result = await runExport(client, {
        resource,
        ...ids,
        format: format,
        target: (values.out as string | undefined) ?? io.stdout,
        bom: values.bom === true,
        pageSize,
        concurrency,
        signal: io.signal,
        onProgress: showProgress
          ? (p) => {
              progressDrawn = true;
              io.stderr.write(`\r${p.rows.toLocaleString('en-US')} of ${p.total?.toLocaleString('en-US') ?? '?'} rows`);
            }
          : undefined,
      });
      endProgress();
      if (!values.quiet) {
        const where = result.path ?? 'standard output';
        const totals = result.totals ? `; revenue ${toFixedDecimal(result.totals.revenue, 2)}, ${result.totals.events.toLocaleString('en-US')} events` : '';
        io.stderr.write(`campfire-export: ${result.rows.toLocaleString('en-US')} rows to ${where} in ${((Date.now() - started) / 1000).toFixed(1)} s${totals}\n`);
        if (result.otherDataKeys > 0) {
          say(`warning: ${otherDataKeysNote(result.otherDataKeys, 'en-US')}`);
        }
        if (result.otherFields > 0) say(`warning: ${otherFieldsNote(result.otherFields, 'en-US')}`);
        for (const note of xlsxNotes(result.sheets ?? 1, 0, 'en-US')) say(note);
        for (const note of xlsxNotes(1, result.truncatedCells ?? 0, 'en-US')) say(`warning: ${note}`);
      }
      // Data that changed while it was read is never reported as a plain success, even with --quiet.
      if (result.dataChanged) {
        const n = (v: number) => v.toLocaleString('en-US');
        say(`warning: Campfire's data changed while it was read: ${n(result.initialCount)} rows at the start, ${n(result.finalCount)} at the end, ${n(result.rows)} written (every row that existed throughout, once, and rows added meanwhile); run again for one state${values['allow-changes'] ? '' : ', or pass --allow-changes to accept it'}`);
      }
      return result.dataChanged && values['allow-changes'] !== true ? EXIT.changed : EXIT.ok;
    } finally {
      await client.close();
    }
  } catch (e) {
    endProgress();
    // Whatever the cancellation surfaced as, the cause is the signal; the runner has removed its
    // temporary files by now.
    const interrupted = interruptedBy(io.signal);
    if (interrupted) {
      const out = values.out as string | undefined;
      io.stderr.write(`campfire-export: interrupted by ${interrupted}; ${out !== undefined ? `${out} was not written` : 'the export on standard output is incomplete'}\n`);
      return signalExitCode(interrupted);
    }
    if (e instanceof UsageError) {
      io.stderr.write(usageLine(e.message));
      return EXIT.usage;
    }
    const message = errorMessage(e);
    say(message);
    if (isCampfireError(e) && (e.kind === 'auth' || e.kind === 'permission' || e.kind === 'noApiKey')) return EXIT.auth;
    if (isCampfireError(e) && e.kind === 'incomplete') return EXIT.incomplete;
    return EXIT.failure;
  }
}

/** Runs campfire-export in this process, with its arguments, and sets the exit code (see bin.ts). */
export function runFromCommandLine(argv: string[]): void {
  const interrupt = trapInterrupts();
  void main(argv, { env: process.env, stdout: process.stdout, stderr: process.stderr, signal: interrupt.signal }).then((code) => {
    // Once interrupted, a further signal still ends the process with 128 + its number, not by
    // Node's default death by signal.
    if (!interrupt.signal.aborted) interrupt.dispose();
    process.exitCode = code;
  });
}
