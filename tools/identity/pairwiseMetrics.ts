export interface PairwiseMetrics {
  precision: number;
  recall: number;
  f1: number;
  truePairs: number;
  predictedPairs: number;
  correctPairs: number;
}

/** Number of unordered pairs within groups of the given sizes. */
const pairCount = (sizes: Iterable<number>) => [...sizes].reduce((sum, n) => sum + (n * (n - 1)) / 2, 0);

/**
 * Pairwise precision, recall and F1 of predicted clusters against true entities, over all
 * within-set pairs of records. Both maps give each record (by id) its cluster or entity label;
 * a record missing from `predicted` counts as a singleton. Computed from the contingency table
 * of (cluster, entity) sizes, so it is linear in the number of records.
 */
export function pairwiseMetrics(truth: ReadonlyMap<string, string>, predicted: ReadonlyMap<string, string>): PairwiseMetrics {
  const entitySizes = new Map<string, number>();
  const clusterSizes = new Map<string, number>();
  const cellSizes = new Map<string, number>();
  for (const [record, entity] of truth) {
    const cluster = predicted.get(record) ?? `singleton:${record}`;
    entitySizes.set(entity, (entitySizes.get(entity) ?? 0) + 1);
    clusterSizes.set(cluster, (clusterSizes.get(cluster) ?? 0) + 1);
    const cell = `${cluster}\u0000${entity}`;
    cellSizes.set(cell, (cellSizes.get(cell) ?? 0) + 1);
  }
  const truePairs = pairCount(entitySizes.values());
  const predictedPairs = pairCount(clusterSizes.values());
  const correctPairs = pairCount(cellSizes.values());
  const precision = predictedPairs === 0 ? 1 : correctPairs / predictedPairs;
  const recall = truePairs === 0 ? 1 : correctPairs / truePairs;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision, recall, f1, truePairs, predictedPairs, correctPairs };
}
