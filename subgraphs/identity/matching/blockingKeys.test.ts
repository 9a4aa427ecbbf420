import { describe, expect, it } from 'vitest';
import { storedRecord } from '../../../test/support/storedRecord.ts';
import type { StoredRecord } from '../resolution/types.ts';
import { blockingKeys } from './blockingKeys.ts';
import { extractFeatures } from './features.ts';

const record = storedRecord;

const keysOf = (key: string, values: Partial<StoredRecord>) => blockingKeys(extractFeatures(record(key, values), 'GB'));
const shared = (a: readonly string[], b: readonly string[]) => a.filter((k) => b.includes(k));

const jane = { givenName: 'Jane', familyName: 'Smith', birthDate: '1980-07-04' };

describe('matching: blockingKeys', () => {
  it('gives the keys of a full record, each once, e-mails, phones and record ids as identifier keys', () => {
    expect(
      keysOf('crm:1', {
        givenName: 'Jane',
        familyName: 'Smith',
        birthDate: '1980-07-04',
        emails: ['Jane.Smith@example.com'],
        phones: ['020 7946 0123'],
        addresses: [{ line1: '12 High Street', line2: null, city: 'London', region: null, postalCode: 'EC1A 1BB', country: null }],
        nationalId: 'AB123456C',
        identifierKeys: ['crm:1', 'email:jane.smith@example.com', 'shop:9'],
      }),
    ).toEqual([
      'email:jane.smith@example.com',
      'el:jane.smith',
      'phone:+442079460123',
      'd:1980-07-04',
      'f:smith',
      'g:jane:s',
      'gy:J500:1980',
      'fy:S530:1980',
      'gf:J500:S530',
      'pg:EC1A1BB:j',
      'n:AB123456C',
      'crm:1',
      'shop:9',
    ]);
  });

  it('gives only the record’s own key when it has nothing else', () => {
    expect(keysOf('crm:1', {})).toEqual(['crm:1']);
    expect(keysOf('crm:1', { familyName: 'Smith' })).toEqual(['f:smith', 'crm:1']);
  });

  it('gives no local-part key for a local part shorter than 4 characters', () => {
    expect(keysOf('crm:1', { emails: ['jo@example.com'] })).toEqual(['email:jo@example.com', 'crm:1']);
  });

  it('gives placeholders no key', () => {
    expect(keysOf('crm:1', { givenName: 'unknown', familyName: 'N/A', emails: ['test@test.com'], phones: ['0000000000'] })).toEqual(['crm:1']);
  });

  it('writes the provider-canonical e-mail, so addresses of one mailbox share a key', () => {
    expect(shared(keysOf('crm:1', { emails: ['Jane.Smith+shop@gmail.com'] }), keysOf('shop:2', { emails: ['janesmith@googlemail.com'] }))).toEqual([
      'email:janesmith@gmail.com',
      'el:janesmith',
    ]);
  });

  it('still shares keys with a copy that has one typo in the family name', () => {
    expect(shared(keysOf('crm:1', jane), keysOf('shop:2', { ...jane, familyName: 'Smiht' }))).toEqual([
      'd:1980-07-04',
      'g:jane:s',
      'gy:J500:1980',
      'fy:S530:1980',
      'gf:J500:S530',
    ]);
  });

  it('still shares keys with a copy that has one typo in the given name', () => {
    expect(shared(keysOf('crm:1', jane), keysOf('shop:2', { ...jane, givenName: 'Jnae' }))).toEqual([
      'd:1980-07-04',
      'f:smith',
      'gy:J500:1980',
      'fy:S530:1980',
      'gf:J500:S530',
    ]);
  });

  it('still shares keys with a copy whose birth date has a slip in the year or the day, or day and month swapped', () => {
    expect(shared(keysOf('crm:1', jane), keysOf('shop:2', { ...jane, birthDate: '1981-07-04' }))).toEqual(['f:smith', 'g:jane:s', 'gf:J500:S530']);
    expect(shared(keysOf('crm:1', jane), keysOf('shop:2', { ...jane, birthDate: '1980-07-05' }))).toEqual(['f:smith', 'g:jane:s', 'gy:J500:1980', 'fy:S530:1980', 'gf:J500:S530']);
    expect(shared(keysOf('crm:1', jane), keysOf('shop:2', { ...jane, birthDate: '1980-04-07' }))).toEqual(['f:smith', 'g:jane:s', 'gy:J500:1980', 'fy:S530:1980', 'gf:J500:S530']);
  });

  it('puts names entered the wrong way round in a common block', () => {
    expect(shared(keysOf('crm:1', jane), keysOf('shop:2', { ...jane, givenName: 'Smith', familyName: 'Jane' }))).toEqual(['d:1980-07-04', 'gf:J500:S530']);
  });
});
