import { describe, expect, it } from 'vitest';
import { tokenSetSimilarity } from './tokenSetSimilarity.ts';

describe('compare: token sets', () => {
  it('is 1 for the same tokens in any order', () => {
    expect(tokenSetSimilarity(['12', 'high', 'st'], ['12', 'high', 'st'])).toBe(1);
    expect(tokenSetSimilarity(['unit', '4', '12', 'high', 'st'], ['12', 'high', 'st', 'unit', '4'])).toBe(1);
  });

  it('is the share of tokens in common (Jaccard)', () => {
    expect(tokenSetSimilarity(['12', 'high', 'st'], ['12', 'high', 'rd'])).toBe(0.5);
    expect(tokenSetSimilarity(['12', 'high', 'st'], ['12', 'high', 'st', 'unit', '4'])).toBe(0.6);
  });

  it('is 0 with no token in common', () => {
    expect(tokenSetSimilarity(['12', 'high', 'st'], ['7', 'low', 'rd'])).toBe(0);
  });

  it('counts duplicate tokens once', () => {
    expect(tokenSetSimilarity(['st', 'st', 'high'], ['high', 'st'])).toBe(1);
  });

  it('ignores empty tokens', () => {
    expect(tokenSetSimilarity(['', 'high', 'st'], ['high', 'st', ''])).toBe(1);
  });
});

describe('compare: token sets with misspellings', () => {
  it('matches a token within Jaro–Winkler 0.9', () => {
    expect(tokenSetSimilarity(['12', 'high', 'st'], ['12', 'hight', 'st'])).toBe(1);
    expect(tokenSetSimilarity(['12', 'johnson', 'st'], ['12', 'jonhson', 'st'])).toBe(1);
  });

  it('does not match tokens below 0.9', () => {
    // high / hugh score 0.8667.
    expect(tokenSetSimilarity(['high', 'st'], ['hugh', 'st'])).toBeCloseTo(1 / 3, 10);
  });

  it('matches numbers only when equal', () => {
    expect(tokenSetSimilarity(['12', 'high', 'st'], ['14', 'high', 'st'])).toBe(0.5);
    expect(tokenSetSimilarity(['12345', 'high'], ['12346', 'high'])).toBeCloseTo(1 / 3, 10);
    expect(tokenSetSimilarity(['12a', 'high'], ['12b', 'high'])).toBeCloseTo(1 / 3, 10);
  });

  it('pairs each token at most once', () => {
    expect(tokenSetSimilarity(['high'], ['hight', 'highs'])).toBe(0.5);
    expect(tokenSetSimilarity(['hight', 'highs'], ['high'])).toBe(0.5);
  });

  it('prefers an exact match over a fuzzy one', () => {
    expect(tokenSetSimilarity(['hight', 'high'], ['high', 'highs'])).toBe(1);
  });
});

describe('compare: token sets edge cases', () => {
  it('is 0 when either side is empty, both included', () => {
    expect(tokenSetSimilarity([], ['high'])).toBe(0);
    expect(tokenSetSimilarity(['high'], [])).toBe(0);
    expect(tokenSetSimilarity([], [])).toBe(0);
    expect(tokenSetSimilarity([''], [''])).toBe(0);
  });

  it('compares non-ASCII tokens', () => {
    expect(tokenSetSimilarity(['straße', '3'], ['straße', '3'])).toBe(1);
  });

  it('handles long token lists', () => {
    const tokens = Array.from({ length: 300 }, (_, i) => `t${i}`);
    expect(tokenSetSimilarity(tokens, [...tokens].reverse())).toBe(1);
  });

  it('throws a TypeError unless both arguments are arrays of strings', () => {
    expect(() => tokenSetSimilarity('12 high st' as unknown as string[], [])).toThrow(new TypeError('tokenSetSimilarity: expected a to be an array of strings, got "12 high st"'));
    expect(() => tokenSetSimilarity([], [1] as unknown as string[])).toThrow(new TypeError('tokenSetSimilarity: expected b to hold strings only, got 1'));
  });
});
