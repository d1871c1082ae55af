import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseBaseUrl } from '../../src/api/baseUrl';
import { CampfireConfigError } from '../../src/api/errors';

describe('base URL policy', () => {
  it('accepts https origins and normalises them', () => {
    assert.equal(parseBaseUrl('https://api.meetcampfire.com').origin, 'https://api.meetcampfire.com');
    assert.equal(parseBaseUrl(' https://api.meetcampfire.com/ ').href, 'https://api.meetcampfire.com/');
    assert.equal(parseBaseUrl('https://campfire.internal:8443').origin, 'https://campfire.internal:8443');
  });

  it('accepts plain http only on loopback', () => {
    for (const ok of ['http://127.0.0.1:8787', 'http://localhost:3000', 'http://[::1]:9000', 'http://127.0.0.2']) {
      assert.doesNotThrow(() => parseBaseUrl(ok), ok);
    }
    for (const bad of ['http://api.meetcampfire.com', 'http://10.0.0.5:8080', 'http://localhost.evil.com', 'http://127.0.0.1.nip.io']) {
      assert.throws(() => parseBaseUrl(bad), (e: unknown) => e instanceof CampfireConfigError && /https:\/\//.test(e.message), bad);
    }
  });

  it('refuses other schemes, credentials, paths and garbage with a clear message', () => {
    assert.throws(() => parseBaseUrl('ftp://api.meetcampfire.com'), CampfireConfigError);
    assert.throws(() => parseBaseUrl('https://user:pw@api.meetcampfire.com'), /user name or password/);
    assert.throws(() => parseBaseUrl('https://api.meetcampfire.com/rr/api/v1'), /without a path/);
    assert.throws(() => parseBaseUrl('https://api.meetcampfire.com/?x=1'), /without a path/);
    assert.throws(() => parseBaseUrl('api.meetcampfire.com'), /is not a URL/);
  });

  it('names the setting as the caller calls it', () => {
    assert.throws(() => parseBaseUrl('http://10.0.0.5'), { message: /^campfire\.baseUrl must use https/ });
    assert.throws(() => parseBaseUrl('http://10.0.0.5', '--base-url'), { message: /^--base-url must use https/ });
  });
});
