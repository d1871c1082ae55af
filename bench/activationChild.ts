// One cold activation of a built extension bundle in its own Node process:
//   node out/bench/activationChild.js <dist/extension.js>
// prints {"loadMs", "activateMs"}: the time to require the bundle (read, compile, run its
// top level) and the time activate() takes. VS Code is not there, so `vscode` is a stand-in that
// answers every call the way an empty window does (settings at their defaults, nothing stored);
// both bundles compared in npm run bench meet the same stand-in.
import Module from 'node:module';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

/** Any property, call or `new` yields another stand-in; real values only where code reads them. */
function standIn(overrides: Record<PropertyKey, unknown> = {}): unknown {
  const target = function standInFunction(): void {
    /* does nothing */
  };
  // What code assigned (`item.label = …`), kept aside: a function's own name and length are read-only.
  const assigned = new Map<PropertyKey, unknown>();
  return new Proxy(target, {
    set(_t, prop, value) {
      assigned.set(prop, value);
      return true;
    },
    get(t, prop) {
      if (assigned.has(prop)) return assigned.get(prop);
      if (prop in overrides) return overrides[prop];
      if (prop === 'then') return undefined; // not a promise
      if (prop === Symbol.toPrimitive) return () => '';
      if (prop === Symbol.iterator) return function* empty() {
        /* nothing */
      };
      if (Reflect.has(t, prop)) return Reflect.get(t, prop) as unknown;
      const value = standIn();
      assigned.set(prop, value);
      return value;
    },
    apply: () => standIn(),
    construct: () => standIn() as object,
  });
}

class EventEmitter<T> {
  private listeners: ((e: T) => void)[] = [];
  event = (listener: (e: T) => void) => {
    this.listeners.push(listener);
    return { dispose: () => undefined };
  };
  fire(e: T): void {
    for (const l of this.listeners) l(e);
  }
  dispose(): void {
    this.listeners = [];
  }
}

class Disposable {
  static from(...items: { dispose(): unknown }[]): Disposable {
    return new Disposable(() => items.forEach((i) => i.dispose()));
  }
  constructor(private readonly fn: () => unknown) {}
  dispose(): void {
    this.fn();
  }
}

const noEvent = () => ({ dispose: () => undefined });
const emptyMemento = { get: (_k: string, d?: unknown) => d, update: () => Promise.resolve(), keys: () => [] };
const api = standIn({
  version: '1.95.0',
  EventEmitter,
  Disposable,
  ExtensionMode: { Production: 1, Development: 2, Test: 3 },
  env: standIn({ language: 'en', uiKind: 1, appName: 'Visual Studio Code', remoteName: undefined }),
  l10n: { t: (m: string | { message: string }, ...args: unknown[]) => (typeof m === 'string' ? m : m.message).replace(/\{(\d+)\}/g, (_x, i: string) => String(args[Number(i)])), bundle: undefined, uri: undefined },
  workspace: standIn({
    getConfiguration: () => standIn({ get: (_k: string, d?: unknown) => d, inspect: () => undefined, has: () => false }),
    onDidChangeConfiguration: noEvent,
    onDidGrantWorkspaceTrust: noEvent,
    isTrusted: true,
    workspaceFolders: undefined,
  }),

}) as Record<PropertyKey, unknown>;
// A bundle reads the module through esbuild's ESM interop: a new object that copies the module's
// own keys and takes the module's prototype, so every other name is looked up on that prototype.
const anyName = new Proxy({}, { get: (_t, prop) => api[prop] });
const vscode = new Proxy(Object.create(anyName) as object, { get: (_t, prop) => api[prop] });

const context = {
  subscriptions: [] as unknown[],
  secrets: { get: () => Promise.resolve(undefined), store: () => Promise.resolve(), delete: () => Promise.resolve(), onDidChange: noEvent },
  globalState: { ...emptyMemento, setKeysForSync: () => undefined },
  workspaceState: emptyMemento,
  extensionMode: 1,
  extensionUri: standIn(),
  extensionPath: '',
  extension: { packageJSON: { version: '0.0.0' } },
  globalStorageUri: standIn(),
  storageUri: undefined,
  logUri: standIn(),
};

// `require('vscode')` from the bundle gets the stand-in.
const mod = Module as unknown as { _resolveFilename: (request: string, ...rest: unknown[]) => string };
const resolve = mod._resolveFilename;
mod._resolveFilename = function resolveVscode(request: string, ...rest: unknown[]) {
  return request === 'vscode' ? 'vscode' : resolve.call(this, request, ...rest);
};
require.cache.vscode = { id: 'vscode', filename: 'vscode', loaded: true, exports: vscode } as NodeJS.Module;

// Built-ins VS Code's extension host has loaded before it loads any extension (its IPC, file
// service and proxy support): an extension that requires them again pays nothing there, so they
// are not counted here either.
for (const builtin of ['fs', 'path', 'os', 'crypto', 'events', 'stream', 'util', 'url', 'net', 'tls', 'http', 'https', 'child_process', 'zlib']) {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require(`node:${builtin}`);
}

const bundle = path.resolve(process.argv[2] ?? '');
const t0 = performance.now();
// eslint-disable-next-line @typescript-eslint/no-require-imports
const ext = require(bundle) as { activate(c: unknown): unknown };
const t1 = performance.now();
ext.activate(context);
const t2 = performance.now();
process.stdout.write(`${JSON.stringify({ loadMs: t1 - t0, activateMs: t2 - t1 })}\n`);
// The extension's timers and servers are not the measure: leave now.
process.exit(0);
