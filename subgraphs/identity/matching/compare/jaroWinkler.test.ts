import { describe, expect, it } from 'vitest';
import { jaroWinkler } from './jaroWinkler.ts';

describe('compare: Jaro–Winkler reference values', () => {
  it('scores martha / marhta 0.9611 (one transposition, prefix 3)', () => {
    expect(jaroWinkler('martha', 'marhta')).toBeCloseTo(0.961111, 6);
  });

  it('scores dwayne / duane 0.84', () => {
    expect(jaroWinkler('dwayne', 'duane')).toBeCloseTo(0.84, 6);
  });

  it('scores dixon / dicksonx 0.8133', () => {
    expect(jaroWinkler('dixon', 'dicksonx')).toBeCloseTo(0.813333, 6);
  });

  it('scores jellyfish / smellyfish 0.8963 (no common prefix, no bonus)', () => {
    expect(jaroWinkler('jellyfish', 'smellyfish')).toBeCloseTo(0.896296, 6);
  });

  it('scores shackleford / shackelford 0.9818', () => {
    expect(jaroWinkler('shackleford', 'shackelford')).toBeCloseTo(0.981818, 6);
  });

  it('gives no prefix bonus at or below a Jaro of 0.7', () => {
    // crate / trace: Jaro 0.7333 > 0.7 but no common prefix; abcd / abxy: Jaro 0.6667, prefix 2 ignored.
    expect(jaroWinkler('crate', 'trace')).toBeCloseTo(0.733333, 6);
    expect(jaroWinkler('abcd', 'abxy')).toBeCloseTo(0.666667, 6);
  });

  it('counts at most 4 prefix characters', () => {
    // Jaro of abcdefgh / abcdefgx is 0.916667; bonus 4 × 0.1 × 0.083333.
    expect(jaroWinkler('abcdefgh', 'abcdefgx')).toBeCloseTo(0.95, 6);
  });
});

describe('compare: Jaro–Winkler edge cases', () => {
  it('gives 1 for equal strings', () => {
    expect(jaroWinkler('robert', 'robert')).toBe(1);
    expect(jaroWinkler('a', 'a')).toBe(1);
  });

  it('gives 0 when either string is empty, both included', () => {
    expect(jaroWinkler('', 'robert')).toBe(0);
    expect(jaroWinkler('robert', '')).toBe(0);
    expect(jaroWinkler('', '')).toBe(0);
  });

  it('gives 0 for strings with no character in common', () => {
    expect(jaroWinkler('abc', 'xyz')).toBe(0);
    expect(jaroWinkler('a', 'b')).toBe(0);
  });

  it('matches characters only within the window', () => {
    // Window for length 6 is 2: the a at 0 and the a at 5 do not match.
    expect(jaroWinkler('abcdef', 'bcdefa')).toBeCloseTo(0.888889, 6);
  });

  it('is case-sensitive', () => {
    expect(jaroWinkler('Robert', 'robert')).toBeCloseTo(0.888889, 6);
  });

  it('compares non-ASCII characters', () => {
    expect(jaroWinkler('müller', 'muller')).toBeCloseTo(0.9, 6);
    expect(jaroWinkler('李小龍', '李小龍')).toBe(1);
  });

  it('is symmetric for these pairs', () => {
    expect(jaroWinkler('marhta', 'martha')).toBe(jaroWinkler('martha', 'marhta'));
    expect(jaroWinkler('dicksonx', 'dixon')).toBe(jaroWinkler('dixon', 'dicksonx'));
  });

  it('handles very long strings and reuses its buffers across calls', () => {
    const long = 'ab'.repeat(5000);
    expect(jaroWinkler(long, long + 'c')).toBeCloseTo(0.99998, 5);
    expect(jaroWinkler('martha', 'marhta')).toBeCloseTo(0.961111, 6);
  });

  it('throws a TypeError for a non-string', () => {
    expect(() => jaroWinkler('a', null as unknown as string)).toThrow(new TypeError('jaroWinkler: expected two strings, got "a" and null'));
  });
});
