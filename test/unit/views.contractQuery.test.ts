import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Contract } from '../../src/api/schemas/contract';
import { applyQuery, comparableValue, compareContracts, currencyGroups, describeFilter, matchesFilter, normalizeFilter, parseSavedQuery, valueGroups } from '../../src/model/contractQuery';
import { contractUrl } from '../../src/ui/contractUrl';
import { formatMoney, formatMoneyBySymbol, formatMoneyOf, formatDateRange, percentUsed } from '../../src/ui/format';
// The tree's, the webview's and the shared count format are one function, each side setting its locale.
import { formatCount, formatCount as sharedFormatCount, formatCount as webviewFormatCount, useDisplayLocale } from '../../src/shared/countFormat';

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

describe('contract sort by value across currencies', () => {
  // Priced in its own currency, booked in its entity's; exchange_rate converts the first into the second.
  const usd = (id: number, v: number) => c(id, { total_contract_value: v, currency: 'USD', entity_currency: 'USD', exchange_rate: 1 });
  const jpy = (id: number, v: number, rate: number | null) => c(id, { total_contract_value: v, currency: 'JPY', entity_currency: 'USD', exchange_rate: rate });
  const eur = (id: number, v: number) => c(id, { total_contract_value: v, currency: 'EUR', entity_currency: 'EUR', exchange_rate: 1.08 });
  const byValue = (rows: Contract[], descending = true) => applyQuery(rows, undefined, { by: 'value', descending }).map((x) => x.id);

  it('compares a yen contract by its value in the entity currency, not as a bare number', () => {
    // ¥352.9M at 0.0067 is about $2.36M: below $2.4M, above $1M.
    const rows = [jpy(1, 352_900_000, 0.0067), usd(2, 2_400_000), usd(3, 1_000_000)];
    assert.deepEqual(byValue(rows), [2, 1, 3]);
    assert.deepEqual(byValue(rows, false), [3, 1, 2]);
    const v = comparableValue(rows[0] as Contract);
    assert.equal(v?.inCurrency, 'USD');
    assert.equal(v.rate, 0.0067);
    assert.ok(Math.abs(v.compared - 2_364_430) < 1);
  });

  it('without a rate, sorts within currency groups, the largest group first, and never across them', () => {
    const rows = [jpy(1, 352_900_000, null), usd(2, 2_400_000), usd(3, 10), jpy(4, 1_000, null), usd(5, 500)];
    const groups = valueGroups(rows);
    assert.deepEqual(groups, { currencies: ['USD', 'JPY'], missingRate: 2 });
    assert.deepEqual(byValue(rows), [2, 5, 3, 1, 4], 'USD group (descending), then the JPY group (descending)');
    assert.deepEqual(byValue(rows, false), [3, 5, 2, 4, 1], 'the groups keep their order, each ascending');
    assert.equal(comparableValue(rows[0] as Contract)?.missingRate, true);
  });

  it('treats a zero, negative or non-finite rate as missing', () => {
    for (const rate of [0, -1, Number.NaN]) assert.equal(comparableValue(jpy(1, 100, rate))?.missingRate, true);
  });

  it('keeps entities in different currencies apart: EUR-booked contracts are not compared with USD-booked ones', () => {
    const rows = [eur(1, 3_000_000), usd(2, 100), usd(3, 200), eur(4, 5)];
    assert.deepEqual(valueGroups(rows).currencies, ['EUR', 'USD'], 'equal group sizes: by code');
    assert.deepEqual(byValue(rows), [1, 4, 3, 2]);
    assert.equal(comparableValue(rows[0] as Contract)?.rate, undefined, 'same currency as the entity: no rate used');
  });

  it('defaults missing currencies to USD as Campfire does, and breaks ties by id', () => {
    const rows = [c(9, { total_contract_value: 100 }), usd(3, 100), c(4, { total_contract_value: 100, currency: 'usd' }), c(1, { total_contract_value: null })];
    assert.deepEqual(byValue(rows), [3, 4, 9, 1], 'ties by id; no value last');
    assert.deepEqual(byValue(rows, false), [3, 4, 9, 1]);
    assert.deepEqual(valueGroups(rows), { currencies: ['USD'], missingRate: 0 });
  });
});

describe('the filter and sort saved with the workspace', () => {
  it('reads back what was saved, and drops what is not of its shape', () => {
    assert.deepEqual(parseSavedQuery({ filter: { text: 'acme', statuses: ['ACTIVE'] }, sort: { by: 'value', descending: false } }), {
      filter: { text: 'acme', statuses: ['ACTIVE'] },
      sort: { by: 'value', descending: false },
    });
    assert.deepEqual(parseSavedQuery({ sort: { by: 'name' } }), { sort: { by: 'name', descending: false } }, 'the default direction');
    assert.deepEqual(parseSavedQuery({ filter: { text: '  ', statuses: [] }, sort: { by: 'drop table' } }), {});
    assert.deepEqual(parseSavedQuery({ filter: { text: 5, statuses: ['ACTIVE', 7] } }), { filter: { statuses: ['ACTIVE'] } });
    for (const junk of [undefined, null, 'x', 42, []]) assert.deepEqual(parseSavedQuery(junk), {});
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
    const pageLocale = (globalThis as { navigator?: { language: string } }).navigator?.language;
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

describe('currency groups of a sort by value', () => {
  const v = (id: number, value: number | null, currency: string, entity = currency, rate?: number) =>
    c(id, { total_contract_value: value, currency, entity_currency: entity, ...(rate !== undefined ? { exchange_rate: rate } : {}) });

  it('runs of one compared currency, each with its count, converted subtotal and first contract', () => {
    const sorted = applyQuery([v(1, 10, 'USD'), v(2, 1000, 'JPY', 'USD', 0.5), v(3, 7, 'EUR'), v(4, null, 'USD')], undefined, { by: 'value', descending: true });
    assert.deepEqual(currencyGroups(sorted), [
      { currency: 'USD', count: 2, total: 510, firstId: 2 },
      { currency: 'EUR', count: 1, total: 7, firstId: 3 },
      { currency: undefined, count: 1, total: 0, firstId: 4 },
    ]);
  });

  it('nothing to group in an empty list', () => {
    assert.deepEqual(currencyGroups([]), []);
  });
});

describe('amounts in tree rows', () => {
  it('write the symbol alone, which names one currency in these formats', () => {
    assert.equal(formatMoneyBySymbol(108_500, 'USD', true), '$108.5K');
    assert.equal(formatMoneyBySymbol(1200, 'CAD', true), 'CA$1.2K');
    assert.equal(formatMoneyBySymbol(2_000_000, 'EUR', true), '€2M');
    assert.equal(formatMoneyBySymbol(12, 'XYZ1'), '12 XYZ1', 'not an ISO code: the code stays');
  });
});
