// Registers the Contracts view: its model, tree, JSON documents, sample-data mode and commands.
import * as vscode from 'vscode';
import { registerClearFilter } from '../commands/clearFilter';
import { registerCopyId } from '../commands/copyId';
import { registerCopyJson } from '../commands/copyJson';
import { registerExploreSampleData } from '../commands/exploreSampleData';
import { registerFilter } from '../commands/filter';
import { registerLeaveSampleData } from '../commands/leaveSampleData';
import { registerLoadAll } from '../commands/loadAll';
import { registerLoadMore } from '../commands/loadMore';
import { registerOpenInCampfire } from '../commands/openInCampfire';
import { registerRefresh } from '../commands/refresh';
import { registerRetry } from '../commands/retry';
import { registerSort } from '../commands/sort';
import type { TreeCommandContext } from '../commands/treeTargets';
import { registerViewJson } from '../commands/viewJson';
import type { Services } from '../core/services';
import { SAMPLE_DATA_ENV, SampleMode } from '../sampleMode/sampleMode';
import { ContractsView } from './contractsView';
import { EntityJsonProvider, JSON_SCHEME } from './jsonDocuments';
import { ContractsModel } from './model/contractsModel';
import { apiContractsSource } from './model/contractsSource';
import { Session } from './session';

/** What the extension-host tests reach through the extension's API. */
export interface ContractsTreeApi {
  readonly model: ContractsModel;
  readonly view: ContractsView;
  readonly session: Session;
  readonly sample: SampleMode;
}

let current: ContractsTreeApi | undefined;

/** The live Contracts view of this window (for the extension's test API). */
export function contractsTreeApi(): ContractsTreeApi | undefined {
  return current;
}

/** Disposables for the extension's subscriptions (plain objects included, hence the structural type). */
export type Disposables = { dispose(): unknown }[];

export function registerViews(services: Services): Disposables {
  const model = new ContractsModel(
    apiContractsSource(() => services.connection.client),
    {
      pageSize: () => services.connection.settings.pageSize,
      concurrency: () => services.connection.settings.maxConcurrentRequests,
    },
  );
  const sample = new SampleMode(services);
  const session = new Session(services, sample);
  const view = new ContractsView(services, model, session);
  const json = new EntityJsonProvider(model);
  const ctx: TreeCommandContext = { services, model, view, sample, json };
  current = { model, view, session, sample };

  if (process.env[SAMPLE_DATA_ENV] === '1') {
    void sample.start().catch((e: unknown) => services.log.error(`Could not start sample data: ${e instanceof Error ? e.message : String(e)}`));
  }

  return [
    view,
    session,
    sample,
    json,
    { dispose: () => model.dispose() },
    { dispose: () => (current = undefined) },
    vscode.workspace.registerTextDocumentContentProvider(JSON_SCHEME, json),
    // Page size changes apply to the next load; showing the tree again picks them up.
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('campfire.pageSize')) view.reload();
    }),
    registerRefresh(ctx),
    registerLoadMore(ctx),
    registerLoadAll(ctx),
    registerRetry(ctx),
    registerFilter(ctx),
    registerClearFilter(ctx),
    registerSort(ctx),
    registerCopyId(ctx),
    registerCopyJson(ctx),
    registerViewJson(ctx),
    registerOpenInCampfire(ctx),
    registerExploreSampleData(ctx),
    registerLeaveSampleData(ctx),
  ];
}
