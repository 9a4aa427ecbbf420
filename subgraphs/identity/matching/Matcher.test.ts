import { describe, expect, it } from 'vitest';
import { address, storedRecord } from '../../../test/support/storedRecord.ts';
import type { StoredRecord } from '../resolution/types.ts';
import { defaultMatchingSettings, Matcher, type MatchingSettings, type MatchRule } from './Matcher.ts';
import type { LevelParameters, MatchModel } from './MatchModel.ts';
import { loadDefaultModel } from './MatchModelRegistry.ts';

/** A level whose m/u is exactly 2^weight, so its weight log2(m/u) is `weight`. */
const level = (name: string, weight: number): LevelParameters => (weight >= 0 ? { name, m: 0.5, u: 2 ** -(1 + weight) } : { name, m: 2 ** -(1 - weight), u: 0.5 });

/**
 * A hand-written model: prior 0.2 (log2 odds -2), link at 0.99, review at 0.5, and these weights
 * (no term frequencies).
 */
function handModel(thresholds: MatchModel['thresholds'] = { link: 0.99, review: 0.5 }): MatchModel {
  const weights: [string, [string, number][]][] = [
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
  return {
    version: 'test-1',
    createdAt: '2025-01-01T00:00:00.000Z',
    prior: 0.2,
    comparisons: weights.map(([name, levels]) => ({ name, levels: levels.map(([n, w]) => level(n, w)) })),
    thresholds,
    maxBlockSize: 100,
    training: { records: 0, candidatePairs: 0, randomPairs: 0, iterations: 0, converged: true },
  };
}

const record = storedRecord;


const settings = (changes: Partial<MatchingSettings> = {}): MatchingSettings => ({ ...defaultMatchingSettings, ...changes });
const noRules = settings({ rules: [] });

/** Decides two records with a matcher. */
function decide(matcher: Matcher, a: StoredRecord, b: StoredRecord) {
  return matcher.decide(matcher.features(a), matcher.features(b));
}
function conflict(matcher: Matcher, a: StoredRecord, b: StoredRecord) {
  return matcher.conflict(matcher.features(a), matcher.features(b));
}

describe('matching: Matcher.decide', () => {
  it('links a pair sharing a record id, whatever the rules and the score say', () => {
    const matcher = new Matcher(handModel(), defaultMatchingSettings, 'GB');
    const a = record('crm:1', { givenName: 'John', birthDate: '1980-07-04' });
    const b = record('shop:2', { givenName: 'Peter', birthDate: '1982-11-25', identifierKeys: ['shop:2', 'crm:1'] });
    // givenName else -4, birthDate else -5, prior -2.
    expect(decide(matcher, a, b)).toEqual({ probability: 1 / (1 + 2 ** 11), matchWeight: -11, decision: 'LINK', decidedBy: 'SHARED_RECORD_ID' });
  });

  it('never links two different ids of a one-record-per-person source, whatever the score says', () => {
    const matcher = new Matcher(handModel(), settings({ rules: [], oneRecordPerPerson: ['crm'] }), 'GB');
    const same = { givenName: 'Jane', familyName: 'Smith', birthDate: '1980-07-04' };
    expect(decide(matcher, record('crm:1', same), record('crm:2', same))).toEqual({ probability: 2048 / 2049, matchWeight: 11, decision: 'NONE', decidedBy: 'SAME_SOURCE_DIFFERENT_ID' });
    expect(decide(matcher, record('crm:1', same), record('shop:2', same))).toEqual({ probability: 2048 / 2049, matchWeight: 11, decision: 'LINK', decidedBy: 'THRESHOLD' });
  });

  it('links by a LINK rule when every listed comparison is at a listed level, even below the review threshold', () => {
    const rule: MatchRule = { name: 'SAME_PHONE_AND_FAMILY_NAME', decision: 'LINK', when: { phone: ['exact'], familyName: ['exact'] } };
    const matcher = new Matcher(handModel(), settings({ rules: [rule] }), 'GB');
    const a = record('crm:1', { givenName: 'John', familyName: 'Smith', birthDate: '1980-07-04', phones: ['020 7946 0123'], emails: ['john@example.com'] });
    const b = record('shop:2', { givenName: 'Peter', familyName: 'Smith', birthDate: '1982-11-25', phones: ['+44 20 7946 0123'], emails: ['peter@work.org'] });
    // -2 prior, givenName else -4, familyName exact +4, birthDate else -5, email else -1, phone exact +7.
    expect(decide(matcher, a, b)).toEqual({ probability: 1 / 3, matchWeight: -1, decision: 'LINK', decidedBy: 'SAME_PHONE_AND_FAMILY_NAME' });
  });

  it('keeps apart by a CANNOT_LINK rule, even above the link threshold, counting missing values where listed', () => {
    const matcher = new Matcher(handModel(), defaultMatchingSettings, 'GB');
    const a = record('crm:1', { givenName: 'John', familyName: 'Smith', birthDate: '1980-07-04', phones: ['020 7946 0123'], addresses: [address({ postalCode: 'EC1A 1BB' })] });
    const b = record('shop:2', { givenName: 'Peter', familyName: 'Smith', birthDate: '1982-11-25', phones: ['020 7946 0123'], addresses: [address({ postalCode: 'EC1A 1BB' })] });
    // -2 prior, givenName else -4, familyName exact +4, birthDate else -5, phone exact +7, postcode exact +3: 3, a REVIEW by score.
    expect(decide(matcher, a, b)).toEqual({ probability: 8 / 9, matchWeight: 3, decision: 'NONE', decidedBy: 'DIFFERENT_GIVEN_NAME_AND_BIRTH_DATE' });
    const c = { ...a, addresses: [address({ line1: '12 High Street', postalCode: 'EC1A 1BB', city: 'London' })] };
    const d = { ...b, addresses: [address({ line1: '12 High Street', postalCode: 'EC1A 1BB', city: 'London' })] };
    // With street exact +3 and city exact +1: 7, above the link threshold (log2(99) ≈ 6.63).
    expect(decide(matcher, { ...c, key: 'crm:1' }, { ...d, key: 'shop:2' })).toEqual({
      probability: 128 / 129,
      matchWeight: 7,
      decision: 'NONE',
      decidedBy: 'DIFFERENT_GIVEN_NAME_AND_BIRTH_DATE',
    });
  });

  it('does not apply a CANNOT_LINK rule when a listed comparison is at an unlisted level', () => {
    const matcher = new Matcher(handModel(), defaultMatchingSettings, 'GB');
    // The e-mails agree: the rule lists email only as else or missing.
    const a = record('crm:1', { givenName: 'John', familyName: 'Smith', birthDate: '1980-07-04', emails: ['js@example.com'] });
    const b = record('shop:2', { givenName: 'Peter', familyName: 'Smith', birthDate: '1982-11-25', emails: ['js@example.com'] });
    // -2 prior, givenName else -4, familyName exact +4, birthDate else -5, email exact +8: 1.
    expect(decide(matcher, a, b)).toEqual({ probability: 2 / 3, matchWeight: 1, decision: 'REVIEW', decidedBy: 'THRESHOLD' });
  });

  it('applies the first rule that matches, in the order configured', () => {
    const link: MatchRule = { name: 'SAME_FAMILY_NAME', decision: 'LINK', when: { familyName: ['exact'] } };
    const cannot: MatchRule = { name: 'NO_BIRTH_DATES', decision: 'CANNOT_LINK', when: { birthDate: ['missing'] } };
    const a = record('crm:1', { familyName: 'Smith' });
    const b = record('shop:2', { familyName: 'Smith' });
    expect(decide(new Matcher(handModel(), settings({ rules: [link, cannot] }), 'GB'), a, b)).toMatchObject({ decision: 'LINK', decidedBy: 'SAME_FAMILY_NAME' });
    expect(decide(new Matcher(handModel(), settings({ rules: [cannot, link] }), 'GB'), a, b)).toMatchObject({ decision: 'NONE', decidedBy: 'NO_BIRTH_DATES' });
  });

  it('links at or above the link threshold, queues for review at or above the review threshold, and links nothing below', () => {
    const matcher = new Matcher(handModel(), noRules, 'GB');
    const jane = { givenName: 'Jane', familyName: 'Smith', birthDate: '1980-07-04' };
    expect(decide(matcher, record('crm:1', jane), record('shop:2', jane))).toEqual({ probability: 2048 / 2049, matchWeight: 11, decision: 'LINK', decidedBy: 'THRESHOLD' });
    expect(decide(matcher, record('crm:1', { givenName: 'Jane', familyName: 'Smith' }), record('shop:2', { givenName: 'Jane', familyName: 'Smith' }))).toEqual({
      probability: 64 / 65,
      matchWeight: 6,
      decision: 'REVIEW',
      decidedBy: 'THRESHOLD',
    });
    expect(decide(matcher, record('crm:1', { givenName: 'Jane', familyName: 'Harrison' }), record('shop:2', { givenName: 'Jane', familyName: 'Harris' }))).toEqual({
      probability: 16 / 17,
      matchWeight: 4,
      decision: 'REVIEW',
      decidedBy: 'THRESHOLD',
    });
    expect(decide(matcher, record('crm:1', { givenName: 'Jane', familyName: 'Smith' }), record('shop:2', { givenName: 'Jane', familyName: 'Jones' }))).toEqual({
      probability: 0.2,
      matchWeight: -2,
      decision: 'NONE',
      decidedBy: 'THRESHOLD',
    });
  });

  it('compares with the thresholds inclusively', () => {
    const matcher = new Matcher(handModel({ link: 0.8, review: 0.5 }), noRules, 'GB');
    // familyName exact: -2 + 4 = 2, probability exactly 0.8.
    expect(decide(matcher, record('crm:1', { familyName: 'Smith' }), record('shop:2', { familyName: 'Smith' }))).toEqual({ probability: 0.8, matchWeight: 2, decision: 'LINK', decidedBy: 'THRESHOLD' });
    // familyName jw92: -2 + 2 = 0, probability exactly 0.5.
    expect(decide(matcher, record('crm:1', { familyName: 'Harrison' }), record('shop:2', { familyName: 'Harris' }))).toEqual({ probability: 0.5, matchWeight: 0, decision: 'REVIEW', decidedBy: 'THRESHOLD' });
  });

  it('decides realistic pairs with the shipped model', () => {
    const matcher = new Matcher(loadDefaultModel(), defaultMatchingSettings, 'GB');
    const home = address({ line1: '12 High Street', city: 'London', postalCode: 'EC1A 1BB', country: 'GB' });
    expect(
      decide(
        matcher,
        record('crm:1', { givenName: 'Robert', familyName: 'Harrison', birthDate: '1980-07-04', phones: ['020 7946 0123'], addresses: [home] }),
        record('shop:2', { givenName: 'Bob', familyName: 'Harrison', birthDate: '04/07/1980', phones: ['+44 20 7946 0123'], addresses: [home] }),
      ),
    ).toMatchObject({ decision: 'LINK', decidedBy: 'THRESHOLD' });
    expect(
      decide(
        matcher,
        record('crm:1', { givenName: 'Jane', familyName: 'Smith', birthDate: '1980-07-04', emails: ['jane.smith@example.com'] }),
        record('shop:2', { givenName: 'Jane', familyName: 'Smith', birthDate: '4 July 1980', emails: ['Jane.Smith@Example.com'] }),
      ),
    ).toMatchObject({ decision: 'LINK', decidedBy: 'SAME_EMAIL_NAME_AND_BIRTH_DATE' });
    expect(
      decide(
        matcher,
        record('crm:1', { givenName: 'Jane', familyName: 'Smith', birthDate: '1980-07-04' }),
        record('shop:2', { givenName: 'Peter', familyName: 'Smith', birthDate: '1962-01-30' }),
      ),
    ).toMatchObject({ decision: 'NONE', decidedBy: 'DIFFERENT_GIVEN_NAME_AND_BIRTH_DATE' });
  });
});

describe('matching: Matcher.explain', () => {
  it('gives the comparisons with their weights, the prior and what decided', () => {
    const matcher = new Matcher(handModel(), noRules, 'GB');
    const explained = matcher.explain(
      matcher.features(record('crm:1', { givenName: 'Bob', familyName: 'Smith', birthDate: '1980-07-04' })),
      matcher.features(record('shop:2', { givenName: 'Robert', familyName: 'Smith', birthDate: '1980-04-07' })),
    );
    expect(explained).toEqual({
      matchWeight: 8,
      probability: 256 / 257,
      priorWeight: -2,
      decision: 'LINK',
      decidedBy: 'THRESHOLD',
      evidence: [
        { comparison: 'givenName', level: 'nickname', weight: 3, termFrequencyAdjusted: false },
        { comparison: 'familyName', level: 'exact', weight: 4, termFrequencyAdjusted: false },
        { comparison: 'birthDate', level: 'transposed', weight: 3, termFrequencyAdjusted: false },
        { comparison: 'email', level: 'missing', weight: 0, termFrequencyAdjusted: false },
        { comparison: 'phone', level: 'missing', weight: 0, termFrequencyAdjusted: false },
        { comparison: 'street', level: 'missing', weight: 0, termFrequencyAdjusted: false },
        { comparison: 'city', level: 'missing', weight: 0, termFrequencyAdjusted: false },
        { comparison: 'postcode', level: 'missing', weight: 0, termFrequencyAdjusted: false },
        { comparison: 'region', level: 'missing', weight: 0, termFrequencyAdjusted: false },
        { comparison: 'nationalId', level: 'missing', weight: 0, termFrequencyAdjusted: false },
      ],
    });
  });
});

describe('matching: Matcher.conflict', () => {
  const birthDatesOnly = new Matcher(handModel(), noRules, 'GB');

  it('finds two different ids of a one-record-per-person source, own or claimed', () => {
    const matcher = new Matcher(handModel(), settings({ rules: [], oneRecordPerPerson: ['crm'] }), 'GB');
    expect(conflict(matcher, record('crm:1'), record('crm:2'))).toBe('SAME_SOURCE_DIFFERENT_ID: crm holds one record per person');
    expect(conflict(matcher, record('crm:1'), record('shop:2', { identifierKeys: ['shop:2', 'crm:9'] }))).toBe('SAME_SOURCE_DIFFERENT_ID: crm holds one record per person');
  });

  it('finds no conflict between ids of a source not listed, or records sharing the id', () => {
    const matcher = new Matcher(handModel(), settings({ rules: [], oneRecordPerPerson: ['crm'] }), 'GB');
    expect(conflict(matcher, record('shop:1'), record('shop:2'))).toBe(null);
    expect(conflict(matcher, record('crm:1'), record('shop:2', { identifierKeys: ['shop:2', 'crm:1'] }))).toBe(null);
    expect(conflict(new Matcher(handModel(), noRules, 'GB'), record('crm:1'), record('crm:2'))).toBe(null);
  });

  it('finds birth dates distant in digits and years on a pair that is no likely match', () => {
    expect(conflict(birthDatesOnly, record('crm:1', { birthDate: '1980-07-04' }), record('shop:2', { birthDate: '1995-11-21' }))).toBe(
      'BIRTH_DATES_CONFLICT: birth dates differ in more places than typing errors explain',
    );
  });

  it('finds no birth-date conflict for dates at most two years apart, or one typing slip apart', () => {
    expect(conflict(birthDatesOnly, record('crm:1', { birthDate: '1980-07-04' }), record('shop:2', { birthDate: '1982-11-25' }))).toBe(null);
    expect(conflict(birthDatesOnly, record('crm:1', { birthDate: '1980-07-04' }), record('shop:2', { birthDate: '1990-07-04' }))).toBe(null);
    expect(conflict(birthDatesOnly, record('crm:1', { birthDate: '1980-07-04' }), record('shop:2', { birthDate: '1980-04-07' }))).toBe(null);
    expect(conflict(birthDatesOnly, record('crm:1', { birthDate: '1980-07-04' }), record('shop:2'))).toBe(null);
  });

  it('finds no birth-date conflict when birthDateConflict is off', () => {
    const matcher = new Matcher(handModel(), settings({ rules: [], birthDateConflict: false }), 'GB');
    expect(conflict(matcher, record('crm:1', { birthDate: '1980-07-04' }), record('shop:2', { birthDate: '1995-11-21' }))).toBe(null);
  });

  it('finds no birth-date conflict on a pair that is a likely match even with the dates', () => {
    const a = record('crm:1', { givenName: 'Jane', familyName: 'Smith', birthDate: '1980-07-04' });
    const b = record('shop:2', { givenName: 'Jane', familyName: 'Smith', birthDate: '1995-11-21' });
    // -2 + 4 + 4 - 5 = 1: probability 2/3, above review.
    expect(conflict(birthDatesOnly, a, b)).toBe(null);
  });

  it('finds no birth-date conflict on a pair that is a likely match on the rest of its evidence', () => {
    const a = record('crm:1', { familyName: 'Smith', birthDate: '1980-07-04' });
    const b = record('shop:2', { familyName: 'Smith', birthDate: '1995-11-21' });
    // Without the dates: -2 + 4 = 2, probability 0.8, above review (with them, -3).
    expect(conflict(birthDatesOnly, a, b)).toBe(null);
  });

  it('finds a pair that a CANNOT_LINK rule keeps apart, and names the rule', () => {
    const matcher = new Matcher(handModel(), defaultMatchingSettings, 'GB');
    const a = record('crm:1', { givenName: 'John', birthDate: '1980-07-04' });
    const b = record('shop:2', { givenName: 'Peter', birthDate: '1982-11-25' });
    expect(conflict(matcher, a, b)).toBe('DIFFERENT_GIVEN_NAME_AND_BIRTH_DATE');
  });

  it('does not count a LINK rule as a conflict', () => {
    const rule: MatchRule = { name: 'SAME_FAMILY_NAME', decision: 'LINK', when: { familyName: ['exact'] } };
    const matcher = new Matcher(handModel(), settings({ rules: [rule] }), 'GB');
    expect(conflict(matcher, record('crm:1', { familyName: 'Smith' }), record('shop:2', { familyName: 'Smith' }))).toBe(null);
  });
});

describe('matching: Matcher constructor', () => {
  it('throws a TypeError naming a rule with an unknown comparison', () => {
    const rule: MatchRule = { name: 'BY_SURNAME', decision: 'LINK', when: { surname: ['exact'] } };
    expect(() => new Matcher(handModel(), settings({ rules: [rule] }), 'GB')).toThrow(
      new TypeError('Match rule BY_SURNAME: unknown comparison "surname" (known: givenName, familyName, birthDate, email, phone, street, city, postcode, region, nationalId)'),
    );
  });

  it('throws a TypeError naming a rule with an unknown level', () => {
    const rule: MatchRule = { name: 'FUZZY_GIVEN_NAME', decision: 'CANNOT_LINK', when: { givenName: ['exact', 'fuzzy'] } };
    expect(() => new Matcher(handModel(), settings({ rules: [rule] }), 'GB')).toThrow(
      new TypeError('Match rule FUZZY_GIVEN_NAME: givenName has no level "fuzzy" (levels: exact, nickname, jw92, phonetic, jw80, initial, else)'),
    );
  });

  it('throws the model’s TypeError for a model that does not fit this build', () => {
    expect(() => new Matcher({ ...handModel(), prior: 1 }, defaultMatchingSettings, 'GB')).toThrow(new TypeError('Match model test-1: prior must be in (0, 1), got 1'));
  });
});
