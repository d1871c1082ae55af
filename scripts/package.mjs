#!/usr/bin/env node
// `npm run package`: builds the production bundles and writes campfire-vscode-<version>.vsix.
//   npm run package [-- --out <file.vsix>]
//
// The packaged README loses its screenshots (1.4 MB, and vsce refuses images it cannot link to a public
// repository): each image becomes its description, links outside the package their text.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { format } from 'node:util';
import { PackageManager, createVSIX, listFiles } from '@vscode/vsce';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const args = process.argv.slice(2);
const outArg = args.indexOf('--out');
const out = path.resolve(root, outArg >= 0 ? args[outArg + 1] : `${manifest.name}-${manifest.version}.vsix`);
/** The package's budget: a small download that activates fast. */
const MAX_VSIX_BYTES = 600 * 1000;
/** Bundles that must never reach users: test hooks, build metadata, the developer tools. */
const NEVER_SHIPPED = /^(src|test|bench|out|node_modules|scripts|\.ci)\/|^dist\/(testing|webviewProbe|cli|campfireExport|sampleServer)\.js$|\.map$|^dist\/meta\.json$|^media\/screenshots\//;

const say = (m) => console.log(`[package] ${m}`);

function fail(message) {
  console.error(`[package] ${message}`);
  process.exit(1);
}

/** The packaged README: README.md with images replaced by their descriptions. */
function packagedReadme(markdown, packaged) {
  const inPackage = (target) => packaged.has(target.replace(/^\.\//, '').replace(/#.*$/, ''));
  return markdown
    .replace(/<img\b[^>]*\balt="([^"]*)"[^>]*>/g, (_m, alt) => `*${alt}*`)
    .replace(/!\[([^\]]*)\]\(([^)\s]+)\)/g, (_m, alt) => `*${alt}*`)
    .replace(/\[([^\]]+)\]\(([^)\s]+)\)/g, (m, text, target) => (/^(https?:|mailto:|#)/.test(target) || inPackage(target) ? m : text));
}

const build = spawnSync(process.execPath, ['esbuild.mjs', '--quiet'], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) fail('the build failed');

const options = { cwd: root, dependencies: false, allowMissingRepository: true, rewriteRelativeLinks: false };
// vsce's listFiles reads `packageManager`, not `dependencies`: without it, it runs `npm list` over node_modules for nothing.
const files = (await listFiles({ ...options, packageManager: PackageManager.None })).map((f) => f.replaceAll('\\', '/')).sort();
const leaked = files.filter((f) => NEVER_SHIPPED.test(f));
if (leaked.length) fail(`.vscodeignore lets through files that must not ship: ${leaked.join(', ')}`);
for (const needed of [manifest.main.replace(/^\.\//, ''), 'dist/webview.js', 'dist/sampleData.js']) {
  if (!files.includes(needed)) fail(`${needed} is missing from the package: build first, or check .vscodeignore`);
}

// vsce reads the README from inside the project; dist/ is build output and not itself packaged.
const readmePath = 'dist/README.package.md';
fs.writeFileSync(path.join(root, readmePath), packagedReadme(fs.readFileSync(path.join(root, 'README.md'), 'utf8'), new Set(files)));
fs.rmSync(out, { force: true });
// vsce packages anyway after what a marketplace would flag (no LICENSE, too many files, a bad
// manifest field); here such a warning fails the package.
const warnings = [];
const consoleWarn = console.warn;
console.warn = (...parts) => {
  warnings.push(format(...parts));
  consoleWarn(...parts);
};
try {
  await createVSIX({ ...options, packagePath: out, readmePath });
} finally {
  console.warn = consoleWarn;
}
if (warnings.length) {
  fs.rmSync(out, { force: true });
  fail(`vsce warned ${warnings.length === 1 ? 'once' : `${warnings.length} times`}; fix the package rather than ship it:\n${warnings.join('\n')}`);
}

const bytes = fs.statSync(out).size;
say(`${path.relative(process.cwd(), out) || out}: ${(bytes / 1000).toFixed(1)} kB (budget ${MAX_VSIX_BYTES / 1000} kB); install it with: code --install-extension ${path.basename(out)}`);
if (bytes > MAX_VSIX_BYTES) fail(`the package is ${(bytes / 1000).toFixed(1)} kB, over its ${MAX_VSIX_BYTES / 1000} kB budget`);
