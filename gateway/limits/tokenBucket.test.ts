import { describe, expect, it } from 'vitest';
import { createMemoryRateLimitStore } from './tokenBucket.ts';

describe('token bucket (memory): capacity', () => {
  it('allows a full bucket of requests at once, then refuses with the wait for one token', async () => {
    const store = createMemoryRateLimitStore({ capacity: 3, perSecond: 1 });
    expect(await store.take('subject:ann', 0)).toEqual({ allowed: true, retryAfterMs: 0, remaining: 2 });
    expect(await store.take('subject:ann', 0)).toEqual({ allowed: true, retryAfterMs: 0, remaining: 1 });
    expect(await store.take('subject:ann', 0)).toEqual({ allowed: true, retryAfterMs: 0, remaining: 0 });
    expect(await store.take('subject:ann', 0)).toEqual({ allowed: false, retryAfterMs: 1000, remaining: 0 });
  });

  it('keeps one bucket per key', async () => {
    const store = createMemoryRateLimitStore({ capacity: 1, perSecond: 1 });
    expect((await store.take('subject:ann', 0)).allowed).toBe(true);
    expect((await store.take('subject:ann', 0)).allowed).toBe(false);
    expect(await store.take('subject:bob', 0)).toEqual({ allowed: true, retryAfterMs: 0, remaining: 0 });
  });
});

describe('token bucket (memory): refill by the injected clock', () => {
  it('refills in proportion to the time elapsed and reports the exact wait', async () => {
    const store = createMemoryRateLimitStore({ capacity: 2, perSecond: 2 });
    await store.take('k', 1_000);
    await store.take('k', 1_000);
    expect(await store.take('k', 1_000)).toEqual({ allowed: false, retryAfterMs: 500, remaining: 0 });
    expect(await store.take('k', 1_250)).toEqual({ allowed: false, retryAfterMs: 250, remaining: 0 });
    expect(await store.take('k', 1_499)).toEqual({ allowed: false, retryAfterMs: 1, remaining: 0 });
    expect(await store.take('k', 1_500)).toEqual({ allowed: true, retryAfterMs: 0, remaining: 0 });
  });

  it('refills no further than the capacity', async () => {
    const store = createMemoryRateLimitStore({ capacity: 2, perSecond: 2 });
    await store.take('k', 0);
    await store.take('k', 0);
    expect(await store.take('k', 60_000)).toEqual({ allowed: true, retryAfterMs: 0, remaining: 1 });
    expect(await store.take('k', 60_000)).toEqual({ allowed: true, retryAfterMs: 0, remaining: 0 });
    expect(await store.take('k', 60_000)).toEqual({ allowed: false, retryAfterMs: 500, remaining: 0 });
  });

  it('handles a rate that is not a whole number per second (100 per minute, 3 per second)', async () => {
    const store = createMemoryRateLimitStore({ capacity: 1, perSecond: 100 / 60 });
    await store.take('k', 0);
    expect(await store.take('k', 0)).toEqual({ allowed: false, retryAfterMs: 600, remaining: 0 });
    expect(await store.take('k', 250)).toEqual({ allowed: false, retryAfterMs: 350, remaining: 0 });
    expect(await store.take('k', 600)).toEqual({ allowed: true, retryAfterMs: 0, remaining: 0 });
    const thirds = createMemoryRateLimitStore({ capacity: 3, perSecond: 3 });
    for (let i = 0; i < 3; i++) await thirds.take('k', 0);
    expect(await thirds.take('k', 0)).toEqual({ allowed: false, retryAfterMs: 334, remaining: 0 });
    expect(await thirds.take('k', 334)).toEqual({ allowed: true, retryAfterMs: 0, remaining: 0 });
    // 666 ms later: 0.002 + 1.998 tokens.
    expect(await thirds.take('k', 1_000)).toEqual({ allowed: true, retryAfterMs: 0, remaining: 1 });
    expect(await thirds.take('k', 1_000)).toEqual({ allowed: true, retryAfterMs: 0, remaining: 0 });
    expect(await thirds.take('k', 1_000)).toEqual({ allowed: false, retryAfterMs: 334, remaining: 0 });
  });

  it('gives nothing back when the clock goes back, and counts the wait from the time it was given', async () => {
    const store = createMemoryRateLimitStore({ capacity: 1, perSecond: 1 });
    await store.take('k', 10_000);
    expect(await store.take('k', 5_000)).toEqual({ allowed: false, retryAfterMs: 6000, remaining: 0 });
    expect(await store.take('k', 11_000)).toEqual({ allowed: true, retryAfterMs: 0, remaining: 0 });
  });
});

describe('token bucket (memory): bounded memory', () => {
  it('drops the least recently used bucket beyond maxKeys, which gives that key a fresh budget', async () => {
    const store = createMemoryRateLimitStore({ capacity: 1, perSecond: 0.001, maxKeys: 2 });
    await store.take('a', 0);
    await store.take('b', 0);
    await store.take('a', 1); // a is now the most recently used
    await store.take('c', 2); // evicts b
    expect((await store.take('a', 3)).allowed).toBe(false);
    expect((await store.take('b', 4)).allowed).toBe(true);
  });

  it('answers for a bucket left alone until full as for a new one, so dropping it is safe', async () => {
    const store = createMemoryRateLimitStore({ capacity: 2, perSecond: 1, maxKeys: 2 });
    await store.take('a', 0);
    await store.take('a', 0);
    await store.take('b', 0);
    // At 2 s a and b are full again.
    await store.take('c', 2_000);
    await store.take('c', 2_000);
    await store.take('d', 2_001);
    expect(await store.take('c', 2_002)).toEqual({ allowed: false, retryAfterMs: 998, remaining: 0 });
    expect(await store.take('a', 2_003)).toEqual({ allowed: true, retryAfterMs: 0, remaining: 1 });
  });
});

describe('token bucket (memory): contract', () => {
  it('refuses bad options with a TypeError that shows the value', () => {
    expect(() => createMemoryRateLimitStore({ capacity: 0, perSecond: 1 })).toThrow(new TypeError('Expected capacity to be a positive integer, got 0'));
    expect(() => createMemoryRateLimitStore({ capacity: 1.5, perSecond: 1 })).toThrow(new TypeError('Expected capacity to be a positive integer, got 1.5'));
    expect(() => createMemoryRateLimitStore({ capacity: 1, perSecond: Number.NaN })).toThrow(new TypeError('Expected perSecond to be a positive number, got NaN'));
    expect(() => createMemoryRateLimitStore({ capacity: 1, perSecond: 1, maxKeys: 0 })).toThrow(new TypeError('Expected maxKeys to be a positive integer, got 0'));
  });

  it('rejects after close', async () => {
    const store = createMemoryRateLimitStore({ capacity: 1, perSecond: 1 });
    await store.close();
    await expect(store.take('k', 0)).rejects.toThrow('The rate limit store is closed');
  });
});
