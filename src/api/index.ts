// The Campfire API module: one client, validated endpoints, ordered concurrent pagination.
export * from './baseUrl';
export * from './client';
export * from './errors';
export * from './pagination';
export * from './requestLog';
export * from './retry';
export * from './scheduler';
export * from './schemas';
export { paths } from './endpoints/paths';
export * from './endpoints/contracts';
export * from './endpoints/prepaidCommits';
export * from './endpoints/usageEvents';
export * from './endpoints/consumption';
export * from './endpoints/tierPriceOverrides';
