// The Campfire app's address of a contract, from the campfire.openInCampfireUrl template.
export const DEFAULT_CONTRACT_URL = 'https://app.meetcampfire.com/v2/revenue/contracts/{id}';

export interface ContractUrlRef {
  contractId: number;
  commitId?: number;
}

/** Fills `{id}` / `{contractId}` / `{commitId}`; undefined unless the result is https://, so a mistyped setting opens nothing. */
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
