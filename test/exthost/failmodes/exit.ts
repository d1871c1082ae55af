// Self-check module (see test/unit/exthostHarness.test.ts): a test calls process.exit(0) half-way,
// so the host exits "successfully" without the suite finishing. Must not count as a pass.
export function run(): Promise<void> {
  console.log('failmode exit: calling process.exit(0)');
  // Late enough for the line above to reach the workbench first.
  setTimeout(() => process.exit(0), 1000);
  return new Promise<void>(() => undefined);
}
