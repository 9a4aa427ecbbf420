import { describe, expect, it } from 'vitest';
import { address, storedRecord } from '../../../test/support/storedRecord.ts';
import type { AddressValue, StoredRecord } from '../resolution/types.ts';
import { compareRecords, comparisons } from './comparisons.ts';
import { extractFeatures, type RecordFeatures } from './features.ts';

const record = (values: Partial<StoredRecord> = {}) => storedRecord('shop:7', values);

const features = (values: Partial<StoredRecord>): RecordFeatures => extractFeatures(record(values), 'GB');
const compare = (a: Partial<StoredRecord>, b: Partial<StoredRecord>): number[] => Array.from(compareRecords(features(a), features(b)));
/** The level of one comparison, by name, for two records. */
const levelOf = (name: string, a: Partial<StoredRecord>, b: Partial<StoredRecord>): string => {
  const i = comparisons.findIndex((c) => c.name === name);
  const level = compare(a, b)[i]!;
  return level < 0 ? 'missing' : comparisons[i]!.levels[level]!;
};

describe('matching: comparisons', () => {
  it('has the comparisons and levels of the model, in a fixed order', () => {
    expect(comparisons.map((c) => [c.name, [...c.levels]])).toEqual([
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
    ]);
  });
});

describe('matching: compareRecords', () => {
  it('gives one level per comparison for a noisy copy of a record', () => {
    const original = {
      givenName: 'Robert',
      familyName: 'Harrison',
      birthDate: '1980-03-07',
      emails: ['Rob.Harrison+shop@gmail.com'],
      phones: ['020 7946 0123'],
      addresses: [address({ line1: '12 High Street', city: 'London', postalCode: 'EC1A 1BB', region: 'Greater London' })],
      nationalId: 'AB 12 34 56 C',
    };
    const copy = {
      givenName: 'Bob',
      familyName: 'Harris',
      birthDate: '07/03/1980',
      emails: ['robharrison@googlemail.com'],
      phones: ['+44 20 8946 0123'],
      addresses: [address({ line1: '12 Hight St.', city: 'Londn', postalCode: 'EC1A 1BV', region: 'West Yorkshire' })],
      nationalId: 'AB123457C',
    };
    // birth dates: 1980-03-07 against 07/03/1980 read day first, the same day.
    expect(compare(original, copy)).toEqual([1, 1, 0, 0, 1, 1, 1, 1, 1, 1]);
  });

  it('gives -1 for every comparison where either side is missing', () => {
    expect(compare({}, {})).toEqual([-1, -1, -1, -1, -1, -1, -1, -1, -1, -1]);
    expect(compare({ givenName: 'John', familyName: 'Smith', birthDate: '1980-03-07', emails: ['john@example.com'] }, { fullName: 'John Smith' })).toEqual([
      0, 0, -1, -1, -1, -1, -1, -1, -1, -1,
    ]);
  });

  it('treats placeholders and unreadable values as missing, never as agreement', () => {
    const junk = { givenName: 'unknown', familyName: 'N/A', birthDate: 'not known', emails: ['test@test.com'], phones: ['0000000000'], addresses: [address({ line1: 'unknown', city: 'n/a', postalCode: ' ', region: 'none' })] };
    expect(compare(junk, junk)).toEqual([-1, -1, -1, -1, -1, -1, -1, -1, -1, -1]);
  });

  it('grades given names: exact, nickname, Jaro–Winkler ≥ 0.92, phonetic, Jaro–Winkler ≥ 0.8, initial, else', () => {
    const given = (a: string, b: string) => levelOf('givenName', { givenName: a }, { givenName: b });
    expect(given('John', 'JOHN')).toBe('exact');
    expect(given('Bob', 'Robert')).toBe('nickname');
    expect(given('Bill', 'William')).toBe('nickname');
    expect(given('Martin', 'Martina')).toBe('jw92');
    expect(given('Catherine', 'Kathryn')).toBe('phonetic');
    expect(given('Sean', 'Shaun')).toBe('jw80');
    expect(given('J.', 'John')).toBe('initial');
    expect(given('John', 'Peter')).toBe('else');
  });

  it('finds nicknames by the first given name', () => {
    const a = features({ givenName: 'Bob James' });
    const b = features({ givenName: 'Robert' });
    expect(compareRecords(a, b)[0]).toBe(1);
  });

  it('grades family names: exact, Jaro–Winkler ≥ 0.92, phonetic, Jaro–Winkler ≥ 0.8, else', () => {
    const family = (a: string, b: string) => levelOf('familyName', { familyName: a }, { familyName: b });
    expect(family("O'Brien", 'obrien')).toBe('exact');
    expect(family('Harrison', 'Harris')).toBe('jw92');
    expect(family('Meyer', 'Maier')).toBe('phonetic');
    expect(family('Jackson', 'Jacobson')).toBe('jw80');
    expect(family('Smith', 'Jones')).toBe('else');
  });

  it('grades birth dates: exact, day and month swapped, one typing slip, near, else', () => {
    const date = (a: string, b: string) => levelOf('birthDate', { birthDate: a }, { birthDate: b });
    expect(date('1980-03-07', '7 March 1980')).toBe('exact');
    expect(date('1980-03-07', '1980-07-03')).toBe('transposed');
    expect(date('1980-03-07', '1980-08-07')).toBe('oneEdit');
    expect(date('1980-12-13', '1980-12-31')).toBe('oneEdit');
    expect(date('1980-03-07', '1980-11-20')).toBe('near');
    expect(date('1980-12-20', '1981-02-10')).toBe('near');
    expect(date('1980-03-07', '1995-10-21')).toBe('else');
    expect(date('1980-03-07', '31/02/1980')).toBe('missing');
  });

  it('grades e-mails on the best pair: provider-canonical exact, same local part, Jaro–Winkler ≥ 0.88, else', () => {
    const email = (a: string[], b: string[]) => levelOf('email', { emails: a }, { emails: b });
    expect(email(['Jane.Doe+shop@gmail.com'], ['janedoe@googlemail.com'])).toBe('exact');
    expect(email(['bob@work.org', 'jane@example.com'], ['jane@example.com'])).toBe('exact');
    expect(email(['jane.doe@example.com'], ['jane.doe@work.org'])).toBe('localPart');
    expect(email(['jo@example.com'], ['jo@work.org'])).toBe('else');
    expect(email(['jane.doe@example.com'], ['jane.dow@example.com'])).toBe('jw88');
    expect(email(['jane.doe@example.com'], ['bob@work.org'])).toBe('else');
  });

  it('grades phones as E.164: exact, same last seven digits, else', () => {
    const phone = (a: string, b: string) => levelOf('phone', { phones: [a] }, { phones: [b] });
    expect(phone('020 7946 0123', '+44 20 7946 0123')).toBe('exact');
    expect(phone('020 7946 0123', '020 8946 0123')).toBe('lastSeven');
    expect(phone('020 7946 0123', '07400 123456')).toBe('else');
  });

  it('grades streets by normalised form and token overlap', () => {
    const street = (a: string, b: string) => levelOf('street', { addresses: [address({ line1: a })] }, { addresses: [address({ line1: b })] });
    expect(street('12 High Street', '12 high st.')).toBe('exact');
    expect(street('12 High Street', '12 Hight Street')).toBe('tokens80');
    expect(street('12 High Street', '14 High Street')).toBe('tokens50');
    expect(street('12 High Street', '3 Mill Lane')).toBe('else');
  });

  it('grades city, postcode, region and national id', () => {
    const at = (values: Partial<AddressValue>) => ({ addresses: [address(values)] });
    expect(levelOf('city', at({ city: 'London' }), at({ city: 'LONDON' }))).toBe('exact');
    expect(levelOf('city', at({ city: 'London' }), at({ city: 'Londn' }))).toBe('jw90');
    expect(levelOf('city', at({ city: 'London' }), at({ city: 'Leeds' }))).toBe('else');
    expect(levelOf('postcode', at({ postalCode: 'EC1A 1BB' }), at({ postalCode: 'ec1a1bb' }))).toBe('exact');
    expect(levelOf('postcode', at({ postalCode: 'EC1A 1BB' }), at({ postalCode: 'EC1A 1BV' }))).toBe('oneEdit');
    expect(levelOf('postcode', at({ postalCode: 'EC1A 1BB' }), at({ postalCode: 'LS1 4AP' }))).toBe('else');
    expect(levelOf('region', at({ region: 'Greater London' }), at({ region: 'greater london' }))).toBe('exact');
    expect(levelOf('region', at({ region: 'Greater London' }), at({ region: 'West Yorkshire' }))).toBe('else');
    expect(levelOf('nationalId', { nationalId: 'AB 12 34 56 C' }, { nationalId: 'ab-123456-c' })).toBe('exact');
    expect(levelOf('nationalId', { nationalId: 'AB123456C' }, { nationalId: 'AB123457C' })).toBe('oneEdit');
    expect(levelOf('nationalId', { nationalId: 'AB123456C' }, { nationalId: 'ZX987654A' })).toBe('else');
  });

  it('compares names entered the wrong way round both ways and keeps the closer reading', () => {
    expect(compare({ givenName: 'John', familyName: 'Smith' }, { givenName: 'Smith', familyName: 'John' }).slice(0, 2)).toEqual([0, 0]);
    expect(compare({ givenName: 'Robert', familyName: 'Smith' }, { givenName: 'Smith', familyName: 'Bob' }).slice(0, 2)).toEqual([1, 0]);
    expect(compare({ givenName: 'John', familyName: 'Smith' }, { givenName: 'Smith', familyName: 'Jon' }).slice(0, 2)).toEqual([1, 0]);
  });

  it('keeps the straight reading when it is already close', () => {
    expect(compare({ givenName: 'John', familyName: 'Smith' }, { givenName: 'Jon', familyName: 'Smith' }).slice(0, 2)).toEqual([1, 0]);
    expect(compare({ givenName: 'John', familyName: 'Smith' }, { givenName: 'Johnny', familyName: 'Smith' }).slice(0, 2)).toEqual([1, 0]);
  });

  it('does not swap when a side lacks one of the names', () => {
    expect(compare({ givenName: 'John', familyName: 'Smith' }, { givenName: 'Smith' }).slice(0, 2)).toEqual([6, -1]);
  });

  it('is symmetric for a whole record', () => {
    const a = { givenName: 'Catherine', familyName: 'Meyer', birthDate: '1980-03-07', emails: ['cath@example.com'], phones: ['020 7946 0123'] };
    const b = { givenName: 'Kathryn', familyName: 'Maier', birthDate: '1980-07-03', emails: ['cath@work.org'], phones: ['020 8946 0123'] };
    expect(compare(a, b)).toEqual([3, 2, 1, 1, 1, -1, -1, -1, -1, -1]);
    expect(compare(b, a)).toEqual([3, 2, 1, 1, 1, -1, -1, -1, -1, -1]);
  });

  it('writes into the array given, and returns it', () => {
    const into = new Int8Array(comparisons.length);
    const result = compareRecords(features({ givenName: 'John' }), features({ givenName: 'John' }), into);
    expect(result).toBe(into);
    expect(Array.from(into)).toEqual([0, -1, -1, -1, -1, -1, -1, -1, -1, -1]);
  });
});
