// The import-cycle lint rule (eslint/noImportCycles.mjs) on a tree of three files on disk: a cycle
// through a type-only import is reported with its path, an import outside any cycle is not.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, describe, it } from 'node:test';
import { RuleTester, type Rule } from 'eslint';
import tseslint from 'typescript-eslint';

// Run from out/test/unit: the repository is three levels up.
const root = path.resolve(__dirname, '..', '..', '..');

describe('eslint rule: no import cycles', async () => {
  const { default: rule } = (await import(pathToFileURL(path.join(root, 'eslint', 'noImportCycles.mjs')).href)) as { default: Rule.RuleModule };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'campfire-cycles-'));
  const files = {
    'a.ts': "import type { B } from './b';\nexport interface A { b?: B }\n",
    'b.ts': "import { type A } from './a';\nexport interface B { a?: A }\n",
    'c.ts': "import type { A } from './a';\nexport type C = A;\n",
  };
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  RuleTester.describe = describe;
  RuleTester.it = it;
  RuleTester.itOnly = it.only;
  const tester = new RuleTester({ languageOptions: { parser: tseslint.parser } });
  tester.run('no-import-cycles', rule, {
    valid: [{ code: files['c.ts'], filename: path.join(dir, 'c.ts'), options: [{ root: dir }] }],
    invalid: [
      {
        code: files['a.ts'],
        filename: path.join(dir, 'a.ts'),
        options: [{ root: dir }],
        errors: [{ messageId: 'cycle', data: { cycle: [path.join(dir, 'a.ts'), path.join(dir, 'b.ts'), path.join(dir, 'a.ts')].map((f) => path.relative(process.cwd(), f).split(path.sep).join('/')).join(' → ') } }],
      },
      {
        // An `export … from` closes a cycle as an import does.
        code: "export type { A } from './a';\nexport interface B { x?: number }\n",
        filename: path.join(dir, 'b.ts'),
        options: [{ root: dir }],
        errors: [{ messageId: 'cycle' }],
      },
    ],
  });
});
