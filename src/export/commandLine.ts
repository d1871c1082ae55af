// What every campfire-export command shares: exit codes, usage errors, the API key, the base URL,
// the client, and how a failure is said.
import fs from 'node:fs';
import { DEFAULT_BASE_URL, parseBaseUrl } from '../api/baseUrl';
import type { CampfireClient } from '../api/client';
import { createClient, type ClientLimits } from '../api/createClient';
import { CampfireConfigError, isCampfireError, messageWithoutRequest } from '../api/errors';
import { describeRequest } from '../api/requestLog';
import { safeText } from '../api/safeText';
import { errorMessage } from '../shared/errorMessage';

/** package.json's version, substituted by esbuild (see `define` in esbuild.mjs). */
declare const CAMPFIRE_VERSION: string;
export const VERSION = CAMPFIRE_VERSION;

export const EXIT = { ok: 0, failure: 1, usage: 2, auth: 3, incomplete: 4, changed: 5, differs: 6, unchecked: 7 } as const;

export interface Io {
  env: NodeJS.ProcessEnv;
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
  /** Aborted with a signal's name (see interrupt.ts) to cancel the command. */
  signal?: AbortSignal;
}

/** A mistake in how the command was called: exit 2, one line. */
export class UsageError extends Error {}

/** The key could not be had (none, or its file unreadable): exit 3. */
class ApiKeyError extends Error {}

/**
 * One line: scripts log standard error line by line, and a second line would read as a second
 * problem. It points to the --help of the command (`sync`) or, with none, of the export.
 */
export function usageLine(message: string, command?: string): string {
  return `campfire-export: ${message.replace(/\.$/, '')} (see campfire-export${command ? ` ${command}` : ''} --help)\n`;
}

/** parseArgs explains an unknown option in terms of positionals, which misleads here. */
export function parseArgsMessage(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  const option = /'([^']+)'/.exec(err.message)?.[1];
  if (err.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && option) return `unknown option ${option}`;
  // A value that starts with a dash is explained over three lines; one is the rule here.
  if (err.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && option && err.message.includes('ambiguous')) {
    return `${option} takes a value: one that starts with a dash is written ${option}=-…`;
  }
  return err.message.split('\n')[0] ?? err.message;
}

export function positiveInt(name: string, v: string | undefined, fallback: number): number {
  if (v === undefined) return fallback;
  if (!/^\d+$/.test(v) || Number(v) < 1) throw new UsageError(`--${name} must be a positive whole number, got "${v}"`);
  return Number(v);
}

/**
 * The base URL from --base-url, CAMPFIRE_BASE_URL or the production default. A refused one is a
 * mistake in how the tool was called (a usage error), reported before a missing key would be.
 */
export function resolveBaseUrl(flag: string | undefined, env: NodeJS.ProcessEnv): { baseUrl: string; origin: string } {
  const baseUrl = flag ?? env.CAMPFIRE_BASE_URL ?? DEFAULT_BASE_URL;
  try {
    return { baseUrl, origin: parseBaseUrl(baseUrl, flag !== undefined ? '--base-url' : 'CAMPFIRE_BASE_URL').origin };
  } catch (e) {
    if (e instanceof CampfireConfigError) throw new UsageError(e.message);
    throw e;
  }
}

/**
 * The API key from the file --token-file names, or from CAMPFIRE_API_TOKEN, or from the file
 * CAMPFIRE_API_TOKEN_FILE names (a secret mounted by a scheduler or a container); never from a
 * flag: flags show up in process lists. The flag wins over the environment, as --base-url does.
 */
export function readApiKey(env: NodeJS.ProcessEnv, tokenFile?: string): string {
  if (tokenFile !== undefined) return keyFromFile(tokenFile, '--token-file');
  const direct = env.CAMPFIRE_API_TOKEN?.trim();
  const file = env.CAMPFIRE_API_TOKEN_FILE;
  if (direct && file) throw new UsageError('CAMPFIRE_API_TOKEN and CAMPFIRE_API_TOKEN_FILE are both set: set one');
  if (direct) return direct;
  if (file) return keyFromFile(file, 'CAMPFIRE_API_TOKEN_FILE');
  throw new ApiKeyError('no API key: set the CAMPFIRE_API_TOKEN environment variable, or CAMPFIRE_API_TOKEN_FILE (or --token-file) to a file that holds it (Campfire → Settings → API Keys)');
}

/** The key a file holds alone; `source` names where the file's name came from. */
function keyFromFile(file: string, source: string): string {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new ApiKeyError(`cannot read the API key from ${source} (${file}): ${(e as NodeJS.ErrnoException).code ?? errorMessage(e)}`);
  }
  const key = text.trim();
  if (!key) throw new ApiKeyError(`${source} (${file}) is empty`);
  if (/\s/.test(key)) throw new ApiKeyError(`${source} (${file}) holds more than one word: it must hold the API key alone`);
  return key;
}

/**
 * Writes `campfire-export: …` lines to standard error, each through safeText: no key, no control
 * characters; and holds how much the command was asked to say (--quiet, --verbose).
 */
export class Say {
  readonly secrets: string[] = [];
  /** --quiet: no progress, no summary and no unknown-value warnings; other warnings and failures still show. */
  readonly quiet: boolean;
  /** --verbose: each request, and the request a failure came from. */
  readonly verbose: boolean;
  /** The progress line is redrawn in place; anything printed after it starts on a line of its own. */
  private progressDrawn = false;

  constructor(
    private readonly stderr: NodeJS.WritableStream & { isTTY?: boolean },
    values: { quiet?: unknown; verbose?: unknown } = {},
  ) {
    this.quiet = values.quiet === true;
    this.verbose = values.verbose === true;
  }

  /** --quiet and --verbose together are a usage error, found where the command checks its options. */
  checkOptions(): void {
    if (this.quiet && this.verbose) throw new UsageError('--quiet and --verbose ask for opposite things: give one');
  }

  /** Progress is drawn on a terminal only, and not with --quiet. */
  get showsProgress(): boolean {
    return !this.quiet && this.stderr.isTTY === true;
  }

  line(text: string): void {
    this.endProgress();
    this.stderr.write(`campfire-export: ${safeText(text, this.secrets, 2000)}\n`);
  }

  progress(text: string): void {
    this.progressDrawn = true;
    this.stderr.write(`\r${text}`);
  }

  /** A mistake in how the command was called, as usageLine says it. */
  usage(message: string, command?: string): void {
    this.endProgress();
    this.stderr.write(usageLine(message, command));
  }

  endProgress(): void {
    if (this.progressDrawn) this.stderr.write('\n');
    this.progressDrawn = false;
  }
}

interface CliClientSetup {
  baseUrl: string;
  apiKey: string;
  limits: Partial<ClientLimits>;
  env: NodeJS.ProcessEnv;
  /** Each request with --verbose; warnings about enum values the extension does not know unless --quiet. */
  say: Say;
  /** The User-Agent's product: `campfire-export`, or the MCP server's own. */
  product?: string;
}

/** The client a command uses, with the CLI's User-Agent and its requests said on standard error with --verbose. */
export function cliClient(setup: CliClientSetup): CampfireClient {
  const { say } = setup;
  say.secrets.push(setup.apiKey);
  return createClient({
    baseUrl: setup.baseUrl,
    getApiKey: () => setup.apiKey,
    userAgent: `${setup.product ?? 'campfire-export'}/${VERSION} (Node ${process.version})`,
    limits: setup.limits,
    // HTTPS_PROXY, NO_PROXY and NODE_EXTRA_CA_CERTS from the environment this run was given.
    network: { env: setup.env },
    // A failed attempt's reason is said with the retry it leads to; the last one ends the command and is said then.
    logger: say.verbose ? (entry) => say.line(`${describeRequest(entry)}${entry.outcome === 'retry' && entry.message ? `: ${entry.message}` : ''}`) : undefined,
    // An unknown value does not stop the command, but the user should know, once per value.
    onUnknownValue: !say.quiet
      ? (enumName, value) => {
          // Quoted, and through safeText, so the value cannot break the line or drive the terminal.
          const shown = JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value);
          say.line(`warning: Campfire sent an unknown ${enumWords(enumName)} ${shown} (kept as sent)`);
        }
      : undefined,
  });
}

/** "ContractStatus" → "contract status", for a sentence. */
function enumWords(enumName: string): string {
  return enumName.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}

/**
 * Says why a command failed and returns its exit code. The request (method and path) is named
 * only with --verbose: the endpoint's name says enough, and a path is noise in a script's log.
 */
export function reportFailure(e: unknown, say: Say, command?: string): number {
  if (e instanceof UsageError) {
    say.usage(e.message, command);
    return EXIT.usage;
  }
  say.endProgress();
  if (e instanceof ApiKeyError) {
    say.line(e.message);
    return EXIT.auth;
  }
  say.line(isCampfireError(e) && !say.verbose ? messageWithoutRequest(e) : errorMessage(e));
  if (isCampfireError(e) && (e.kind === 'auth' || e.kind === 'permission' || e.kind === 'noApiKey')) return EXIT.auth;
  if (isCampfireError(e) && e.kind === 'incomplete') return EXIT.incomplete;
  return EXIT.failure;
}

/** True for the error a write gets once the reader of a pipe has gone (`… | head -1`). */
export function isClosedPipe(e: unknown): boolean {
  return (e as NodeJS.ErrnoException | undefined)?.code === 'EPIPE';
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,6})?)?(Z|[+-](\d{2}):(\d{2}))?$/i;

function realDate(y: string, m: string, d: string): boolean {
  const t = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
  return t.getUTCFullYear() === Number(y) && t.getUTCMonth() === Number(m) - 1 && t.getUTCDate() === Number(d);
}

/**
 * A --modified-since or --modified-until value as the instant Campfire is sent: a date alone is
 * that day in UTC (its start for `since`, its last microsecond for `until`, so the whole day is in);
 * a date and time must say its time zone, as a server would otherwise read it in its own.
 */
export function modifiedBound(option: string, value: string, end: boolean): string {
  const expected = `--${option} must be a date (2026-11-01) or a date and time with a time zone (2026-11-01T09:30:00Z or 2026-11-01T10:30:00+01:00), got "${value}"`;
  const date = DATE.exec(value);
  if (date) {
    const [, y = '', m = '', d = ''] = date;
    if (!realDate(y, m, d)) throw new UsageError(`--${option}: ${value} is not a day of the calendar`);
    return end ? `${value}T23:59:59.999999Z` : `${value}T00:00:00Z`;
  }
  const at = DATE_TIME.exec(value);
  if (!at) throw new UsageError(expected);
  const [, y = '', m = '', d = '', hh = '', mm = '', ss = '0', zone, zh = '0', zm = '0'] = at;
  if (!realDate(y, m, d) || Number(hh) > 23 || Number(mm) > 59 || Number(ss) > 59 || Number(zh) > 23 || Number(zm) > 59) {
    throw new UsageError(`--${option}: ${value} is not a moment of the calendar`);
  }
  if (!zone) throw new UsageError(`--${option} ${value} has no time zone: end it with Z (UTC) or an offset such as +01:00`);
  return value.toUpperCase();
}

/** Where the rows go: a file, or standard output for `-` and no --output at all. */
export function outputOf(values: Record<string, unknown>): string | undefined {
  const output = values.output as string | undefined;
  const out = values.out as string | undefined;
  if (output !== undefined && out !== undefined && output !== out) throw new UsageError('--out and --output are the same option: give it once');
  const target = output ?? out;
  return target === '-' ? undefined : target;
}
