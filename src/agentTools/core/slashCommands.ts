// The @campfire participant's slash commands, answered from the tools without a language model:
// the prompt is read for ids or words, one tool runs, and its answer is shown with links to open.
import type { CampfireData } from './campfireData';
import { changesSinceSync, commitSummary, findContracts, getContract, runTool, type CampfireTool } from './tools';

export const SLASH_COMMANDS = ['contract', 'commit', 'changes', 'reconcile'] as const;
export type SlashCommand = (typeof SLASH_COMMANDS)[number];

/** What an answer can link to: a contract (the tree) or a commit (its usage-events panel). */
export interface LinkTarget {
  contractId: number;
  commitId?: number;
}

export interface SlashAnswer {
  /** Markdown: the tool's answer (its data in a fenced JSON block), or what to type instead. */
  markdown: string;
  links: LinkTarget[];
  isError: boolean;
}

function ids(prompt: string): number[] {
  return [...prompt.matchAll(/\d+/g)].map((m) => Number(m[0])).filter((n) => Number.isSafeInteger(n));
}

const USAGE: Record<SlashCommand, string> = {
  contract: 'Name a contract by id (`/contract 1003`) or by words of its deal or client name (`/contract acme`).',
  commit: 'Name the contract and the prepaid commit: `/commit 1003 10031`.',
  changes: '',
  reconcile: 'Name the contract and the prepaid commit: `/reconcile 1003 10031`.',
};

async function run(tool: CampfireTool<unknown>, data: CampfireData, input: object, links: LinkTarget[]): Promise<SlashAnswer> {
  const out = await runTool(tool, data, input);
  return { markdown: out.text, links: out.isError ? [] : links, isError: out.isError };
}

/** The answer to `/command prompt`. */
export async function answerSlashCommand(command: SlashCommand, prompt: string, data: CampfireData): Promise<SlashAnswer> {
  const numbers = ids(prompt);
  switch (command) {
    case 'contract': {
      const words = prompt.trim();
      if (numbers.length === 1 && /^#?\d+$/.test(words)) {
        const contractId = numbers[0] as number;
        return run(getContract, data, { contractId }, [{ contractId }]);
      }
      if (words === '') return { markdown: USAGE.contract, links: [], isError: true };
      const out = await runTool(findContracts, data, { text: words, maxRows: 20 });
      const found = (out.listedRows as readonly { id: number }[]).map((c) => ({ contractId: c.id }));
      return { markdown: out.text, links: found, isError: out.isError };
    }
    case 'commit':
    case 'reconcile': {
      if (numbers.length !== 2) return { markdown: USAGE[command], links: [], isError: true };
      const [contractId, commitId] = numbers as [number, number];
      return run(commitSummary, data, { contractId, commitId }, [{ contractId, commitId }]);
    }
    case 'changes':
      return run(changesSinceSync, data, {}, []);
  }
}
