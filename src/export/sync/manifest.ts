// The dataset's _manifest.json (what each partition holds, when it was read, whether it is complete,
// its content hash) and the contracts list a later sync applies its delta to.
import fs from 'node:fs';
import path from 'node:path';
import * as z from 'zod';
import { decodeSnapshot, encodeSnapshot, type ContractsSnapshot } from '../../model/contractsSync';
import { AtomicFile } from '../atomicFile';
import { PART_FILE } from './layout';

export const MANIFEST_FILE = '_manifest.json';
/** Spark and DuckDB's globs skip names starting with `_`: the list of contracts the next delta starts from. */
export const CONTRACTS_STATE_FILE = '_contracts_state.json';
export const MANIFEST_FORMAT = 1;

const sha256 = z.string().regex(/^[0-9a-f]{64}$/);

const entrySchema = z.object({
  /** The descriptor's name (`usageEvents`). */
  resource: z.string(),
  /** The Parquet file, relative to the dataset's root. */
  file: z.string(),
  rows: z.number().int().nonnegative(),
  /** When its listing started (ISO 8601, UTC). */
  readAt: z.string(),
  /** Every row Campfire counted, once, with no change while it was read. */
  complete: z.boolean(),
  /** SHA-256 of the rows as Campfire sent them (one exact JSON array): unchanged content, no rewrite. Absent while never written. */
  sha256: sha256.optional(),
  /** A commit's partitions: the commit record and the event count they were listed for. */
  source: z.object({ commitSha256: sha256, count: z.number().int().nonnegative() }).optional(),
  /** The last sync could not list it again: the file is the one before it, and the next sync lists it. */
  failed: z.string().optional(),
});
type PartitionEntry = z.infer<typeof entrySchema>;

/** The manifest without its partitions, which are checked one by one (see readManifest). */
const headerSchema = z.object({
  format: z.literal(MANIFEST_FORMAT),
  generator: z.string(),
  /** The Campfire the data came from: a folder holds one account's data. */
  origin: z.string(),
  /** Every contract of the account, or the ids chosen with --contract. */
  contracts: z.union([z.literal('all'), z.array(z.number().int().nonnegative())]),
  syncedAt: z.string(),
  /** The contracts listing the last sync applied (ms since the epoch): the contracts state's. */
  contractsListedAt: z.number(),
  partitions: z.record(z.string(), z.unknown()),
});
export type Manifest = Omit<z.infer<typeof headerSchema>, 'partitions'> & { partitions: Record<string, PartitionEntry> };
const headerFields = headerSchema.omit({ partitions: true });
/** The manifest but its partitions. */
export type ManifestHeader = Omit<Manifest, 'partitions'>;

/**
 * A partition as a sync holds it, tens of thousands at once: its manifest entry without the file its
 * key names, with its source's fields inline, and every field present so all share one object shape.
 */
export interface HeldEntry {
  resource: string;
  rows: number;
  readAt: string;
  complete: boolean;
  sha256: string | undefined;
  /** A commit's partitions: the commit record and the event count they were listed for. */
  commitSha256: string | undefined;
  count: number | undefined;
  failed: string | undefined;
}

/** The manifest entry of a held one, its fields in the format's order (JSON.stringify leaves out the undefined ones). */
function manifestEntry(key: string, e: HeldEntry): PartitionEntry {
  return {
    resource: e.resource,
    file: `${key}/${PART_FILE}`,
    rows: e.rows,
    readAt: e.readAt,
    complete: e.complete,
    sha256: e.sha256,
    source: e.commitSha256 !== undefined && e.count !== undefined ? { commitSha256: e.commitSha256, count: e.count } : undefined,
    failed: e.failed,
  };
}

/** One string for equal ones read from the manifest (a resource's name, a commit's hash on both its partitions). */
function interner(): (s: string) => string {
  const seen = new Map<string, string>();
  return (s) => {
    const known = seen.get(s);
    if (known !== undefined) return known;
    seen.set(s, s);
    return s;
  };
}

export class DatasetFolderError extends Error {}

/**
 * The manifest of the dataset in `root`, its partitions by key; undefined for a folder no sync wrote.
 * A damaged one is an error, never a fresh start that would orphan its files.
 */
export async function readManifest(root: string): Promise<{ header: ManifestHeader; partitions: Map<string, HeldEntry> } | undefined> {
  const file = path.join(root, MANIFEST_FILE);
  let bytes: Buffer;
  try {
    bytes = await fs.promises.readFile(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    const names = (await fs.promises.readdir(root)).filter((n) => !n.startsWith('.'));
    if (names.length > 0) throw new DatasetFolderError(`${root} is not empty and holds no ${MANIFEST_FILE}: sync into an empty folder or one an earlier sync wrote`);
    return undefined;
  }
  const notManifest = (where: string) => new DatasetFolderError(`${file} is not a manifest of format ${MANIFEST_FORMAT} (${where}): move the folder aside and sync again`);
  const partitions = new Map<string, HeldEntry>();
  const intern = interner();
  const hold = (key: string, value: unknown) => {
    const checked = entrySchema.safeParse(value);
    if (!checked.success) throw notManifest(`partitions.${key}.${checked.error.issues[0]?.path.join('.') ?? ''}`);
    const e = value as PartitionEntry;
    if (e.file !== `${key}/${PART_FILE}`) throw notManifest(`partitions.${key}.file`);
    partitions.set(key, {
      resource: intern(e.resource),
      rows: e.rows,
      readAt: e.readAt,
      complete: e.complete,
      sha256: e.sha256,
      commitSha256: e.source && intern(e.source.commitSha256),
      count: e.source?.count,
      failed: e.failed,
    });
  };
  const checkHeader = (json: unknown) => {
    // The partitions are checked apart, each entry in place: zod's copy of the record would be one more of every entry.
    const header = headerFields.safeParse(json);
    if (!header.success) throw notManifest(header.error.issues[0]?.path.join('.') ?? '');
    const parsed = (json as { partitions?: unknown }).partitions;
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw notManifest('partitions');
    return { header: header.data, partitions: parsed as Record<string, unknown> };
  };
  const byLine = readByLine(bytes, (json) => checkHeader(json).header, hold);
  if (byLine) return { header: byLine, partitions };
  // Laid out otherwise than writeManifest does: read whole.
  partitions.clear();
  let json: unknown;
  try {
    json = JSON.parse(bytes.toString('utf8'));
  } catch {
    throw new DatasetFolderError(`${file} is not JSON: move the folder aside and sync again`);
  }
  const { header, partitions: parsed } = checkHeader(json);
  for (const [key, value] of Object.entries(parsed)) hold(key, value);
  return { header, partitions };
}

/**
 * Reads a manifest laid out as writeManifest writes it (a header line opening `partitions`, an entry a
 * line, `}}`) one line at a time, so the whole file is never one string and one parsed object besides
 * the entries held: the peak of a sync that starts from tens of thousands of them. Undefined, having
 * held some entries maybe, when the file is laid out otherwise; an entry that parses but is wrong throws.
 */
function readByLine<H>(bytes: Buffer, onHeader: (json: unknown) => H, onEntry: (key: string, value: unknown) => void): H | undefined {
  let start = 0;
  const nextLine = (): string | undefined => {
    if (start >= bytes.length) return undefined;
    let end = bytes.indexOf(0x0a, start);
    if (end < 0) end = bytes.length;
    const line = bytes.toString('utf8', start, end);
    start = end + 1;
    return line;
  };
  const parse = (text: string): unknown => {
    try {
      return JSON.parse(text);
    } catch {
      return undefined;
    }
  };
  const head = nextLine();
  if (head === undefined || !head.endsWith('"partitions":{')) return undefined;
  const headerJson = parse(`${head}}}`);
  if (headerJson === undefined) return undefined;
  const header = onHeader(headerJson);
  let line = nextLine();
  if (line !== '}}') {
    for (;;) {
      if (line === undefined) return undefined;
      const last = !line.endsWith(',');
      const one = parse(`{${last ? line : line.slice(0, -1)}}`);
      if (typeof one !== 'object' || one === null) return undefined;
      const entries = Object.entries(one);
      if (entries.length !== 1) return undefined;
      const [key, value] = entries[0] as [string, unknown];
      onEntry(key, value);
      line = nextLine();
      if (last) break;
    }
    if (line !== '}}') return undefined;
  }
  // Nothing after the closing braces but white space, as JSON.parse allows.
  for (let rest = nextLine(); rest !== undefined; rest = nextLine()) if (rest.trim() !== '') return undefined;
  return header;
}

async function writeAtomically(file: string, bytes: Uint8Array): Promise<void> {
  const out = await AtomicFile.open(file);
  try {
    await out.sink.writeBytes(bytes);
    await out.commit();
  } catch (e) {
    await out.discard();
    throw e;
  }
}

/**
 * Written a partition a line, in key order (a manifest that did not change reads the same, and two
 * diff well), straight into the file: one string of tens of thousands of entries would be tens of MB.
 */
export async function writeManifest(root: string, header: ManifestHeader, partitions: ReadonlyMap<string, HeldEntry>): Promise<void> {
  const keys = [...partitions.keys()].sort();
  const out = await AtomicFile.open(path.join(root, MANIFEST_FILE));
  try {
    const head = JSON.stringify({ ...header, partitions: {} });
    // `…"partitions":{}}` opened again after its brace.
    await out.sink.write(`${head.slice(0, -2)}\n`);
    for (const [i, key] of keys.entries()) await out.sink.write(`${JSON.stringify(key)}: ${JSON.stringify(manifestEntry(key, partitions.get(key) as HeldEntry))}${i < keys.length - 1 ? ',' : ''}\n`);
    await out.sink.write('}}\n');
    await out.commit();
  } catch (e) {
    await out.discard();
    throw e;
  }
}

/** The contracts the manifest's last listing produced; undefined when missing, damaged or of another listing (the sync then lists them all). */
export async function readContractsState(root: string, manifest: Pick<Manifest, 'contractsListedAt'> | undefined): Promise<ContractsSnapshot | undefined> {
  if (!manifest) return undefined;
  const bytes = await fs.promises.readFile(path.join(root, CONTRACTS_STATE_FILE)).catch(() => undefined);
  const snapshot = bytes && (await decodeSnapshot(bytes));
  return snapshot && snapshot.listedAt === manifest.contractsListedAt ? snapshot : undefined;
}

export async function writeContractsState(root: string, snapshot: ContractsSnapshot): Promise<void> {
  await writeAtomically(path.join(root, CONTRACTS_STATE_FILE), encodeSnapshot(snapshot));
}
