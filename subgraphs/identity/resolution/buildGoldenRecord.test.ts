import { describe, expect, it } from 'vitest';
import { address, storedRecord } from '../../../test/support/storedRecord.ts';
import { assertSurvivorshipConfig, buildGoldenRecord, defaultSurvivorship, type SurvivorshipConfig } from './buildGoldenRecord.ts';
import type { StoredRecord } from './types.ts';

/** A stored record with nothing but what the test gives; `identifierKeys` is not read by survivorship. */
const record = (key: string, observedAt: string, values: Partial<StoredRecord> = {}) => storedRecord(key, { observedAt, ...values });


describe('buildGoldenRecord: scalar attributes', () => {
  it('takes the name and birth date of the most recent record, with provenance', () => {
    const golden = buildGoldenRecord(
      [
        record('crm:1', '2024-01-01T00:00:00.000Z', { givenName: 'Jane', familyName: 'Smith', fullName: 'Jane Smith', birthDate: '1980-04-12' }),
        record('shop:7', '2024-05-01T00:00:00.000Z', { givenName: 'Jane', familyName: 'Doe', fullName: 'Jane Doe', birthDate: '1980-04-21' }),
        record('support:3', '2024-03-01T00:00:00.000Z', { givenName: 'J.', familyName: 'Doe', fullName: 'J. Doe', birthDate: '1980-12-04' }),
      ],
      'GB',
    );
    expect(golden).toMatchObject({ givenName: 'Jane', familyName: 'Doe', fullName: 'Jane Doe', birthDate: '1980-04-21' });
    expect(golden.provenance).toEqual([
      { attribute: 'name', sourceKey: 'shop:7', rule: 'MOST_RECENT' },
      { attribute: 'birthDate', sourceKey: 'shop:7', rule: 'MOST_RECENT' },
    ]);
  });

  it('skips records where the attribute is empty, each attribute on its own', () => {
    const golden = buildGoldenRecord(
      [
        record('crm:1', '2024-01-01T00:00:00.000Z', { givenName: 'Jane', familyName: 'Doe', fullName: 'Jane Doe' }),
        record('shop:7', '2024-05-01T00:00:00.000Z', { birthDate: '1980-04-21' }),
        record('support:3', '2024-03-01T00:00:00.000Z', { givenName: 'Janet', familyName: 'Doe' }),
      ],
      'GB',
    );
    expect(golden).toMatchObject({ givenName: 'Janet', familyName: 'Doe', fullName: 'Janet Doe', birthDate: '1980-04-21' });
    expect(golden.provenance).toEqual([
      { attribute: 'name', sourceKey: 'support:3', rule: 'MOST_RECENT' },
      { attribute: 'birthDate', sourceKey: 'shop:7', rule: 'MOST_RECENT' },
    ]);
  });

  it('takes the whole name from one record, composing the full name when that record has none', () => {
    const golden = buildGoldenRecord(
      [
        record('crm:1', '2024-01-01T00:00:00.000Z', { givenName: 'Jane', familyName: 'Doe', fullName: 'Jane Doe' }),
        record('shop:7', '2024-05-01T00:00:00.000Z', { givenName: 'Janet' }),
      ],
      'GB',
    );
    expect(golden).toMatchObject({ givenName: 'Janet', familyName: null, fullName: 'Janet' });
  });

  it('keeps a full name given alone', () => {
    const golden = buildGoldenRecord([record('crm:1', '2024-01-01T00:00:00.000Z', { fullName: 'Dr Jane Doe' })], 'GB');
    expect(golden).toMatchObject({ givenName: null, familyName: null, fullName: 'Dr Jane Doe' });
  });

  it('breaks a tie in time by the smaller record key, whatever the input order', () => {
    const tied = [
      record('support:3', '2024-05-01T00:00:00.000Z', { fullName: 'From support', birthDate: '1980-01-03' }),
      record('crm:1', '2024-05-01T00:00:00.000Z', { fullName: 'From crm', birthDate: '1980-01-01' }),
      record('shop:7', '2024-05-01T00:00:00.000Z', { fullName: 'From shop', birthDate: '1980-01-02' }),
    ];
    for (const records of [tied, [...tied].reverse()]) {
      const golden = buildGoldenRecord(records, 'GB');
      expect(golden).toMatchObject({ fullName: 'From crm', birthDate: '1980-01-01' });
      expect(golden.provenance).toEqual([
        { attribute: 'name', sourceKey: 'crm:1', rule: 'MOST_RECENT' },
        { attribute: 'birthDate', sourceKey: 'crm:1', rule: 'MOST_RECENT' },
      ]);
    }
  });

  it('leaves attributes that no record has empty, without provenance', () => {
    const golden = buildGoldenRecord([record('crm:1', '2024-01-01T00:00:00.000Z', { emails: ['jane@example.com'] })], 'GB');
    expect(golden).toEqual({
      givenName: null,
      familyName: null,
      fullName: null,
      emails: ['jane@example.com'],
      phones: [],
      addresses: [],
      birthDate: null,
      provenance: [{ attribute: 'emails', sourceKey: 'crm:1', rule: 'MOST_RECENT' }],
      sourceKeys: ['crm:1'],
      identifierKeys: ['email:jane@example.com'],
      recordFacts: [{ sourceKey: 'crm:1', givenName: null, familyName: null, fullName: null, emails: ['jane@example.com'], phones: [], birthDate: null }],
    });
  });
});

describe('buildGoldenRecord: lists', () => {
  const records = [
    record('crm:1', '2024-01-01T00:00:00.000Z', {
      emails: ['old@example.com', 'JANE@example.com'],
      phones: ['020 7946 0123'],
      addresses: [address({ line1: '1 High Street', city: 'London', postalCode: 'EC1A 1BB' })],
    }),
    record('shop:7', '2024-05-01T00:00:00.000Z', {
      emails: ['Jane@Example.com', 'not-an-address'],
      phones: ['07400 123456', '12345'],
      addresses: [address({ line1: '1 HIGH STREET', city: 'LONDON', postalCode: 'ec1a 1bb' })],
    }),
    record('support:3', '2024-03-01T00:00:00.000Z', {
      emails: ['work@example.org'],
      phones: ['+44 20 7946 0123'],
      addresses: [address({ line1: '2 Low Road', city: 'Leeds', postalCode: 'LS1 4AP' })],
    }),
  ];
  const golden = buildGoldenRecord(records, 'GB');

  it('keeps each distinct normalised e-mail, most recent first, dropping invalid ones', () => {
    expect(golden.emails).toEqual(['jane@example.com', 'work@example.org', 'old@example.com']);
  });

  it('keeps each distinct phone as E.164, most recent first, dropping invalid ones', () => {
    expect(golden.phones).toEqual(['+447400123456', '+442079460123']);
  });

  it('keeps distinct addresses, comparing without case, in the form most recently seen', () => {
    expect(golden.addresses).toEqual([
      address({ line1: '1 HIGH STREET', city: 'LONDON', postalCode: 'ec1a 1bb' }),
      address({ line1: '2 Low Road', city: 'Leeds', postalCode: 'LS1 4AP' }),
    ]);
  });

  it('names the record of the first value of each list in the provenance', () => {
    expect(golden.provenance).toEqual([
      { attribute: 'emails', sourceKey: 'shop:7', rule: 'MOST_RECENT' },
      { attribute: 'phones', sourceKey: 'shop:7', rule: 'MOST_RECENT' },
      { attribute: 'addresses', sourceKey: 'shop:7', rule: 'MOST_RECENT' },
    ]);
  });

  it('names, for a list, the most recent record that has a valid value', () => {
    const only = buildGoldenRecord(
      [record('crm:1', '2024-01-01T00:00:00.000Z', { emails: ['jane@example.com'] }), record('shop:7', '2024-05-01T00:00:00.000Z', { emails: ['jane@'] })],
      'GB',
    );
    expect(only.emails).toEqual(['jane@example.com']);
    expect(only.provenance).toEqual([{ attribute: 'emails', sourceKey: 'crm:1', rule: 'MOST_RECENT' }]);
  });

  it('reads national phone numbers in the region given', () => {
    expect(buildGoldenRecord([record('crm:1', '2024-01-01T00:00:00.000Z', { phones: ['(415) 555-2671'] })], 'US').phones).toEqual(['+14155552671']);
    expect(buildGoldenRecord([record('crm:1', '2024-01-01T00:00:00.000Z', { phones: ['(415) 555-2671'] })], 'GB').phones).toEqual([]);
  });

  it('sorts the source keys and the identifier keys of the e-mails and phones', () => {
    expect(golden.sourceKeys).toEqual(['crm:1', 'shop:7', 'support:3']);
    expect(golden.identifierKeys).toEqual([
      'email:jane@example.com',
      'email:old@example.com',
      'email:work@example.org',
      'phone:+442079460123',
      'phone:+447400123456',
    ]);
  });
});

describe('buildGoldenRecord: record facts', () => {
  it('keeps every record’s raw facts, as sent, sorted by record key', () => {
    const golden = buildGoldenRecord(
      [
        record('support:3', '2024-03-01T00:00:00.000Z', { givenName: 'Jane', emails: ['JANE@example.com', 'jane@'], phones: ['12345'], addresses: [address({ city: 'Leeds' })] }),
        record('crm:1', '2024-01-01T00:00:00.000Z', { fullName: 'Jane Doe', birthDate: '1980-02-30', phones: ['07400 123456'] }),
      ],
      'GB',
    );
    expect(golden.recordFacts).toEqual([
      { sourceKey: 'crm:1', givenName: null, familyName: null, fullName: 'Jane Doe', emails: [], phones: ['07400 123456'], birthDate: '1980-02-30' },
      { sourceKey: 'support:3', givenName: 'Jane', familyName: null, fullName: null, emails: ['JANE@example.com', 'jane@'], phones: ['12345'], birthDate: null },
    ]);
  });
});

describe('buildGoldenRecord: input', () => {
  it('throws a TypeError for no records', () => {
    expect(() => buildGoldenRecord([], 'GB')).toThrow(new TypeError('Expected at least one record to build a golden record, got none'));
    expect(() => buildGoldenRecord([], 'GB')).toThrow(TypeError);
  });

  it('leaves the input array in its order', () => {
    const input = [record('crm:1', '2024-01-01T00:00:00.000Z', { fullName: 'A' }), record('shop:7', '2024-05-01T00:00:00.000Z', { fullName: 'B' })];
    buildGoldenRecord(input, 'GB');
    expect(input.map((r) => r.key)).toEqual(['crm:1', 'shop:7']);
  });
});

describe('buildGoldenRecord: survivorship rules', () => {
  /** The default survivorship with the given attribute rules (and source order). */
  const config = (attributes: Partial<SurvivorshipConfig['attributes']>, sourcePriority: readonly string[] = defaultSurvivorship.sourcePriority): SurvivorshipConfig => ({
    sourcePriority,
    attributes: { ...defaultSurvivorship.attributes, ...attributes },
  });

  it('SOURCE_PRIORITY: takes the value of the most reliable source, however old', () => {
    const golden = buildGoldenRecord(
      [
        record('shop:7', '2024-05-01T00:00:00.000Z', { givenName: 'Janet', familyName: 'Doe', birthDate: '1980-04-21' }),
        record('crm:1', '2024-01-01T00:00:00.000Z', { givenName: 'Jane', familyName: 'Smith', birthDate: '1980-04-12' }),
      ],
      'GB',
      config({ name: ['SOURCE_PRIORITY', 'MOST_RECENT'], birthDate: ['SOURCE_PRIORITY'] }),
    );
    expect(golden).toMatchObject({ givenName: 'Jane', familyName: 'Smith', fullName: 'Jane Smith', birthDate: '1980-04-12' });
    expect(golden.provenance).toEqual([
      { attribute: 'name', sourceKey: 'crm:1', rule: 'SOURCE_PRIORITY' },
      { attribute: 'birthDate', sourceKey: 'crm:1', rule: 'SOURCE_PRIORITY' },
    ]);
  });

  it('SOURCE_PRIORITY: ranks sources not listed last', () => {
    const golden = buildGoldenRecord(
      [
        record('crm:1', '2024-05-01T00:00:00.000Z', { fullName: 'From crm' }),
        record('web:2', '2024-06-01T00:00:00.000Z', { fullName: 'From web' }),
        record('shop:7', '2024-01-01T00:00:00.000Z', { fullName: 'From shop' }),
      ],
      'GB',
      config({ name: ['SOURCE_PRIORITY', 'MOST_RECENT'] }, ['shop']),
    );
    expect(golden.fullName).toBe('From shop');
    expect(golden.provenance).toEqual([{ attribute: 'name', sourceKey: 'shop:7', rule: 'SOURCE_PRIORITY' }]);
  });

  it('falls through to the next rule when the first ties, and names the rule that decided', () => {
    const golden = buildGoldenRecord(
      [
        record('crm:1', '2024-01-01T00:00:00.000Z', { fullName: 'Older crm', birthDate: '1980-04-12' }),
        record('crm:2', '2024-05-01T00:00:00.000Z', { fullName: 'Newer crm', birthDate: '1980-04-21' }),
        record('web:3', '2024-09-01T00:00:00.000Z', { fullName: 'Newest web', birthDate: '1980-12-04' }),
      ],
      'GB',
      config({ name: ['SOURCE_PRIORITY', 'MOST_RECENT'], birthDate: ['SOURCE_PRIORITY', 'MOST_RECENT'] }),
    );
    expect(golden).toMatchObject({ fullName: 'Newer crm', birthDate: '1980-04-21' });
    expect(golden.provenance).toEqual([
      { attribute: 'name', sourceKey: 'crm:2', rule: 'MOST_RECENT' },
      { attribute: 'birthDate', sourceKey: 'crm:2', rule: 'MOST_RECENT' },
    ]);
  });

  it('MOST_COMPLETE: takes the name with the most filled-in parts, however old', () => {
    const golden = buildGoldenRecord(
      [
        record('crm:1', '2024-01-01T00:00:00.000Z', { givenName: 'Jane', familyName: 'Doe', fullName: 'Jane Doe' }),
        record('shop:7', '2024-05-01T00:00:00.000Z', { givenName: 'Janet' }),
        record('support:3', '2024-03-01T00:00:00.000Z', { givenName: 'J', familyName: 'Doe' }),
      ],
      'GB',
      config({ name: ['MOST_COMPLETE', 'MOST_RECENT'] }),
    );
    expect(golden).toMatchObject({ givenName: 'Jane', familyName: 'Doe', fullName: 'Jane Doe' });
    expect(golden.provenance).toEqual([{ attribute: 'name', sourceKey: 'crm:1', rule: 'MOST_COMPLETE' }]);
  });

  it('MOST_COMPLETE: puts the fullest address first', () => {
    const golden = buildGoldenRecord(
      [
        record('crm:1', '2024-01-01T00:00:00.000Z', { addresses: [address({ line1: '2 Low Road', city: 'Leeds', postalCode: 'LS1 4AP', country: 'GB' })] }),
        record('shop:7', '2024-05-01T00:00:00.000Z', { addresses: [address({ city: 'London' })] }),
      ],
      'GB',
      config({ addresses: ['MOST_COMPLETE', 'MOST_RECENT'] }),
    );
    expect(golden.addresses).toEqual([address({ line1: '2 Low Road', city: 'Leeds', postalCode: 'LS1 4AP', country: 'GB' }), address({ city: 'London' })]);
    expect(golden.provenance).toEqual([{ attribute: 'addresses', sourceKey: 'crm:1', rule: 'MOST_COMPLETE' }]);
  });

  it('MOST_FREQUENT: takes the value most records agree on, from the most recent of them when MOST_RECENT follows', () => {
    const golden = buildGoldenRecord(
      [
        record('crm:1', '2024-01-01T00:00:00.000Z', { birthDate: '1980-04-12' }),
        record('support:3', '2024-03-01T00:00:00.000Z', { birthDate: '1980-04-12' }),
        record('shop:7', '2024-05-01T00:00:00.000Z', { birthDate: '1980-04-21' }),
      ],
      'GB',
      config({ birthDate: ['MOST_FREQUENT', 'MOST_RECENT'] }),
    );
    expect(golden.birthDate).toBe('1980-04-12');
    expect(golden.provenance).toEqual([{ attribute: 'birthDate', sourceKey: 'support:3', rule: 'MOST_FREQUENT' }]);
  });

  it('MOST_FREQUENT: counts normalised list values, and orders the list by how many records hold each', () => {
    const golden = buildGoldenRecord(
      [
        record('crm:1', '2024-01-01T00:00:00.000Z', { emails: ['JANE@example.com'] }),
        record('support:3', '2024-03-01T00:00:00.000Z', { emails: ['jane@example.com', 'work@example.org'] }),
        record('shop:7', '2024-05-01T00:00:00.000Z', { emails: ['new@example.com'] }),
      ],
      'GB',
      config({ emails: ['MOST_FREQUENT', 'MOST_RECENT'] }),
    );
    expect(golden.emails).toEqual(['jane@example.com', 'new@example.com', 'work@example.org']);
    expect(golden.provenance).toEqual([{ attribute: 'emails', sourceKey: 'support:3', rule: 'MOST_FREQUENT' }]);
  });

  it('puts a steward’s record first, with rule STEWARD, whatever the rules and the source order', () => {
    const golden = buildGoldenRecord(
      [
        record('crm:1', '2024-05-01T00:00:00.000Z', { givenName: 'Jane', familyName: 'Doe', fullName: 'Jane Doe', birthDate: '1980-04-21', emails: ['jane@example.com'] }),
        record('steward:1', '2023-01-01T00:00:00.000Z', { givenName: 'Jane', familyName: 'Smith', birthDate: '1980-04-12', emails: ['jane.smith@example.com'] }),
      ],
      'GB',
      config({ name: ['SOURCE_PRIORITY', 'MOST_COMPLETE'], birthDate: ['MOST_RECENT'], emails: ['SOURCE_PRIORITY'] }, ['crm', 'shop', 'steward']),
    );
    expect(golden).toMatchObject({ givenName: 'Jane', familyName: 'Smith', fullName: 'Jane Smith', birthDate: '1980-04-12', emails: ['jane.smith@example.com', 'jane@example.com'] });
    expect(golden.provenance).toEqual([
      { attribute: 'name', sourceKey: 'steward:1', rule: 'STEWARD' },
      { attribute: 'birthDate', sourceKey: 'steward:1', rule: 'STEWARD' },
      { attribute: 'emails', sourceKey: 'steward:1', rule: 'STEWARD' },
    ]);
  });

  it('lets a steward’s record decide only the attributes it has', () => {
    const golden = buildGoldenRecord(
      [
        record('crm:1', '2024-05-01T00:00:00.000Z', { givenName: 'Jane', familyName: 'Doe', birthDate: '1980-04-21' }),
        record('steward:1', '2024-06-01T00:00:00.000Z', { birthDate: '1980-04-12' }),
      ],
      'GB',
    );
    expect(golden).toMatchObject({ givenName: 'Jane', familyName: 'Doe', birthDate: '1980-04-12' });
    expect(golden.provenance).toEqual([
      { attribute: 'name', sourceKey: 'crm:1', rule: 'MOST_RECENT' },
      { attribute: 'birthDate', sourceKey: 'steward:1', rule: 'STEWARD' },
    ]);
  });

  it('names in the provenance the rule of each attribute, each configured on its own', () => {
    const golden = buildGoldenRecord(
      [
        record('crm:1', '2024-01-01T00:00:00.000Z', {
          givenName: 'Jane',
          familyName: 'Doe',
          fullName: 'Jane Doe',
          birthDate: '1980-04-12',
          emails: ['jane@example.com'],
          phones: ['020 7946 0123'],
          addresses: [address({ line1: '1 High Street', city: 'London', postalCode: 'EC1A 1BB' })],
        }),
        record('shop:7', '2024-05-01T00:00:00.000Z', {
          givenName: 'Janet',
          birthDate: '1980-04-21',
          emails: ['janet@example.com'],
          phones: ['07400 123456'],
          addresses: [address({ city: 'Leeds' })],
        }),
      ],
      'GB',
      config({ name: ['MOST_COMPLETE'], birthDate: ['SOURCE_PRIORITY'], emails: ['MOST_RECENT'], phones: ['SOURCE_PRIORITY'], addresses: ['MOST_COMPLETE'] }),
    );
    expect(golden).toMatchObject({
      givenName: 'Jane',
      birthDate: '1980-04-12',
      emails: ['janet@example.com', 'jane@example.com'],
      phones: ['+442079460123', '+447400123456'],
      addresses: [address({ line1: '1 High Street', city: 'London', postalCode: 'EC1A 1BB' }), address({ city: 'Leeds' })],
    });
    expect(golden.provenance).toEqual([
      { attribute: 'name', sourceKey: 'crm:1', rule: 'MOST_COMPLETE' },
      { attribute: 'birthDate', sourceKey: 'crm:1', rule: 'SOURCE_PRIORITY' },
      { attribute: 'emails', sourceKey: 'shop:7', rule: 'MOST_RECENT' },
      { attribute: 'phones', sourceKey: 'crm:1', rule: 'SOURCE_PRIORITY' },
      { attribute: 'addresses', sourceKey: 'crm:1', rule: 'MOST_COMPLETE' },
    ]);
  });
});

describe('buildGoldenRecord: assertSurvivorshipConfig', () => {
  it('returns a valid config as given', () => {
    expect(assertSurvivorshipConfig(defaultSurvivorship)).toBe(defaultSurvivorship);
  });

  it('names an attribute without rules', () => {
    const { birthDate: _, ...rest } = defaultSurvivorship.attributes;
    expect(() => assertSurvivorshipConfig({ sourcePriority: [], attributes: rest as SurvivorshipConfig['attributes'] })).toThrow(
      new TypeError('survivorship.attributes.birthDate must be a non-empty list of rules, got undefined'),
    );
    expect(() => assertSurvivorshipConfig({ sourcePriority: [], attributes: { ...defaultSurvivorship.attributes, phones: [] } })).toThrow(
      new TypeError('survivorship.attributes.phones must be a non-empty list of rules, got []'),
    );
    expect(() => assertSurvivorshipConfig({ sourcePriority: [], attributes: { ...defaultSurvivorship.attributes, name: 'MOST_RECENT' as never } })).toThrow(
      new TypeError('survivorship.attributes.name must be a non-empty list of rules, got "MOST_RECENT"'),
    );
  });

  it('names an unknown rule', () => {
    expect(() => assertSurvivorshipConfig({ sourcePriority: [], attributes: { ...defaultSurvivorship.attributes, addresses: ['MOST_RECENT', 'NEWEST' as never] } })).toThrow(
      new TypeError('survivorship.attributes.addresses: unknown rule "NEWEST" (rules: SOURCE_PRIORITY, MOST_RECENT, MOST_COMPLETE, MOST_FREQUENT)'),
    );
  });

  it('names a source order that is not a list', () => {
    expect(() => assertSurvivorshipConfig({ sourcePriority: 'crm' as never, attributes: defaultSurvivorship.attributes })).toThrow(
      new TypeError('survivorship.sourcePriority must be a list of sources, got "crm"'),
    );
  });
});
