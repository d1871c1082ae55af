// "Explore Sample Data"'s server in its own bundle (dist/sampleData.js), loaded on first use.
import { startSampleServer, type SampleServer, type SampleServerOptions } from './server';

export { startSampleServer };

/** A free loopback port, and one seed so every window shows the same data. */
export const SAMPLE_DATA_OPTIONS: SampleServerOptions = { port: 0, seed: 1 };

/** What the sample data needs of the server: where it is, its key, and a way to stop it. */
export type SampleDataServer = Pick<SampleServer, 'url' | 'token' | 'close'>;

export interface SampleDataModule {
  startSampleServer: typeof startSampleServer;
  SAMPLE_DATA_OPTIONS: SampleServerOptions;
}
