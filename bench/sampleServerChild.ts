// Runs the sample Campfire server in its own process for benchmarks, so the server's CPU time is
// not charged to the client being measured. Options arrive as JSON in argv[2]; the URL goes back
// over the IPC channel.
import { startSampleServer } from '../src/sampleServer/server';
import { FaultPlan } from '../test/unit/support/faults';
import type { ServerCommand, ServerProcessOptions } from './sampleServerProcess';

async function main(): Promise<void> {
  const { faults, ...options } = JSON.parse(process.argv[2] ?? '{}') as ServerProcessOptions;
  const server = await startSampleServer({ ...options, faults: new FaultPlan(faults) });
  process.send?.({ url: server.url, token: server.token, wellKnown: server.dataset.wellKnown });
  // Commands from the bench between two measured runs (see ServerProcess.command); each answers once.
  process.on('message', (m: ServerCommand) => {
    if (m.command === 'modifyContracts') {
      const ids = server.dataset.contracts().filter((_, i) => i % m.every === 0).map((c) => c.id);
      server.dataset.modifyContracts(ids, () => ({ deal_name: 'Renegotiated' }));
      for (const id of ids) for (const p of server.dataset.prepaidCommits(id)) server.dataset.addUsageEvents(id, p.id, 1);
      process.send?.({ reply: ids.length });
    } else if (m.command === 'requests') {
      process.send?.({ reply: server.requests.map((r) => `${r.path}?${new URLSearchParams(r.query).toString()}`) });
    } else {
      server.resetRecording();
      process.send?.({ reply: 0 });
    }
  });
  process.on('disconnect', () => {
    void server.close().then(() => process.exit(0));
  });
}

void main();
