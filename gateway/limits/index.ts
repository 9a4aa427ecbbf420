export {
  createMemoryRateLimitStore,
  createRedisRateLimitStore,
  type RateLimitStore,
  type RateLimitDecision,
  type TokenBucketOptions,
  type MemoryRateLimitStoreOptions,
  type RedisRateLimitStoreOptions,
} from './tokenBucket.ts';
export { createRateLimitPlugin, rateLimitKeys, type RateLimitPluginOptions } from './rateLimitPlugin.ts';
export { aliasCount, defaultListSize, operationCost, operationDepth, usesIntrospection } from './queryLimits.ts';
export { createQueryLimitsPlugin, type QueryLimitsOptions } from './queryLimitsPlugin.ts';
export { checkBatch } from './batchLimit.ts';
export type { LimitsContext } from './LimitsContext.ts';
