import { createHash } from 'node:crypto';
import { blockingKeys } from './blockingKeys.ts';
import { compareRecords, comparisons } from './comparisons.ts';
import type { RecordFeatures } from './features.ts';
import { termKey, type ComparisonParameters, type MatchModel } from './MatchModel.ts';

export interface TrainOptions {
  /** Blocks larger than this give no candidate pairs (default 50). */
  maxBlockSize?: number;
  /** Random pairs sampled to estimate u (default 300,000, or every pair when there are fewer). */
  randomPairs?: number;
  /** Candidate pairs used by EM at most (default 2,000,000; sampled above that). */
  maxCandidatePairs?: number;
  maxIterations?: number;
  /** Seed of the pseudo-random sampling, so training is repeatable. */
  seed?: number;
  thresholds?: MatchModel['thresholds'];
  now?: () => Date;
}

/** Default decision thresholds, as probabilities that a candidate pair is one person. */
export const defaultThresholds: MatchModel['thresholds'] = Object.freeze({ link: 0.999, review: 0.9 });

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Every pair of records that share a usable blocking key, as `i * n + j` with i < j. */
export function candidatePairs(features: readonly RecordFeatures[], maxBlockSize: number): number[] {
  const blocks = new Map<string, number[]>();
  features.forEach((f, i) => {
    for (const key of blockingKeys(f)) {
      const members = blocks.get(key);
      if (members) members.push(i);
      else blocks.set(key, [i]);
    }
  });
  const n = features.length;
  const pairs = new Set<number>();
  for (const members of blocks.values()) {
    if (members.length < 2 || members.length > maxBlockSize) continue;
    for (let x = 0; x < members.length; x += 1) {
      for (let y = x + 1; y < members.length; y += 1) pairs.add(members[x]! * n + members[y]!);
    }
  }
  return [...pairs];
}

/**
 * Trains a Fellegi–Sunter model on unlabelled records: `u` from random pairs (nearly all of
 * which are different people), then `m` and the prior by expectation–maximisation over the
 * candidate pairs that blocking yields, with `u` held fixed; term frequencies from the records.
 * Deterministic for the same records and seed. Throws a TypeError for fewer than 2 records.
 */
export function trainModel(features: readonly RecordFeatures[], options: TrainOptions = {}): MatchModel {
  const n = features.length;
  if (n < 2) throw new TypeError(`trainModel needs at least 2 records, got ${n}`);
  const maxBlockSize = options.maxBlockSize ?? 50;
  const random = mulberry32(options.seed ?? 42);
  const C = comparisons.length;
  const levelCounts = comparisons.map((c) => c.levels.length);

  // u: random pairs.
  const totalPairs = (n * (n - 1)) / 2;
  const sample = Math.min(options.randomPairs ?? 300_000, totalPairs);
  const uCounts = levelCounts.map((k) => new Float64Array(k));
  const vector = new Int8Array(C);
  const exhaustive = sample === totalPairs;
  let drawn = 0;
  for (let i = 0; exhaustive && i < n; i += 1) {
    for (let j = i + 1; j < n; j += 1) {
      compareRecords(features[i]!, features[j]!, vector);
      for (let c = 0; c < C; c += 1) if (vector[c]! >= 0) uCounts[c]![vector[c]!]! += 1;
      drawn += 1;
    }
  }
  while (!exhaustive && drawn < sample) {
    const i = Math.floor(random() * n);
    const j = Math.floor(random() * n);
    if (i === j) continue;
    compareRecords(features[i]!, features[j]!, vector);
    for (let c = 0; c < C; c += 1) if (vector[c]! >= 0) uCounts[c]![vector[c]!]! += 1;
    drawn += 1;
  }
  const u = uCounts.map((counts) => {
    const total = counts.reduce((s, v) => s + v, 0) + counts.length;
    return Array.from(counts, (v) => (v + 1) / total);
  });

  // Candidate pairs and their vectors.
  let pairs = candidatePairs(features, maxBlockSize);
  const maxCandidates = options.maxCandidatePairs ?? 2_000_000;
  if (pairs.length > maxCandidates) {
    for (let i = pairs.length - 1; i > 0; i -= 1) {
      const j = Math.floor(random() * (i + 1));
      [pairs[i], pairs[j]] = [pairs[j]!, pairs[i]!];
    }
    pairs = pairs.slice(0, maxCandidates);
  }
  const P = pairs.length;
  const vectors = new Int8Array(P * C);
  pairs.forEach((pair, p) => {
    compareRecords(features[Math.floor(pair / n)]!, features[pair % n]!, vector);
    vectors.set(vector, p * C);
  });

  // m: EM with u fixed. Starting point: the first level likely for matches, the last unlikely.
  let m = levelCounts.map((k) => Array.from({ length: k }, (_, level) => (level === k - 1 ? 0.05 : 0.95 * 2 ** -(level + 1)) ));
  m = m.map((levels) => normalise(levels));
  // Non-matches among candidate pairs agree more than random pairs do (they share a blocking
  // key), so EM models them with their own u, estimated alongside m; scoring uses the random-pair u.
  let uBlocked = u.map((levels) => [...levels]);
  let prior = 0.1;
  const maxIterations = options.maxIterations ?? 50;
  let iterations = 0;
  let converged = false;
  const posterior = new Float64Array(P);
  while (iterations < maxIterations && P > 0) {
    iterations += 1;
    const logW = m.map((levels, c) => levels.map((mv, l) => Math.log2(mv / uBlocked[c]![l]!)));
    const priorWeight = Math.log2(prior / (1 - prior));
    let sum = 0;
    for (let p = 0; p < P; p += 1) {
      let w = priorWeight;
      for (let c = 0; c < C; c += 1) {
        const level = vectors[p * C + c]!;
        if (level >= 0) w += logW[c]![level]!;
      }
      const probability = 1 / (1 + 2 ** -w);
      posterior[p] = probability;
      sum += probability;
    }
    const next = levelCounts.map((k) => new Float64Array(k));
    const nextU = levelCounts.map((k) => new Float64Array(k));
    for (let p = 0; p < P; p += 1) {
      const probability = posterior[p]!;
      for (let c = 0; c < C; c += 1) {
        const level = vectors[p * C + c]!;
        if (level >= 0) {
          next[c]![level]! += probability;
          nextU[c]![level]! += 1 - probability;
        }
      }
    }
    const nextM = next.map((counts) => normalise(Array.from(counts, (v) => v + 1e-6)));
    uBlocked = nextU.map((counts) => normalise(Array.from(counts, (v) => v + 1e-6)));
    const nextPrior = Math.min(Math.max(sum / P, 1e-6), 1 - 1e-6);
    const change = Math.max(Math.abs(nextPrior - prior), ...nextM.flatMap((levels, c) => levels.map((v, l) => Math.abs(v - m[c]![l]!))));
    m = nextM;
    prior = nextPrior;
    if (change < 1e-5) {
      converged = true;
      break;
    }
  }

  const parameters: ComparisonParameters[] = comparisons.map((comparison, c) => {
    const result: ComparisonParameters = {
      name: comparison.name,
      levels: comparison.levels.map((name, l) => ({ name, m: m[c]![l]!, u: u[c]![l]! })),
    };
    if (comparison.tfValue) {
      const counts = new Map<string, number>();
      let present = 0;
      for (const f of features) {
        const value = comparison.tfValue(f);
        if (value === null) continue;
        present += 1;
        counts.set(value, (counts.get(value) ?? 0) + 1);
      }
      const values: Record<string, number> = {};
      for (const [value, count] of counts) if (count >= 2) values[termKey(value)] = count / Math.max(present, 1);
      result.termFrequencies = { values, defaultFrequency: 1 / Math.max(present, 1) };
    }
    return result;
  });
  const createdAt = (options.now ?? (() => new Date()))().toISOString();
  const thresholds = options.thresholds ?? defaultThresholds;
  const body = { prior, comparisons: parameters, thresholds, maxBlockSize };
  const digest = createHash('sha256').update(JSON.stringify(body)).digest('hex').slice(0, 10);
  return {
    version: `fs-${createdAt.slice(0, 10).replace(/-/g, '')}-${digest}`,
    createdAt,
    prior,
    comparisons: parameters,
    thresholds,
    maxBlockSize,
    training: { records: n, candidatePairs: P, randomPairs: drawn, iterations, converged },
  };
}

function normalise(values: number[]): number[] {
  const total = values.reduce((s, v) => s + v, 0);
  return values.map((v) => v / total);
}
