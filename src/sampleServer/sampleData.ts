// "Explore Sample Data"'s server, bundled on its own as dist/sampleData.js: the extension loads it
// on first use (src/core/sampleMode.ts), so neither the dataset generator nor the server is in
// dist/extension.js, and no fault injection (faults.ts) is in either.
import { startLocalServer, type LocalServer } from './localServer';

/** What the sample data needs of the server: where it is, its key, and a way to stop it. */
export type SampleDataServer = Pick<LocalServer, 'url' | 'token' | 'close'>;

/** The local Campfire server with generated data on a free loopback port, seeded so every window shows the same data. */
export function startSampleData(): Promise<SampleDataServer> {
  return startLocalServer({ port: 0, seed: 1 });
}

/** The module's shape, for the extension that requires it. */
export interface SampleDataModule {
  startSampleData: typeof startSampleData;
}
