// The options every campfire-export command that reads Campfire shares, each said once: the
// fragments of the parseArgs tables, how their values become the client's settings, and their help
// lines. A command adds its own options to these and says its own in its help.
import { parseArgs, type ParseArgsOptionsConfig } from 'node:util';
import { DEFAULT_BASE_URL } from '../api/baseUrl';
import { DEFAULT_MAX_RESPONSE_BYTES, MAX_RESPONSE_CEILING_BYTES } from '../api/client';
import { DEFAULT_CLIENT_LIMITS, type ClientLimits } from '../api/createClient';
import { PAGE_SIZES } from '../api/pageSizes';
import { EXIT, Say, UsageError, parseArgsMessage, positiveInt, readApiKey, resolveBaseUrl, usageLine } from './commandLine';

/** The values parseArgs gives: a string, a flag, or the strings of a repeated option. */
export type OptionValues = Record<string, string | boolean | (string | boolean)[] | undefined>;

/** How a command reaches Campfire: where, with which key, and how hard it may ask. */
export const CONNECTION_OPTIONS = {
  'base-url': { type: 'string' },
  'token-file': { type: 'string' },
  'page-size': { type: 'string' },
  concurrency: { type: 'string' },
  'max-response-mb': { type: 'string' },
} as const satisfies ParseArgsOptionsConfig;

/** How much a command says on standard error (the Say). */
export const SAY_OPTIONS = {
  quiet: { type: 'boolean' },
  verbose: { type: 'boolean' },
} as const satisfies ParseArgsOptionsConfig;

/** Where a command's one output goes (see outputOf). */
export const OUTPUT_OPTIONS = {
  output: { type: 'string', short: 'o' },
  out: { type: 'string' },
} as const satisfies ParseArgsOptionsConfig;

export const HELP_OPTION = {
  help: { type: 'boolean', short: 'h' },
} as const satisfies ParseArgsOptionsConfig;

const MIB = 1024 * 1024;

export const CONNECTION_HELP = `  --base-url URL           Campfire API origin (default ${DEFAULT_BASE_URL}, Campfire's
                           production API, or CAMPFIRE_BASE_URL)
  --token-file FILE        read the API key from FILE (over CAMPFIRE_API_TOKEN and
                           CAMPFIRE_API_TOKEN_FILE)
  --page-size N            rows per request (default ${PAGE_SIZES.bulk}; Campfire may send fewer)
  --concurrency N          requests in flight at once (default ${DEFAULT_CLIENT_LIMITS.maxConcurrent})
  --max-response-mb N      the most one response may hold before it is refused (default
                           ${DEFAULT_MAX_RESPONSE_BYTES / MIB}, or 32 KiB a row asked for if that is more;
                           never more than ${MAX_RESPONSE_CEILING_BYTES / MIB})`;

export const SAY_HELP = `  --quiet                  no progress or summary on standard error (warnings still show)
  --verbose                each request on standard error, and errors with the request
                           (method and path) they came from`;

export const OUTPUT_HELP = `  -o, --output FILE        write to FILE (through a temporary file, renamed on success); - or
                           no --output: standard output. --out is the same option`;

export const KEY_HELP = `The API key is read from the file --token-file names, or from the CAMPFIRE_API_TOKEN
environment variable, or from the file CAMPFIRE_API_TOKEN_FILE names (one of the two
variables); the key itself is never a flag's value: flags show up in process lists.
HTTPS_PROXY, NO_PROXY and NODE_EXTRA_CA_CERTS are honoured; a loopback or plain-http base URL
never goes through a proxy.`;

interface CommandLine {
  options: ParseArgsOptionsConfig;
  /** Whether words other than options are the command's (the export's resource); otherwise each is a mistake. */
  positionals: boolean;
  /** The subcommand whose --help a usage line points to (`sync`), or none for the export's. */
  command?: string;
  /** What --help writes. */
  help: string;
}

/**
 * The command line parsed with the command's options, and the Say its --quiet and --verbose ask
 * for; or the exit code once it has been answered: 2 after a mistake in it (one usage line naming
 * the command's --help), 0 after --help.
 */
export function parseCommandLine(
  argv: string[],
  line: CommandLine,
  io: { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream },
): { values: OptionValues; positionals: string[]; say: Say } | number {
  let parsed: { values: OptionValues; positionals: string[] };
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, options: line.options });
    const [extra] = parsed.positionals;
    if (!line.positionals && extra !== undefined) throw new UsageError(`unexpected argument "${extra}"`);
  } catch (e) {
    io.stderr.write(usageLine(parseArgsMessage(e), line.command));
    return EXIT.usage;
  }
  if (parsed.values.help === true) {
    io.stdout.write(`${line.help}\n`);
    return EXIT.ok;
  }
  return { ...parsed, say: new Say(io.stderr, parsed.values) };
}

/** What the connection options ask for: the client's settings and the listing's page size. */
export interface Connection {
  baseUrl: string;
  /** The base URL's origin, the account's name in what a command writes. */
  origin: string;
  apiKey: string;
  pageSize: number;
  concurrency: number;
  limits: Partial<ClientLimits>;
}

/**
 * The connection options' values, checked: usage errors first (numbers, then the base URL), then
 * the key (exit 3 without one). A --max-response-mb above the ceiling is used as the ceiling, said
 * even with --quiet, as the run then uses another number than the one asked for.
 */
export function connectionOf(values: OptionValues, env: NodeJS.ProcessEnv, say: Say): Connection {
  const pageSize = positiveInt('page-size', values['page-size'] as string | undefined, PAGE_SIZES.bulk);
  const concurrency = positiveInt('concurrency', values.concurrency as string | undefined, DEFAULT_CLIENT_LIMITS.maxConcurrent);
  let maxResponseMb = positiveInt('max-response-mb', values['max-response-mb'] as string | undefined, DEFAULT_MAX_RESPONSE_BYTES / MIB);
  const ceilingMb = MAX_RESPONSE_CEILING_BYTES / MIB;
  if (maxResponseMb > ceilingMb) {
    say.line(`warning: --max-response-mb ${maxResponseMb} is above the most any response may hold; using ${ceilingMb}`);
    maxResponseMb = ceilingMb;
  }
  const { baseUrl, origin } = resolveBaseUrl(values['base-url'] as string | undefined, env);
  const apiKey = readApiKey(env, values['token-file'] as string | undefined);
  return { baseUrl, origin, apiKey, pageSize, concurrency, limits: { maxConcurrent: concurrency, maxResponseBytes: maxResponseMb * MIB } };
}
