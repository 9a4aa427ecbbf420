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

/**
 * The token bucket as GCRA (generic cell rate algorithm): a bucket is one number, its theoretical
 * arrival time `tat`, the moment it would be full again (absent or in the past: full). Every token
 * costs `interval` ms; a bucket holds `capacity * interval` ms of credit. This is exactly a token
 * bucket, but it stores a time rather than a fractional token count that drifts with every
 * refill, so waits come out exact. The Lua script below does the same arithmetic.
 */
interface Gcra {
  /** ms per token. */
  interval: number;
  /** ms of credit in a full bucket. */
  burst: number;
}

/** Times are whole ms; this absorbs floating-point noise when `interval` is not whole (1000/3). */
const noise = 1e-6;

function gcra(options: TokenBucketOptions): Gcra {
  const interval = 1000 / options.perSecond;
  return { interval, burst: options.capacity * interval };
}

/** The decision at `now` for a bucket at `tat`, and the bucket's new `tat` when a token is taken. */
function decide({ interval, burst }: Gcra, tat: number | undefined, now: number): { decision: RateLimitDecision; tat: number | null } {
  const next = Math.max(tat ?? now, now) + interval;
  if (next - now > burst + noise) {
    return { decision: { allowed: false, retryAfterMs: Math.ceil(next - burst - now - noise), remaining: 0 }, tat: null };
  }
  return { decision: { allowed: true, retryAfterMs: 0, remaining: Math.floor((burst - (next - now)) / interval + noise) }, tat: next };
}

/**
 * A token-bucket store in this process's memory: right for one gateway, wrong for several (each
 * would grant the full budget). Memory is bounded: buckets that have refilled completely are
 * dropped (an absent bucket is a full one, so nothing changes), and beyond `maxKeys` the least
 * recently used bucket is dropped even if it is not full, which hands that key a fresh budget.
 * Time comes only from the `now` passed to `take`, so tests can drive it.
 */
export function createMemoryRateLimitStore(options: MemoryRateLimitStoreOptions): RateLimitStore {
  assertBucketOptions(options);
  const rate = gcra(options);
  const maxKeys = options.maxKeys ?? 100_000;
  if (!Number.isInteger(maxKeys) || maxKeys < 1) throw new TypeError(`Expected maxKeys to be a positive integer, got ${String(maxKeys)}`);
  // Key → tat. Insertion order is last-use order: `take` re-inserts the bucket it touches.
  const buckets = new Map<string, number>();
  let closed = false;

  function sweep(now: number): void {
    for (const [key, tat] of buckets) {
      if (tat > now) break;
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
      const current = buckets.get(key);
      const { decision, tat } = decide(rate, current, now);
      buckets.delete(key);
      const kept = tat ?? current;
      if (kept !== undefined) buckets.set(key, kept);
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
 * KEYS[1]: the bucket (its `tat` as a string). ARGV: interval, burst, now (ms; negative: the
 * server's TIME). Read, decide and write happen in one script, so any number of gateways share a
 * bucket without races. The key expires when the bucket is full again: an absent key is a full
 * bucket, so expiry frees memory and changes no answer. Same arithmetic as `decide` above.
 */
const takeScript = `
local interval = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local now = tonumber(ARGV[3])
local noise = 1e-6
if now < 0 then
  local time = redis.call('TIME')
  now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
end
local tat = tonumber(redis.call('GET', KEYS[1]) or now) or now
local next = math.max(tat, now) + interval
if next - now > burst + noise then
  return { 0, math.ceil(next - burst - now - noise), 0 }
end
redis.call('SET', KEYS[1], string.format('%.17g', next), 'PX', math.ceil(next - now))
return { 1, 0, math.floor((burst - (next - now)) / interval + noise) }
`;

const commandName = 'c360TakeToken';
type TakeCommand = (key: string, interval: number, burst: number, now: number) => Promise<unknown>;

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
  const { interval, burst } = gcra(options);
  const prefix = options.prefix ?? 'c360:rl:';
  const useServerClock = (options.clock ?? 'redis') === 'redis';
  const redis = new Redis(options.url, {
    commandTimeout: options.timeoutMs ?? 1000,
    connectTimeout: 2000,
    // A command sent while disconnected waits for the next connection attempt, no longer: when that
    // attempt fails it is rejected (and commandTimeout bounds the wait in any case).
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
        reply = await takeToken(prefix + key, interval, burst, useServerClock ? -1 : now);
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
