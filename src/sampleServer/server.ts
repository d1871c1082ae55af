// The local Campfire server with its fault knobs: what the sample-server command (cli.ts), the
// tests and the benchmarks start. The server itself (localServer.ts) injects no faults; this one
// hands it a FaultPlan (faults.ts) and lets the caller change the plan while it runs.
import { FaultPlan, type FaultConfig, type ScriptedFault } from './faults';
import { startLocalServer, type LocalServer, type LocalServerOptions } from './localServer';

export type { FaultConfig, FaultKind, ScriptedFault } from './faults';
export type { CommitRef, WellKnownIds } from './dataset';
export { SampleDataset } from './dataset';
export type { RecordedRequest } from './localServer';

export interface SampleServerOptions extends Omit<LocalServerOptions, 'faults'> {
  /** The faults from the start (none by default); setFaults and injectFault change them later. */
  faults?: FaultConfig;
}

export interface SampleServer extends LocalServer {
  /** Replaces every fault setting, scripted faults included. */
  setFaults(f: FaultConfig): void;
  injectFault(f: ScriptedFault): void;
  /** How many faults the server has injected since it started. */
  faultsInjected(): number;
}

export async function startSampleServer(options: SampleServerOptions = {}): Promise<SampleServer> {
  const plan = new FaultPlan(options.faults);
  const server = await startLocalServer({ ...options, faults: plan });
  return {
    ...server,
    setFaults: (f) => {
      plan.set(f);
      plan.clearScripted();
    },
    injectFault: (f) => plan.inject(f),
    faultsInjected: () => plan.injected,
  };
}
