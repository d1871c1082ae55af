// The extension against a misbehaving Campfire stand-in, over real HTTP from the extension host:
// every row from a server that caps its pages, a loud failure and no file from one that leaves a
// page empty, the tree saying in numbers what it could not read, and never the key in what the
// user is told.
import * as assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as vscode from 'vscode';
import type { ExportResult } from '../../../src/export/runner';
import { SampleDataset } from '../../../src/sampleServer/dataset';
import { startHostileServer, type HostileServer } from '../../unit/support/hostileServer';
import { screenshot, screenshotFile, withWideSideBar } from '../helpers';
import { children, is, label, treeApi } from './treeSupport';

const KEY = 'hostile-exthost-Key-51c0de';

describe('a misbehaving Campfire: exports and the tree', () => {
  let server: HostileServer;
  let dir: string;
  const config = () => vscode.workspace.getConfiguration('campfire');
  const exportTo = (file: string) =>
    Promise.resolve(vscode.commands.executeCommand<ExportResult>('campfire.exportUsageEvents', { contractId: 12, commitId: 77, format: 'jsonl', uri: vscode.Uri.file(path.join(dir, file)) }));

  before(async () => {
    server = await startHostileServer({ rows: 0 });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'campfire-exthost-hostile-'));
    await config().update('baseUrl', server.url, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('campfire.signIn', { apiKey: KEY });
  });

  after(async () => {
    await vscode.commands.executeCommand('campfire.signOut');
    await config().update('baseUrl', undefined, vscode.ConfigurationTarget.Global);
    await server.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('a server that caps pages at 100 rows while the export asks for 500: every row, once, in order', async () => {
    server.setMode({ rows: 1234, maxLimit: 100 });
    const result = await exportTo('capped.jsonl');
    assert.equal(result.rows, 1234);
    const ids = fs.readFileSync(path.join(dir, 'capped.jsonl'), 'utf8').trimEnd().split('\n').map((l) => (JSON.parse(l) as { id: number }).id);
    assert.deepEqual(ids, server.currentIds());
  });

  it('a page that stays empty in the middle: the export fails saying how many rows of how many, and writes nothing', async () => {
    // The export asks for pages of 500, the second one from offset 499: it is the one left empty.
    server.setMode({ rows: 2000, emptyFrom: 450, emptyTo: 550 });
    await assert.rejects(exportTo('gap.jsonl'), /Incomplete: read \d+ of 2000 rows of usage events of prepaid commit 77/);
    assert.deepEqual(fs.readdirSync(dir).filter((f) => f !== 'capped.jsonl'), [], 'no file and no temporary file');
  });

  it('the tree: a contract list that stops short says how many contracts could not be read, with Retry', async () => {
    const contracts = new SampleDataset({ seed: 3, contracts: 250, hostile: false }).contracts() as unknown as Record<string, unknown>[];
    // Pages of 100: Load all reads from offset 100, and its second request (offset 199) stays empty.
    server.setMode({ rows: 0, contracts, emptyFrom: 150, emptyTo: 250 });
    await config().update('pageSize', 100, vscode.ConfigurationTarget.Global);
    try {
      const tree = await treeApi();
      tree.view.reload();
      const first = await children(tree);
      assert.equal(first.filter((r) => is(r, 'contract')).length, 100);
      const more = first.find((r) => is(r, 'loadMore'));
      assert.ok(more, 'Load more after the first page');
      await vscode.commands.executeCommand('campfire.loadAll', more.node);
      const after = await children(tree);
      const failed = after.find((r) => is(r, 'error'));
      assert.ok(failed, `an error node among ${after.map((r) => label(r.item)).join(' | ')}`);
      assert.equal(label(failed.item), 'Only 200 of 250 contracts could be read');
      assert.equal(failed.item.description, 'Retry');
      assert.equal(after.filter((r) => is(r, 'contract')).length, 200, 'the contracts that did arrive stay');
      // What a user sees at the end of the list: the last contracts, then the warning with Retry.
      await vscode.commands.executeCommand('workbench.view.extension.campfire');
      // Wide enough for the label, as a user would drag it (see the contracts-tree screenshot).
      await withWideSideBar(async () => {
        assert.ok(await tree.view.reveal(failed.node, { select: true, focus: true }), 'the row revealed');
        await screenshot(screenshotFile('tree-incomplete.png'), 1000);
      });
    } finally {
      await vscode.commands.executeCommand('notifications.clearAll');
      await config().update('pageSize', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('an error body that echoes the key: the message the user gets does not contain it', async () => {
    for (const shape of ['detail', 'html', 'controls'] as const) {
      server.setMode({ rows: 1, echo: { status: 403, shape } });
      const error = await exportTo(`echo-${shape}.jsonl`).then(
        () => undefined,
        (e: unknown) => e,
      );
      assert.ok(error instanceof Error, `${shape}: the export failed`);
      assert.ok(!error.message.includes(KEY), `${shape}: ${error.message}`);
      // eslint-disable-next-line no-control-regex -- control characters are what must not be there
      assert.doesNotMatch(error.message, /[\u0000-\u001f\u007f-\u009f\u202a-\u202e]/, `${shape}: no control characters`);
    }
  });
});
