// The reconciliation report as people read it: a summary table, a section per commit with its checks,
// the lines that differ with signed amounts, its months; server text inert.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { reconcileCommit, type CommitRecord, type LedgerRow } from '../../src/reconcile/checks';
import { reconciliationJson, reconciliationMarkdown } from '../../src/reconcile/report';
import { UsageEventColumns } from '../../src/usageEvents/protocol/cellColumns';
import { fieldIndex, toUsageEventRow } from '../../src/usageEvents/protocol/usageEventRow';
import { consumedRow } from './support/ledgerRows';

const row = (id: number, month: string, gross: number, before: number): LedgerRow => consumedRow(id, month, gross, before);

function commitResult(commit: CommitRecord, ledger: LedgerRow[], revenues: [string, number, number | null][]) {
  const columns = new UsageEventColumns(fieldIndex('period_month'));
  columns.append(revenues.map(([month, revenue, consumption], i) => toUsageEventRow({ id: i + 1, period_month: `${month}-01`, consumption, created_at: null, total_revenue_dollars: revenue, total_events: 1 })));
  return reconcileCommit({ commit, ledger: { ok: true, value: ledger }, events: { ok: true, value: columns } });
}

describe('the reconciliation report', () => {
  const good = commitResult({ id: 11, contract: 1, name: 'Good', currency: 'USD', total_value: 100, remaining_value: 70 }, [row(1, '2025-01', 30, 100)], [['2025-01', 30, 1], ['2025-02', 5, null]]);
  const bad = commitResult(
    { id: 12, contract: 1, name: 'Evil | [link](https://x.example) \u202e', currency: 'EUR', total_value: 100, remaining_value: 60 },
    [row(2, '2025-01', 40, 100)],
    [['2025-01', 39.99, 2]],
  );

  it('sums up the contract, then a section per commit with its checks, differences and months', () => {
    const md = reconciliationMarkdown({ contractId: 1, verdict: 'differs', commits: [good, bad] }, 'Acme 2025');
    assert.ok(md.startsWith('# Reconciliation of Acme 2025 (contract 1)\n\n✗ 1 of 2 commits do not reconcile.\n'), md.slice(0, 200));
    assert.equal(md.match(/^## /gm)?.length, 2);
    assert.equal(md.match(/^\| Check \| Result \|$/gm)?.length, 2);
    assert.ok(md.includes('| Events against the ledger | row 2 (2025-01): gross_usage_amount ← revenue of the one event naming it | 40.00 | 39.99 | -0.01 | ✗ differs |'), md);
    assert.ok(md.includes('| 2025-02 | — | 1 | 5.00 | — | — | — | 0.00 | open (not rolled up yet) |'), md);
    assert.ok(md.includes('| Ledger chain | ✓ agrees |'));
  });

  it('makes server text inert: no link, no broken table, no bidi override', () => {
    const md = reconciliationMarkdown({ contractId: 1, verdict: 'differs', commits: [bad] });
    assert.ok(!md.includes('[link]('), 'no link');
    assert.ok(!md.includes('\u202e'), 'no bidi override');
    assert.ok(md.includes('Evil \\| \\[link\\]\\(https\\://x\\.example\\)'), md.slice(0, 600));
    // Every table row has as many cells as its header.
    for (const block of md.split('\n\n').filter((b) => b.startsWith('| '))) {
      const cells = block.trim().split('\n').map((l) => l.replace(/\\\|/g, '').split('|').length);
      assert.ok(cells.every((c) => c === cells[0]), block);
    }
  });

  it('says when a contract has no commits', () => {
    assert.equal(reconciliationMarkdown({ contractId: 9, verdict: 'agrees', commits: [] }), '# Reconciliation of contract 9\n\nThis contract has no prepaid commits.\n');
  });

  it('gives JSON with amounts as exact decimal strings', () => {
    const parsed = JSON.parse(reconciliationJson({ contractId: 1, verdict: 'differs', commits: [bad] })) as { commits: { eventsAgainstLedger: { lines: { revenue: { difference: string } }[] } }[] };
    assert.equal(parsed.commits[0]?.eventsAgainstLedger.lines[0]?.revenue.difference, '-0.01');
  });
});
