// safeText: what every message built from a server's text goes through before a person sees it.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { safeText } from '../../src/api/safeText';

const KEY = 'cf_live_8d2b7e41a9';

describe('safeText', () => {
  it('removes the key wherever it appears, in any case, even broken up by invisible characters', () => {
    assert.equal(safeText(`key ${KEY} leaked`, [KEY]), 'key ‹redacted› leaked');
    assert.equal(safeText(`KEY ${KEY.toUpperCase()}!`, [KEY]), 'KEY ‹redacted›!');
    const broken = `${KEY.slice(0, 5)}\u200b${KEY.slice(5)}`;
    assert.ok(!safeText(`echo ${broken}`, [KEY]).includes(KEY.slice(5)), 'a zero-width space does not hide the key');
  });

  it('removes credentials shaped like a header even without knowing the key', () => {
    assert.equal(safeText('Authorization: Token abcdefgh12345'), 'Authorization: ‹redacted›');
    assert.equal(safeText('{"authorization":"Token abcdefgh12345"}'), '{"authorization":"‹redacted›"}');
    assert.equal(safeText('sent Bearer abcdefgh12345 upstream'), 'sent Bearer ‹redacted› upstream');
    // DRF's own words stay readable.
    assert.equal(safeText('Invalid token header. No credentials provided.'), 'Invalid token header. No credentials provided.');
  });

  it('strips control and bidi characters, keeping one line', () => {
    const hostile = '\u001b]0;pwned\u0007\u001b[2J\rcampfire-export: export OK\n\u202egnp.exe';
    const out = safeText(hostile);
    // eslint-disable-next-line no-control-regex -- these are what must be gone
    assert.doesNotMatch(out, /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
    assert.equal(out.includes('\n'), false);
    assert.equal(out, ']0;pwned [2J campfire-export: export OK gnp.exe');
  });

  it('caps the length', () => {
    const out = safeText('x'.repeat(10_000), [], 300);
    assert.equal(out.length, 300);
    assert.ok(out.endsWith('…'));
  });
});
