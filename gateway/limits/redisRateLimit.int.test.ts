import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, useRedis } from '../../test/support/redis.ts';
import { createMemoryRateLimitStore, createRedisRateLimitStore, type RateLimitStore } from './tokenBucket.ts';

let redis: { url: string; stop: () => Promise<void> };
let client: Redis;
const stores: RateLimitStore[] = [];
/** Keys of this run only, so a shared Redis (CI's) is left as found. */
const prefix = `c360:test:${randomUUID()}:`;

function redisStore(options: Partial<Parameters<typeof createRedisRateLimitStore>[0]> = {}): RateLimitStore {
  const store = createRedisRateLimitStore({ url: redis.url, prefix, capacity: 5, perSecond: 0.01, ...options });
  stores.push(store);
  return store;
}

beforeAll(async () => {
  redis = await useRedis();
  client = new Redis(redis.url);
});

afterAll(async () => {
  await Promise.all(stores.map((s) => s.close()));
  if (client) {
    const keys = await client.keys(`${prefix}*`);
    if (keys.length > 0) await client.del(...keys);
    await client.quit();
  }
  await redis?.stop();
});

describe('rate limit store (Redis): one budget for several gateways', () => {
  it('lets two store instances share one bucket: 5 allowed across both, the 6th refused', async () => {
    const gatewayA = redisStore();
    const gatewayB = redisStore();
    const now = Date.now();
    const answers = [];
    for (const store of [gatewayA, gatewayB, gatewayA, gatewayB, gatewayA]) answers.push(await store.take('subject:shared', now));
    expect(answers.map((a) => [a.allowed, a.remaining])).toEqual([[true, 4], [true, 3], [true, 2], [true, 1], [true, 0]]);
    const sixth = await gatewayB.take('subject:shared', now);
    expect(sixth.allowed).toBe(false);
    expect(sixth.remaining).toBe(0);
    // One token per 100 s; a few ms may have passed on the server's clock.
    expect(sixth.retryAfterMs).toBeGreaterThan(99_000);
    expect(sixth.retryAfterMs).toBeLessThanOrEqual(100_000);
  });

  it('stays exact under concurrent requests from both: 40 at once, 5 allowed', async () => {
    const gatewayA = redisStore();
    const gatewayB = redisStore();
    const now = Date.now();
    const answers = await Promise.all(Array.from({ length: 40 }, (_, i) => (i % 2 ? gatewayA : gatewayB).take('subject:burst', now)));
    expect(answers.filter((a) => a.allowed)).toHaveLength(5);
    expect(answers.filter((a) => a.allowed).map((a) => a.remaining).sort()).toEqual([0, 1, 2, 3, 4]);
  });

  it('keeps one bucket per key', async () => {
    const store = redisStore({ capacity: 1 });
    const now = Date.now();
    expect((await store.take('subject:alice', now)).allowed).toBe(true);
    expect((await store.take('subject:alice', now)).allowed).toBe(false);
    expect(await store.take('subject:bob', now)).toEqual({ allowed: true, retryAfterMs: 0, remaining: 0 });
    expect(await store.take('client:alice', now)).toEqual({ allowed: true, retryAfterMs: 0, remaining: 0 });
  });

  it('sets the key to expire when the bucket is full again, and leaves no key for a refusal to keep alive', async () => {
    const store = redisStore({ capacity: 5, perSecond: 0.01 });
    await store.take('subject:expiry', Date.now());
    // 1 token short of 5 at 1 per 100 s: full again in 100 s.
    const ttl = await client.pttl(`${prefix}subject:expiry`);
    expect(ttl).toBeGreaterThan(99_000);
    expect(ttl).toBeLessThanOrEqual(100_000);
    await store.take('subject:expiry', Date.now());
    const longer = await client.pttl(`${prefix}subject:expiry`);
    expect(longer).toBeGreaterThan(199_000);
    expect(longer).toBeLessThanOrEqual(200_000);
  });

  it('uses the given prefix and nothing else', async () => {
    await redisStore().take('subject:prefixed', Date.now());
    expect(await client.exists(`${prefix}subject:prefixed`)).toBe(1);
    expect(await client.exists('c360:rl:subject:prefixed')).toBe(0);
  });
});

describe('rate limit store (Redis): same arithmetic as the memory store', () => {
  it('gives the same answers for the same requests on the caller clock', async () => {
    const options = { capacity: 3, perSecond: 3 };
    const memory = createMemoryRateLimitStore(options);
    const shared = redisStore({ ...options, clock: 'caller' });
    const times = [0, 0, 0, 0, 1, 333, 334, 1_000, 1_000, 1_000, 1_000, 5_000, 5_000];
    const fromMemory = [];
    const fromRedis = [];
    for (const t of times) {
      fromMemory.push(await memory.take('subject:twin', 1_700_000_000_000 + t));
      fromRedis.push(await shared.take('subject:twin', 1_700_000_000_000 + t));
    }
    expect(fromRedis).toEqual(fromMemory);
    expect(fromRedis.map((d) => (d.allowed ? `ok ${d.remaining}` : `wait ${d.retryAfterMs}`))).toEqual([
      'ok 2', 'ok 1', 'ok 0', 'wait 334', 'wait 333', 'wait 1', 'ok 0', 'ok 1', 'ok 0', 'wait 334', 'wait 334', 'ok 2', 'ok 1',
    ]);
  });
});

describe('rate limit store (Redis): unreachable', () => {
  it('rejects instead of allowing when Redis does not answer', async () => {
    const closedPort = await freePort();
    const store = createRedisRateLimitStore({ url: `redis://127.0.0.1:${closedPort}`, capacity: 5, perSecond: 1, timeoutMs: 500 });
    stores.push(store);
    await expect(store.take('subject:nobody', Date.now())).rejects.toThrow(/^Rate limit store unavailable: /);
  });
});
