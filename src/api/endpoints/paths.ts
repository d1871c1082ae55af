// Campfire's revenue-recognition paths (no trailing slash, integer ids).
import { isId } from '../ids';
const RR = '/rr/api/v1';

function seg(id: number): string {
  if (!isId(id)) throw new RangeError(`Campfire ids are non-negative integers, got ${String(id)}`);
  return String(id);
}

export const paths = {
  contracts: () => `${RR}/contracts`,
  contract: (contractId: number) => `${RR}/contracts/${seg(contractId)}`,
  prepaidCommits: (contractId: number) => `${RR}/contracts/${seg(contractId)}/prepaid-commits`,
  prepaidCommit: (contractId: number, commitId: number) => `${RR}/contracts/${seg(contractId)}/prepaid-commits/${seg(commitId)}`,
  usageEvents: (contractId: number, commitId: number) =>
    `${RR}/contracts/${seg(contractId)}/prepaid-commits/${seg(commitId)}/usage-events`,
  consumption: (contractId: number, commitId: number) =>
    `${RR}/contracts/${seg(contractId)}/prepaid-commits/${seg(commitId)}/consumption`,
  tierPriceOverrides: (contractId: number) => `${RR}/contracts/${seg(contractId)}/tier-price-overrides`,
};
