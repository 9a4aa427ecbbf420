import { describe, expect, it } from 'vitest';
import { createRandom } from './random.ts';

describe('random: seeded generator', () => {
  it('repeats the same sequence for the same seed', () => {
    const a = createRandom(42);
    const b = createRandom(42);
    expect(Array.from({ length: 5 }, () => a.next())).toEqual(Array.from({ length: 5 }, () => b.next()));
  });

  it('gives a different sequence for a different seed', () => {
    expect(createRandom(1).next()).not.toBe(createRandom(2).next());
  });

  it('returns integers within both bounds, reaching each bound', () => {
    const rng = createRandom(7);
    const seen = new Set(Array.from({ length: 500 }, () => rng.int(1, 3)));
    expect([...seen].sort()).toEqual([1, 2, 3]);
  });

  it('shuffles a copy and leaves the input as it was', () => {
    const input = [1, 2, 3, 4, 5];
    const shuffled = createRandom(3).shuffle(input);
    expect(input).toEqual([1, 2, 3, 4, 5]);
    expect([...shuffled].sort()).toEqual([1, 2, 3, 4, 5]);
  });

  it('never picks an item of zero weight', () => {
    const rng = createRandom(9);
    const picks = new Set(Array.from({ length: 200 }, () => rng.pickWeighted([['a', 1], ['b', 0], ['c', 2]] as const)));
    expect([...picks].sort()).toEqual(['a', 'c']);
  });

  it('forks an independent generator deterministically', () => {
    expect(createRandom(5).fork().next()).toBe(createRandom(5).fork().next());
  });

  it('throws a TypeError on misuse', () => {
    const rng = createRandom(1);
    expect(() => rng.pick([])).toThrow(TypeError);
    expect(() => rng.int(3, 1)).toThrow(TypeError);
    expect(() => rng.int(0.5, 2)).toThrow(TypeError);
    expect(() => rng.pickWeighted([['a', 0]])).toThrow(TypeError);
    expect(() => createRandom(Number.NaN)).toThrow(TypeError);
  });
});
