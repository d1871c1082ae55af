// The parts of undici src/api uses, required from their own files: its index adds about 250 KB parsed at
// every activation. These paths are internal, so undici is pinned and test/unit/undici.test.ts checks them.
/* eslint-disable @typescript-eslint/no-require-imports */
import type * as Undici from 'undici';

export type Dispatcher = Undici.Dispatcher;

export interface UndiciParts {
  Agent: typeof Undici.Agent;
  EnvHttpProxyAgent: typeof Undici.EnvHttpProxyAgent;
}

let parts: UndiciParts | undefined;

/** Loaded on the first request, not at activation: undici's modules are a third of the bundle. */
export function undici(): UndiciParts {
  if (!parts) {
    // undici's index gives every dispatcher its request API the same way (`Object.assign(Dispatcher.prototype, api)`).
    const DispatcherClass = require('undici/lib/dispatcher/dispatcher') as { prototype: object };
    Object.assign(DispatcherClass.prototype, {
      request: require('undici/lib/api/api-request') as unknown,
      // ProxyAgent opens its HTTPS tunnel with `connect` (HTTP CONNECT) on its proxy client.
      connect: require('undici/lib/api/api-connect') as unknown,
    });
    parts = {
      Agent: require('undici/lib/dispatcher/agent') as typeof Undici.Agent,
      EnvHttpProxyAgent: require('undici/lib/dispatcher/env-http-proxy-agent') as typeof Undici.EnvHttpProxyAgent,
    };
  }
  return parts;
}
