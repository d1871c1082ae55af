// Every command package.json contributes is registered exactly once, and nothing else is: the
// command table (src/commands/index.ts) and the contributions cannot drift apart unnoticed.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import Module from 'node:module';
import path from 'node:path';
import { describe, it } from 'node:test';
import { withVscodeStub } from './support/vscodeStub';

// Run from out/test/unit: the repository is three levels up.
const root = path.resolve(__dirname, '..', '..', '..');

/**
 * A stand-in for the `vscode` module that records every registerCommand. Anything else the
 * command modules touch while loading or registering is a callable, constructible no-op; the
 * module's names are those src/ uses (an import copies the module's own properties).
 */
function vscodeStub(registered: string[]): unknown {
  const names = new Set<string>();
  const sources = (dir: string): string[] =>
    fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sources(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []));
  for (const file of sources(path.join(root, 'src'))) for (const m of fs.readFileSync(file, 'utf8').matchAll(/\bvscode\.(\w+)/g)) names.add(m[1] ?? '');
  const noop: object = new Proxy(function () {}, {
    get: (_target, key) => (key === Symbol.toPrimitive ? () => '' : key === 'then' ? undefined : noop),
    apply: () => noop,
    construct: () => noop,
  });
  const commands = new Proxy({}, { get: (_target, key) => (key === 'registerCommand' ? (id: string) => (registered.push(id), noop) : noop) });
  return Object.fromEntries([...names].map((name) => [name, name === 'commands' ? commands : noop]));
}

describe('the command table', () => {
  it('registers every contributed command once, and only those', () => {
    const registered: string[] = [];
    withVscodeStub(vscodeStub(registered), () => {
      const { registerCommands } = Module.createRequire(__filename)('../../src/commands') as typeof import('../../src/commands');
      // Services and views nothing is asked of but to exist (their promises never settle).
      const anything: object = new Proxy(function () {}, { get: (_target, key) => (key === 'then' ? () => anything : anything), apply: () => anything, construct: () => anything });
      registerCommands(anything as never, anything as never);
    });
    const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { contributes: { commands: { command: string }[] } };
    const contributed = manifest.contributes.commands.map((c) => c.command);
    assert.deepEqual(registered.filter((id, i) => registered.indexOf(id) !== i), [], 'registered twice');
    assert.deepEqual([...registered].sort(), [...contributed].sort(), 'registered exactly the contributed commands');
  });
});
