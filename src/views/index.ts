// Builds the window's views: the Contracts tree (its model, the TreeView and the JSON documents it
// opens), the status bar item that names the account in use, and the usage-events panels (with the
// serializer that brings them back after a reload). Commands are registered above this layer
// (src/commands), on the objects returned here.
import * as vscode from 'vscode';
import type { Services } from '../core/services';
import { currentCacheOwner } from '../core/cacheOwner';
import { ContractsModel } from '../model/contractsModel';
import { ReconciledCommits } from '../model/reconciledCommits';
import { apiContractsSource, apiDeltaSource } from '../model/contractsSource';
import { ChangesView } from './changesView';
import { ContractsView } from './contractsView';
import { EntityJsonProvider, JSON_SCHEME } from './jsonDocuments';
import { Session } from './session';
import { CampfireStatusBar } from './statusBar';
import { registerUsageEventsSerializer, UsageEventsPanels } from '../usageEvents/host';

/** The window's views, as the commands act on them. */
export interface Views {
  readonly model: ContractsModel;
  readonly view: ContractsView;
  /** What the last sync of the contracts changed. */
  readonly changes: ChangesView;
  readonly session: Session;
  readonly json: EntityJsonProvider;
  /** The account (or sample data, or signed out) and the connection's health, in the status bar. */
  readonly statusBar: CampfireStatusBar;
  /** The usage-events panels, one per prepaid commit. */
  readonly usageEventsPanels: UsageEventsPanels;
  /** The commits the window reconciled (in a panel or a report), per account, in memory. */
  readonly reconciled: ReconciledCommits;
}

/** Disposables for the extension's subscriptions (plain objects included, hence the structural type). */
export type Disposables = { dispose(): unknown }[];

export function createViews(services: Services): { views: Views; disposables: Disposables } {
  const settings = {
    pageSize: () => services.connection.settings.pageSize,
    concurrency: () => services.connection.settings.maxConcurrentRequests,
  };
  const model = new ContractsModel(apiContractsSource(() => services.connection.client), settings, {
    delta: apiDeltaSource(() => services.connection.client, settings),
    log: (message) => services.log.info(message),
  });
  const session = new Session(services);
  const reconciled = new ReconciledCommits();
  const view = new ContractsView(services, model, session, reconciled);
  const changes = new ChangesView(model, reconciled, () => currentCacheOwner(services.connection));
  const json = new EntityJsonProvider(model);
  const statusBar = new CampfireStatusBar(services);
  const usageEventsPanels = new UsageEventsPanels(services, reconciled);
  return {
    views: { model, view, changes, session, json, statusBar, usageEventsPanels, reconciled },
    disposables: [
      view,
      changes,
      statusBar,
      session,
      json,
      { dispose: () => model.dispose() },
      vscode.workspace.registerTextDocumentContentProvider(JSON_SCHEME, json),
      // Page size changes apply to the next load; showing the tree again picks them up.
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('campfire.pageSize')) view.reload();
      }),
      registerUsageEventsSerializer(usageEventsPanels),
      usageEventsPanels,
    ],
  };
}
