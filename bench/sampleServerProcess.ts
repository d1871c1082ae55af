// Starts the sample server in a child process (see sampleServerChild.ts) and stops it again.
import { fork } from 'node:child_process';
import path from 'node:path';
import type { SampleServer, SampleServerOptions } from '../src/sampleServer/server';
import type { FaultConfig } from '../test/unit/support/faults';

export type WellKnownIds = SampleServer['dataset']['wellKnown'];

/** The server's options as JSON can carry them to the child: its faults as their settings. */
export interface ServerProcessOptions extends Omit<SampleServerOptions, 'faults'> {
  faults?: FaultConfig;
}

/**
 * What a bench may ask the server between runs: change every `every`-th contract (its record, and
 * one more usage event in each of its commits), list the requests recorded, or forget them.
 */
export type ServerCommand = { command: 'modifyContracts'; every: number } | { command: 'requests' } | { command: 'resetRecording' };

export interface ServerProcess {
  url: string;
  token: string | null;
  /** The dataset's well-known ids (e.g. the commit with 1M events). */
  wellKnown: WellKnownIds;
  stop(): Promise<void>;
  /** Sends a command and resolves with its reply. */
  command(c: ServerCommand): Promise<unknown>;
}

export function startServerProcess(options: ServerProcessOptions): Promise<ServerProcess> {
  const child = fork(path.join(__dirname, 'sampleServerChild.js'), [JSON.stringify(options)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`sample server exited with ${code}`)));
    child.once('message', (m: { url: string; token: string | null; wellKnown: WellKnownIds }) => {
      resolve({
        url: m.url,
        token: m.token,
        wellKnown: m.wellKnown,
        command: (c) =>
          new Promise((done) => {
            const onReply = (r: { reply?: unknown }) => {
              if (!('reply' in r)) return;
              child.off('message', onReply);
              done(r.reply);
            };
            child.on('message', onReply);
            child.send(c);
          }),
        stop: () =>
          new Promise<void>((done) => {
            child.removeAllListeners('exit');
            child.once('exit', () => done());
            child.disconnect();
            setTimeout(() => child.kill('SIGKILL'), 3000).unref();
          }),
      });
    });
  });
}
