// Self-check module (see test/unit/exthostHarness.test.ts): run() never settles. The harness
// must end the run at --timeout with exit code 124.
export function run(): Promise<void> {
  console.log('failmode hang: never settling');
  return new Promise<void>(() => undefined);
}
