// The @campfire participant's slash commands, answered from the tools' data without a language
// model: the prompt is read for ids or words and the same reads as the tools run. The answer is
// data, not text: VS Code words it for a person (host/slashMarkdown.ts), while the tools word theirs
// for a model.
import { CampfireIncompleteError } from '../../api/errors';
import type { Contract } from '../../api/schemas/contract';
import type { ChangeSet } from '../../model/contractChanges';
import { errorMessage } from '../../shared/errorMessage';
import type { CampfireData, Listed } from './campfireData';
import { reconciliationView, type ReconciliationView } from './reconciliation';
import { matchContracts, readCommit, readContract, type CommitRead, type ContractRead } from './tools';

export const SLASH_COMMANDS = ['contract', 'commit', 'changes', 'reconcile'] as const;
export type SlashCommand = (typeof SLASH_COMMANDS)[number];

/** Contracts a `/contract words` answer lists at most; the count says how many matched in all. */
export const FOUND_CONTRACTS_SHOWN = 20;

/** What a read that failed says: its message, and for a listing that stopped short how many rows of how many. */
export interface ReadFailure {
  message: string;
  incomplete?: { delivered: number; expected: number };
}

export type SlashAnswer =
  /** The prompt does not name what the command needs: say what to type. */
  | { kind: 'usage'; command: SlashCommand }
  | { kind: 'failed'; failure: ReadFailure }
  | ({ kind: 'contract' } & ContractRead)
  | { kind: 'contracts'; words: string; matched: readonly Contract[]; listed: Listed<Contract> }
  /** `reconcile` leads with the reconciliation. */
  | { kind: 'commit'; command: 'commit' | 'reconcile'; read: Extract<CommitRead, { found: true }>; reconciliation: ReconciliationView }
  | { kind: 'noCommit'; read: Extract<CommitRead, { found: false }> }
  | { kind: 'changes'; changes: ChangeSet }
  | { kind: 'noChanges' };

function ids(prompt: string): number[] {
  return [...prompt.matchAll(/\d+/g)].map((m) => Number(m[0])).filter((n) => Number.isSafeInteger(n));
}

function failure(e: unknown): ReadFailure {
  const message = errorMessage(e);
  return e instanceof CampfireIncompleteError ? { message, incomplete: { delivered: e.delivered, expected: e.expected } } : { message };
}

async function answer(command: SlashCommand, prompt: string, data: CampfireData): Promise<SlashAnswer> {
  const numbers = ids(prompt);
  switch (command) {
    case 'contract': {
      const words = prompt.trim();
      if (numbers.length === 1 && /^#?\d+$/.test(words)) return { kind: 'contract', ...(await readContract(data, numbers[0] as number)) };
      if (words === '') return { kind: 'usage', command };
      const listed = await data.contracts();
      return { kind: 'contracts', words, matched: matchContracts(listed.items, { text: words }), listed };
    }
    case 'commit':
    case 'reconcile': {
      if (numbers.length !== 2) return { kind: 'usage', command };
      const [contractId, commitId] = numbers as [number, number];
      const read = await readCommit(data, { contractId, commitId });
      return read.found ? { kind: 'commit', command, read, reconciliation: reconciliationView(read.reconciliation) } : { kind: 'noCommit', read };
    }
    case 'changes': {
      const changes = await data.changes();
      return changes.kind === 'changes' ? { kind: 'changes', changes: changes.changes } : { kind: 'noChanges' };
    }
  }
}

/** The answer to `/command prompt`; never throws (a read that failed is an answer). */
export async function answerSlashCommand(command: SlashCommand, prompt: string, data: CampfireData): Promise<SlashAnswer> {
  try {
    return await answer(command, prompt, data);
  } catch (e) {
    return { kind: 'failed', failure: failure(e) };
  }
}
