// ESLint flat config: typescript-eslint with type information, zero warnings allowed (npm run lint).
import js from '@eslint/js';
import path from 'node:path';
import tseslint from 'typescript-eslint';
import noImportCycles from './eslint/noImportCycles.mjs';

// The layers of src/, lowest first: a folder imports only from itself and the folders listed for it
// (docs/ARCHITECTURE.md, "Layers"). `vscode` only where the code runs inside VS Code.
const LAYERS = {
  shared: { may: [], vscode: false },
  api: { may: ['shared'], vscode: false },
  cache: { may: ['shared', 'api'], vscode: false },
  resources: { may: ['api'], vscode: false },
  export: { may: ['api', 'resources', 'model', 'reconcile/checks', 'reconcile/report', 'reconcile/listing', 'shared'], vscode: false },
  sampleServer: { may: ['api', 'resources'], vscode: false },
  'usageEvents/protocol': { may: ['shared'], vscode: false },
  'usageEvents/page': { may: ['usageEvents/protocol', 'shared'], vscode: false },
  'reconcile/checks': { may: ['usageEvents/protocol', 'shared'], vscode: false },
  'reconcile/report': { may: ['reconcile/checks', 'shared'], vscode: false },
  'reconcile/listing': { may: ['api', 'resources', 'usageEvents/protocol', 'reconcile/checks', 'shared'], vscode: false },
  core: { may: ['cache', 'api', 'resources', 'sampleServer', 'shared'], vscode: true },
  model: { may: ['cache', 'api', 'resources', 'core', 'shared'], vscode: false },
  ui: { may: ['api', 'resources', 'core', 'model', 'export', 'shared'], vscode: true },
  'usageEvents/host': { may: ['cache', 'api', 'resources', 'core', 'model', 'ui', 'usageEvents/protocol', 'reconcile/checks', 'reconcile/report', 'shared'], vscode: true },
  views: { may: ['cache', 'api', 'resources', 'core', 'model', 'ui', 'usageEvents/host', 'shared'], vscode: true },
  commands: { may: ['cache', 'api', 'resources', 'core', 'model', 'ui', 'views', 'usageEvents/host', 'export', 'reconcile/checks', 'reconcile/report', 'reconcile/listing', 'shared'], vscode: true },
  'agentTools/core': { may: ['api', 'resources', 'model', 'reconcile/checks', 'reconcile/report', 'reconcile/listing', 'shared'], vscode: false },
  'agentTools/mcp': { may: ['agentTools/core', 'export', 'api', 'resources', 'model', 'reconcile/checks', 'reconcile/report', 'reconcile/listing', 'shared'], vscode: false },
  'agentTools/host': { may: ['agentTools/core', 'agentTools/mcp', 'cache', 'api', 'resources', 'core', 'model', 'ui', 'views', 'usageEvents/host', 'usageEvents/protocol', 'shared'], vscode: true },
};
/** Feature folders whose subfolders are layers of their own. */
const FEATURES = new Set(['usageEvents', 'agentTools', 'reconcile']);
const SRC = path.join(import.meta.dirname, 'src');

/** The layer of a file of src/: its top folder ("usageEvents/host" and so on), or "extension". */
function layerOf(file) {
  const rel = path.relative(SRC, file);
  if (rel.startsWith('..')) return undefined;
  const [top, part] = rel.split(path.sep);
  if (top === 'extension.ts') return 'extension';
  return FEATURES.has(top) ? `${top}/${part}` : top;
}

/** Resolves each relative import of a file in src/ and reports one that points up the layers. */
const layersRule = {
  meta: { type: 'problem', schema: [], messages: { up: 'src/{{from}} may not import src/{{to}}: imports point down the layers ({{from}} may use {{may}}; docs/ARCHITECTURE.md).' } },
  create(context) {
    const from = layerOf(context.filename);
    const allowed = LAYERS[from];
    if (!allowed) return {};
    const check = (node) => {
      const spec = node.source?.value;
      if (typeof spec !== 'string' || !spec.startsWith('.')) return;
      const to = layerOf(path.resolve(path.dirname(context.filename), spec));
      if (to && to !== from && !allowed.may.includes(to)) {
        context.report({ node: node.source, messageId: 'up', data: { from, to, may: allowed.may.join(', ') || 'nothing outside itself' } });
      }
    };
    return { ImportDeclaration: check, ExportNamedDeclaration: check, ExportAllDeclaration: check, ImportExpression: check };
  },
};

const layerRules = [
  {
    files: ['src/**/*.ts'],
    plugins: { campfire: { rules: { layers: layersRule } } },
    rules: { 'campfire/layers': 'error' },
  },
  ...Object.entries(LAYERS)
    .filter(([, { vscode }]) => !vscode)
    .map(([layer]) => ({
      files: [`src/${layer}/**/*.ts`],
      rules: { 'no-restricted-imports': ['error', { paths: [{ name: 'vscode', message: `src/${layer} also runs outside VS Code (CLI, webview or tests).` }] }] },
    })),
];

export default tseslint.config(
  { ignores: ['dist/**', 'cli/dist/**', 'out/**', 'node_modules/**', '.vscode-test/**', '**/*.d.ts'] },
  js.configs.recommended,
  {
    files: ['**/*.ts'],
    extends: [...tseslint.configs.strictTypeChecked],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true, allowBoolean: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-confusing-void-expression': 'off',
      '@typescript-eslint/no-extraneous-class': 'off',
      // node:test's describe/it return promises the runner itself awaits.
      '@typescript-eslint/no-floating-promises': [
        'error',
        { allowForKnownSafeCalls: [{ from: 'package', package: 'node:test', name: ['describe', 'it', 'test', 'suite', 'before', 'after', 'beforeEach', 'afterEach'] }] },
      ],
      eqeqeq: ['error', 'smart'],
      'no-console': 'off',
    },
  },
  ...layerRules,
  // No import cycles in src/, type-only ones included (eslint/noImportCycles.mjs).
  {
    files: ['src/**/*.ts'],
    plugins: { imports: { rules: { 'no-cycles': noImportCycles } } },
    rules: { 'imports/no-cycles': 'error' },
  },
  {
    files: ['**/*.mjs', '**/*.cjs', '**/*.js'],
    languageOptions: {
      globals: { process: 'readonly', console: 'readonly', URL: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', fetch: 'readonly', Buffer: 'readonly' },
    },
  },
);
