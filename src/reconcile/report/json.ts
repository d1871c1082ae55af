// The reconciliation as JSON, for scripts: the checks' results as they are, amounts as exact decimal
// strings (a JSON number would be read back as a double).
import type { ContractReconciliation } from '../checks';

export function reconciliationJson(result: ContractReconciliation): string {
  return `${JSON.stringify(result, null, 2)}\n`;
}
