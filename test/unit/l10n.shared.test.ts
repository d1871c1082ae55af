// The layers that also run without VS Code (api, resources, export) say what a user reads through
// @vscode/l10n: English as written until a bundle is loaded (campfire-export never loads one), the
// bundle's translation once the extension hands it VS Code's (src/core/sharedL10n.ts), with the
// values filled in and never read as text to translate. Labels and summaries of the resources are
// read when shown, so a bundle loaded after those modules (on activation) still applies.
import * as l10n from '@vscode/l10n';
import assert from 'node:assert/strict';
import Module from 'node:module';
import { afterEach, describe, it } from 'node:test';
import { parseBaseUrl } from '../../src/api/baseUrl';
import { CampfireAuthError, CampfireIncompleteError, CampfireNoApiKeyError, CampfireSchemaError, type RequestTarget } from '../../src/api/errors';
import { describeReceived } from '../../src/api/validate';
import { otherDataKeysNote } from '../../src/export/csvSpool';
import { FORMATS } from '../../src/export/formats';
import { contracts, prepaidCommits, usageEvents } from '../../src/resources';
import { withVscodeStub } from './support/vscodeStub';

const target: RequestTarget = { method: 'GET', path: '/rr/api/v1/contracts', endpoint: 'contracts' };

/** A bundle as VS Code hands it over: English source text → translation. */
const GERMAN: Record<string, string> = {
  'Campfire rejected the API key (401)': 'Campfire hat den API-Schlüssel abgelehnt (401)',
  '{0}: {1} — {2}': '{0}: {1} — {2}',
  'No Campfire API key is set. Sign in to Campfire first.': 'Es ist kein Campfire-API-Schlüssel gesetzt. Melden Sie sich zuerst an.',
  'Incomplete: read {0} of {1} rows of {2}: {3}': 'Unvollständig: {0} von {1} Zeilen von {2} gelesen: {3}',
  '{0} of {1} {2}': '{0} von {1} {2}',
  'contract': 'Vertrag',
  'contracts': 'Verträge',
  'Contracts': 'Verträge',
  'prepaid commits': 'Prepaid-Commits',
  'usage events': 'Nutzungsereignisse',
  'prepaid commit': 'Prepaid-Commit',
  'the agreements revenue is recognized under': 'die Verträge, unter denen Umsatz erfasst wird',
  'JSON array': 'JSON-Array',
  '{0} must not contain a user name or password.': '{0} darf keinen Benutzernamen und kein Kennwort enthalten.',
  'nothing (field missing)': 'nichts (Feld fehlt)',
  '{0} data keys beyond the first {1} are in the "{2}" column, as JSON': '{0} data-Schlüssel nach den ersten {1} stehen als JSON in der Spalte „{2}“',
};

describe('shared layers: messages in the user’s language', () => {
  afterEach(() => l10n.config({ contents: {} }));

  it('are English as written while no bundle is loaded (campfire-export, a window in English)', () => {
    assert.equal(new CampfireAuthError(target, 'bad key').message, 'Campfire rejected the API key (401): bad key — contracts (GET /rr/api/v1/contracts)');
    assert.equal(new CampfireIncompleteError('contracts', 5, 9, 'stopped', 100).message, 'Incomplete: read 5 of 9 rows of contracts after the first 100: stopped');
    assert.equal(
      new CampfireSchemaError(target, [
        { path: 'results[0].id', expected: 'number', received: 'string "x"' },
        { path: 'results[1].id', expected: 'number', received: 'null' },
      ]).message,
      'Campfire sent data this extension does not understand — contracts (GET /rr/api/v1/contracts): results[0].id: expected number, received string "x" (and 1 more)',
    );
    assert.deepEqual(contracts.label, { one: 'contract', many: 'contracts', title: 'Contracts' });
    assert.equal(FORMATS.json.label, 'JSON array');
    assert.equal(otherDataKeysNote(1234, 'en-US'), '1,234 data keys beyond the first 1,000 are in the "data (other keys)" column, as JSON');
  });

  it('come from the bundle once one is loaded, with their values filled in', () => {
    l10n.config({ contents: GERMAN });
    assert.equal(new CampfireNoApiKeyError().message, 'Es ist kein Campfire-API-Schlüssel gesetzt. Melden Sie sich zuerst an.');
    assert.equal(new CampfireAuthError(target, 'bad key').message, 'Campfire hat den API-Schlüssel abgelehnt (401): bad key — contracts (GET /rr/api/v1/contracts)');
    assert.equal(new CampfireIncompleteError('Verträge', 5, 9, 'stopped').message, 'Unvollständig: 5 von 9 Zeilen von Verträge gelesen: stopped');
    assert.throws(() => parseBaseUrl('https://me:secret@example.com'), { message: 'campfire.baseUrl darf keinen Benutzernamen und kein Kennwort enthalten.' });
    assert.equal(describeReceived(false, undefined), 'nichts (Feld fehlt)');
    assert.equal(otherDataKeysNote(1234, 'de'), '1.234 data-Schlüssel nach den ersten 1.000 stehen als JSON in der Spalte „data (other keys)“');
    assert.equal(FORMATS.json.label, 'JSON-Array');
    assert.equal(FORMATS.json.extension, 'json');
  });

  it('reads the resources’ labels and summaries when they are shown, so a bundle loaded after the modules applies', () => {
    l10n.config({ contents: GERMAN });
    assert.deepEqual(contracts.label, { one: 'Vertrag', many: 'Verträge', title: 'Verträge' });
    assert.equal(contracts.summary, 'die Verträge, unter denen Umsatz erfasst wird');
    assert.equal(usageEvents.describe({ contractId: 12, commitId: 34 }), 'Nutzungsereignisse von Prepaid-Commit 34 von Vertrag 12');
    assert.equal(prepaidCommits.describe({ contractId: 12 }), 'Prepaid-Commits von Vertrag 12');
    // What the code derives from the name is not translated: paths, ids, file names.
    assert.equal(usageEvents.segment, 'usage-events');
    assert.equal(contracts.contextValue.item, 'campfire.contract');
  });

  it('never reads what the server sent as text to translate or as placeholders', () => {
    l10n.config({ contents: GERMAN });
    assert.equal(new CampfireAuthError(target, '{0} {1} Campfire rejected the API key (401)').message, 'Campfire hat den API-Schlüssel abgelehnt (401): {0} {1} Campfire rejected the API key (401) — contracts (GET /rr/api/v1/contracts)');
  });
});

describe('configureSharedL10n (the extension, on activation)', () => {
  // src/core runs in VS Code; here it gets a stand-in for vscode.l10n.
  const vscodeStub = { l10n: { bundle: undefined as Record<string, string> | undefined } };
  const load = (): { configureSharedL10n: () => void } =>
    withVscodeStub(vscodeStub, () => Module.createRequire(__filename)('../../src/core/sharedL10n') as { configureSharedL10n: () => void });
  afterEach(() => l10n.config({ contents: {} }));

  it('hands VS Code’s bundle to the shared layers, and leaves them English when the display language has none', () => {
    const { configureSharedL10n } = load();
    configureSharedL10n();
    assert.equal(new CampfireNoApiKeyError().message, 'No Campfire API key is set. Sign in to Campfire first.');
    vscodeStub.l10n.bundle = GERMAN;
    configureSharedL10n();
    assert.equal(new CampfireNoApiKeyError().message, 'Es ist kein Campfire-API-Schlüssel gesetzt. Melden Sie sich zuerst an.');
    assert.equal(contracts.label.many, 'Verträge');
  });
});
