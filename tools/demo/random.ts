/**
 * A small seeded pseudo-random generator (mulberry32) for reproducible demo data.
 *
 * Contract: two generators created with the same seed return the same sequence on every platform,
 * so anything built only from their output is byte-for-byte reproducible. Not for cryptography.
 */
export interface Random {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [min, max], both inclusive. Throws a TypeError unless both are integers and min <= max. */
  int(min: number, max: number): number;
  /** A float in [min, max). */
  float(min: number, max: number): number;
  /** True with probability p (p <= 0 never, p >= 1 always). */
  chance(p: number): boolean;
  /** One element, uniformly. Throws a TypeError on an empty array. */
  pick<T>(items: readonly T[]): T;
  /** One element, with probability proportional to its weight. Throws a TypeError unless some weight is positive. */
  pickWeighted<T>(items: readonly (readonly [T, number])[]): T;
  /** A shuffled copy (Fisher–Yates); the input is left as it is. */
  shuffle<T>(items: readonly T[]): T[];
  /**
   * A new, independent generator seeded from this one. Give each phase of a computation its own fork,
   * so that a change in how much one phase draws does not shift what the others draw.
   */
  fork(): Random;
}

/** Creates a generator from a seed; the seed must be a finite number and is used modulo 2^32. */
export function createRandom(seed: number): Random {
  if (typeof seed !== 'number' || !Number.isFinite(seed)) {
    throw new TypeError(`createRandom: expected a finite number as seed, received ${String(seed)}`);
  }
  let state = Math.trunc(seed) >>> 0;

  function next(): number {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  function int(min: number, max: number): number {
    if (!Number.isInteger(min) || !Number.isInteger(max) || min > max) {
      throw new TypeError(`Random.int: expected integers with min <= max, received min=${min}, max=${max}`);
    }
    return min + Math.floor(next() * (max - min + 1));
  }

  function pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new TypeError('Random.pick: expected a non-empty array, received an empty one');
    return items[Math.floor(next() * items.length)] as T;
  }

  function pickWeighted<T>(items: readonly (readonly [T, number])[]): T {
    let total = 0;
    for (const [, weight] of items) total += Math.max(0, weight);
    if (!(total > 0)) {
      throw new TypeError(`Random.pickWeighted: expected at least one positive weight, received ${items.length} items`);
    }
    let target = next() * total;
    for (const [item, weight] of items) {
      target -= Math.max(0, weight);
      if (target < 0) return item;
    }
    // Rounding can leave target at a hair above zero: fall back to the last positively weighted item.
    for (let i = items.length - 1; i >= 0; i--) {
      const entry = items[i] as readonly [T, number];
      if (entry[1] > 0) return entry[0];
    }
    throw new TypeError('Random.pickWeighted: unreachable');
  }

  function shuffle<T>(items: readonly T[]): T[] {
    const copy = items.slice();
    for (let i = copy.length - 1; i > 0; i--) {
      const j = Math.floor(next() * (i + 1));
      const tmp = copy[i] as T;
      copy[i] = copy[j] as T;
      copy[j] = tmp;
    }
    return copy;
  }

  return {
    next,
    int,
    float: (min, max) => min + next() * (max - min),
    chance: (p) => next() < p,
    pick,
    pickWeighted,
    shuffle,
    fork: () => createRandom(Math.floor(next() * 4294967296)),
  };
}
