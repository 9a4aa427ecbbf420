import { createHash } from 'node:crypto';
import { comparisons } from './comparisons.ts';

/** m and u of one comparison level: P(level | same person) and P(level | different people). */
export interface LevelParameters {
  name: string;
  m: number;
  u: number;
}

export interface ComparisonParameters {
  name: string;
  levels: LevelParameters[];
  /**
   * Term frequencies for the exact level: `termKey(value)` → share of records holding it. A common value
   * ("smith") agreeing is weaker evidence than a rare one. A value not in the table (seen once in
   * training, or never) gets the level's own weight: its rarity is not known, and assuming it
   * rare would let two records link on a name alone. `defaultFrequency` (1 / records) is kept
   * for reference.
   */
  termFrequencies?: { values: Record<string, number>; defaultFrequency: number };
}

/**
 * A trained Fellegi–Sunter model: versioned, stored as JSON (`(:MatchModel)` in Neo4j) and
 * loadable. Probabilities are of a *candidate* pair (one that shares a blocking key) being the
 * same person.
 */
export interface MatchModel {
  version: string;
  createdAt: string;
  /** Share of candidate pairs that are matches (λ), estimated by EM. */
  prior: number;
  comparisons: ComparisonParameters[];
  thresholds: {
    /** At or above: linked. */
    link: number;
    /** At or above (and below `link`): queued for review. Below: not linked. */
    review: number;
  };
  /** Blocks held by more records than this are not used to find candidates. */
  maxBlockSize: number;
  training: { records: number; candidatePairs: number; randomPairs: number; iterations: number; converged: boolean; note?: string };
}

export interface ComparisonEvidence {
  comparison: string;
  level: string;
  /** log2(m/u); 0 for a missing value. */
  weight: number;
  termFrequencyAdjusted: boolean;
}

export interface PairScore {
  /** log2 odds: prior plus the sum of the weights. */
  matchWeight: number;
  probability: number;
  evidence: ComparisonEvidence[];
}

const log2 = Math.log2;
const maxWeight = 20;

const tfKeys = new Map<string, string>();
/**
 * The key of a value in a term-frequency table: a truncated SHA-256, so a stored or shipped model
 * holds no names, e-mails or phones.
 */
export function termKey(value: string): string {
  let key = tfKeys.get(value);
  if (key === undefined) {
    key = createHash('sha256').update(value).digest('base64url').slice(0, 12);
    if (tfKeys.size > 100_000) tfKeys.clear();
    tfKeys.set(value, key);
  }
  return key;
}

/**
 * The weight scoring gives a level: log2(m/u), monotone by construction (an agreement level never
 * counts against a link, the last, disagreement, never for one) and bounded to ±20 (a level seen a
 * handful of times in training must not outweigh everything else).
 */
export function levelWeight(parameters: ComparisonParameters, level: number): number {
  const { m, u } = parameters.levels[level]!;
  const raw = log2(m / u);
  const signed = level === parameters.levels.length - 1 ? Math.min(0, raw) : Math.max(0, raw);
  return Math.min(maxWeight, Math.max(-maxWeight, signed));
}

/** Precomputed weight tables of a model, for scoring millions of pairs. */
export interface CompiledModel {
  model: MatchModel;
  priorWeight: number;
  /** weights[comparison][level]. */
  weights: Float64Array[];
  tfIndex: (number | null)[];
}

/** Checks a model against the comparisons of this build and precomputes its weights. Throws a TypeError naming what does not fit. */
export function compileModel(model: MatchModel): CompiledModel {
  if (model.comparisons.length !== comparisons.length) {
    throw new TypeError(`Match model ${model.version} has ${model.comparisons.length} comparisons, this build has ${comparisons.length}`);
  }
  const weights = model.comparisons.map((c, i) => {
    const expected = comparisons[i]!;
    if (c.name !== expected.name || c.levels.length !== expected.levels.length) {
      throw new TypeError(`Match model ${model.version}: comparison ${i} is ${c.name} with ${c.levels.length} levels, expected ${expected.name} with ${expected.levels.length}`);
    }
    return Float64Array.from(c.levels, (_, level) => levelWeight(c, level));
  });
  if (!(model.prior > 0 && model.prior < 1)) throw new TypeError(`Match model ${model.version}: prior must be in (0, 1), got ${model.prior}`);
  return { model, priorWeight: log2(model.prior / (1 - model.prior)), weights, tfIndex: model.comparisons.map((c) => (c.termFrequencies ? 0 : null)) };
}

export const toProbability = (matchWeight: number) => 1 / (1 + 2 ** -matchWeight);

/**
 * Scores a comparison vector. `tfValues[i]` is the value compared by comparison i when it has a
 * term-frequency table (from `comparisons[i].tfValue`); at the exact level its frequency
 * replaces u.
 */
export function scoreVector(compiled: CompiledModel, vector: Int8Array, tfValues?: (string | null)[]): number {
  let weight = compiled.priorWeight;
  for (let i = 0; i < vector.length; i += 1) {
    const level = vector[i]!;
    if (level < 0) continue;
    if (level === 0 && tfValues && compiled.tfIndex[i] !== null) {
      const tf = compiled.model.comparisons[i]!.termFrequencies!;
      const value = tfValues[i];
      const frequency = value ? tf.values[termKey(value)] : undefined;
      if (frequency !== undefined) {
        // Never weaker than the average exact agreement would make a rare value, never stronger than 1/frequency allows.
        // Agreement never counts against a link, however common the value.
        weight += Math.max(0, Math.min(maxWeight, log2(compiled.model.comparisons[i]!.levels[0]!.m / Math.max(frequency, 1e-9))));
        continue;
      }
    }
    weight += compiled.weights[i]![level]!;
  }
  return weight;
}

/** The per-comparison evidence of a scored vector (the waterfall behind a link). */
export function explainVector(compiled: CompiledModel, vector: Int8Array, tfValues?: (string | null)[]): PairScore {
  const evidence: ComparisonEvidence[] = [];
  let matchWeight = compiled.priorWeight;
  for (let i = 0; i < vector.length; i += 1) {
    const level = vector[i]!;
    const parameters = compiled.model.comparisons[i]!;
    if (level < 0) {
      evidence.push({ comparison: parameters.name, level: 'missing', weight: 0, termFrequencyAdjusted: false });
      continue;
    }
    const single = new Int8Array(vector.length).fill(-1);
    single[i] = level;
    const weight = scoreVector(compiled, single, tfValues) - compiled.priorWeight;
    const value = tfValues?.[i];
    const adjusted = level === 0 && compiled.tfIndex[i] !== null && Boolean(value) && parameters.termFrequencies!.values[termKey(value!)] !== undefined;
    evidence.push({ comparison: parameters.name, level: parameters.levels[level]!.name, weight, termFrequencyAdjusted: adjusted });
    matchWeight += weight;
  }
  return { matchWeight, probability: toProbability(matchWeight), evidence };
}
