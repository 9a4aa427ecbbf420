import { describe, expect, it } from 'vitest';
import { derivedInSlot, derivedOnce } from './derivedOnce.ts';

describe('derivedOnce and derivedInSlot', () => {
  it('derive once per object, and again for another object', () => {
    let calls = 0;
    const byMap = derivedOnce((o: { n: number }) => ({ twice: o.n * 2, call: ++calls }));
    const a = { n: 1 };
    expect(byMap(a)).toBe(byMap(a));
    expect(byMap({ n: 1 })).not.toBe(byMap(a));
    expect(calls).toBe(2);
  });

  it('keeps each derivation in its own slot of the object, and a copy with its own list derives anew', () => {
    let calls = 0;
    const double = derivedInSlot((o: { n: number; derived: unknown[] }) => ({ value: o.n * 2, call: ++calls }));
    const negate = derivedInSlot((o: { n: number; derived: unknown[] }) => -o.n);
    const a = { n: 3, derived: [] as unknown[] };
    expect(double(a)).toEqual({ value: 6, call: 1 });
    expect(double(a)).toEqual({ value: 6, call: 1 });
    expect(negate(a)).toBe(-3);
    expect(a.derived.filter((v) => v !== undefined)).toHaveLength(2);
    const copy = { ...a, n: 5, derived: [] };
    expect(double(copy)).toEqual({ value: 10, call: 2 });
    expect(double(a)).toEqual({ value: 6, call: 1 });
  });
});
