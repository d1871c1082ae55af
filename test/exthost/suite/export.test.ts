// Exports through VS Code: the commands with an argument object write the expected file from the
// local Campfire server over real HTTP, and a failing export leaves no file.
import * as assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import * as vscode from 'vscode';
import type { ExportResult } from '../../../src/export/runner';
import { startSampleServer, type SampleServer } from '../../../src/sampleServer/server';
import { FaultPlan } from '../../unit/support/faults';

describe('exports from the command palette', () => {
  let server: SampleServer;
  const faults = new FaultPlan();
  let dir: string;
  const config = () => vscode.workspace.getConfiguration('campfire');

  before(async () => {
    server = await startSampleServer({ token: 'export-exthost-key', faults });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'campfire-exthost-export-'));
    await config().update('baseUrl', server.url, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('campfire.signIn', { apiKey: 'export-exthost-key' });
  });

  after(async () => {
    await vscode.commands.executeCommand('campfire.signOut');
    await config().update('baseUrl', undefined, vscode.ConfigurationTarget.Global);
    await server.close();
  });

  /** A contract and one of its prepaid commits with a few pages of usage events (101 to 3,999). */
  function commitWithAFewPages() {
    const few = (contractId: number, commitId: number) => {
      const n = server.dataset.usageEventCount(contractId, commitId);
      return n > 100 && n < 4000;
    };
    const c = server.dataset.contracts().find((x) => server.dataset.prepaidCommits(x.id).some((p) => few(x.id, p.id)));
    assert.ok(c, 'a contract with such a commit');
    const commit = server.dataset.prepaidCommits(c.id).find((p) => few(c.id, p.id));
    assert.ok(commit);
    return { c, commit };
  }

  it('exports a commit’s usage events to CSV with an argument object, no prompts', async () => {
    const { c, commit } = commitWithAFewPages();
    const target = path.join(dir, 'events.csv');
    const result = await vscode.commands.executeCommand<ExportResult>('campfire.exportUsageEvents', { contractId: c.id, commitId: commit.id, format: 'csv', uri: vscode.Uri.file(target) });
    const n = server.dataset.usageEventCount(c.id, commit.id);
    assert.equal(result.rows, n);
    assert.equal(result.difference, 0);
    const lines = fs.readFileSync(target, 'utf8').trimEnd().split('\r\n');
    assert.equal(lines.length, n + 1);
    assert.match(lines[0] ?? '', /^id,prepaid_commit,/);
    assert.ok(lines[1]?.startsWith(`${server.dataset.usageEvent(c.id, commit.id, 0).id},`));
    assert.ok(!fs.readFileSync(target, 'utf8').includes('export-exthost-key'), 'the key is not in the export');
  });

  it('exports a commit’s usage events to XLSX and Parquet, typed, every row once, read back by other readers', async () => {
    const { c, commit } = commitWithAFewPages();
    const n = server.dataset.usageEventCount(c.id, commit.id);
    const sent = Array.from({ length: n }, (_, i) => server.dataset.usageEvent(c.id, commit.id, i));
    const byId = new Map(sent.map((e) => [e.id, e]));

    // XLSX, as Excel would open it (exceljs reads the workbook the extension's own writer made).
    const xlsx = path.join(dir, 'events.xlsx');
    const xr = await vscode.commands.executeCommand<ExportResult>('campfire.exportUsageEvents', { contractId: c.id, commitId: commit.id, format: 'xlsx', uri: vscode.Uri.file(xlsx) });
    assert.equal(xr.rows, n);
    assert.equal(xr.difference, 0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(xlsx);
    const sheet: ExcelJS.Worksheet | undefined = wb.worksheets[0];
    assert.ok(sheet, 'a first sheet');
    const header = (sheet.getRow(1).values as unknown[]).slice(1).map(String);
    const col = (name: string) => header.indexOf(name) + 1;
    assert.ok(col('id') > 0 && col('total_revenue_dollars') > 0, `the header names the fields: ${header.join(', ')}`);
    assert.equal(sheet.actualRowCount, n + 1, 'a row per event, under the header');
    const ids = new Set<number>();
    for (let r = 2; r <= n + 1; r++) {
      const row: ExcelJS.Row = sheet.getRow(r);
      const id: ExcelJS.CellValue = row.getCell(col('id')).value;
      assert.equal(typeof id, 'number', `row ${r}: the id is a number`);
      ids.add(id as number);
      const event = byId.get(id as number);
      assert.ok(event, `row ${r}: event ${JSON.stringify(id)} is one the server sent`);
      assert.equal(row.getCell(col('total_revenue_dollars')).value, event.total_revenue_dollars, `row ${r}: revenue as a number`);
    }
    assert.equal(ids.size, n, 'every event exactly once');

    // Parquet, as a data tool would read it (hyparquet).
    const parquet = path.join(dir, 'events.parquet');
    const pr = await vscode.commands.executeCommand<ExportResult>('campfire.exportUsageEvents', { contractId: c.id, commitId: commit.id, format: 'parquet', uri: vscode.Uri.file(parquet) });
    assert.equal(pr.rows, n);
    const { asyncBufferFromFile, parquetReadObjects } = await import('hyparquet');
    const rows = await parquetReadObjects({ file: await asyncBufferFromFile(parquet) });
    assert.equal(rows.length, n);
    const read = new Map(rows.map((r) => [Number(r.id), r]));
    assert.equal(read.size, n, 'every event exactly once');
    for (const e of sent) assert.equal(read.get(e.id)?.total_revenue_dollars, e.total_revenue_dollars, `event ${e.id}: revenue`);
    for (const f of [xlsx, parquet]) assert.ok(!fs.readFileSync(f).includes('export-exthost-key'), `the key is not in ${path.basename(f)}`);
  });

  it('exports contracts as JSON Lines and a contract’s overrides as JSON, taking a node-like argument', async () => {
    const contracts = path.join(dir, 'contracts.jsonl');
    await vscode.commands.executeCommand('campfire.exportContracts', { format: 'jsonl', uri: contracts });
    assert.equal(fs.readFileSync(contracts, 'utf8').trimEnd().split('\n').length, server.dataset.contracts().length);
    const ov = server.dataset.wellKnown.contractWithOverrides;
    const overrides = path.join(dir, 'overrides.json');
    await vscode.commands.executeCommand('campfire.exportTierPriceOverrides', { contractId: ov, format: 'json', uri: overrides });
    assert.deepEqual((JSON.parse(fs.readFileSync(overrides, 'utf8')) as { id: number }[]).map((o) => o.id), server.dataset.tierPriceOverrides(ov).map((o) => o.id));
  });

  it('signed out, an export says so before asking for anything', async () => {
    await vscode.commands.executeCommand('campfire.signOut');
    try {
      const target = path.join(dir, 'signed-out.csv');
      // No format given, so the format would be asked next: the command must end before that prompt.
      const result = await vscode.commands.executeCommand('campfire.exportContracts', { uri: target });
      assert.equal(result, undefined);
      assert.equal(fs.existsSync(target), false);
      // With everything given (automation), the same refusal reaches the caller.
      await assert.rejects(
        Promise.resolve(vscode.commands.executeCommand('campfire.exportContracts', { format: 'csv', uri: target })),
        /No Campfire API key is set/,
      );
    } finally {
      await vscode.commands.executeCommand('campfire.signIn', { apiKey: 'export-exthost-key' });
    }
  });

  it('refuses a target in a virtual workspace before any request, writing nothing on this disk', async () => {
    // A github.dev-style location whose path is also a real folder here: writing its fsPath would put the
    // file on this machine's disk instead of in the virtual workspace.
    const local = path.join(dir, 'virtual.csv');
    const uri = vscode.Uri.from({ scheme: 'vscode-vfs', authority: 'github', path: local });
    const before = server.requests.length;
    await assert.rejects(
      Promise.resolve(vscode.commands.executeCommand('campfire.exportContracts', { format: 'csv', uri })),
      /Exports are written to files on disk, and vscode-vfs:\/\/github\/.*virtual\.csv is not on a disk \(a vscode-vfs: location, as in a virtual workspace\)/,
    );
    // No format given: refused before the format prompt, so the command ends on its own.
    assert.equal(await vscode.commands.executeCommand('campfire.exportContracts', { uri }), undefined);
    await assert.rejects(
      Promise.resolve(vscode.commands.executeCommand('campfire.exportUsageEventsView', { format: 'csv', uri })),
      /Exports are written to files on disk/,
    );
    assert.equal(server.requests.length, before, 'no request to Campfire');
    assert.equal(fs.existsSync(local), false);
    assert.deepEqual(fs.readdirSync(dir).filter((f) => f.includes('virtual')), []);
  });

  it('a failing export reports the error and leaves no file', async () => {
    const target = path.join(dir, 'failed.jsonl');
    faults.inject({ path: /prepaid-commits$/, kind: 'schema', times: 1 });
    await assert.rejects(
      Promise.resolve(vscode.commands.executeCommand('campfire.exportPrepaidCommits', { contractId: server.dataset.wellKnown.contractWithManyCommits, format: 'jsonl', uri: target })),
      /does not understand/,
    );
    assert.deepEqual(fs.readdirSync(dir).filter((f) => f.startsWith('.failed') || f === 'failed.jsonl'), []);
  });
});
