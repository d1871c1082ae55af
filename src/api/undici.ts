// The parts of undici that src/api uses (Agent, EnvHttpProxyAgent and `dispatcher.request`),
// required from their own files rather than undici's index. The index also brings fetch,
// WebSocket, EventSource, the mock agents, the HTTP cache and the interceptors: about 250 KB of
// minified code in every bundle, parsed at every activation, for nothing we call.
//
// These paths are undici's internal layout, not its public API: package.json pins undici to one
// exact version, and test/unit/undici.test.ts fails if an upgrade moves them. Types still come
// from undici's public declarations.
/* eslint-disable @typescript-eslint/no-require-imports */
import type * as Undici from 'undici';

export type Dispatcher = Undici.Dispatcher;

export interface UndiciParts {
  Agent: typeof Undici.Agent;
  EnvHttpProxyAgent: typeof Undici.EnvHttpProxyAgent;
}

let parts: UndiciParts | undefined;

/**
 * Loaded on the first request, not at activation: undici's modules are a third of the bundle and
 * running their top level (with the Node built-ins they load) is most of what activation would
 * otherwise cost.
 */
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
