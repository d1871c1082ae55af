// A model of a Campfire list endpoint that changes between requests, and the "exact or loud"
// oracle over it: the property test in npm test and the bench's long run drive `paginate` against
// it for random histories. The model answers in-process (through a stand-in for the client's
// `getAndRead`, with the real page validation), so thousands of histories run in seconds, and
// fast-check's scheduler decides the order in which concurrent requests are answered, so any
// counterexample replays exactly.
import fc from 'fast-check';
import { z } from 'zod';
import type { CampfireClient, GetOptions } from '../../../src/api/client';
import { CampfireIncompleteError, CampfireSchemaError, type RequestTarget } from '../../../src/api/errors';
import { IdSet } from '../../../src/api/idSet';
import { paginate, type ListSummary } from '../../../src/api/pagination';

/** What the collection undergoes just before a request is answered. Positions wrap to the list's length. */
export type Change =
  | { kind: 'insert'; at: number }
  | { kind: 'delete'; at: number }
  | { kind: 'move'; from: number; to: number }
  /** Rows removed from the end until a third (or none, `keep` 0) is left. */
  | { kind: 'shrink'; keep: 0 | 3 };

/** How one response departs from a plain page. */
export type Answer = 'page' | 'empty' | 'repeat' | 'bareArray' | 'countZero' | 'countThird';

export interface History {
  initial: number;
  pageSize: number;
  /** The server sends at most this many rows, whatever `limit` asks (a DRF `max_limit`). */
  cap: number | undefined;
  /** The server ignores `limit` altogether and always sends this many. */
  fixedPage: number | undefined;
  concurrency: 1 | 4 | 8;
  /** `changes[i]` happens just before the i-th response. */
  changes: Change[][];
  answers: Answer[];
  /** When set, a first listing stops after this many rows and a second one continues it (Load more, Retry). */
  continueAfter: number | undefined;
}

export interface Outcome {
  /** Ids handed out, both listings together, in order. */
  delivered: number[];
  error: unknown;
  summary: ListSummary | undefined;
  requests: number;
}

const itemSchema = z.object({ id: z.number() });

class ModelServer {
  rows: number[];
  private nextId: number;
  readonly everExisted = new Set<number>();
  /** The ids present at every response so far: rows that existed for the whole listing. */
  persisting: Set<number> | undefined;
  readonly moved = new Set<number>();
  requests = 0;
  private lastBody: unknown;

  constructor(private readonly history: History) {
    this.rows = Array.from({ length: history.initial }, (_, i) => i + 1);
    this.nextId = history.initial + 1;
    for (const id of this.rows) this.everExisted.add(id);
  }

  answer(offset: number, limit: number): unknown {
    const n = this.requests++;
    // A listing that never ends is a failure of its own (far more requests than any history needs).
    if (n > 5_000) throw new Error(`more than 5,000 requests for a history of ${this.history.initial} rows`);
    for (const change of this.history.changes[n] ?? []) this.apply(change);
    const present = new Set(this.rows);
    this.persisting = this.persisting ? new Set([...this.persisting].filter((id) => present.has(id))) : present;
    // The very first `count` is all a listing has to go by: a lie there is not a change.
    const asked = this.history.answers[n] ?? 'page';
    const kind = n === 0 && (asked === 'countZero' || asked === 'countThird') ? 'page' : asked;
    if (kind === 'repeat' && this.lastBody !== undefined) return this.lastBody;
    const size = this.history.fixedPage ?? Math.min(limit, this.history.cap ?? limit);
    const results = kind === 'empty' ? [] : this.rows.slice(offset, offset + size).map((id) => ({ id }));
    if (kind === 'bareArray') return results;
    const count = kind === 'countZero' ? 0 : kind === 'countThird' ? Math.floor(this.rows.length / 3) : this.rows.length;
    this.lastBody = { count, next: null, previous: null, results };
    return this.lastBody;
  }

  private apply(change: Change): void {
    const rows = this.rows;
    if (change.kind === 'insert') {
      const id = this.nextId++;
      this.everExisted.add(id);
      rows.splice(change.at % (rows.length + 1), 0, id);
    } else if (rows.length === 0) {
      return;
    } else if (change.kind === 'delete') {
      rows.splice(change.at % rows.length, 1);
    } else if (change.kind === 'move') {
      const [id] = rows.splice(change.from % rows.length, 1) as [number];
      rows.splice(change.to % (rows.length + 1), 0, id);
      this.moved.add(id);
    } else {
      rows.length = change.keep === 0 ? 0 : Math.floor(rows.length / 3);
    }
  }
}

/** Lists the model's collection as the tree, the panel and exports do: one listing, or one continued by a second. */
export async function listAgainstModel(history: History, scheduler: fc.Scheduler | undefined, log?: string[]): Promise<Outcome & { server: ModelServer }> {
  const server = new ModelServer(history);
  const client = {
    scheduler: { maxConcurrent: history.concurrency },
    getAndRead<T>(get: GetOptions, read: (body: unknown, target: RequestTarget, status: number) => T): Promise<T> {
      const respond = () => {
        // A request the listing cancelled never reaches the server.
        if (get.signal?.aborted) throw new Error('aborted');
        const offset = Number(get.query?.offset ?? 0);
        const limit = Number(get.query?.limit ?? 0);
        const body = server.answer(offset, limit);
        log?.push(`GET offset=${offset} limit=${limit} -> ${JSON.stringify(body)} rows now ${server.rows.join(',')}`);
        get.onReceived?.();
        return read(structuredClone(body), { method: 'GET', path: get.path, endpoint: get.endpoint }, 200);
      };
      return scheduler ? scheduler.schedule(Promise.resolve(), `GET offset=${String(get.query?.offset)}`).then(respond) : Promise.resolve().then(respond);
    },
  } as unknown as CampfireClient;

  const delivered: number[] = [];
  const listed = new IdSet();
  let summary: ListSummary | undefined;
  let error: unknown;
  const request = { path: '/rr/api/v1/model', endpoint: 'model rows', itemSchema };
  const drain = async (startOffset: number, maxItems: number | undefined) => {
    const pages = paginate(client, request, { pageSize: history.pageSize, concurrency: history.concurrency, startOffset, maxItems, listed });
    for (;;) {
      const r = await pages.next();
      if (r.done) return r.value;
      for (const item of r.value.items) delivered.push(item.id);
    }
  };
  const run = async () => {
    try {
      if (history.continueAfter !== undefined) {
        await drain(0, history.continueAfter);
        summary = await drain(delivered.length, undefined);
      } else {
        summary = await drain(0, undefined);
      }
    } catch (e) {
      error = e;
    }
  };
  if (scheduler) await scheduler.waitFor(run());
  else await run();
  return { delivered, error, summary, requests: server.requests, server };
}

/**
 * "Exact or loud", as docs/ARCHITECTURE.md states it. Returns what is wrong, or
 * undefined. Always: no row twice, no row that never existed, and a failure that says how many
 * rows of how many. `rowsThroughout`: a listing that ends without an error also handed out every
 * row that existed for the whole listing (the histories `histories` makes with `exact: true`).
 */
export function judge(outcome: Outcome & { server: ModelServer }, rowsThroughout: boolean): string | undefined {
  const { delivered, error, server } = outcome;
  const seen = new Set<number>();
  for (const id of delivered) {
    if (seen.has(id)) return `row ${id} handed out twice`;
    if (!server.everExisted.has(id)) return `row ${id} never existed`;
    seen.add(id);
  }
  if (error !== undefined) {
    // Loud means it says in numbers how many rows of how many were read.
    if (error instanceof CampfireIncompleteError) return Number.isInteger(error.delivered) && Number.isInteger(error.expected) && error.message.includes(String(error.delivered)) ? undefined : `incomplete error without its numbers: ${error.message}`;
    if (error instanceof CampfireSchemaError) return undefined;
    return `not a loud listing error: ${error instanceof Error ? error.stack : JSON.stringify(error)}`;
  }
  if (!rowsThroughout) return undefined;
  const missing = [...(server.persisting ?? [])].filter((id) => !seen.has(id));
  if (missing.length > 0) return `complete without ${missing.length} row(s) that existed throughout: ${missing.slice(0, 5).join(', ')}`;
  return undefined;
}

const change: fc.Arbitrary<Change> = fc.oneof(
  { weight: 4, arbitrary: fc.nat(1000).map((at): Change => ({ kind: 'insert', at })) },
  { weight: 4, arbitrary: fc.nat(1000).map((at): Change => ({ kind: 'delete', at })) },
  { weight: 4, arbitrary: fc.tuple(fc.nat(1000), fc.nat(1000)).map(([from, to]): Change => ({ kind: 'move', from, to })) },
  { weight: 1, arbitrary: fc.constantFrom<Change>({ kind: 'shrink', keep: 0 }, { kind: 'shrink', keep: 3 }) },
);
const answer: fc.Arbitrary<Answer> = fc.oneof(
  { weight: 40, arbitrary: fc.constant<Answer>('page') },
  { weight: 1, arbitrary: fc.constantFrom<Answer>('empty', 'repeat', 'bareArray', 'countZero', 'countThird') },
);

/**
 * Random histories of three kinds (`changes`):
 * - 'insertDelete': rows added and removed anywhere, several at a time, the collection cut to a
 *   third or emptied, and every kind of odd answer; every row that existed throughout must be
 *   handed out (or the listing fails loudly), at any concurrency;
 * - 'oneAtATime': moves too, but one change between two responses and one request at a time;
 *   the same must hold, moved rows included;
 * - 'any': moves and several changes at once, at any concurrency. A row that moves ahead of the
 *   rows read while, in the same moment, a row before it is removed (or a row read moves behind
 *   it) leaves no trace that limit/offset paging can see; docs/ARCHITECTURE.md states that limit. What
 *   must still hold: no row twice, no row that never existed, a failure with its numbers.
 */
export function histories(options: { concurrency: 1 | 4 | 8; continued: boolean; changes: 'insertDelete' | 'oneAtATime' | 'any' }): fc.Arbitrary<History> {
  const kinds = options.changes === 'insertDelete' ? change.filter((c) => c.kind !== 'move') : change;
  return fc.record({
    initial: fc.integer({ min: 0, max: 80 }),
    pageSize: fc.integer({ min: 2, max: 12 }),
    cap: fc.option(fc.integer({ min: 2, max: 12 }), { nil: undefined, freq: 3 }),
    fixedPage: fc.option(fc.integer({ min: 2, max: 15 }), { nil: undefined, freq: 8 }),
    concurrency: fc.constant(options.changes === 'oneAtATime' ? 1 : options.concurrency),
    changes: fc.array(fc.array(kinds, { maxLength: options.changes === 'oneAtATime' ? 1 : 4 }), { maxLength: 60 }),
    answers: fc.array(answer, { maxLength: 60 }),
    continueAfter: options.continued ? fc.integer({ min: 1, max: 40 }) : fc.constant(undefined),
  });
}
