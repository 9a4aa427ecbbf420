import { describe, expect, it } from 'vitest';
import { compileModel, explainVector, scoreVector, termKey, toProbability, type ComparisonParameters, type LevelParameters, type MatchModel } from './MatchModel.ts';

/** A level whose m/u is exactly 2^weight, so its weight log2(m/u) is `weight`. */
const level = (name: string, weight: number): LevelParameters => (weight >= 0 ? { name, m: 0.5, u: 2 ** -(1 + weight) } : { name, m: 2 ** -(1 - weight), u: 0.5 });

/** The comparisons of this build, in order, with hand-picked weights. */
const handWeights: [string, [string, number][]][] = [
  ['givenName', [['exact', 4], ['nickname', 3], ['jw92', 2], ['phonetic', 1], ['jw80', 1], ['initial', 1], ['else', -4]]],
  ['familyName', [['exact', 4], ['jw92', 2], ['phonetic', 1], ['jw80', 1], ['else', -4]]],
  ['birthDate', [['exact', 5], ['transposed', 3], ['oneEdit', 2], ['near', 1], ['else', -5]]],
  ['email', [['exact', 8], ['localPart', 3], ['jw88', 2], ['else', -1]]],
  ['phone', [['exact', 7], ['lastSeven', 2], ['else', -1]]],
  ['street', [['exact', 3], ['tokens80', 2], ['tokens50', 1], ['else', -1]]],
  ['city', [['exact', 1], ['jw90', 1], ['else', -1]]],
  ['postcode', [['exact', 3], ['oneEdit', 1], ['else', -1]]],
  ['region', [['exact', 1], ['else', -1]]],
  ['nationalId', [['exact', 10], ['oneEdit', 4], ['else', -6]]],
];

function handModel(changes: { prior?: number; comparisons?: (c: ComparisonParameters[]) => ComparisonParameters[] } = {}): MatchModel {
  const comparisons = handWeights.map(([name, levels]) => ({ name, levels: levels.map(([n, w]) => level(n, w)) }));
  return {
    version: 'test-1',
    createdAt: '2025-01-01T00:00:00.000Z',
    prior: changes.prior ?? 0.2,
    comparisons: changes.comparisons ? changes.comparisons(comparisons) : comparisons,
    thresholds: { link: 0.99, review: 0.5 },
    maxBlockSize: 100,
    training: { records: 0, candidatePairs: 0, randomPairs: 0, iterations: 0, converged: true },
  };
}

/** A vector with the given levels by comparison index, every other comparison missing. */
function vector(levels: Record<number, number>): Int8Array {
  const v = new Int8Array(10).fill(-1);
  for (const [i, l] of Object.entries(levels)) v[Number(i)] = l;
  return v;
}

/** The hand model with a term-frequency table on givenName (index 0). */
function modelWithGivenNameFrequencies(values: Record<string, number>, defaultFrequency: number): MatchModel {
  return handModel({ comparisons: (cs) => cs.map((c, i) => (i === 0 ? { ...c, termFrequencies: { values, defaultFrequency } } : c)) });
}

describe('matching: compileModel', () => {
  it('precomputes log2(m/u) for every level, and the prior as log2 odds', () => {
    const compiled = compileModel(handModel());
    expect(compiled.priorWeight).toBe(-2);
    expect(compiled.weights.map((w) => Array.from(w))).toEqual([
      [4, 3, 2, 1, 1, 1, -4],
      [4, 2, 1, 1, -4],
      [5, 3, 2, 1, -5],
      [8, 3, 2, -1],
      [7, 2, -1],
      [3, 2, 1, -1],
      [1, 1, -1],
      [3, 1, -1],
      [1, -1],
      [10, 4, -6],
    ]);
    expect(compiled.tfIndex).toEqual([null, null, null, null, null, null, null, null, null, null]);
  });

  it('marks the comparisons that carry a term-frequency table', () => {
    const compiled = compileModel(modelWithGivenNameFrequencies({}, 0.001));
    expect(compiled.tfIndex).toEqual([0, null, null, null, null, null, null, null, null, null]);
  });

  it('never lets an agreement level count against a link, nor the disagreement level for one', () => {
    const model = handModel({
      comparisons: (cs) =>
        cs.map((c) =>
          c.name === 'phone'
            ? { ...c, levels: [{ name: 'exact', m: 0.1, u: 0.4 }, { name: 'lastSeven', m: 0.01, u: 0.08 }, { name: 'else', m: 0.8, u: 0.1 }] }
            : c,
        ),
    });
    expect(Array.from(compileModel(model).weights[4]!)).toEqual([0, 0, 0]);
  });

  it('bounds every weight to 20 either way', () => {
    const model = handModel({
      comparisons: (cs) =>
        cs.map((c) =>
          c.name === 'postcode'
            ? { ...c, levels: [{ name: 'exact', m: 0.9, u: 1e-12 }, { name: 'oneEdit', m: 0.05, u: 0.05 }, { name: 'else', m: 1e-12, u: 0.9 }] }
            : c,
        ),
    });
    expect(Array.from(compileModel(model).weights[7]!)).toEqual([20, 0, -20]);
  });

  it('throws a TypeError when the model has a different number of comparisons than this build', () => {
    const model = handModel({ comparisons: (cs) => cs.slice(0, 9) });
    expect(() => compileModel(model)).toThrow(new TypeError('Match model test-1 has 9 comparisons, this build has 10'));
  });

  it('throws a TypeError naming a comparison out of order', () => {
    const model = handModel({ comparisons: (cs) => [cs[1]!, cs[0]!, ...cs.slice(2)] });
    expect(() => compileModel(model)).toThrow(new TypeError('Match model test-1: comparison 0 is familyName with 5 levels, expected givenName with 7'));
  });

  it('throws a TypeError naming a comparison with the wrong number of levels', () => {
    const model = handModel({ comparisons: (cs) => cs.map((c) => (c.name === 'birthDate' ? { ...c, levels: c.levels.slice(1) } : c)) });
    expect(() => compileModel(model)).toThrow(new TypeError('Match model test-1: comparison 2 is birthDate with 4 levels, expected birthDate with 5'));
  });

  it('throws a TypeError for a prior outside (0, 1)', () => {
    expect(() => compileModel(handModel({ prior: 0 }))).toThrow(new TypeError('Match model test-1: prior must be in (0, 1), got 0'));
    expect(() => compileModel(handModel({ prior: 1 }))).toThrow(new TypeError('Match model test-1: prior must be in (0, 1), got 1'));
    expect(() => compileModel(handModel({ prior: -0.5 }))).toThrow(new TypeError('Match model test-1: prior must be in (0, 1), got -0.5'));
    expect(() => compileModel(handModel({ prior: Number.NaN }))).toThrow(new TypeError('Match model test-1: prior must be in (0, 1), got NaN'));
  });
});

describe('matching: scoreVector', () => {
  const compiled = compileModel(handModel());

  it('adds the weight of each level to the prior', () => {
    expect(scoreVector(compiled, vector({ 0: 0, 1: 0, 2: 0 }))).toBe(11);
    expect(scoreVector(compiled, vector({ 0: 6, 1: 4, 2: 4 }))).toBe(-15);
    expect(scoreVector(compiled, vector({ 0: 1, 3: 3, 4: 1, 9: 1 }))).toBe(-2 + 3 - 1 + 2 + 4);
  });

  it('gives a missing value no weight either way', () => {
    expect(scoreVector(compiled, vector({}))).toBe(-2);
    expect(scoreVector(compiled, vector({ 0: 0 }))).toBe(2);
  });

  it('uses the table frequency of termKey(value) in place of u at the exact level', () => {
    // m of givenName exact is 0.5: a value held by 1 in 8 records weighs log2(0.5 / (1/8)) = 2.
    const tf = compileModel(modelWithGivenNameFrequencies({ [termKey('john')]: 1 / 8 }, 1 / 1024));
    expect(scoreVector(tf, vector({ 0: 0 }), ['john', null, null, null, null, null, null, null, null, null])).toBe(-2 + 2);
  });

  it('gives a value not in the table the level’s own weight, not the default frequency (its rarity is not known)', () => {
    const tf = compileModel(modelWithGivenNameFrequencies({ [termKey('john')]: 1 / 8 }, 1 / 1024));
    expect(scoreVector(tf, vector({ 0: 0 }), ['zebedee', null, null, null, null, null, null, null, null, null])).toBe(-2 + 4);
  });

  it('looks values up by their term key, never by the raw value', () => {
    const tf = compileModel(modelWithGivenNameFrequencies({ john: 1 / 8 }, 1 / 1024));
    expect(scoreVector(tf, vector({ 0: 0 }), ['john', null, null, null, null, null, null, null, null, null])).toBe(-2 + 4);
  });

  it('adjusts only the exact level, and only when a value is given', () => {
    const tf = compileModel(modelWithGivenNameFrequencies({ [termKey('john')]: 1 / 8 }, 1 / 1024));
    expect(scoreVector(tf, vector({ 0: 1 }), ['john', null, null, null, null, null, null, null, null, null])).toBe(-2 + 3);
    expect(scoreVector(tf, vector({ 0: 0 }), [null, null, null, null, null, null, null, null, null, null])).toBe(-2 + 4);
    expect(scoreVector(tf, vector({ 0: 0 }))).toBe(-2 + 4);
  });

  it('bounds a term-frequency weight at 20', () => {
    // log2(0.5 / 1e-12) is about 39.
    const tf = compileModel(modelWithGivenNameFrequencies({ [termKey('zebedee')]: 1e-12 }, 1 / 1024));
    expect(scoreVector(tf, vector({ 0: 0 }), ['zebedee', null, null, null, null, null, null, null, null, null])).toBe(-2 + 20);
  });

  it('never lets an exact agreement on a very common value count against a link', () => {
    // log2(0.5 / 0.75) would be negative: agreement is never evidence against a link.
    const tf = compileModel(modelWithGivenNameFrequencies({ [termKey('john')]: 0.75 }, 1 / 1024));
    expect(scoreVector(tf, vector({ 0: 0 }), ['john', null, null, null, null, null, null, null, null, null])).toBe(-2 + 0);
  });
});

describe('matching: explainVector', () => {
  it('lists each comparison with its level and weight; the weights add up to the match weight minus the prior', () => {
    const compiled = compileModel(modelWithGivenNameFrequencies({ [termKey('john')]: 1 / 8 }, 1 / 1024));
    const v = new Int8Array([0, 4, 1, -1, 2, -1, 0, -1, 1, -1]);
    const explained = explainVector(compiled, v, ['john', 'smith', null, null, null, null, 'leeds', null, null, null]);
    expect(explained.evidence).toEqual([
      { comparison: 'givenName', level: 'exact', weight: 2, termFrequencyAdjusted: true },
      { comparison: 'familyName', level: 'else', weight: -4, termFrequencyAdjusted: false },
      { comparison: 'birthDate', level: 'transposed', weight: 3, termFrequencyAdjusted: false },
      { comparison: 'email', level: 'missing', weight: 0, termFrequencyAdjusted: false },
      { comparison: 'phone', level: 'else', weight: -1, termFrequencyAdjusted: false },
      { comparison: 'street', level: 'missing', weight: 0, termFrequencyAdjusted: false },
      { comparison: 'city', level: 'exact', weight: 1, termFrequencyAdjusted: false },
      { comparison: 'postcode', level: 'missing', weight: 0, termFrequencyAdjusted: false },
      { comparison: 'region', level: 'else', weight: -1, termFrequencyAdjusted: false },
      { comparison: 'nationalId', level: 'missing', weight: 0, termFrequencyAdjusted: false },
    ]);
    expect(explained.matchWeight).toBe(-2 + 2 - 4 + 3 - 1 + 1 - 1);
    expect(explained.evidence.reduce((sum, e) => sum + e.weight, 0)).toBe(explained.matchWeight - compiled.priorWeight);
    expect(explained.matchWeight).toBe(scoreVector(compiled, v, ['john', 'smith', null, null, null, null, 'leeds', null, null, null]));
    expect(explained.probability).toBe(toProbability(-2));
    expect(explained.probability).toBe(0.2);
  });
});

describe('matching: toProbability', () => {
  it('turns log2 odds into a probability', () => {
    expect(toProbability(0)).toBe(0.5);
    expect(toProbability(1)).toBe(2 / 3);
    expect(toProbability(-2)).toBe(0.2);
    expect(toProbability(10)).toBe(1024 / 1025);
    expect(toProbability(2000)).toBe(1);
    expect(toProbability(-2000)).toBe(0);
  });
});

describe('matching: termKey', () => {
  it('is the first 12 characters of the base64url SHA-256 of the value', () => {
    expect(termKey('smith')).toBe('ZieDX5iOLF5Q');
    expect(termKey('john')).toBe('ltljLzY1ZMww');
    expect(termKey('jane.doe@example.com')).toBe('huC55WwXzE0S');
  });

  it('holds nothing of the raw value', () => {
    const key = termKey('jane.doe@example.com');
    expect(key).not.toContain('jane');
    expect(key).not.toContain('doe');
    expect(key).not.toContain('example');
  });

  it('gives the same key for the same value every time', () => {
    expect(termKey('smith')).toBe(termKey('smith'));
    expect(termKey('smith')).not.toBe(termKey('smyth'));
  });
});
