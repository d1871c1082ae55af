// When the client writes each request to its socket, as undici itself reports it on its
// `undici:client:sendHeaders` diagnostics channel: more exact than when a server records the
// request, which an in-process server only does once its own event-loop turn comes.
import diagnosticsChannel from 'node:diagnostics_channel';

const CHANNEL = 'undici:client:sendHeaders';

export interface SocketWrites {
  /** performance.now() of each request written, in order. */
  readonly times: readonly number[];
  stop(): void;
}

export function recordSocketWrites(): SocketWrites {
  const times: number[] = [];
  const onSend = () => times.push(performance.now());
  diagnosticsChannel.subscribe(CHANNEL, onSend);
  return { times, stop: () => diagnosticsChannel.unsubscribe(CHANNEL, onSend) };
}
