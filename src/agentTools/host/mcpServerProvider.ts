// The Campfire MCP server offered to VS Code itself (MCP: List Servers shows "Campfire"), so users who
// prefer MCP need no configuration. It runs inside the extension host on a loopback port, started
// only when VS Code starts the server, and reads the window's account or sample data as the
// language-model tools do: the key never leaves the extension host.
import path from 'node:path';
import * as vscode from 'vscode';
import type { Services } from '../../core/services';
import type { ContractsModel } from '../../model/contractsModel';
import { requireBundle } from '../../shared/requireFirst';
import type * as McpEndpointModule from '../mcp/mcpEndpoint';
import { campfireMcpTools } from '../mcp/mcpTools';
import { windowData } from './windowData';

/** As package.json's contributes.mcpServerDefinitionProviders declares it. */
export const MCP_PROVIDER_ID = 'campfire.mcpServer';

/** dist/mcpEndpoint.js (the MCP SDK's server), or the transpiled module when this file runs unbundled in out/. */
function loadMcpEndpoint(): typeof McpEndpointModule {
  return requireBundle([path.join(__dirname, 'mcpEndpoint.js'), path.join(__dirname, '..', 'mcp', 'mcpEndpoint.js')]) as typeof McpEndpointModule;
}

/** Registers the provider; nothing where this VS Code has no MCP server definition API. */
export function registerMcpServerProvider(services: Services, model: ContractsModel): vscode.Disposable[] {
  const lm = vscode.lm as Partial<typeof vscode.lm> | undefined;
  if (typeof lm?.registerMcpServerDefinitionProvider !== 'function' || typeof vscode.McpHttpServerDefinition !== 'function') return [];
  const version = (services.context.extension.packageJSON as { version?: string }).version;
  let endpoint: Promise<McpEndpointModule.McpEndpoint> | undefined;
  const provider: vscode.McpServerDefinitionProvider<vscode.McpHttpServerDefinition> = {
    // Called eagerly by VS Code: no port is opened until it starts the server.
    provideMcpServerDefinitions: () => [new vscode.McpHttpServerDefinition('Campfire', vscode.Uri.parse('http://127.0.0.1/mcp'), {}, version)],
    async resolveMcpServerDefinition(server) {
      // The SDK's server loads with the first start, not with the extension.
      endpoint ??= Promise.resolve().then(() => loadMcpEndpoint().startMcpEndpoint((stop) => campfireMcpTools(() => windowData(services, model), stop)));
      const started = await endpoint.catch((e: unknown) => {
        endpoint = undefined;
        throw e;
      });
      server.uri = vscode.Uri.parse(started.url);
      server.headers = { Authorization: started.authorization };
      return server;
    },
  };
  return [
    lm.registerMcpServerDefinitionProvider(MCP_PROVIDER_ID, provider),
    new vscode.Disposable(() => void endpoint?.then((e) => e.close(), () => undefined)),
  ];
}
