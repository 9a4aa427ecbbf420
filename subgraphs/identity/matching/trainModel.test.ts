import { describe, expect, it } from 'vitest';
import type { StoredRecord } from '../resolution/types.ts';
import { clusterLinks } from './clusterLinks.ts';
import { extractFeatures, type RecordFeatures } from './features.ts';
import { defaultMatchingSettings, Matcher } from './Matcher.ts';
import type { MatchModel } from './MatchModel.ts';
import { scorePairs } from './scorePairs.ts';
import { trainModel } from './trainModel.ts';

/** A small seeded PRNG (mulberry32), so the synthetic data set is the same on every run. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Formal given names with a nickname the shipped table knows, and names without one. */
const NICKNAMES: Record<string, string> = { robert: 'bob', william: 'bill', elizabeth: 'liz', james: 'jim', richard: 'dick', thomas: 'tom', michael: 'mike', katherine: 'kate', margaret: 'peggy', joseph: 'joe' };
const GIVEN = [...Object.keys(NICKNAMES), 'olivia', 'amelia', 'isla', 'freya', 'harry', 'oscar', 'arthur', 'noah', 'leo', 'ava', 'mia', 'grace', 'sophie', 'ella', 'lucas', 'henry', 'jacob', 'ethan', 'chloe', 'zara'];
const FAMILY = [
  'smith', 'jones', 'taylor', 'brown', 'williams', 'wilson', 'johnson', 'davies', 'robinson', 'wright', 'thompson', 'evans', 'walker', 'white', 'roberts', 'green',
  'hall', 'wood', 'jackson', 'clarke', 'patel', 'khan', 'lewis', 'james', 'phillips', 'mason', 'mitchell', 'rose', 'davis', 'rodriguez', 'cox', 'alexander',
  'morgan', 'moore', 'martin', 'price', 'bell', 'cooper', 'hughes', 'edwards', 'turner', 'kelly', 'baker', 'harris', 'lee', 'king', 'hill', 'ward',
];
const CITIES: [string, string][] = [['London', 'EC1A 1BB'], ['Leeds', 'LS1 4AP'], ['Bristol', 'BS1 5TR'], ['Manchester', 'M1 1AE'], ['York', 'YO1 7HH'], ['Bath', 'BA1 1LT']];

interface Person {
  id: string;
  given: string;
  family: string;
  birthDate: string;
  email: string | null;
  phone: string | null;
  city: [string, string];
}

/** `count` people, each as 2 to 4 records (the first as entered, then 1 to 3 noisy copies). */
function syntheticRecords(count: number, seed: number): { records: StoredRecord[]; truth: Map<string, string> } {
  const random = prng(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const chance = (p: number) => random() < p;
  const two = (n: number) => String(n).padStart(2, '0');
  const typo = (value: string): string => {
    const i = 1 + Math.floor(random() * (value.length - 1));
    const letter = 'abcdefghijklmnopqrstuvwxyz'[Math.floor(random() * 26)]!;
    return chance(0.5) ? `${value.slice(0, i)}${letter}${value.slice(i + 1)}` : `${value.slice(0, i - 1)}${value[i]}${value[i - 1]}${value.slice(i + 1)}`;
  };
  const records: StoredRecord[] = [];
  const truth = new Map<string, string>();
  let next = 1;
  for (let p = 0; p < count; p += 1) {
    const given = pick(GIVEN);
    const family = pick(FAMILY);
    const person: Person = {
      id: `P${p}`,
      given,
      family,
      birthDate: `${1940 + Math.floor(random() * 65)}-${two(1 + Math.floor(random() * 12))}-${two(1 + Math.floor(random() * 28))}`,
      email: chance(0.7) ? `${given}.${family}${p}@example.com` : null,
      phone: chance(0.6) ? `07700 9${String(Math.floor(random() * 100000)).padStart(5, '0')}` : null,
      city: pick(CITIES),
    };
    const copies = 1 + Math.floor(random() * 3);
    for (let c = 0; c <= copies; c += 1) {
      const noisy = c > 0;
      let givenName = person.given;
      if (noisy && NICKNAMES[givenName] && chance(0.3)) givenName = NICKNAMES[givenName]!;
      else if (noisy && chance(0.15)) givenName = typo(givenName);
      const familyName = noisy && chance(0.3) ? typo(person.family) : person.family;
      let birthDate = person.birthDate;
      const [y, m, d] = birthDate.split('-') as [string, string, string];
      if (noisy && Number(d) <= 12 && chance(0.2)) birthDate = `${y}-${d}-${m}`;
      else if (noisy && chance(0.1)) birthDate = `${y}-${m}-${two(1 + ((Number(d) + 1) % 28))}`;
      const key = `${pick(['crm', 'shop', 'support', 'web'] as const)}:${next}`;
      next += 1;
      records.push({
        key,
        source: key.slice(0, key.indexOf(':')) as StoredRecord['source'],
        sourceId: key.slice(key.indexOf(':') + 1),
        observedAt: '2024-01-01T00:00:00.000Z',
        givenName,
        familyName,
        fullName: null,
        emails: person.email && !(noisy && chance(0.3)) ? [person.email] : [],
        phones: person.phone && !(noisy && chance(0.3)) ? [person.phone] : [],
        addresses: chance(0.8) ? [{ line1: null, line2: null, city: person.city[0], region: null, postalCode: person.city[1], country: 'GB' }] : [],
        birthDate,
        nationalId: null,
        externalIds: [],
        identifierKeys: [key],
      });
      truth.set(key, person.id);
    }
  }
  return { records, truth };
}

/** Pairwise F1 of predicted clusters against true entities. */
function pairwiseF1(clusters: readonly string[][], truth: ReadonlyMap<string, string>): number {
  const pairsOf = (n: number) => (n * (n - 1)) / 2;
  const entitySizes = new Map<string, number>();
  for (const entity of truth.values()) entitySizes.set(entity, (entitySizes.get(entity) ?? 0) + 1);
  const truePairs = [...entitySizes.values()].reduce((s, n) => s + pairsOf(n), 0);
  let predicted = 0;
  let correct = 0;
  for (const cluster of clusters) {
    predicted += pairsOf(cluster.length);
    const byEntity = new Map<string, number>();
    for (const key of cluster) byEntity.set(truth.get(key)!, (byEntity.get(truth.get(key)!) ?? 0) + 1);
    for (const n of byEntity.values()) correct += pairsOf(n);
  }
  const precision = predicted === 0 ? 1 : correct / predicted;
  const recall = truePairs === 0 ? 1 : correct / truePairs;
  return precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
}

const weight = (model: MatchModel, comparison: string, level: number | 'last') => {
  const c = model.comparisons.find((x) => x.name === comparison)!;
  const l = c.levels[level === 'last' ? c.levels.length - 1 : level]!;
  return Math.log2(l.m / l.u);
};

const now = () => new Date('2025-01-01T12:00:00.000Z');
const { records, truth } = syntheticRecords(300, 20250101);
const features: RecordFeatures[] = records.map((r) => extractFeatures(r, 'GB'));
const options = { seed: 7, now, randomPairs: 50_000 };
const model = trainModel(features, options);

describe('matching: trainModel', () => {
  it('trains on every record of the synthetic data set', () => {
    expect(model.training.records).toBe(records.length);
    expect(model.training.randomPairs).toBe(50_000);
    expect(model.training.candidatePairs).toBeGreaterThan(0);
    expect(model.training.iterations).toBeGreaterThan(0);
    expect(model.maxBlockSize).toBe(50);
    expect(model.thresholds).toEqual({ link: 0.999, review: 0.9 });
    expect(model.createdAt).toBe('2025-01-01T12:00:00.000Z');
    expect(model.version).toMatch(/^fs-20250101-[0-9a-f]{10}$/);
  });

  it('estimates a prior strictly between 0 and 1', () => {
    expect(model.prior).toBeGreaterThan(0);
    expect(model.prior).toBeLessThan(1);
  });

  it('gives name and birth-date agreement a positive weight and disagreement a negative one', () => {
    for (const comparison of ['givenName', 'familyName', 'birthDate']) {
      expect({ comparison, exact: weight(model, comparison, 0) > 0 }).toEqual({ comparison, exact: true });
      expect({ comparison, else: weight(model, comparison, 'last') < 0 }).toEqual({ comparison, else: true });
    }
  });

  it('gives probabilities m and u summing to 1 over the levels of each comparison', () => {
    for (const c of model.comparisons) {
      expect(c.levels.reduce((s, l) => s + l.m, 0)).toBeCloseTo(1, 9);
      expect(c.levels.reduce((s, l) => s + l.u, 0)).toBeCloseTo(1, 9);
    }
  });

  it('keeps no raw name, e-mail or phone in the model', () => {
    const stored = JSON.stringify(model);
    const values = new Set(features.flatMap((f) => [f.given, f.family, f.city, f.postcode, ...f.emails, ...f.phones]).filter((v): v is string => v !== null));
    const found = [...values].filter((value) => stored.includes(JSON.stringify(value)));
    expect(found).toEqual([]);
  });

  it('is deterministic for the same records and seed', () => {
    const again = trainModel(features, options);
    expect(again.version).toBe(model.version);
    expect(again).toEqual(model);
  });

  it('separates true from false pairs: pairwise F1 above 0.9 after scoring and clustering', () => {
    const matcher = new Matcher(model, defaultMatchingSettings, 'GB');
    const pairs = scorePairs(matcher, features, []);
    const byKey = new Map(features.map((f) => [f.key, f]));
    const links = pairs.filter((p) => p.decision === 'LINK').map((p) => ({ a: p.a, b: p.b, probability: p.probability }));
    const { clusters } = clusterLinks([...byKey.keys()], links, {
      maxClusterSize: defaultMatchingSettings.maxClusterSize,
      conflict: (a, b) => matcher.conflict(byKey.get(a)!, byKey.get(b)!),
    });
    expect(pairwiseF1(clusters, truth)).toBeGreaterThan(0.9);
  });

  it('throws a TypeError for fewer than 2 records', () => {
    expect(() => trainModel([])).toThrow(new TypeError('trainModel needs at least 2 records, got 0'));
    expect(() => trainModel(features.slice(0, 1))).toThrow(new TypeError('trainModel needs at least 2 records, got 1'));
  });
});
