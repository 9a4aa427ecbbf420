import { describe, expect, it } from 'vitest';
import { defaultSurvivorship } from '../resolution/buildGoldenRecord.ts';
import { parseMatchingConfig } from './loadMatchingConfig.ts';
import { defaultMatchingSettings } from './Matcher.ts';

const where = 'C360_MATCHING_CONFIG matching.json';
const parse = (raw: unknown) => parseMatchingConfig(raw as Record<string, unknown>, where);
const failure = (message: string) => new TypeError(`${where}: ${message}`);

describe('matching: parseMatchingConfig defaults', () => {
  it('gives the default settings and survivorship for an empty object', () => {
    const config = parse({});
    expect(config.settings).toEqual({
      rules: [
        {
          name: 'DIFFERENT_GIVEN_NAME_AND_BIRTH_DATE',
          decision: 'CANNOT_LINK',
          when: { givenName: ['else'], birthDate: ['else', 'missing'], nationalId: ['else', 'missing'], email: ['else', 'missing'] },
        },
        {
          name: 'SAME_EMAIL_NAME_AND_BIRTH_DATE',
          decision: 'LINK',
          when: { email: ['exact'], givenName: ['exact', 'nickname'], familyName: ['exact'], birthDate: ['exact'] },
        },
      ],
      oneRecordPerPerson: [],
      birthDateConflict: true,
      maxClusterSize: 50,
      maxRecordsPerIdentifier: 10,
      identifierLimits: {},
    });
    expect(config.survivorship).toEqual({
      sourcePriority: ['steward', 'crm', 'shop', 'support', 'callcenter', 'web'],
      attributes: {
        name: ['MOST_RECENT', 'MOST_COMPLETE'],
        birthDate: ['MOST_RECENT'],
        emails: ['MOST_RECENT'],
        phones: ['MOST_RECENT'],
        addresses: ['MOST_RECENT'],
      },
    });
    expect(Object.isFrozen(config.settings)).toBe(true);
  });

  it('does not change the shared defaults', () => {
    parse({ maxClusterSize: 5, oneRecordPerPerson: ['crm'] });
    expect(defaultMatchingSettings.maxClusterSize).toBe(50);
    expect(defaultMatchingSettings.oneRecordPerPerson).toEqual([]);
  });
});

describe('matching: parseMatchingConfig overrides', () => {
  it('takes each key given and keeps the defaults of the others', () => {
    const rules = [{ name: 'SAME_PHONE', decision: 'LINK', when: { phone: ['exact'], givenName: ['exact', 'missing'] } }];
    const config = parse({ rules, oneRecordPerPerson: ['crm', 'shop'], birthDateConflict: false, maxClusterSize: 20, maxRecordsPerIdentifier: 3 });
    expect(config.settings).toEqual({ rules, oneRecordPerPerson: ['crm', 'shop'], birthDateConflict: false, maxClusterSize: 20, maxRecordsPerIdentifier: 3, identifierLimits: {} });
    expect(config.survivorship).toEqual(defaultSurvivorship);
  });

  it('takes an empty rule list: no deterministic rules', () => {
    expect(parse({ rules: [] }).settings.rules).toEqual([]);
  });

  it('merges survivorship attributes into the defaults, and takes a source order', () => {
    const config = parse({ survivorship: { sourcePriority: ['shop', 'crm'], attributes: { name: ['SOURCE_PRIORITY', 'MOST_FREQUENT'] } } });
    expect(config.survivorship).toEqual({
      sourcePriority: ['shop', 'crm'],
      attributes: {
        name: ['SOURCE_PRIORITY', 'MOST_FREQUENT'],
        birthDate: ['MOST_RECENT'],
        emails: ['MOST_RECENT'],
        phones: ['MOST_RECENT'],
        addresses: ['MOST_RECENT'],
      },
    });
    expect(config.settings).toEqual(defaultMatchingSettings);
  });
});

describe('matching: parseMatchingConfig errors', () => {
  it('rejects anything but an object', () => {
    expect(() => parse([])).toThrow(failure('expected a JSON object'));
    expect(() => parse(null)).toThrow(failure('expected a JSON object'));
    expect(() => parse('rules')).toThrow(failure('expected a JSON object'));
  });

  it('names rules that are not a list', () => {
    expect(() => parse({ rules: { name: 'X' } })).toThrow(failure('rules must be a list'));
  });

  it('names the index of a malformed rule', () => {
    const shape = 'must be { "name", "decision": "LINK" | "CANNOT_LINK", "when": { comparison: [levels] } } with at least one comparison';
    const good = { name: 'OK', decision: 'LINK', when: { phone: ['exact'] } };
    expect(() => parse({ rules: [good, { decision: 'LINK', when: {} }] })).toThrow(failure(`rules[1] ${shape}`));
    expect(() => parse({ rules: [{ name: 'X', decision: 'MAYBE', when: {} }] })).toThrow(failure(`rules[0] ${shape}`));
    expect(() => parse({ rules: [{ name: 'X', decision: 'LINK' }] })).toThrow(failure(`rules[0] ${shape}`));
    expect(() => parse({ rules: [null] })).toThrow(failure(`rules[0] ${shape}`));
  });

  it('names the index of a rule whose condition is null', () => {
    const shape = 'must be { "name", "decision": "LINK" | "CANNOT_LINK", "when": { comparison: [levels] } } with at least one comparison';
    expect(() => parse({ rules: [{ name: 'X', decision: 'LINK', when: null }] })).toThrow(failure(`rules[0] ${shape}`));
  });

  it('names an unknown comparison in a rule', () => {
    expect(() => parse({ rules: [{ name: 'X', decision: 'LINK', when: { surname: ['exact'] } }] })).toThrow(
      failure('rules[0].when: unknown comparison "surname" (known: givenName, familyName, birthDate, email, phone, street, city, postcode, region, nationalId)'),
    );
  });

  it('names a comparison with an unknown level or levels not in a list', () => {
    expect(() => parse({ rules: [{ name: 'X', decision: 'CANNOT_LINK', when: { phone: ['exact', 'close'] } }] })).toThrow(
      failure('rules[0].when.phone must list levels of exact, lastSeven, else or missing'),
    );
    expect(() => parse({ rules: [{ name: 'X', decision: 'CANNOT_LINK', when: { birthDate: 'exact' } }] })).toThrow(
      failure('rules[0].when.birthDate must list levels of exact, transposed, oneEdit, near, else or missing'),
    );
  });

  it('names a bad oneRecordPerPerson', () => {
    expect(() => parse({ oneRecordPerPerson: 'crm' })).toThrow(failure('oneRecordPerPerson must be a list of source systems'));
    expect(() => parse({ oneRecordPerPerson: ['crm', 7] })).toThrow(failure('oneRecordPerPerson must be a list of source systems'));
  });

  it('names a bad birthDateConflict', () => {
    expect(() => parse({ birthDateConflict: 'yes' })).toThrow(failure('birthDateConflict must be true or false'));
  });

  it('names a limit that is not a positive integer, with the value', () => {
    expect(() => parse({ maxClusterSize: 0 })).toThrow(failure('maxClusterSize must be a positive integer, got 0'));
    expect(() => parse({ maxClusterSize: 2.5 })).toThrow(failure('maxClusterSize must be a positive integer, got 2.5'));
    expect(() => parse({ maxRecordsPerIdentifier: '10' })).toThrow(failure('maxRecordsPerIdentifier must be a positive integer, got "10"'));
    expect(() => parse({ maxRecordsPerIdentifier: null })).toThrow(failure('maxRecordsPerIdentifier must be a positive integer, got null'));
  });

  it('takes limits per identifier type and names a bad one', () => {
    expect(parse({ identifierLimits: { phone: 4 } }).settings.identifierLimits).toEqual({ phone: 4 });
    expect(() => parse({ identifierLimits: { fax: 2 } })).toThrow(failure('identifierLimits: unknown identifier type "fax" (email, phone)'));
    expect(() => parse({ identifierLimits: { email: 0 } })).toThrow(failure('identifierLimits.email must be a positive integer, got 0'));
    expect(() => parse({ identifierLimits: [] })).toThrow(failure('identifierLimits must be an object such as { "phone": 4 }'));
  });

  it('names a bad survivorship entry', () => {
    expect(() => parse({ survivorship: { attributes: { name: ['LOUDEST'] } } })).toThrow(
      failure('survivorship.attributes.name: unknown rule "LOUDEST" (rules: SOURCE_PRIORITY, MOST_RECENT, MOST_COMPLETE, MOST_FREQUENT)'),
    );
    expect(() => parse({ survivorship: { attributes: { emails: [] } } })).toThrow(failure('survivorship.attributes.emails must be a non-empty list of rules, got []'));
    expect(() => parse({ survivorship: { sourcePriority: 'crm' } })).toThrow(failure('survivorship.sourcePriority must be a list of sources, got "crm"'));
  });
});
