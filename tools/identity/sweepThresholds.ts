import { clusterLinks, type ClusterOptions } from '../../subgraphs/identity/matching/clusterLinks.ts';
import type { ScoredPair } from '../../subgraphs/identity/matching/scorePairs.ts';
import { pairwiseMetrics } from './pairwiseMetrics.ts';

export interface SweepRow {
  threshold: number;
  precision: number;
  recall: number;
  f1: number;
  /** Wrongly linked pairs over all pairs of different people. */
  falsePositiveRate: number;
  clusters: number;
}

/** The default thresholds swept: fine near 1, where link thresholds live. */
export const sweepPoints: readonly number[] = Object.freeze([0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.95, 0.97, 0.98, 0.99, 0.995, 0.999, 0.9999]);

/**
 * Re-clusters the scored candidate pairs at each link threshold, with the same safeguards as
 * ingestion, and measures the result against the truth. Deterministic links (a rule or a shared
 * record id) stay links at every threshold; pairs a rule keeps apart stay apart.
 */
export function sweepThresholds(
  truth: ReadonlyMap<string, string>,
  pairs: readonly ScoredPair[],
  options: ClusterOptions,
  thresholds: readonly number[] = sweepPoints,
): SweepRow[] {
  const keys = [...truth.keys()];
  const entitySizes = new Map<string, number>();
  for (const entity of truth.values()) entitySizes.set(entity, (entitySizes.get(entity) ?? 0) + 1);
  const n = keys.length;
  const allPairs = (n * (n - 1)) / 2;
  return thresholds.map((threshold) => {
    const links = pairs
      .filter((p) => (p.decidedBy === 'THRESHOLD' ? p.probability >= threshold : p.decision === 'LINK'))
      .map((p) => ({ a: p.a, b: p.b, probability: p.probability }));
    const { clusters } = clusterLinks(keys, links, options);
    const predicted = new Map<string, string>();
    clusters.forEach((group, i) => group.forEach((key) => predicted.set(key, String(i))));
    const metrics = pairwiseMetrics(truth, predicted);
    const negatives = allPairs - metrics.truePairs;
    const falsePositives = metrics.predictedPairs - metrics.correctPairs;
    return {
      threshold,
      precision: metrics.precision,
      recall: metrics.recall,
      f1: metrics.f1,
      falsePositiveRate: negatives === 0 ? 0 : falsePositives / negatives,
      clusters: clusters.length,
    };
  });
}

/** The lowest threshold whose false-positive rate is at most `target` (most recall for that rate), or null. */
export function suggestThreshold(rows: readonly SweepRow[], target: number): SweepRow | null {
  return [...rows].sort((a, b) => a.threshold - b.threshold).find((row) => row.falsePositiveRate <= target) ?? null;
}
