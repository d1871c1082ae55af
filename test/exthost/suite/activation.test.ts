// The extension as the workbench sees it: installed, activated lazily through a contribution,
// its commands registered, its settings at their documented defaults, its view container usable.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activate, EXTENSION_ID, getExtension, screenshot, screenshotFile } from '../helpers';

interface ContributedCommand {
  command: string;
}
interface Manifest {
  name: string;
  activationEvents?: string[];
  contributes: {
    commands: ContributedCommand[];
    configuration: { properties: Record<string, { default?: unknown }> };
  };
}

const manifest = (): Manifest => getExtension().packageJSON as Manifest;

// The defaults the README documents for the main settings.
const DOCUMENTED_DEFAULTS: Record<string, unknown> = {
  baseUrl: 'https://api.meetcampfire.com',
  pageSize: 100,
  maxConcurrentRequests: 4,
  requestTimeoutSeconds: 60,
};

describe('activation', () => {
  // Read while mocha loads the suite files, before any test of any suite has run.
  const activeAtLoad = vscode.extensions.getExtension(EXTENSION_ID)?.isActive;

  it('is loaded from the development path', () => {
    assert.equal(manifest().name, 'campfire-vscode');
  });

  it('does not activate eagerly', () => {
    // Activation must come from a contribution (view, command), never on startup.
    assert.equal(activeAtLoad, false, 'active before any contribution was used');
    const events = manifest().activationEvents ?? [];
    assert.deepEqual(events.filter((e) => e === '*' || e === 'onStartupFinished'), []);
  });

  it('activates when the Campfire view container is opened', async () => {
    // helpers.activate() opens workbench.view.extension.campfire and waits for activation.
    const api = await activate();
    assert.ok(getExtension().isActive);
    assert.ok(api.services, 'activate() returns the extension API with its services');
  });

  it('registers every command it contributes', async () => {
    await activate();
    const registered = new Set(await vscode.commands.getCommands(true));
    const contributed = manifest().contributes.commands.map((c) => c.command);
    assert.ok(contributed.length > 0);
    assert.deepEqual(contributed.filter((c) => !registered.has(c)), [], 'contributed but not registered');
  });

  it('has its settings at the documented defaults', () => {
    const config = vscode.workspace.getConfiguration('campfire');
    for (const [key, value] of Object.entries(DOCUMENTED_DEFAULTS)) {
      assert.deepEqual(config.inspect(key)?.defaultValue, value, `default of campfire.${key}`);
      assert.deepEqual(config.get(key), value, `effective value of campfire.${key} with no user settings`);
    }
    // Every other contributed setting is known to the workbench with its manifest default.
    for (const [id, schema] of Object.entries(manifest().contributes.configuration.properties)) {
      const key = id.replace(/^campfire\./, '');
      assert.deepEqual(config.inspect(key)?.defaultValue, schema.default, `default of ${id}`);
    }
  });

  it('opens the Campfire view container with the Contracts view', async () => {
    await vscode.commands.executeCommand('workbench.view.extension.campfire');
    // Every contributed view gets a "<id>.focus" command; it fails if the view does not exist.
    await vscode.commands.executeCommand('campfire.contracts.focus');
    // What a new user sees first (the README shows it).
    await screenshot(screenshotFile('welcome.png'));
  });
});
