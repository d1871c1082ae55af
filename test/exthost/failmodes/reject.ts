// Self-check module (see test/unit/exthostHarness.test.ts): a plain failing run, after
// printing a passing-looking summary. The rejection must win.
export function run(): Promise<void> {
  console.log('failmode reject: rejecting');
  console.log('1 passed, 0 failed');
  return Promise.reject(new Error('failmode reject'));
}
