// The start-up bench's baseline exporter, as a whole process: lists one commit's usage events one
// page at a time by following `next`, writing JSON Lines, the way a client without ordered
// concurrent pagination would. Bundled by startupBench.ts like campfire-export is, then run as
//   node followNext.js <base url> <contract id> <commit id> <page size> <out file>
// with the key in CAMPFIRE_API_TOKEN.
import fs from 'node:fs';
import { once } from 'node:events';
import { createClient } from '../src/api/createClient';
import { usageEventSchema } from '../src/api/schemas/usageEvent';
import { usageEvents } from '../src/resources';
import { paginateFollowingNext } from './followNext';

async function main(): Promise<void> {
  const [baseUrl = '', contractId = '', commitId = '', pageSize = '', outFile = ''] = process.argv.slice(2);
  const client = createClient({ baseUrl, getApiKey: () => process.env.CAMPFIRE_API_TOKEN, userAgent: 'campfire-bench-follow-next', limits: { maxConcurrent: 1 } });
  const out = fs.createWriteStream(outFile);
  const ids = { contractId: Number(contractId), commitId: Number(commitId) };
  const req = { path: usageEvents.listPath(ids), endpoint: 'usage events', itemSchema: usageEventSchema };
  for await (const rows of paginateFollowingNext(client, req, { pageSize: Number(pageSize) })) {
    if (!out.write(rows.map((r) => `${JSON.stringify(r)}\n`).join(''))) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  await client.close();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
