// The module the extension host loads (extensionTestsPath): it calls run() and reports the
// promise's outcome as the test run's exit code. Runs mocha over out/test/exthost/suite/.
// Mocha 11 on purpose: mocha 12 is ESM-only and the extension host require()s this file.
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

/** Every compiled suite file, sorted so the order is the same on every machine. */
function suiteFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.test.js'))
    .sort()
    .map((f) => path.join(dir, f));
}

export function run(): Promise<void> {
  const mocha = new Mocha({
    ui: 'bdd',
    reporter: 'spec',
    color: false, // the output ends up in CI logs, not a terminal
    timeout: 20_000, // the first activation in a cold workbench can take a few seconds
  });
  // e.g. CAMPFIRE_EXTHOST_GREP=activation npm run test:exthost
  const grep = process.env.CAMPFIRE_EXTHOST_GREP;
  if (grep) mocha.grep(grep);
  // The development suite by default; "smoke" for the installed package (runTests.ts --package);
  // "reload" for the restart suite, whose files are named after the phase they run in (1-….test.js).
  const suite = process.env.CAMPFIRE_EXTHOST_SUITE;
  const phase = process.env.CAMPFIRE_EXTHOST_PHASE;
  const files = suiteFiles(path.join(__dirname, suite === 'smoke' || suite === 'reload' ? suite : 'suite')).filter(
    (f) => suite !== 'reload' || path.basename(f).startsWith(`${phase ?? '1'}-`),
  );
  for (const f of files) mocha.addFile(f);

  return new Promise<void>((resolve, reject) => {
    const runner = mocha.run((failures) => {
      const { passes, pending } = runner.stats ?? { passes: 0, pending: 0 };
      // The closing line the harness (and CI log readers) look for; it must come last.
      console.log(`${passes} passed, ${failures} failed, ${pending} skipped`);
      if (failures > 0) reject(new Error(`${failures} extension-host test(s) failed`));
      // No test at all means a broken build or a grep that matches nothing: never a pass.
      else if (passes === 0) reject(new Error(`no extension-host test ran (${files.length} suite files, grep ${grep ?? 'none'})`));
      else resolve();
    });
  });
}
