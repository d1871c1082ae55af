// Builds the extension and its companions with esbuild.
//   node esbuild.mjs            production bundles in dist/ (minified, metafile for size reports)
//   node esbuild.mjs --dev      same bundles, unminified, with source maps
//   node esbuild.mjs --watch    dev build, rebuilt on change
//                               and campfire-export's npm package in cli/ (its dist/, LICENSE, version)
//   node esbuild.mjs --tests    transpiles src/, test/ and bench/ file by file into out/ for node --test,
//                               the extension-host suite and the benchmarks
import * as esbuild from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';

const args = new Set(process.argv.slice(2));
const watch = args.has('--watch');
const dev = watch || args.has('--dev');
const quiet = args.has('--quiet');
const root = path.dirname(new URL(import.meta.url).pathname);
// The version the code reports (campfire-export --version, its User-Agent) is package.json's,
// substituted at build time so it cannot drift from the release.
const { version, engines } = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const define = { CAMPFIRE_VERSION: JSON.stringify(version) };

/** One file each in dist/; the test bundles (testing, sampleServer, webviewProbe) are never packaged. */
const bundles = [
  { entryPoints: { extension: 'src/extension.ts' }, platform: 'node', format: 'cjs', external: ['vscode'] },
  // "Explore Sample Data"'s server and data generator: required by the extension on first use.
  { entryPoints: { sampleData: 'src/sampleServer/sampleData.ts' }, platform: 'node', format: 'cjs' },
  { entryPoints: { testing: 'test/exthost/probe/testingApi.ts' }, platform: 'node', format: 'cjs', external: ['vscode'] },
  { entryPoints: { sampleServer: 'test/unit/support/sampleServerCli.ts' }, platform: 'node', format: 'cjs' },
  // campfire-export: dist/cli.js answers --version at once and loads the exporter, dist/campfireExport.js.
  { entryPoints: { cli: 'src/export/bin.ts' }, platform: 'node', format: 'cjs', banner: { js: '#!/usr/bin/env node' } },
  { entryPoints: { campfireExport: 'src/export/cli.ts' }, platform: 'node', format: 'cjs' },
  // `campfire-export mcp`: the MCP server and the SDK's server and stdio parts, loaded only for that command.
  { entryPoints: { campfireMcp: 'src/agentTools/mcp/mcpServer.ts' }, platform: 'node', format: 'cjs' },
  // The MCP server VS Code starts from the extension (loopback HTTP): required the first time it does.
  { entryPoints: { mcpEndpoint: 'src/agentTools/mcp/mcpEndpoint.ts' }, platform: 'node', format: 'cjs' },
  // The binary export writers, required on first use so neither adds to activation.
  { entryPoints: { xlsxPackage: 'src/export/xlsx/xlsxPackage.ts' }, platform: 'node', format: 'cjs' },
  { entryPoints: { parquetWriter: 'src/export/parquet/parquetWriter.ts' }, platform: 'node', format: 'cjs' },
  // The usage-events table: runs in the webview (a browser page), so no Node built-ins and no zod.
  { entryPoints: { webview: 'src/usageEvents/page/main.ts' }, platform: 'browser', format: 'iife', target: 'es2022' },
  { entryPoints: { webviewProbe: 'test/exthost/probe/webview/webviewProbe.ts' }, platform: 'browser', format: 'iife', target: 'es2022' },
];

/**
 * Undici files required only on paths Campfire never takes (the non-SIMD HTTP parser, FormData
 * bodies), replaced by a module that says so if one ever is (docs/ARCHITECTURE.md, "Bundles").
 */
const UNUSED_UNDICI_FILES = {
  'llhttp/llhttp-wasm.js': 'undici was bundled without its non-SIMD HTTP parser, and this runtime has no WebAssembly SIMD',
  'web/fetch/body.js': 'undici was bundled without FormData request bodies',
};
const leaveOutUnusedUndici = {
  name: 'leave-out-unused-undici',
  setup(build) {
    build.onLoad({ filter: /[\\/]node_modules[\\/]undici[\\/]lib[\\/](llhttp[\\/]llhttp-wasm|web[\\/]fetch[\\/]body)\.js$/ }, (args) => {
      const key = Object.keys(UNUSED_UNDICI_FILES).find((k) => args.path.replaceAll('\\', '/').endsWith(k));
      const message = JSON.stringify(`Campfire: ${UNUSED_UNDICI_FILES[key]}.`);
      // Throws when required, which undici does only on the paths named above.
      return { contents: `throw new Error(${message});`, loader: 'js' };
    });
  },
};

/**
 * The MCP SDK's JSON Schema validator (ajv, about 130 KiB) checks only answers to the server's own
 * elicitation requests, which campfire-export mcp never makes; the server is handed a validator that
 * refuses instead (src/agentTools/mcp/mcpServer.ts), and this module says so if anything loads it.
 */
const leaveOutMcpAjv = {
  name: 'leave-out-mcp-ajv',
  setup(build) {
    build.onLoad({ filter: /[\\/]@modelcontextprotocol[\\/]sdk[\\/]dist[\\/](esm|cjs)[\\/]validation[\\/]ajv-provider\.js$/ }, () => ({
      contents: 'export class AjvJsonSchemaValidator { constructor() { throw new Error("Campfire: the MCP server was bundled without ajv; it validates no elicitation."); } }',
      loader: 'js',
    }));
  },
};

const common = {
  bundle: true,
  outdir: 'dist',
  target: 'node22',
  minify: !dev,
  sourcemap: dev,
  sourcesContent: false,
  metafile: true,
  logLevel: quiet ? 'warning' : 'info',
  legalComments: 'none',
  absWorkingDir: root,
  define,
  plugins: [leaveOutUnusedUndici, leaveOutMcpAjv],
};

function listTs(dir) {
  const out = [];
  if (!fs.existsSync(path.join(root, dir))) return out;
  for (const e of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
    const rel = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...listTs(rel));
    else if (e.name.endsWith('.ts') && !e.name.endsWith('.d.ts')) out.push(rel);
  }
  return out;
}

async function buildTests() {
  // File-by-file transpile (no bundling): each test file imports the real modules from out/src.
  const entryPoints = [...listTs('src'), ...listTs('test'), ...listTs('bench')];
  await esbuild.build({
    entryPoints,
    outdir: 'out',
    outbase: '.',
    platform: 'node',
    format: 'cjs',
    target: 'node22',
    sourcemap: 'inline',
    logLevel: 'warning',
    absWorkingDir: root,
    define,
  });
  if (!quiet) console.log(`transpiled ${entryPoints.length} files into out/`);
  // The start-up bench's baseline exporter, bundled exactly as campfire-export is.
  await esbuild.build({ ...common, entryPoints: { 'followNextCli.bundle': 'bench/followNextCli.ts' }, outdir: 'out/bench', platform: 'node', format: 'cjs', metafile: false, logLevel: 'warning' });
}

/** Lines the `$esbuild-watch` problem matcher reads, so F5 waits for the build and errors land in Problems. */
let building = 0;
const problemMatcherLines = {
  name: 'problem-matcher-lines',
  setup(build) {
    build.onStart(() => {
      if (building++ === 0) console.log('[watch] build started');
    });
    build.onEnd((result) => {
      for (const { text, location } of result.errors) {
        console.error(`✘ [ERROR] ${text}`);
        if (location) console.error(`    ${location.file}:${location.line}:${location.column}:`);
      }
      if (--building === 0) console.log('[watch] build finished');
    });
  },
};

/**
 * campfire-export's npm package (cli/; docs/ARCHITECTURE.md, "The campfire-export package"): its bundles, the project's LICENSE and
 * package.json's version. It has no dependencies: the bundles hold what runs.
 */
function writeCliPackage() {
  const dir = path.join(root, 'cli');
  const manifestPath = path.join(dir, 'package.json');
  const manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8'));
  fs.rmSync(path.join(dir, 'dist'), { recursive: true, force: true });
  fs.mkdirSync(path.join(dir, 'dist'));
  for (const file of manifest.files) fs.copyFileSync(path.join(root, file), path.join(dir, file));
  fs.copyFileSync(path.join(root, 'LICENSE'), path.join(dir, 'LICENSE'));
  // Its version and Node floor are the project's, said once in package.json.
  if (manifest.version !== version || manifest.engines?.node !== engines.node) {
    manifest.version = version;
    manifest.engines = { node: engines.node };
    fs.writeFileSync(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
  }
}

function reportSizes(metafile) {
  for (const [file, info] of Object.entries(metafile.outputs)) {
    if (file.endsWith('.map')) continue;
    console.log(`  ${file.padEnd(28)} ${(info.bytes / 1024).toFixed(1).padStart(8)} KiB`);
  }
}

if (args.has('--tests')) {
  await buildTests();
} else if (watch) {
  for (const b of bundles) {
    // esbuild's own watch lines would end the problem matcher's build early: the plugin speaks instead.
    const ctx = await esbuild.context({ ...common, ...b, logLevel: 'silent', plugins: [...common.plugins, problemMatcherLines] });
    await ctx.watch();
  }
  console.log('watching for changes...');
} else {
  const meta = { inputs: {}, outputs: {} };
  for (const b of bundles) {
    const r = await esbuild.build({ ...common, ...b });
    Object.assign(meta.inputs, r.metafile.inputs);
    Object.assign(meta.outputs, r.metafile.outputs);
  }
  fs.writeFileSync(path.join(root, 'dist', 'meta.json'), JSON.stringify(meta));
  writeCliPackage();
  if (!quiet) reportSizes(meta);
}
