// Links to a contract or a commit's usage events: what they look like, that reading one gives back
// what was written, and that anything else is refused with a reason.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { formatLink, formatLinkPath, parseLink, type CampfireLink } from '../../src/model/campfireLink';

const CONTRACT: CampfireLink = { origin: 'https://api.meetcampfire.com', accountId: 'm4x2k1-ab12cd34', contractId: 1003 };
const COMMIT: CampfireLink = { ...CONTRACT, commitId: 10031 };

/** Splits a formatted link as VS Code hands it to the handler: the path, and the query decoded. */
function read(text: string) {
  const url = new URL(text);
  return parseLink(decodeURIComponent(url.pathname), decodeURIComponent(url.search.slice(1)));
}

describe('Campfire links', () => {
  it('name the extension, the record, the origin and the account id', () => {
    assert.equal(
      formatLink('vscode', 'campfire-devtools.campfire-vscode', CONTRACT),
      'vscode://campfire-devtools.campfire-vscode/contracts/1003?origin=https%3A%2F%2Fapi.meetcampfire.com&account=m4x2k1-ab12cd34',
    );
    assert.equal(formatLinkPath(COMMIT), '/contracts/1003/commits/10031?origin=https%3A%2F%2Fapi.meetcampfire.com&account=m4x2k1-ab12cd34');
    assert.equal(formatLink('vscode-insiders', 'Campfire-Devtools.campfire-vscode', CONTRACT).split('/')[2], 'campfire-devtools.campfire-vscode');
  });

  it('read back a contract and a commit', () => {
    assert.deepEqual(read(formatLink('vscode', 'a.b', CONTRACT)), { link: CONTRACT });
    assert.deepEqual(read(formatLink('vscode', 'a.b', COMMIT)), { link: COMMIT });
    assert.deepEqual(parseLink('/contracts/0/commits/0', 'origin=http://127.0.0.1:8080&account=x'), {
      link: { origin: 'http://127.0.0.1:8080', accountId: 'x', contractId: 0, commitId: 0 },
    });
  });

  it('refuse other paths and ids that are not non-negative integers', () => {
    const q = 'origin=https://api.meetcampfire.com&account=a1';
    for (const path of ['', '/', '/contract/1', '/contracts', '/contracts/', '/contracts/1/', '/contracts/1/commits', '/contracts/1/overrides/2', '/contracts/1/commits/2/x', '/x/contracts/1']) {
      assert.ok(parseLink(path, q).problem, `${path} is refused`);
    }
    for (const id of ['-1', '1.5', '01', '1e3', '0x10', ' 1', '9007199254740992', 'abc', '１２']) {
      assert.match(parseLink(`/contracts/${id}`, q).problem ?? '', /not a contract id/, `contract ${id}`);
      assert.match(parseLink(`/contracts/1/commits/${id}`, q).problem ?? '', /not a prepaid commit id/, `commit ${id}`);
    }
  });

  it('refuse a missing, repeated or unknown query part, and anything that is not an origin or an account id', () => {
    const problem = (query: string) => parseLink('/contracts/1', query).problem ?? '';
    assert.match(problem(''), /does not name the Campfire account/);
    assert.match(problem('origin=https://api.meetcampfire.com'), /does not name the Campfire account/);
    assert.match(problem('account=a1'), /does not name the Campfire account/);
    assert.match(problem('origin=https://api.meetcampfire.com&account=a1&key=secret'), /unknown part "key"/);
    assert.match(problem('origin=https://api.meetcampfire.com&account=a1&account=b2'), /more than once/);
    for (const origin of ['http://api.meetcampfire.com', 'https://api.meetcampfire.com/', 'https://api.meetcampfire.com/v1', 'https://u:p@api.meetcampfire.com', 'javascript:alert(1)', 'HTTPS://API.MEETCAMPFIRE.COM', '']) {
      assert.match(problem(`origin=${encodeURIComponent(origin)}&account=a1`), /not the origin/, origin);
    }
    for (const account of ['', 'a b', 'a/b', 'x'.repeat(101), 'ä']) {
      assert.match(problem(`origin=https://api.meetcampfire.com&account=${encodeURIComponent(account)}`), /not an account id/, account);
    }
  });

  it('read back every link they write (property)', () => {
    const origin = fc.oneof(
      fc.domain().map((d) => `https://${d}`),
      fc.integer({ min: 1, max: 65535 }).map((p) => `http://127.0.0.1:${p}`),
    ).filter((o) => new URL(o).origin === o);
    const link = fc.record(
      { origin, accountId: fc.stringMatching(/^[A-Za-z0-9._-]{1,100}$/), contractId: fc.nat({ max: Number.MAX_SAFE_INTEGER }), commitId: fc.nat({ max: Number.MAX_SAFE_INTEGER }) },
      { requiredKeys: ['origin', 'accountId', 'contractId'] },
    );
    fc.assert(
      fc.property(link, (l) => {
        assert.deepEqual(read(formatLink('vscode', 'campfire-devtools.campfire-vscode', l)), { link: { ...l } });
      }),
      { numRuns: 300 },
    );
  });

  it('refuse every path that is not one they write (property)', () => {
    const q = 'origin=https://api.meetcampfire.com&account=a1';
    fc.assert(
      fc.property(fc.string(), (path) => {
        const r = parseLink(path, q);
        if (r.link) assert.equal(formatLinkPath(r.link).split('?')[0], path, `only a path formatLinkPath writes is read: ${JSON.stringify(path)}`);
      }),
      { numRuns: 500 },
    );
  });
});
