// Runs the sample Campfire server in its own process for benchmarks, so the server's CPU time is
// not charged to the client being measured. Options arrive as JSON in argv[2]; the URL goes back
// over the IPC channel.
import { startSampleServer } from '../src/sampleServer/server';
import { FaultPlan } from '../test/unit/support/faults';
import type { ServerProcessOptions } from './sampleServerProcess';

async function main(): Promise<void> {
  const { faults, ...options } = JSON.parse(process.argv[2] ?? '{}') as ServerProcessOptions;
  const server = await startSampleServer({ ...options, faults: new FaultPlan(faults) });
  process.send?.({ url: server.url, token: server.token, wellKnown: server.dataset.wellKnown });
  process.on('disconnect', () => {
    void server.close().then(() => process.exit(0));
  });
}

void main();
