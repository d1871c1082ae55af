// "Exact or loud" as a property: random histories of a server that inserts, removes and moves
// rows, shrinks, caps or ignores `limit`, repeats a page, sends an empty one, lies about `count` or
// answers in another shape between any two requests, at 1, 4 and 8 requests at once, for a fresh
// listing and for one that continues an earlier one. Every history must end with every row that
// existed throughout handed out exactly once, or with an error that says how many rows of how
// many. The bench runs the same property over many more histories (bench/README.md).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { histories, judge, listAgainstModel, type History } from './support/listingModel';

const RUNS = 150;

describe('paginate: exact or loud over random histories', () => {
  for (const concurrency of [1, 4, 8] as const) {
    for (const continued of [false, true]) {
      const name = `${continued ? 'a continued listing' : 'a fresh listing'}, ${concurrency} request${concurrency > 1 ? 's' : ''} at once`;
      it(`${name}: rows added and removed between requests, every row that stayed is handed out once`, async () => {
        await fc.assert(
          fc.asyncProperty(histories({ concurrency, continued, changes: 'insertDelete' }), fc.scheduler(), async (history, s) => {
            assert.equal(judge(await listAgainstModel(history, s), true), undefined);
          }),
          { numRuns: RUNS },
        );
      });
      it(`${name}: rows also moved, several at once: nothing twice, nothing invented, failures in numbers`, async () => {
        await fc.assert(
          fc.asyncProperty(histories({ concurrency, continued, changes: 'any' }), fc.scheduler(), async (history, s) => {
            assert.equal(judge(await listAgainstModel(history, s), false), undefined);
          }),
          { numRuns: RUNS / 3 },
        );
      });
    }
  }
  for (const continued of [false, true]) {
    it(`${continued ? 'a continued listing' : 'a fresh listing'}, one change at a time: a row that moves ahead of the cursor is still handed out`, async () => {
      await fc.assert(
        fc.asyncProperty(histories({ concurrency: 1, continued, changes: 'oneAtATime' }), fc.scheduler(), async (history, s) => {
          assert.equal(judge(await listAgainstModel(history, s), true), undefined);
        }),
        { numRuns: RUNS },
      );
    });
  }

  it('is not loud for nothing: a collection that does not change lists exactly, capped or not', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({ initial: fc.integer({ min: 0, max: 80 }), pageSize: fc.integer({ min: 1, max: 12 }), cap: fc.option(fc.integer({ min: 1, max: 12 }), { nil: undefined }), concurrency: fc.constantFrom<1 | 4 | 8>(1, 4, 8), continueAfter: fc.option(fc.integer({ min: 1, max: 40 }), { nil: undefined }) }),
        fc.scheduler(),
        async (h, s) => {
          const history: History = { ...h, fixedPage: undefined, changes: [], answers: [] };
          const outcome = await listAgainstModel(history, s);
          assert.equal(outcome.error, undefined);
          assert.deepEqual(outcome.delivered, Array.from({ length: h.initial }, (_, i) => i + 1));
        },
      ),
      { numRuns: RUNS },
    );
  });
});
