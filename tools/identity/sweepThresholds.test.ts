import { describe, expect, it } from 'vitest';
import type { ScoredPair } from '../../subgraphs/identity/matching/scorePairs.ts';
import { suggestThreshold, sweepPoints, sweepThresholds, type SweepRow } from './sweepThresholds.ts';

/**
 * Six records of three people: a, b, c are X; d, e are Y; f is Z. 15 pairs, 4 of them true
 * (ab, ac, bc, de), 11 false.
 */
const truth = new Map([
  ['a', 'X'],
  ['b', 'X'],
  ['c', 'X'],
  ['d', 'Y'],
  ['e', 'Y'],
  ['f', 'Z'],
]);

const pair = (a: string, b: string, probability: number, decision: ScoredPair['decision'], decidedBy: string): ScoredPair => ({ a, b, probability, matchWeight: Math.log2(probability / (1 - probability)), decision, decidedBy });

const pairs: ScoredPair[] = [
  pair('a', 'b', 0.999, 'LINK', 'THRESHOLD'),
  pair('b', 'c', 0.9, 'REVIEW', 'THRESHOLD'),
  // A deterministic link with a low score: a link at every threshold.
  pair('d', 'e', 0.3, 'LINK', 'SAME_EMAIL_NAME_AND_BIRTH_DATE'),
  // A wrong pair scored 0.8.
  pair('c', 'f', 0.8, 'REVIEW', 'THRESHOLD'),
  // A rule keeps this pair apart whatever its score.
  pair('a', 'f', 0.97, 'NONE', 'DIFFERENT_GIVEN_NAME_AND_BIRTH_DATE'),
];

const open = { maxClusterSize: 50, conflict: () => null };

describe('matching: sweepThresholds', () => {
  const rows = sweepThresholds(truth, pairs, open, [0.5, 0.85, 0.95, 0.9995]);

  it('re-clusters at each threshold and measures precision, recall, F1, false-positive rate and clusters', () => {
    expect(rows.map(({ f1: _, ...rest }) => rest)).toEqual([
      // {a, b, c, f} and {d, e}: 7 predicted pairs, 4 right; 3 of the 11 false pairs linked.
      { threshold: 0.5, precision: 4 / 7, recall: 1, falsePositiveRate: 3 / 11, clusters: 2 },
      // {a, b, c}, {d, e}, {f}: the rule keeps a~f apart although 0.97 >= 0.85.
      { threshold: 0.85, precision: 1, recall: 1, falsePositiveRate: 0, clusters: 3 },
      // {a, b}, {d, e}, {c}, {f}.
      { threshold: 0.95, precision: 1, recall: 0.5, falsePositiveRate: 0, clusters: 4 },
      // Only the rule's link d~e is left.
      { threshold: 0.9995, precision: 1, recall: 0.25, falsePositiveRate: 0, clusters: 5 },
    ]);
    expect(rows[0]!.f1).toBeCloseTo(8 / 11, 12);
    expect(rows[1]!.f1).toBe(1);
    expect(rows[2]!.f1).toBeCloseTo(2 / 3, 12);
    expect(rows[3]!.f1).toBeCloseTo(0.4, 12);
  });

  it('keeps deterministic links at every threshold', () => {
    const only = sweepThresholds(truth, [pairs[2]!], open, [0.5, 0.9999]);
    expect(only.map((r) => [r.threshold, r.recall, r.clusters])).toEqual([
      [0.5, 0.25, 5],
      [0.9999, 0.25, 5],
    ]);
  });

  it('applies the clustering safeguards at every threshold', () => {
    const limited = sweepThresholds(truth, pairs, { maxClusterSize: 2, conflict: () => null }, [0.85]);
    // a~b merges first; b~c would make three records.
    expect(limited).toEqual([{ threshold: 0.85, precision: 1, recall: 0.5, f1: 2 / 3, falsePositiveRate: 0, clusters: 4 }]);
    const conflicting = sweepThresholds(truth, pairs, { maxClusterSize: 50, conflict: (x, y) => ([x, y].sort().join() === 'a,f' ? 'CONFLICT' : null) }, [0.5]);
    // c~f is refused: f would join a.
    expect(conflicting).toEqual([{ threshold: 0.5, precision: 1, recall: 1, f1: 1, falsePositiveRate: 0, clusters: 3 }]);
  });

  it('sweeps the default points, fine near 1, when no thresholds are given', () => {
    expect(sweepPoints).toEqual([0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.95, 0.97, 0.98, 0.99, 0.995, 0.999, 0.9999]);
    expect(sweepThresholds(truth, pairs, open).map((r) => r.threshold)).toEqual([0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.95, 0.97, 0.98, 0.99, 0.995, 0.999, 0.9999]);
  });

  it('is deterministic', () => {
    expect(sweepThresholds(truth, [...pairs].reverse(), open, [0.5, 0.85, 0.95, 0.9995])).toEqual(rows);
  });
});

describe('matching: suggestThreshold', () => {
  const row = (threshold: number, falsePositiveRate: number): SweepRow => ({ threshold, precision: 1, recall: 1, f1: 1, falsePositiveRate, clusters: 1 });

  it('gives the lowest threshold whose false-positive rate is within the target', () => {
    const rows = [row(0.9, 0), row(0.5, 0.3), row(0.7, 0.01), row(0.8, 0.001)];
    expect(suggestThreshold(rows, 0.001)).toEqual(row(0.8, 0.001));
    expect(suggestThreshold(rows, 0.05)).toEqual(row(0.7, 0.01));
    expect(suggestThreshold(rows, 0)).toEqual(row(0.9, 0));
    expect(suggestThreshold(rows, 1)).toEqual(row(0.5, 0.3));
  });

  it('gives null when no threshold meets the target', () => {
    expect(suggestThreshold([row(0.5, 0.3), row(0.9, 0.1)], 0.01)).toBe(null);
    expect(suggestThreshold([], 0.01)).toBe(null);
  });

  it('suggests from a sweep', () => {
    const rows = sweepThresholds(truth, pairs, open, [0.5, 0.85, 0.95, 0.9995]);
    expect(suggestThreshold(rows, 0)?.threshold).toBe(0.85);
    expect(suggestThreshold(rows, 0.3)?.threshold).toBe(0.5);
  });
});
