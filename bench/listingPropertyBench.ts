// The "exact or loud" property over many more random histories than npm test runs: the same model
// server and oracle (test/unit/support/listingModel.ts), a fixed seed so the run can be repeated,
// and the count of histories, silent losses and loud endings written to bench/README.md.
import fc from 'fast-check';
import { histories, judge, listAgainstModel } from '../test/unit/support/listingModel';
import { round, type BenchFigure } from './measure';

export const LISTING_PROPERTY_SEED = 2026;
const RUNS_PER_KIND = 1_000;

export const LISTING_PROPERTY_SECTION = {
  title: 'Exact or loud over random histories',
  what: `The pagination property of docs/ARCHITECTURE.md ("Listings: exact or loud"), run long: ${RUNS_PER_KIND.toLocaleString('en-US')} random histories for each of 14 kinds (inserts and removals, with moves, and one change at a time with moves; fresh and continued listings; 1, 4 and 8 requests at once), fast-check seed ${LISTING_PROPERTY_SEED}. A silent loss is a listing that ended without an error while a row that the history's kind promises was not handed out, or a row handed out twice or never in the collection.`,
};

export async function runListingPropertyBench(): Promise<BenchFigure[]> {
  let runs = 0;
  let silent = 0;
  let loud = 0;
  let rows = 0;
  const started = Date.now();
  const kinds: { concurrency: 1 | 4 | 8; continued: boolean; changes: 'insertDelete' | 'oneAtATime' | 'any' }[] = [];
  for (const concurrency of [1, 4, 8] as const) {
    for (const continued of [false, true]) {
      kinds.push({ concurrency, continued, changes: 'insertDelete' }, { concurrency, continued, changes: 'any' });
    }
  }
  for (const continued of [false, true]) kinds.push({ concurrency: 1, continued, changes: 'oneAtATime' });
  for (const [i, kind] of kinds.entries()) {
    const details = await fc.check(
      fc.asyncProperty(histories(kind), fc.scheduler(), async (history, s) => {
        const outcome = await listAgainstModel(history, s);
        runs++;
        rows += outcome.delivered.length;
        if (outcome.error !== undefined) loud++;
        const wrong = judge(outcome, kind.changes !== 'any');
        if (wrong) silent++;
        return wrong === undefined;
      }),
      { numRuns: RUNS_PER_KIND, seed: LISTING_PROPERTY_SEED + i, endOnFailure: true },
    );
    if (details.failed) console.error(`counterexample (kind ${JSON.stringify(kind)}): ${JSON.stringify(details.counterexample?.[0])}`);
  }
  return [
    { name: 'random histories listed', value: runs, unit: 'histories', target: '≥ 10,000', ok: runs >= 10_000 },
    { name: 'silent losses', value: silent, unit: 'histories', target: '0', ok: silent === 0 },
    { name: 'histories that ended loudly (an error with its numbers)', value: loud, unit: 'histories' },
    { name: 'rows handed out and checked', value: rows, unit: 'rows' },
    { name: 'time for the whole run', value: round((Date.now() - started) / 1000), unit: 's' },
  ];
}
