import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Contract } from '../../src/api/schemas/contract';
import { applyQuery, compareContracts, describeFilter, matchesFilter, normalizeFilter } from '../../src/model/contractQuery';
import { contractUrl } from '../../src/ui/contractUrl';
import { formatCount as sharedFormatCount } from '../../src/shared/format';
import { formatCount, formatMoney, formatMoneyOf, formatDateRange, percentUsed, useDisplayLocale } from '../../src/ui/format';
import { formatCount as webviewFormatCount } from '../../src/webview/model/columns';

const c = (id: number, over: Partial<Contract>): Contract =>
  ({ id, deal_name: null, client_name: '', last_modified_at: '2025-01-01T00:00:00Z', ...over }) as Contract;

describe('contract filter', () => {
  const acme = c(1042, { deal_name: 'Acme Enterprise 2025', client_name: 'Acme Corp', status: 'ACTIVE' });
  const globex = c(7, { deal_name: 'Renewal', client_name: 'Globex', status: 'PENDING' });
  const odd = c(8, { deal_name: null, client_name: 'Initech', status: 'ON_HOLD' });

  it('matches deal name, client and id, case-insensitively', () => {
    assert.equal(matchesFilter(acme, { text: 'enterprise' }), true);
    assert.equal(matchesFilter(acme, { text: 'ACME CORP' }), true);
    assert.equal(matchesFilter(acme, { text: '#1042' }), true);
    assert.equal(matchesFilter(globex, { text: 'acme' }), false);
  });

  it('keeps only the chosen statuses, unknown ones included', () => {
    assert.deepEqual(
      applyQuery([acme, globex, odd], { statuses: ['PENDING', 'ON_HOLD'] }, undefined).map((x) => x.id),
      [7, 8],
    );
  });

  it('treats an empty filter as no filter', () => {
    assert.equal(normalizeFilter({ text: '  ', statuses: [] }), undefined);
    assert.equal(describeFilter({ text: 'acme', statuses: ['ACTIVE'] }), '“acme” · ACTIVE');
  });
});

describe('contract sort', () => {
  const rows = [
    c(1, { deal_name: 'beta', total_contract_value: 10, contract_start_date: '2024-05-01' }),
    c(2, { deal_name: 'Alpha', total_contract_value: null, contract_start_date: null }),
    c(3, { deal_name: 'gamma', total_contract_value: 300, contract_start_date: '2023-01-01' }),
  ];

  it('sorts names A→Z ignoring case', () => {
    assert.deepEqual([...rows].sort(compareContracts({ by: 'name', descending: false })).map((x) => x.id), [2, 1, 3]);
  });

  it('puts contracts without a value or date last in either direction', () => {
    assert.deepEqual([...rows].sort(compareContracts({ by: 'value', descending: true })).map((x) => x.id), [3, 1, 2]);
    assert.deepEqual([...rows].sort(compareContracts({ by: 'value', descending: false })).map((x) => x.id), [1, 3, 2]);
    assert.deepEqual([...rows].sort(compareContracts({ by: 'startDate', descending: true })).map((x) => x.id), [1, 3, 2]);
  });
});

describe('formatting', () => {
  it('always shows the currency code next to the amount', () => {
    assert.equal(formatMoney(1234567.5, 'USD'), '$1,234,567.50 USD');
    assert.equal(formatMoney(1234567.5, 'usd', true), '$1.2M USD');
    assert.equal(formatMoney(12, 'XYZ1'), '12 XYZ1');
    assert.equal(formatMoney(null, 'USD'), '—');
    assert.equal(formatMoneyOf(15000, 50000, 'USD', true), '$15K of $50K USD');
  });

  it('describes terms and usage', () => {
    assert.equal(formatDateRange('2025-03-01', '2026-02-28'), 'Mar 1, 2025 → Feb 28, 2026');
    assert.equal(formatDateRange('2025-03-01', null, true), 'from Mar 1, 2025 (evergreen)');
    assert.equal(percentUsed(200, 50), 75);
    assert.equal(percentUsed(0, 0), undefined);
  });

  it('writes counts one way, tree and usage-events webview alike, in the locale each side is given', () => {
    assert.equal(sharedFormatCount(1234567, 'en-US'), '1,234,567');
    assert.equal(sharedFormatCount(1234567, 'de-DE'), '1.234.567');
    assert.equal(sharedFormatCount(1234.5, 'en-US'), '1,234.5');
    assert.equal(sharedFormatCount(12345, 'not a locale!'), sharedFormatCount(12345, undefined), 'a tag Intl refuses: the runtime default');
    try {
      // The extension sets VS Code's display language once; the tree's counts follow it.
      useDisplayLocale('de-DE');
      assert.equal(formatCount(1234567), '1.234.567');
    } finally {
      useDisplayLocale(undefined);
    }
    const pageLocale = typeof navigator === 'undefined' ? undefined : navigator.language;
    assert.equal(webviewFormatCount(1234567), sharedFormatCount(1234567, pageLocale), 'the webview: the page’s locale');
  });
});

describe('Open in Campfire URL', () => {
  it('fills the contract id into the template', () => {
    assert.equal(contractUrl('', { contractId: 12 }), 'https://app.meetcampfire.com/v2/revenue/contracts/12');
    assert.equal(contractUrl('https://x.example/c/{contractId}/commits/{commitId}', { contractId: 1, commitId: 2 }), 'https://x.example/c/1/commits/2');
  });

  it('refuses templates that are not https or have no id', () => {
    assert.equal(contractUrl('http://x.example/{id}', { contractId: 1 }), undefined);
    assert.equal(contractUrl('https://x.example/contracts', { contractId: 1 }), undefined);
    assert.equal(contractUrl('javascript:alert({id})', { contractId: 1 }), undefined);
  });
});
