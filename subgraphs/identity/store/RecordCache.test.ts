import { describe, expect, it } from 'vitest';
import { storedRecord } from '../../../test/support/storedRecord.ts';
import { RecordCache, recordVersion } from './RecordCache.ts';

describe('identity: RecordCache', () => {
  const a = storedRecord('crm:1', { givenName: 'Jane' });
  const b = storedRecord('crm:2', { givenName: 'John' });
  const c = storedRecord('crm:3', { givenName: 'Joan' });

  it('gives a record back only at the version it was stored with', () => {
    const cache = new RecordCache(10);
    cache.set('crm:1', 'v1', a);
    expect(cache.get('crm:1', 'v1')).toBe(a);
    expect(cache.get('crm:1', 'v2')).toBeUndefined();
    expect(cache.get('crm:9', 'v1')).toBeUndefined();
  });

  it('evicts the least recently used record beyond its capacity', () => {
    const cache = new RecordCache(2);
    cache.set('crm:1', 'v', a);
    cache.set('crm:2', 'v', b);
    expect(cache.get('crm:1', 'v')).toBe(a);
    cache.set('crm:3', 'v', c);
    expect(cache.size).toBe(2);
    expect(cache.get('crm:2', 'v')).toBeUndefined();
    expect(cache.get('crm:1', 'v')).toBe(a);
    expect(cache.get('crm:3', 'v')).toBe(c);
  });

  it('moves a hit record to the recent end only once it is in the older half of the capacity', () => {
    const d = storedRecord('crm:4', { givenName: 'Dan' });
    const cache = new RecordCache(4);
    for (const [key, record] of [['crm:1', a], ['crm:2', b], ['crm:3', c], ['crm:4', d]] as const) cache.set(key, 'v', record);
    expect(cache.get('crm:3', 'v')).toBe(c); // in the newer half: stays where it is
    expect(cache.get('crm:2', 'v')).toBe(b); // in the older half: moved to the recent end
    cache.set('crm:5', 'v', a);
    cache.set('crm:6', 'v', a);
    // A strict LRU would have evicted crm:1 and crm:4; crm:3 kept its place and went second.
    expect([1, 2, 3, 4, 5, 6].map((n) => cache.get(`crm:${n}`, 'v') !== undefined)).toEqual([false, true, false, true, true, true]);
  });

  it('forgets a record after its time to live, and on delete', () => {
    let now = 0;
    const cache = new RecordCache(10, 1000, () => now);
    cache.set('crm:1', 'v', a);
    cache.set('crm:2', 'v', b);
    now = 1000;
    expect(cache.get('crm:1', 'v')).toBe(a);
    now = 1001;
    expect(cache.get('crm:1', 'v')).toBeUndefined();
    cache.delete('crm:2');
    expect(cache.get('crm:2', 'v')).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('holds nothing with capacity 0, and refuses a bad capacity or time to live', () => {
    const cache = new RecordCache(0);
    cache.set('crm:1', 'v', a);
    expect(cache.get('crm:1', 'v')).toBeUndefined();
    expect(() => new RecordCache(-1)).toThrow(RangeError);
    expect(() => new RecordCache(1.5)).toThrow(RangeError);
    expect(() => new RecordCache(10, 0)).toThrow(RangeError);
  });

  it('writes versions as the store computes them', () => {
    expect(recordVersion('2026-01-01T00:00:00.000Z', '2026-02-01T00:00:00.000Z')).toBe('2026-01-01T00:00:00.000Z|2026-02-01T00:00:00.000Z');
    expect(recordVersion('2026-01-01T00:00:00.000Z', null)).toBe('2026-01-01T00:00:00.000Z|');
  });
});
