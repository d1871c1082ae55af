// `npm run sample-server` (bundled as dist/sampleServer.js): the local Campfire server from a
// terminal, with the fault knobs the tests use.
import { parseArgs } from 'node:util';
import { startSampleServer } from '../../../src/sampleServer/server';
import { FAULT_KINDS, FaultPlan, isFaultKind, type FaultKind } from './faults';

const HELP = `Local Campfire server with generated sample data.

Usage: npm run sample-server -- [options]

  --port N           port on 127.0.0.1 (default 8787; 0 = any free port)
  --seed N           data seed; the same seed gives the same data (default 1)
  --token KEY        accepted API key (default sample-key); --no-auth accepts any request
  --contracts N      number of contracts (default 240)
  --latency MS       delay before every response
  --fault-rate R     share of requests (0..1) that get a random fault
  --faults LIST      comma list of fault kinds for --fault-rate (default: all but schema):
                     ${FAULT_KINDS.join(', ')}
  --retry-after S    Retry-After of 429 faults (default 1)
  --hostile          put markup, script and CSV-formula payloads into some records
  -h, --help

Any request can also ask for one fault with ?_fault=<kind>.`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '8787' },
      seed: { type: 'string', default: '1' },
      token: { type: 'string', default: 'sample-key' },
      'no-auth': { type: 'boolean', default: false },
      contracts: { type: 'string', default: '240' },
      latency: { type: 'string', default: '0' },
      'fault-rate': { type: 'string', default: '0' },
      faults: { type: 'string' },
      'retry-after': { type: 'string', default: '1' },
      hostile: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(HELP);
    return;
  }
  const num = (name: string, v: string) => {
    const n = Number(v);
    if (!Number.isFinite(n) || n < 0) throw new Error(`--${name} must be a non-negative number, got "${v}"`);
    return n;
  };
  const kinds = values.faults?.split(',').map((k) => k.trim());
  const bad = kinds?.filter((k) => !isFaultKind(k));
  if (bad?.length) throw new Error(`unknown fault kind(s): ${bad.join(', ')}`);
  const server = await startSampleServer({
    port: num('port', values.port),
    seed: num('seed', values.seed),
    token: values['no-auth'] ? null : values.token,
    contracts: num('contracts', values.contracts),
    hostile: values.hostile,
    faults: new FaultPlan({ latencyMs: num('latency', values.latency), rate: num('fault-rate', values['fault-rate']), kinds: kinds as FaultKind[] | undefined, retryAfter: values['retry-after'] }),
  });
  const c = server.dataset.contracts()[0];
  console.log(`Campfire sample server: ${server.url}`);
  console.log(`API key: ${server.token ?? '(none needed)'}   contracts: ${server.dataset.contracts().length}   seed: ${server.dataset.seed}`);
  console.log(`Try:  curl -H 'Authorization: Token ${server.token ?? 'any'}' '${server.url}/rr/api/v1/contracts?limit=2'`);
  if (c) console.log(`      curl -H 'Authorization: Token ${server.token ?? 'any'}' '${server.url}/rr/api/v1/contracts/${c.id}/prepaid-commits'`);
  console.log('In VS Code: set campfire.baseUrl to the URL above and run "Campfire: Sign In" with the key. Ctrl-C stops.');
  const stop = () => {
    void server.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((e: unknown) => {
  console.error(`sample-server: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(2);
});
