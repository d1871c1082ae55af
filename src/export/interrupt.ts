// Signals during campfire-export: the first aborts the export so its cleanup removes the temporary
// files; a second, or a cleanup slower than CLEANUP_GRACE_MS, removes them and ends the process at once.
import os from 'node:os';
import { removeTempFilesSync, tempFilesSettled } from './atomicFile';

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT'] as const;

/** How long the export's own cleanup may take after the first signal before the trap ends the process. */
export const CLEANUP_GRACE_MS = 1000;

export interface Interrupt {
  /** Aborted, with the signal's name as its reason, when the first signal arrives. */
  readonly signal: AbortSignal;
  /** Stops listening: the signals get Node's default behaviour back. */
  dispose(): void;
}

/** The conventional exit status of a process ended by `signal`: 128 plus its number. */
export function signalExitCode(signal: NodeJS.Signals): number {
  return 128 + (os.constants.signals[signal] as number | undefined ?? 0);
}

export function trapInterrupts(proc: NodeJS.Process = process): Interrupt {
  const controller = new AbortController();
  let deadline: NodeJS.Timeout | undefined;
  const end = (signal: NodeJS.Signals) => {
    // The export's own cleanup is asynchronous and would not get to run.
    removeTempFilesSync();
    const exit = () => proc.exit(signalExitCode(signal));
    const settling = tempFilesSettled();
    if (!settling) {
      exit();
      return;
    }
    // A temporary file still being created would land after the removal: wait for it, then exit.
    const cap = setTimeout(exit, 200);
    cap.unref();
    void settling.then(() => {
      clearTimeout(cap);
      removeTempFilesSync();
      exit();
    });
  };
  const onSignal = (signal: NodeJS.Signals) => {
    if (controller.signal.aborted) {
      end(signal);
      return;
    }
    controller.abort(signal);
    // Unref'd: a cleanup that ends sooner lets the process exit without waiting for it.
    deadline = setTimeout(() => end(signal), CLEANUP_GRACE_MS);
    deadline.unref();
  };
  for (const s of SIGNALS) proc.on(s, onSignal);
  return {
    signal: controller.signal,
    dispose: () => {
      clearTimeout(deadline);
      for (const s of SIGNALS) proc.off(s, onSignal);
    },
  };
}

/** The signal that interrupted the export, if one did. */
export function interruptedBy(signal: AbortSignal | undefined): NodeJS.Signals | undefined {
  const reason: unknown = signal?.aborted ? signal.reason : undefined;
  return typeof reason === 'string' && (SIGNALS as readonly string[]).includes(reason) ? (reason as NodeJS.Signals) : undefined;
}
