// campfire-export reconcile: the built dist/cli.js run against the local Campfire server, whose
// ledgers are derived from its events except in the commits with planted discrepancies.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { CommitReconciliation, ContractReconciliation, EventLine } from '../../src/reconcile/checks';
import { SampleDataset, type CommitRef } from '../../src/sampleServer/dataset';
import { PLANTED_MONTH, type Planted } from '../../src/sampleServer/ledger';
import { startSampleServer, type SampleServer } from '../../src/sampleServer/server';
import { consumptionId, strayConsumptionId } from '../../src/sampleServer/usageEvents';
import { runCli as run } from './support/cliProcess';
import { json, startInlineServer } from './support/inlineServer';

const KEY = 'cli-reconcile-key';

describe('campfire-export reconcile', () => {
  let server: SampleServer;
  let env: Record<string, string>;

  before(async () => {
    server = await startSampleServer({ token: KEY, seed: 4 });
    env = { CAMPFIRE_API_TOKEN: KEY, CAMPFIRE_BASE_URL: server.url };
  });
  after(() => server.close());

  const planted = (kind: Planted): CommitRef => {
    const ref = server.dataset.wellKnown.discrepancies[kind];
    assert.ok(ref, `the sample data plants ${kind}`);
    return ref;
  };
  const reconcileJson = async (contractId: number, commitId?: number) => {
    const r = await run(['reconcile', '--contract', String(contractId), ...(commitId === undefined ? [] : ['--commit', String(commitId)]), '--format', 'json', '--quiet'], env);
    return { ...r, report: r.stdout ? (JSON.parse(r.stdout) as ContractReconciliation) : undefined };
  };
  const only = (report: ContractReconciliation | undefined): CommitReconciliation => {
    assert.equal(report?.commits.length, 1);
    return report.commits[0] as CommitReconciliation;
  };

  it('--help documents reconcile and its exit codes', async () => {
    const r = await run(['--help']);
    assert.equal(r.code, 0);
    for (const s of ['campfire-export reconcile --contract ID [--commit ID] [--format md|json]', '6 differs (reconcile)', '7 not checked (reconcile)']) assert.ok(r.stdout.includes(s), s);
  });

  it('exits 0 with a Markdown report when every commit of a contract reconciles', async () => {
    const ds = server.dataset;
    const plantedContracts = new Set(Object.values(ds.wellKnown.discrepancies).map((c) => c.contractId));
    // A contract of several commits with events, none planted, not the million-event one.
    const contract = ds.contracts().find((c) => !plantedContracts.has(c.id) && c.id !== ds.wellKnown.contractWithManyCommits && ds.prepaidCommits(c.id).length >= 2);
    assert.ok(contract);
    const r = await run(['reconcile', '--contract', String(contract.id)], env);
    assert.equal(r.code, 0, r.stderr);
    const n = ds.prepaidCommits(contract.id).length;
    assert.ok(r.stdout.startsWith(`# Reconciliation of contract ${contract.id}\n`), r.stdout.slice(0, 200));
    assert.ok(r.stdout.includes(`✓ All ${n} commits reconcile.`), r.stdout.slice(0, 400));
    // A table per commit.
    for (const commit of ds.prepaidCommits(contract.id)) assert.ok(r.stdout.includes(`(commit ${commit.id}): ✓ agrees`), String(commit.id));
    assert.match(r.stderr, new RegExp(`${n} commits reconciled in [0-9.]+ s: ${n} agree, 0 differ, 0 could not be checked in full`));
  });

  it('finds the balance break: exit 6, the chain differs by +100.00 at the planted row', async () => {
    const { contractId, commitId } = planted('balanceBreak');
    const r = await reconcileJson(contractId, commitId);
    assert.equal(r.code, 6, r.stderr);
    const c = only(r.report);
    assert.equal(c.verdict, 'differs');
    const differing = c.ledgerChain.lines.filter((l) => l.verdict === 'differs');
    assert.deepEqual(differing.map((l) => [l.kind, l.rowId, l.difference]), [['link', consumptionId(commitId, PLANTED_MONTH), '100']]);
    for (const check of [c.ledgerRows, c.eventsAgainstLedger, c.periods]) assert.equal(check.differing, 0, check.check);
  });

  it('finds the rounding cent: the row’s gross is 0.01 more than its events, in the row and in its month', async () => {
    const { contractId, commitId } = planted('roundingCent');
    const r = await reconcileJson(contractId, commitId);
    assert.equal(r.code, 6, r.stderr);
    const c = only(r.report);
    const rows = c.eventsAgainstLedger.lines.filter((l): l is Extract<EventLine, { kind: 'row' }> => l.kind === 'row' && l.verdict === 'differs');
    assert.deepEqual(rows.map((l) => [l.rowId, l.revenue.difference]), [[consumptionId(commitId, PLANTED_MONTH), '-0.01']]);
    assert.deepEqual(c.periods.lines.filter((l) => l.verdict === 'differs').map((l) => l.difference), ['-0.01']);
    assert.equal(c.ledgerChain.verdict, 'agrees');
    assert.equal(c.ledgerRows.differing, 0);
  });

  it('finds the event pointing at no row of the ledger', async () => {
    const { contractId, commitId } = planted('strayEvent');
    const r = await reconcileJson(contractId, commitId);
    assert.equal(r.code, 6, r.stderr);
    const c = only(r.report);
    const stray = c.eventsAgainstLedger.lines.filter((l) => l.verdict === 'differs');
    assert.equal(stray.length, 1);
    const line = stray[0];
    assert.ok(line?.kind === 'unknownRow');
    assert.equal(line.consumption, strayConsumptionId(commitId));
    assert.equal(line.rows, 1);
    // The month holds the event; its row does not.
    const month = c.periods.lines.filter((l) => l.verdict === 'differs');
    assert.deepEqual(month.map((l) => l.difference), [line.revenue]);
  });

  it('finds the missing month: events of a closed month naming no row, and no row covering it', async () => {
    const { contractId, commitId } = planted('missingMonth');
    const r = await reconcileJson(contractId, commitId);
    assert.equal(r.code, 6, r.stderr);
    const c = only(r.report);
    const noRow = c.eventsAgainstLedger.lines.filter((l) => l.kind === 'noRow' && !l.open);
    assert.equal(noRow.length, 1);
    const gap = c.periods.lines.filter((l) => l.verdict === 'differs');
    assert.equal(gap.length, 1);
    assert.deepEqual([gap[0]?.rowIds, gap[0]?.ledgerGross, gap[0]?.open], [[], null, false]);
    assert.equal(c.ledgerChain.verdict, 'agrees', 'the ledger skips the month but chains');
    // The month after the last row is open, not a difference.
    assert.ok(c.periods.lines.some((l) => l.open && l.verdict === 'agrees'));
  });

  it('reports a commit whose ledger cannot be listed exactly as not checked: exit 7, with the numbers', async () => {
    const ds = new SampleDataset({ seed: 4, contracts: 10, hostile: false });
    const { contractId, commitId } = ds.wellKnown.commitWithNoEvents;
    const commit = ds.prepaidCommit(contractId, commitId);
    const ledger = ds.consumption(contractId, commitId);
    assert.ok(commit && ledger.length > 0);
    // The ledger's count says one row more than any page ever brings.
    const inline = await startInlineServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://x');
      if (url.pathname.endsWith(`/prepaid-commits/${commitId}`)) return json(res, 200, commit);
      if (url.pathname.endsWith('/consumption')) return json(res, 200, { count: ledger.length + 1, next: null, previous: null, results: ledger.slice(Number(url.searchParams.get('offset') ?? 0)) });
      if (url.pathname.endsWith('/usage-events')) return json(res, 200, { count: 0, next: null, previous: null, results: [] });
      json(res, 404, { detail: 'Not found.' });
    });
    try {
      const r = await run(['reconcile', '--contract', String(contractId), '--commit', String(commitId), '--quiet'], { ...env, CAMPFIRE_BASE_URL: inline.url });
      assert.equal(r.code, 7, r.stderr);
      assert.ok(r.stdout.includes('? cannot be checked: the consumption ledger could not be listed exactly: Incomplete: read'), r.stdout);
      assert.ok(r.stdout.includes(`of ${ledger.length + 1} rows`), r.stdout);
    } finally {
      await inline.close();
    }
  });

  it('refuses a call without --contract, or with an export format (exit 2)', async () => {
    const none = await run(['reconcile'], env);
    assert.equal(none.code, 2);
    assert.match(none.stderr, /reconcile needs --contract ID/);
    const csv = await run(['reconcile', '--contract', '1', '--format', 'csv'], env);
    assert.equal(csv.code, 2);
    assert.match(csv.stderr, /--format for reconcile must be md or json, got "csv"/);
  });
});
