// Self-check module (see test/unit/exthostHarness.test.ts): the extension host process dies
// in the middle of the run. The workbench then still reports exit code 0; the harness must not.
export function run(): Promise<void> {
  console.log('failmode crash: killing the extension host');
  // Late enough for the line above to reach the workbench first.
  setTimeout(() => process.kill(process.pid, 'SIGKILL'), 1000);
  return new Promise<void>(() => undefined);
}
