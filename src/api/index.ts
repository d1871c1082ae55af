// The Campfire API module: one client, validated responses, ordered concurrent pagination. The
// resources it lists are described in src/resources.
export * from './baseUrl';
export * from './client';
export * from './createClient';
export * from './errors';
export * from './pagination';
export * from './requestLog';
export * from './retry';
export * from './scheduler';
export * from './unknownValues';
export * from './schemas';
