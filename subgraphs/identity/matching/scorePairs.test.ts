import { describe, expect, it } from 'vitest';
import type { StoredRecord } from '../resolution/types.ts';
import { defaultMatchingSettings, Matcher } from './Matcher.ts';
import type { LevelParameters, MatchModel } from './MatchModel.ts';
import { scorePairs, scorePairsYielding } from './scorePairs.ts';

/** A level whose m/u is exactly 2^weight. */
const level = (name: string, weight: number): LevelParameters => (weight >= 0 ? { name, m: 0.5, u: 2 ** -(1 + weight) } : { name, m: 2 ** -(1 - weight), u: 0.5 });

/** A hand-written model: prior 0.2 (log2 odds -2), familyName exact +4, every other level 0; blocks of at most 3. */
function handModel(): MatchModel {
  const names: [string, string[]][] = [
    ['givenName', ['exact', 'nickname', 'jw92', 'phonetic', 'jw80', 'initial', 'else']],
    ['familyName', ['exact', 'jw92', 'phonetic', 'jw80', 'else']],
    ['birthDate', ['exact', 'transposed', 'oneEdit', 'near', 'else']],
    ['email', ['exact', 'localPart', 'jw88', 'else']],
    ['phone', ['exact', 'lastSeven', 'else']],
    ['street', ['exact', 'tokens80', 'tokens50', 'else']],
    ['city', ['exact', 'jw90', 'else']],
    ['postcode', ['exact', 'oneEdit', 'else']],
    ['region', ['exact', 'else']],
    ['nationalId', ['exact', 'oneEdit', 'else']],
  ];
  return {
    version: 'test-1',
    createdAt: '2025-01-01T00:00:00.000Z',
    prior: 0.2,
    comparisons: names.map(([name, levels]) => ({ name, levels: levels.map((l) => level(l, name === 'familyName' && l === 'exact' ? 4 : 0)) })),
    thresholds: { link: 0.99, review: 0.5 },
    maxBlockSize: 3,
    training: { records: 0, candidatePairs: 0, randomPairs: 0, iterations: 0, converged: true },
  };
}

const matcher = new Matcher(handModel(), { ...defaultMatchingSettings, rules: [] }, 'GB');

/** Features of a record holding only a family name: its blocking keys are `f:<name>` and its own key. */
function person(key: string, familyName: string) {
  const [source, sourceId] = key.split(':') as [StoredRecord['source'], string];
  return matcher.features({
    key,
    source,
    sourceId,
    observedAt: '2024-01-01T00:00:00.000Z',
    givenName: null,
    familyName,
    fullName: null,
    emails: [],
    phones: [],
    addresses: [],
    birthDate: null,
    nationalId: null,
    externalIds: [],
    identifierKeys: [key],
  });
}

/** The outcome of two Smiths under the hand model: -2 + 4. */
const smiths = { probability: 0.8, matchWeight: 2, decision: 'REVIEW', decidedBy: 'THRESHOLD' };

describe('matching: scorePairs', () => {
  it('scores each probe against the candidates it shares a block with, smaller key first', () => {
    const pairs = scorePairs(matcher, [person('crm:3', 'Smith')], [person('crm:1', 'Smith'), person('shop:2', 'Jones'), person('web:4', 'Smith')]);
    expect(pairs).toEqual([
      { a: 'crm:1', b: 'crm:3', ...smiths },
      { a: 'crm:3', b: 'web:4', ...smiths },
    ]);
  });

  it('does not pair candidates with each other', () => {
    expect(scorePairs(matcher, [person('crm:9', 'Jones')], [person('crm:1', 'Smith'), person('crm:2', 'Smith')])).toEqual([]);
  });

  it('scores each pair once, also between two probes, and never a record with itself', () => {
    const probes = [person('shop:2', 'Smith'), person('crm:1', 'Smith')];
    const pairs = scorePairs(matcher, probes, [person('crm:1', 'Smith')]);
    expect(pairs).toEqual([{ a: 'crm:1', b: 'shop:2', ...smiths }]);
  });

  it('scores a pair sharing several blocks once', () => {
    const a = person('crm:1', 'Smith');
    const b = { ...person('crm:2', 'Smith'), sourceKeys: ['crm:2', 'crm:1'] };
    // They share f:smith and k:crm:1; the shared record id decides.
    expect(scorePairs(matcher, [b], [a])).toEqual([{ a: 'crm:1', b: 'crm:2', probability: 0.8, matchWeight: 2, decision: 'LINK', decidedBy: 'SHARED_RECORD_ID' }]);
  });

  it('uses a block of maxBlockSize records, and none larger', () => {
    const three = scorePairs(matcher, [person('crm:1', 'Smith')], [person('crm:2', 'Smith'), person('crm:3', 'Smith')]);
    expect(three.map((p) => [p.a, p.b])).toEqual([
      ['crm:1', 'crm:2'],
      ['crm:1', 'crm:3'],
    ]);
    const four = scorePairs(matcher, [person('crm:1', 'Smith')], [person('crm:2', 'Smith'), person('crm:3', 'Smith'), person('crm:4', 'Smith')]);
    expect(four).toEqual([]);
  });

  it('counts the stored size of a block where given', () => {
    const probe = [person('crm:1', 'Smith')];
    const candidates = [person('crm:2', 'Smith')];
    expect(scorePairs(matcher, probe, candidates, new Map([['f:smith', 4]]))).toEqual([]);
    expect(scorePairs(matcher, probe, candidates, new Map([['f:smith', 3]]))).toEqual([{ a: 'crm:1', b: 'crm:2', ...smiths }]);
    expect(scorePairs(matcher, probe, candidates, new Map([['f:jones', 400]]))).toEqual([{ a: 'crm:1', b: 'crm:2', ...smiths }]);
  });

  it('gives no pairs for no probes', () => {
    expect(scorePairs(matcher, [], [person('crm:1', 'Smith'), person('crm:2', 'Smith')])).toEqual([]);
  });

  it('scores the same pairs in the same order when it lets the event loop run between probes', async () => {
    // Blocks of three Smiths, three Joneses, two Browns and two Greens (maxBlockSize is 3): 3 + 3 + 1 + 1 pairs.
    const names = ['Smith', 'Jones', 'Brown', 'Jones', 'Smith', 'Green'];
    const probes = names.map((name, i) => person(`shop:${i}`, name));
    const candidates = [person('crm:1', 'Smith'), person('crm:2', 'Jones'), person('shop:7', 'Brown'), person('shop:8', 'Green')];
    const expected = scorePairs(matcher, probes, candidates);
    expect(expected).toHaveLength(8);
    // A callback queued before scoring starts runs before scoring ends: the event loop turned in between.
    let turned = false;
    setImmediate(() => (turned = true));
    const scoring = scorePairsYielding(matcher, probes, candidates, new Map(), 2);
    expect(turned).toBe(false);
    expect(await scoring).toEqual(expected);
    expect(turned).toBe(true);
  });

  it('does not let the event loop run while fewer probes than one turn holds are scored', async () => {
    let turned = false;
    setImmediate(() => (turned = true));
    const pairs = await scorePairsYielding(matcher, [person('crm:1', 'Smith')], [person('crm:2', 'Smith')], new Map(), 2);
    expect(pairs).toEqual([{ a: 'crm:1', b: 'crm:2', ...smiths }]);
    expect(turned).toBe(false);
  });
});
