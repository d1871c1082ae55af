// The Campfire tools as VS Code language-model tools (contributes.languageModelTools): each says
// whose data it reads before it runs, asks first before listing more than 100,000 rows, and answers
// a failure in words.
import * as vscode from 'vscode';
import type { Services } from '../../core/services';
import type { ContractsModel } from '../../model/contractsModel';
import { formatCount } from '../../shared/countFormat';
import { CAMPFIRE_TOOLS, largeListing, runTool, type CampfireTool } from '../core/tools';
import { windowData } from './windowData';

/** A cancellation token as the AbortSignal the client takes. */
export function signalOf(token: vscode.CancellationToken): AbortSignal {
  const abort = new AbortController();
  if (token.isCancellationRequested) abort.abort();
  else token.onCancellationRequested(() => abort.abort());
  return abort.signal;
}

export function languageModelTool(services: Services, model: ContractsModel, tool: CampfireTool<unknown>): vscode.LanguageModelTool<object> {
  return {
    async prepareInvocation(options, token) {
      const data = await windowData(services, model);
      if ('problem' in data) return { invocationMessage: vscode.l10n.t('Reading {0} from Campfire', tool.reads(options.input)) };
      const invocationMessage = vscode.l10n.t({ message: 'Reading {0} from {1}', args: [tool.reads(options.input), data.accountLabel], comment: ['{0} is what a Campfire tool reads ("contract 12 with its prepaid commits"), {1} the account'] });
      const rows = await largeListing(tool, data, options.input, signalOf(token));
      if (rows === undefined) return { invocationMessage };
      return {
        invocationMessage,
        confirmationMessages: {
          title: vscode.l10n.t('Read {0} rows from Campfire?', formatCount(rows)),
          message: vscode.l10n.t({ message: '{0} will list {1} rows ({2}) from {3}. That can take a while; the answer holds only totals.', args: [tool.title, formatCount(rows), tool.reads(options.input), data.accountLabel], comment: ['{0} is the tool, {2} what it reads, {3} the account'] }),
        },
      };
    },
    async invoke(options, token) {
      const data = await windowData(services, model);
      const text = 'problem' in data ? data.problem : (await runTool(tool, data, options.input, signalOf(token))).text;
      return new vscode.LanguageModelToolResult([new vscode.LanguageModelTextPart(text)]);
    },
  };
}

/** Registers every tool; none where this VS Code has no language-model tools API. */
export function registerLanguageModelTools(services: Services, model: ContractsModel): vscode.Disposable[] {
  // Declared since VS Code 1.95, the engine's floor; guarded so a host without it (a fork) still activates.
  const register = (vscode.lm as Partial<typeof vscode.lm> | undefined)?.registerTool;
  if (typeof register !== 'function') return [];
  return CAMPFIRE_TOOLS.map((tool) => register(tool.name, languageModelTool(services, model, tool)));
}
