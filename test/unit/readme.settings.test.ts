import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';

// Run from out/test/unit: the repository is three levels up.
const root = path.resolve(__dirname, '..', '..', '..');

interface Manifest {
  contributes: { configuration: { properties: Record<string, { default?: unknown; type?: string }> } };
  capabilities: { untrustedWorkspaces: { restrictedConfigurations: string[] } };
}

/** The README's settings table: setting -> the default it states (as written between backticks). */
function documentedSettings(): Map<string, string> {
  const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
  const section = readme.split(/^## Settings$/m)[1]?.split(/^## /m)[0] ?? '';
  const rows = new Map<string, string>();
  for (const m of section.matchAll(/^\| `(campfire\.[^`]+)` \| `([^`]*)` \|/gm)) rows.set(m[1] ?? '', m[2] ?? '');
  return rows;
}

describe('README settings table', () => {
  it('lists every contributed setting with its default', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as Manifest;
    const contributed = manifest.contributes.configuration.properties;
    const documented = documentedSettings();
    assert.deepEqual([...documented.keys()].sort(), Object.keys(contributed).sort());
    for (const [id, schema] of Object.entries(contributed)) {
      const written = typeof schema.default === 'string' ? schema.default : JSON.stringify(schema.default);
      assert.equal(documented.get(id), written, `default of ${id}`);
    }
  });
});

describe('Restricted Mode', () => {
  it('ignores an untrusted workspace\'s values of every setting that points somewhere or bounds a request, a response or the cache', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as Manifest;
    const restricted = new Set(manifest.capabilities.untrustedWorkspaces.restrictedConfigurations);
    const bounds = Object.entries(manifest.contributes.configuration.properties).filter(([, schema]) => schema.type === 'number' || schema.type === 'integer');
    assert.ok(bounds.length >= 5, 'the limits are contributed');
    for (const [id] of bounds) assert.ok(restricted.has(id), `${id} is restricted`);
    for (const id of ['campfire.baseUrl', 'campfire.openInCampfireUrl']) assert.ok(restricted.has(id), `${id} is restricted`);
  });
});
