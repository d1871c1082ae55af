// What package.json promises users and marketplaces: the command palette offers only commands that can
// run, settings name every placeholder they take, the platform floors agree with each other (engines,
// typings, build targets, the floor rig), and the fields Open VSX and the Marketplace read are set.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { contractUrl } from '../../src/ui/contractUrl';

// Run from out/test/unit: the repository is three levels up.
const root = path.resolve(__dirname, '..', '..', '..');
const read = (file: string) => fs.readFileSync(path.join(root, file), 'utf8');

interface Manifest {
  name: string;
  publisher: string;
  version: string;
  license: string;
  displayName: string;
  description: string;
  icon: string;
  preview?: boolean;
  keywords: string[];
  engines: { vscode: string; node: string };
  devDependencies: Record<string, string>;
  capabilities: { virtualWorkspaces: boolean | { supported: string; description?: string } };
  contributes: {
    commands: { command: string }[];
    menus: { commandPalette: { command: string; when: string }[] };
    configuration: { properties: Record<string, { markdownDescription?: string; description?: string; patternErrorMessage?: string }> };
  };
}
const manifest = JSON.parse(read('package.json')) as Manifest;
const nls = JSON.parse(read('package.nls.json')) as Record<string, string>;
const text = (value: string | undefined) => (value ? (nls[/^%(.+)%$/.exec(value)?.[1] ?? ''] ?? value) : '');

/** A when-clause evaluated as VS Code does for the keys and operators the manifest uses: !, &&, ||, ==, !=, (). */
function evaluate(when: string, context: Record<string, unknown>): boolean {
  const tokens = when.match(/\s*(\|\||&&|==|!=|!|\(|\)|'[^']*'|[\w.]+)/g)?.map((t) => t.trim()) ?? [];
  assert.equal(tokens.join(''), when.replace(/\s+/g, ''), `cannot read the when-clause "${when}"`);
  let i = 0;
  const value = (token: string): unknown => (token.startsWith("'") ? token.slice(1, -1) : token === 'true' ? true : token === 'false' ? false : context[token]);
  const primary = (): boolean => {
    const t = tokens[i++] ?? '';
    if (t === '!') return !primary();
    if (t === '(') {
      const v = or();
      assert.equal(tokens[i++], ')', `unbalanced "${when}"`);
      return v;
    }
    const op = tokens[i];
    if (op === '==' || op === '!=') {
      i++;
      const equal = value(t) === value(tokens[i++] ?? '');
      return op === '==' ? equal : !equal;
    }
    return Boolean(value(t));
  };
  const and = (): boolean => {
    let v = primary();
    while (tokens[i] === '&&') {
      i++;
      v = primary() && v;
    }
    return v;
  };
  const or = (): boolean => {
    let v = and();
    while (tokens[i] === '||') {
      i++;
      v = and() || v;
    }
    return v;
  };
  const result = or();
  assert.equal(i, tokens.length, `unread rest of "${when}"`);
  return result;
}

/** Commands that read Campfire data: without an account or the sample data they can only fail with "no key". */
const NEED_DATA = [
  'campfire.refresh',
  'campfire.loadMore',
  'campfire.loadAll',
  'campfire.retry',
  'campfire.filter',
  'campfire.sort',
  'campfire.copyId',
  'campfire.copyJson',
  'campfire.viewJson',
  'campfire.openInCampfire',
  'campfire.openUsageEvents',
  'campfire.exportContracts',
  'campfire.exportPrepaidCommits',
  'campfire.exportTierPriceOverrides',
  'campfire.exportUsageEvents',
];
/** Commands that do something in any state (sign in, look at the log, manage accounts and the cache). */
const ALWAYS = ['campfire.signIn', 'campfire.signOutAll', 'campfire.switchAccount', 'campfire.clearCache', 'campfire.checkConnection', 'campfire.showLog'];

/** Every combination of the context keys the palette's when-clauses read. */
function contexts(): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (const signedIn of [false, true])
    for (const sampleMode of [false, true])
      for (const filtered of [false, true])
        for (const activeWebviewPanelId of [undefined, 'campfire.usageEvents', 'other.panel']) out.push({ 'campfire.signedIn': signedIn, 'campfire.sampleMode': sampleMode, 'campfire.filtered': filtered, activeWebviewPanelId });
  return out;
}

describe('the command palette', () => {
  const palette = new Map(manifest.contributes.menus.commandPalette.map((e) => [e.command, e.when]));
  const shown = (command: string, context: Record<string, unknown>) => evaluate(palette.get(command) ?? 'true', context);

  it('reads every when-clause of the palette', () => {
    for (const { when } of manifest.contributes.menus.commandPalette) for (const c of contexts()) evaluate(when, c);
    assert.equal(evaluate("a && (b || !c) && d == 'x'", { a: true, b: false, c: false, d: 'x' }), true);
    assert.equal(evaluate('a || b && c', { a: false, b: true, c: false }), false);
  });

  it('shows a command that reads Campfire data exactly when an account or the sample data is there', () => {
    for (const command of NEED_DATA) {
      for (const c of contexts()) {
        const canRun = c['campfire.signedIn'] === true || c['campfire.sampleMode'] === true;
        assert.equal(shown(command, c), canRun, `${command} with ${JSON.stringify(c)}`);
      }
    }
  });

  it('signed out, offers signing in and the sample data, and nothing that would fail for want of a key', () => {
    const signedOut = { 'campfire.signedIn': false, 'campfire.sampleMode': false, 'campfire.filtered': false, activeWebviewPanelId: undefined };
    const offered = manifest.contributes.commands.map((c) => c.command).filter((c) => shown(c, signedOut));
    assert.deepEqual(offered.sort(), [...ALWAYS, 'campfire.exploreSampleData'].sort());
  });

  it('decides every contributed command: gated by a when-clause, or able to run in any state', () => {
    const undecided = manifest.contributes.commands.map((c) => c.command).filter((c) => !palette.has(c) && !ALWAYS.includes(c));
    assert.deepEqual(undecided, []);
    for (const c of ALWAYS) assert.ok(!palette.has(c), `${c} is listed as always available but has a palette when-clause`);
  });
});

describe('settings descriptions', () => {
  const settings = manifest.contributes.configuration.properties;

  it('describes every setting in a full sentence', () => {
    for (const [key, s] of Object.entries(settings)) {
      const description = text(s.markdownDescription ?? s.description);
      assert.ok(description.length >= 40, `${key} has no real description`);
      assert.match(description, /[.)]$/, `${key}'s description ends mid-sentence`);
    }
  });

  it('names every placeholder campfire.openInCampfireUrl fills, and only those', () => {
    const setting = settings['campfire.openInCampfireUrl'];
    assert.ok(setting);
    const description = text(setting.markdownDescription);
    const named = [...description.matchAll(/`\{(\w+)\}`/g)].map((m) => m[1] ?? '');
    assert.deepEqual([...new Set(named)].sort(), ['commitId', 'contractId', 'id']);
    // Each named placeholder is one the code fills; an unknown one is left as typed.
    for (const name of named) {
      const url = contractUrl(`https://app.example/{id}/${name}/{${name}}`, { contractId: 1003, commitId: 10031 });
      assert.ok(url && !url.includes(`{${name}}`), `{${name}} is not filled`);
    }
    assert.equal(contractUrl('https://app.example/{id}/{other}', { contractId: 1 }), 'https://app.example/1/{other}');
    // The pattern error names what the pattern asks for.
    assert.match(text(setting.patternErrorMessage), /\{id\}.*\{contractId\}/);
    // README's settings table says the same.
    const row = read('README.md').split('\n').find((l) => l.startsWith('| `campfire.openInCampfireUrl`')) ?? '';
    for (const name of named) assert.ok(row.includes(`{${name}}`), `README's row lacks {${name}}`);
  });
});

describe('the platform floor', () => {
  const floor = /^\^(\d+)\.(\d+)\.\d+$/.exec(manifest.engines.vscode);
  const nodeFloor = /^>=(\d+)\.(\d+)\.\d+$/.exec(manifest.engines.node);

  it('claims a VS Code and a Node in the forms tools read', () => {
    assert.ok(floor, `engines.vscode ${manifest.engines.vscode} is not ^x.y.z`);
    assert.ok(nodeFloor, `engines.node ${manifest.engines.node} is not >=x.y.z`);
  });

  it('types against the floor: @types/vscode and @types/node of the claimed releases', () => {
    // vsce refuses @types/vscode newer than engines.vscode; older would hide APIs the floor has.
    assert.equal(manifest.devDependencies['@types/vscode'], `~${floor?.[1]}.${floor?.[2]}.0`);
    assert.equal(manifest.devDependencies['@types/node'], `~${nodeFloor?.[1]}.${nodeFloor?.[2]}.0`);
  });

  it('builds for the floor Node: every esbuild node target is node<major>', () => {
    const targets = [...read('esbuild.mjs').matchAll(/target: '(node\d+)'/g)].map((m) => m[1]);
    assert.ok(targets.length > 0);
    assert.deepEqual([...new Set(targets)], [`node${nodeFloor?.[1]}`]);
  });

  it('tests the floor: the floor rig is the code-server release of the claimed VS Code, on its Node', () => {
    // code-server 4.N.x is VS Code 1.N.x (install-code-server.sh; runTests.ts --floor checks the running release).
    const m = /floor\) default_version=4\.(\d+)\.\d+ default_node=(\d+)/.exec(read('test/exthost/install-code-server.sh'));
    assert.ok(m, 'install-code-server.sh has a floor rig');
    assert.equal(m[1], floor?.[2], 'floor rig minor = engines.vscode minor');
    assert.equal(m[2], nodeFloor?.[1], 'the floor rig runs the floor Node major');
    assert.match(read('package.json'), /runTests\.js --package [^"&]+ --floor/, 'npm test runs the floor smoke suite');
  });

  it('has the smoke runner and the README claim the same floor', () => {
    const runner = JSON.parse(read('test/exthost/smoke/runner/package.json')) as Manifest;
    assert.equal(runner.engines.vscode, manifest.engines.vscode);
    const readme = read('README.md');
    assert.ok(readme.includes(`VS Code ${floor?.[1]}.${floor?.[2]}`), 'README names the VS Code floor');
    assert.ok(readme.includes(`Node ${nodeFloor?.[1]}.${nodeFloor?.[2]}`), 'README names the Node floor');
  });
});

/** Width and height from a PNG's IHDR chunk. */
function pngSize(file: string): { width: number; height: number } {
  const b = fs.readFileSync(path.join(root, file));
  assert.equal(b.subarray(1, 4).toString('latin1'), 'PNG', `${file} is not a PNG`);
  return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
}

describe('marketplace fields', () => {
  it('has what Open VSX requires: a lower-case name and publisher, a semantic version, a license with its file', () => {
    assert.match(manifest.name, /^[a-z0-9][a-z0-9-]*$/);
    assert.match(manifest.publisher, /^[a-z0-9][a-z0-9-]*$/);
    assert.match(manifest.version, /^\d+\.\d+\.\d+$/);
    assert.equal(manifest.license, 'MIT');
    assert.match(read('LICENSE'), /^MIT License/);
    assert.ok(text(manifest.displayName) && text(manifest.description).length > 40);
  });

  it('is a preview while its version is 0.x', () => {
    assert.equal(manifest.preview === true, manifest.version.startsWith('0.'));
  });

  it('has a 256x256 PNG icon and the keywords people search for, within the 30 the Marketplace allows', () => {
    assert.deepEqual(pngSize(manifest.icon), { width: 256, height: 256 });
    for (const k of ['csv', 'excel', 'parquet', 'export']) assert.ok(manifest.keywords.includes(k), `keyword ${k}`);
    assert.ok(manifest.keywords.length <= 30);
  });

  it('says how far virtual workspaces are supported, and why', () => {
    const v = manifest.capabilities.virtualWorkspaces;
    assert.ok(typeof v === 'object' && v.supported === 'limited');
    assert.match(text(v.description), /files on disk/);
  });

  it('states in the README that it sends no telemetry, and no source reports any', () => {
    assert.match(read('README.md'), /sends no telemetry/);
    const sources = (dir: string): string[] =>
      fs.readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sources(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []));
    const reporting = sources('src').filter((f) => /telemetry|TelemetryLogger|applicationinsights/i.test(read(f)));
    assert.deepEqual(reporting, []);
  });
});
