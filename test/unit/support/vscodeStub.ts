// Loads modules of src/ that import `vscode` in plain Node tests: while `load` runs, requiring
// 'vscode' gives `stub` (a stand-in for the parts of VS Code's API the modules use).
import Module from 'node:module';

export function withVscodeStub<T>(stub: unknown, load: () => T): T {
  type Load = (request: string, parent: unknown, isMain: boolean) => unknown;
  const loader = Module as unknown as { _load: Load };
  const original = loader._load;
  loader._load = (request, parent, isMain) => (request === 'vscode' ? stub : original.call(Module, request, parent, isMain));
  try {
    return load();
  } finally {
    loader._load = original;
  }
}
