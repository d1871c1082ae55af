// Whose data a usage-events panel shows (src/usageEvents/host/owner.ts): the owner string saved
// with the panel, read back from a webview's state, and which changes of the window's identity a
// panel may follow rather than close for.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { currentOwner, mayAdopt, ownerInState, ownerName, parseOwner, whyClosed } from '../../src/usageEvents/host/owner';

const PROD = { id: 'lq2x-ab12', label: 'Production', origin: 'https://api.meetcampfire.com' };
const SANDBOX = { id: 'lq2y-cd34', label: 'Sandbox', origin: 'https://api.meetcampfire.com' };
const STAGING = { id: 'lq2z-ef56', label: 'Staging', origin: 'https://staging.example.com' };

describe('usage-events panel owners', () => {
  it('is "sample" for sample data, whatever port the sample server got; else the origin and account id', () => {
    assert.equal(currentOwner({ isSample: true, origin: 'http://127.0.0.1:53111', account: undefined }), 'sample');
    assert.equal(currentOwner({ isSample: false, origin: PROD.origin, account: PROD }), `${PROD.origin}#${PROD.id}`);
    assert.equal(currentOwner({ isSample: false, origin: PROD.origin, account: undefined }), `${PROD.origin}#signed-out`);
    assert.equal(currentOwner({ isSample: false, origin: undefined, account: undefined }), 'unconfigured#signed-out');
  });

  it('parses back what it wrote', () => {
    assert.deepEqual(parseOwner('sample'), { kind: 'sample' });
    assert.deepEqual(parseOwner(`${PROD.origin}#${PROD.id}`), { kind: 'account', origin: PROD.origin, accountId: PROD.id });
    assert.deepEqual(parseOwner(`${PROD.origin}#signed-out`), { kind: 'signed-out', origin: PROD.origin });
    assert.deepEqual(parseOwner('http://127.0.0.1:8080#x'), { kind: 'account', origin: 'http://127.0.0.1:8080', accountId: 'x' });
  });

  it("reads the owner from a webview's saved state, and nothing from state without one", () => {
    assert.equal(ownerInState({ contractId: 1, commitId: 2, owner: 'sample' }), 'sample');
    assert.equal(ownerInState({ contractId: 1, commitId: 2 }), undefined);
    assert.equal(ownerInState({ owner: 42 }), undefined);
    assert.equal(ownerInState({ owner: '' }), undefined);
    assert.equal(ownerInState(null), undefined);
    assert.equal(ownerInState('sample'), undefined);
  });

  it('lets a panel opened where no one was signed in follow an account of that origin, and nothing else', () => {
    const signedOut = `${PROD.origin}#signed-out`;
    assert.equal(mayAdopt(signedOut, `${PROD.origin}#${PROD.id}`), true, 'signed in there (or the accounts were read at startup)');
    assert.equal(mayAdopt(signedOut, `${STAGING.origin}#${STAGING.id}`), false, 'another origin');
    assert.equal(mayAdopt(signedOut, 'sample'), false);
    assert.equal(mayAdopt(`${PROD.origin}#${PROD.id}`, `${PROD.origin}#${SANDBOX.id}`), false, 'another account');
    assert.equal(mayAdopt('sample', `${PROD.origin}#${PROD.id}`), false);
  });

  it('names the owner and why its panels closed', () => {
    const prod = parseOwner(`${PROD.origin}#${PROD.id}`);
    assert.equal(ownerName(prod, PROD, undefined), 'Production');
    assert.equal(ownerName(prod, undefined, 'Production'), 'Production', 'remembered once the account is gone');
    assert.equal(ownerName(prod, undefined, undefined), 'api.meetcampfire.com');
    assert.equal(ownerName(parseOwner('sample'), undefined, undefined), 'sample data');
    const all = [PROD, SANDBOX, STAGING];
    assert.equal(whyClosed(prod, parseOwner(`${PROD.origin}#signed-out`), [SANDBOX, STAGING]), 'signed out');
    assert.equal(whyClosed(prod, parseOwner(`${PROD.origin}#${SANDBOX.id}`), [SANDBOX, STAGING]), 'signed out', 'the next account of the origin took over');
    assert.equal(whyClosed(prod, parseOwner(`${PROD.origin}#${SANDBOX.id}`), all), 'switched to Sandbox');
    assert.equal(whyClosed(prod, parseOwner(`${STAGING.origin}#${STAGING.id}`), all), 'switched to staging.example.com');
    assert.equal(whyClosed(prod, parseOwner('sample'), all), 'switched to sample data');
    assert.equal(whyClosed(parseOwner('sample'), prod, all), 'left sample data');
  });
});
