// The Campfire app's address of a contract, from the campfire.openInCampfireUrl template.
export const DEFAULT_CONTRACT_URL = 'https://app.meetcampfire.com/v2/revenue/contracts/{id}';

export interface ContractUrlRef {
  contractId: number;
  commitId?: number;
}

/**
 * Fills `{id}` / `{contractId}` (and `{commitId}` when the target is a commit). Returns undefined
 * unless the result is an https:// URL, so a mistyped setting never opens something unexpected.
 */
export function contractUrl(template: string, ref: ContractUrlRef): string | undefined {
  const t = template.trim() || DEFAULT_CONTRACT_URL;
  if (!/\{(id|contractId)\}/.test(t)) return undefined;
  const url = t
    .replace(/\{(id|contractId)\}/g, String(ref.contractId))
    .replace(/\{commitId\}/g, ref.commitId !== undefined ? String(ref.commitId) : '');
  try {
    return new URL(url).protocol === 'https:' ? url : undefined;
  } catch {
    return undefined;
  }
}
