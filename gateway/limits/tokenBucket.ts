import { Redis } from 'ioredis';

/** The answer of a {@link RateLimitStore} for one request. */
export interface RateLimitDecision {
  /** One token was taken. */
  allowed: boolean;
  /** 0 when allowed; otherwise how long until the next token, in whole milliseconds (rounded up). */
  retryAfterMs: number;
  /** Whole tokens left in the bucket after this request. */
  remaining: number;
}

/**
 * Token buckets by key: each bucket holds up to `capacity` tokens, refills at `perSecond` tokens
 * per second, and every request takes one.
 */
export interface RateLimitStore {
  /**
   * Takes one token from the bucket `key`, creating a full bucket on first use. `now` is the time
   * in milliseconds (`Date.now()`); the Redis store ignores it unless built with `clock: 'caller'`.
   * Rejects when the store cannot decide (Redis unreachable): never an implicit "allowed".
   */
  take(key: string, now: number): Promise<RateLimitDecision>;
  /** Releases the store's resources (Redis connection). Later calls to `take` reject. */
  close(): Promise<void>;
}

export interface TokenBucketOptions {
  /** Tokens a full bucket holds: the largest burst. A positive integer. */
  capacity: number;
  /** Tokens added per second. A positive number; need not be whole (100 per minute is 1.666…). */
  perSecond: number;
}

export interface MemoryRateLimitStoreOptions extends TokenBucketOptions {
  /** Most buckets kept; beyond it the least recently used bucket is dropped. Default 100 000. */
  maxKeys?: number;
}

export interface RedisRateLimitStoreOptions extends TokenBucketOptions {
  /** `redis://` or `rediss://` URL. */
  url: string;
  /** Prepended to every bucket key. Default `c360:rl:`. */
  prefix?: string;
  /**
   * Whose clock refills the buckets. `redis` (default): the Redis server's `TIME`, one clock for all
   * gateways however far their own clocks drift. `caller`: the `now` passed to `take` (tests).
   */
  clock?: 'redis' | 'caller';
  /** How long `take` waits for Redis, queueing included, before it rejects. Default 1000 ms. */
  timeoutMs?: number;
  /** Connection errors, for logging; `take` rejects on its own. Default: ignored. */
  onError?: (error: Error) => void;
}

function assertBucketOptions(options: TokenBucketOptions): void {
  if (!Number.isInteger(options.capacity) || options.capacity < 1) {
    throw new TypeError(`Expected capacity to be a positive integer, got ${String(options.capacity)}`);
  }
  if (!Number.isFinite(options.perSecond) || options.perSecond <= 0) {
    throw new TypeError(`Expected perSecond to be a positive number, got ${String(options.perSecond)}`);
  }
}

interface Bucket {
  tokens: number;
  /** When `tokens` was last brought up to date, in ms. */
  at: number;
}

/**
 * A token-bucket store in this process's memory: right for one gateway, wrong for several (each
 * would grant the full budget). Memory is bounded: buckets that have refilled completely are
 * dropped (an absent bucket is a full one, so nothing changes), and beyond `maxKeys` the least
 * recently used bucket is dropped even if it is not full, which briefly hands that key a fresh
 * budget. Time comes only from the `now` passed to `take`, so tests can drive it.
 */
export function createMemoryRateLimitStore(options: MemoryRateLimitStoreOptions): RateLimitStore {
  assertBucketOptions(options);
  const { capacity, perSecond } = options;
  const maxKeys = options.maxKeys ?? 100_000;
  if (!Number.isInteger(maxKeys) || maxKeys < 1) throw new TypeError(`Expected maxKeys to be a positive integer, got ${String(maxKeys)}`);
  /** Time an empty bucket takes to fill up: a bucket untouched this long is full. */
  const refillMs = (capacity * 1000) / perSecond;
  // Insertion order is last-use order: `take` re-inserts the bucket it touches.
  const buckets = new Map<string, Bucket>();
  let closed = false;

  function sweep(now: number): void {
    for (const [key, bucket] of buckets) {
      if (now - bucket.at < refillMs) break;
      buckets.delete(key);
    }
    while (buckets.size > maxKeys) {
      const oldest = buckets.keys().next();
      if (oldest.done) break;
      buckets.delete(oldest.value);
    }
  }

  return {
    async take(key, now) {
      if (closed) throw new Error('The rate limit store is closed');
      const bucket = buckets.get(key) ?? { tokens: capacity, at: now };
      buckets.delete(key);
      if (now > bucket.at) {
        bucket.tokens = Math.min(capacity, bucket.tokens + ((now - bucket.at) * perSecond) / 1000);
        bucket.at = now;
      }
      let decision: RateLimitDecision;
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        decision = { allowed: true, retryAfterMs: 0, remaining: Math.floor(bucket.tokens) };
      } else {
        decision = { allowed: false, retryAfterMs: Math.ceil(((1 - bucket.tokens) * 1000) / perSecond), remaining: 0 };
      }
      buckets.set(key, bucket);
      sweep(now);
      return decision;
    },
    async close() {
      closed = true;
      buckets.clear();
    },
  };
}

/**
 * KEYS[1]: the bucket, a hash {tokens, at}. ARGV: capacity, perSecond, now (ms; negative: use the
 * server's TIME). Refill, take and expiry happen in one script, so any number of gateways can share
 * a bucket without races. The key expires once the bucket would be full again: an absent key is a
 * full bucket, so expiry changes nothing but memory. Arithmetic matches the memory store.
 */
const takeScript = `
local capacity = tonumber(ARGV[1])
local perSecond = tonumber(ARGV[2])
local now = tonumber(ARGV[3])
if now < 0 then
  local time = redis.call('TIME')
  now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
end
local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(state[1])
local at = tonumber(state[2])
if tokens == nil or at == nil then
  tokens = capacity
  at = now
end
if now > at then
  tokens = math.min(capacity, tokens + (now - at) * perSecond / 1000)
  at = now
end
local allowed = 0
local retryAfterMs = 0
if tokens >= 1 then
  tokens = tokens - 1
  allowed = 1
else
  retryAfterMs = math.ceil((1 - tokens) * 1000 / perSecond)
end
redis.call('HSET', KEYS[1], 'tokens', tokens, 'at', at)
redis.call('PEXPIRE', KEYS[1], math.max(1, math.ceil((capacity - tokens) * 1000 / perSecond)))
return { allowed, retryAfterMs, math.floor(tokens) }
`;

const commandName = 'c360TakeToken';
type TakeCommand = (key: string, capacity: number, perSecond: number, now: number) => Promise<unknown>;

function isDecisionReply(reply: unknown): reply is [number, number, number] {
  return Array.isArray(reply) && reply.length === 3 && reply.every((n) => typeof n === 'number');
}

/**
 * A token-bucket store in Redis, shared by every gateway that points at the same Redis and prefix.
 * Each `take` is one atomic script (EVALSHA, falling back to EVAL). When Redis is unreachable or
 * slower than `timeoutMs`, `take` rejects: the caller must refuse the request, never let it
 * through unlimited. The connection is opened at once and re-established in the background.
 */
export function createRedisRateLimitStore(options: RedisRateLimitStoreOptions): RateLimitStore {
  assertBucketOptions(options);
  const { capacity, perSecond } = options;
  const prefix = options.prefix ?? 'c360:rl:';
  const useServerClock = (options.clock ?? 'redis') === 'redis';
  const redis = new Redis(options.url, {
    commandTimeout: options.timeoutMs ?? 1000,
    connectTimeout: 2000,
    // Commands wait for a (re)connection, bounded by commandTimeout; they are not retried after
    // a failed attempt, so a rejected request is never counted twice.
    maxRetriesPerRequest: 0,
    retryStrategy: (times) => Math.min(times * 100, 2000),
    enableAutoPipelining: true,
  });
  redis.defineCommand(commandName, { numberOfKeys: 1, lua: takeScript });
  const onError = options.onError;
  // Without a listener ioredis prints every connection error to the console.
  redis.on('error', (error: Error) => onError?.(error));
  const takeToken = (redis as unknown as Record<typeof commandName, TakeCommand>)[commandName].bind(redis);

  return {
    async take(key, now) {
      let reply: unknown;
      try {
        reply = await takeToken(prefix + key, capacity, perSecond, useServerClock ? -1 : now);
      } catch (error) {
        throw new Error(`Rate limit store unavailable: ${(error as Error).message}`, { cause: error });
      }
      if (!isDecisionReply(reply)) throw new Error(`Rate limit store gave an unexpected reply: ${JSON.stringify(reply)}`);
      const [allowed, retryAfterMs, remaining] = reply;
      return { allowed: allowed === 1, retryAfterMs, remaining };
    },
    async close() {
      try {
        await redis.quit();
      } catch {
        redis.disconnect();
      }
    },
  };
}
