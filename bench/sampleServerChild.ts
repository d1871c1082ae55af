// Runs the sample Campfire server in its own process for benchmarks, so the server's CPU time is
// not charged to the client being measured. Options arrive as JSON in argv[2]; the URL goes back
// over the IPC channel.
import { startSampleServer, type SampleServerOptions } from '../src/sampleServer/server';

async function main(): Promise<void> {
  const options = JSON.parse(process.argv[2] ?? '{}') as SampleServerOptions;
  const server = await startSampleServer(options);
  process.send?.({ url: server.url, token: server.token, wellKnown: server.dataset.wellKnown });
  process.on('disconnect', () => {
    void server.close().then(() => process.exit(0));
  });
}

void main();
