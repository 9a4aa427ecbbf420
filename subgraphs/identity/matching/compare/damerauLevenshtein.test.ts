import { describe, expect, it } from 'vitest';
import { damerauLevenshtein } from './damerauLevenshtein.ts';

describe('compare: optimal string alignment distance', () => {
  it('is 0 for equal strings', () => {
    expect(damerauLevenshtein('robert', 'robert')).toBe(0);
    expect(damerauLevenshtein('', '')).toBe(0);
  });

  it('counts one substitution, insertion or deletion as 1', () => {
    expect(damerauLevenshtein('robert', 'robart')).toBe(1);
    expect(damerauLevenshtein('robert', 'roberta')).toBe(1);
    expect(damerauLevenshtein('robert', 'obert')).toBe(1);
  });

  it('counts an adjacent transposition as 1', () => {
    expect(damerauLevenshtein('martha', 'marhta')).toBe(1);
    expect(damerauLevenshtein('ab', 'ba')).toBe(1);
    expect(damerauLevenshtein('abcdef', 'badcfe')).toBe(3);
  });

  it('gives the classic distances', () => {
    expect(damerauLevenshtein('kitten', 'sitting')).toBe(3);
    expect(damerauLevenshtein('flaw', 'lawn')).toBe(2);
    expect(damerauLevenshtein('saturday', 'sunday')).toBe(3);
  });

  it('does not edit a substring twice (ca / abc is 3, not 2)', () => {
    expect(damerauLevenshtein('ca', 'abc')).toBe(3);
  });

  it('is the length of the other string when one is empty', () => {
    expect(damerauLevenshtein('', 'abc')).toBe(3);
    expect(damerauLevenshtein('abcd', '')).toBe(4);
  });

  it('is symmetric for these pairs', () => {
    expect(damerauLevenshtein('sitting', 'kitten')).toBe(3);
    expect(damerauLevenshtein('abc', 'ca')).toBe(3);
  });

  it('counts UTF-16 code units, case-sensitively', () => {
    expect(damerauLevenshtein('Müller', 'muller')).toBe(2);
  });

  it('handles transpositions next to a common prefix and suffix', () => {
    expect(damerauLevenshtein('xxabyy', 'xxbayy')).toBe(1);
    expect(damerauLevenshtein('19801213', '19801231')).toBe(1);
  });
});

describe('compare: distance with a maximum', () => {
  it('returns the distance when it is within max', () => {
    expect(damerauLevenshtein('kitten', 'sitting', 3)).toBe(3);
    expect(damerauLevenshtein('martha', 'marhta', 1)).toBe(1);
  });

  it('returns max + 1 when the distance exceeds max', () => {
    expect(damerauLevenshtein('kitten', 'sitting', 2)).toBe(3);
    expect(damerauLevenshtein('kitten', 'sitting', 1)).toBe(2);
    expect(damerauLevenshtein('abcdef', 'uvwxyz', 2)).toBe(3);
  });

  it('returns max + 1 at once when the lengths differ by more than max', () => {
    expect(damerauLevenshtein('a', 'abcdefgh', 3)).toBe(4);
    expect(damerauLevenshtein('', 'abc', 1)).toBe(2);
  });

  it('with max 0 tells equal from different', () => {
    expect(damerauLevenshtein('abc', 'abc', 0)).toBe(0);
    expect(damerauLevenshtein('abc', 'abd', 0)).toBe(1);
    expect(damerauLevenshtein('ab', 'ba', 0)).toBe(1);
  });

  it('does not stop early on a transposition that skips a costly row', () => {
    expect(damerauLevenshtein('abcd', 'bacd', 1)).toBe(1);
    expect(damerauLevenshtein('xaby', 'xbay', 1)).toBe(1);
  });

  it('handles very long strings', () => {
    const long = 'abcde'.repeat(400);
    expect(damerauLevenshtein(long, `${long.slice(0, 1000)}x${long.slice(1001)}`)).toBe(1);
    expect(damerauLevenshtein('a'.repeat(2000), 'b'.repeat(2000), 5)).toBe(6);
    expect(damerauLevenshtein('a'.repeat(300), 'b'.repeat(300))).toBe(300);
  });

  it('throws a TypeError for a non-string or a bad max', () => {
    expect(() => damerauLevenshtein('a', 1 as unknown as string)).toThrow(new TypeError('damerauLevenshtein: expected two strings, got "a" and 1'));
    expect(() => damerauLevenshtein('a', 'b', -1)).toThrow(new TypeError('damerauLevenshtein: expected max to be a non-negative integer, got -1'));
    expect(() => damerauLevenshtein('a', 'b', 1.5)).toThrow(new TypeError('damerauLevenshtein: expected max to be a non-negative integer, got 1.5'));
  });
});
