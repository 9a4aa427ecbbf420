import { describe, expect, it } from 'vitest';
import { address, storedRecord } from '../../../test/support/storedRecord.ts';
import type { StoredRecord } from '../resolution/types.ts';
import { extractFeatures } from './features.ts';

const record = (values: Partial<StoredRecord> = {}) => storedRecord('shop:7', values);


const empty = {
  key: 'shop:7',
  source: 'shop',
  given: null,
  givenFirst: null,
  family: null,
  givenCode: '',
  familyCode: '',
  birthDate: null,
  emails: [],
  phones: [],
  street: null,
  city: null,
  postcode: null,
  region: null,
  nationalId: null,
  sourceKeys: ['shop:7'],
  derived: [],
};

describe('matching: extractFeatures', () => {
  it('normalises every attribute of a full record', () => {
    const features = extractFeatures(
      record({
        givenName: '  José-María ',
        familyName: 'Müller',
        fullName: 'Not Used',
        birthDate: 'Jul 4, 1980',
        emails: ['Jane.Doe+news@GoogleMail.com', 'janedoe@gmail.com', 'JANE@Example.com'],
        phones: ['(415) 555-2671', '+44 20 7946 0123'],
        addresses: [
          address({ line1: "Flat 3, 12 Saint-John's Road", line2: 'Rear', city: 'Saint Helier', region: 'Jersey', postalCode: 'je2 3ab', country: 'JE' }),
          address({ line1: '1 Other Street', city: 'Other' }),
        ],
        nationalId: ' 123-45-6789 ',
        identifierKeys: ['shop:7', 'email:jane@example.com', 'phone:+14155552671', 'crm:C-1'],
      }),
      'US',
    );
    expect(features).toEqual({
      key: 'shop:7',
      source: 'shop',
      given: 'jose maria',
      givenFirst: 'jose',
      family: 'muller',
      givenCode: 'HS',
      familyCode: 'MLR',
      birthDate: '1980-07-04',
      emails: ['janedoe@gmail.com', 'jane@example.com'],
      phones: ['+14155552671', '+442079460123'],
      street: 'unit 3 12 saint johns rd',
      city: 'saint helier',
      postcode: 'JE23AB',
      region: 'jersey',
      nationalId: '123456789',
      sourceKeys: ['shop:7', 'crm:C-1'],
      derived: [],
    });
  });

  it('gives a record with nothing in it no features', () => {
    expect(extractFeatures(record(), 'GB')).toEqual(empty);
  });

  it('drops titles and suffixes from names', () => {
    expect(extractFeatures(record({ givenName: 'Dr. Jane', familyName: "O'Brien Jr" }), 'GB')).toMatchObject({ given: 'jane', givenFirst: 'jane', family: 'obrien' });
  });

  it('splits a full name given alone into given name(s) and the last token as family name', () => {
    expect(extractFeatures(record({ fullName: 'Mrs Jane Smith' }), 'GB')).toMatchObject({ given: 'jane', givenFirst: 'jane', family: 'smith', givenCode: 'JN', familyCode: 'SM0' });
    expect(extractFeatures(record({ fullName: 'Mary Ann Smith' }), 'GB')).toMatchObject({ given: 'mary ann', givenFirst: 'mary', family: 'smith' });
    expect(extractFeatures(record({ fullName: 'Madonna' }), 'GB')).toMatchObject({ given: null, givenFirst: null, family: 'madonna', givenCode: '' });
  });

  it('uses the full name only when neither given nor family name is usable', () => {
    expect(extractFeatures(record({ givenName: 'Unknown', familyName: 'Smith', fullName: 'Jane Smith' }), 'GB')).toMatchObject({ given: null, family: 'smith' });
    expect(extractFeatures(record({ givenName: 'Unknown', familyName: 'XXX', fullName: 'Jane Smith' }), 'GB')).toMatchObject({ given: 'jane', family: 'smith' });
  });

  it('turns placeholder names, e-mails, phones and address parts into missing values', () => {
    const features = extractFeatures(
      record({
        givenName: 'unknown',
        familyName: 'N/A',
        fullName: 'null',
        birthDate: 'unknown',
        emails: ['test@test.com', 'noreply@shop.co.uk', 'no@email.com'],
        phones: ['0000000000', '1234567890', '+44 0000 000000'],
        addresses: [address({ line1: 'unknown', city: 'n/a', region: 'none', postalCode: '   ' })],
      }),
      'GB',
    );
    expect(features).toEqual(empty);
  });

  it('turns a placeholder national id into a missing value', () => {
    expect(extractFeatures(record({ nationalId: 'unknown' }), 'GB').nationalId).toBe(null);
    expect(extractFeatures(record({ nationalId: 'N/A' }), 'GB').nationalId).toBe(null);
    expect(extractFeatures(record({ nationalId: ' - ' }), 'GB').nationalId).toBe(null);
  });

  it('keeps only valid phones, as E.164 read in the region given', () => {
    expect(extractFeatures(record({ phones: ['020 7946 0123', '12345', '(415) 555-2671'] }), 'GB').phones).toEqual(['+442079460123']);
    expect(extractFeatures(record({ phones: ['(415) 555-2671', '+1 415 555 2671'] }), 'US').phones).toEqual(['+14155552671']);
  });

  it('writes e-mails in their provider-canonical form, once each, dropping invalid ones', () => {
    const features = extractFeatures(
      record({ emails: ['J.Doe+news@GoogleMail.com', 'jdoe@gmail.com', 'jane+x@outlook.com', 'jane-x@yahoo.com', 'jane.doe+x@example.com', 'jane@'] }),
      'GB',
    );
    expect(features.emails).toEqual(['jdoe@gmail.com', 'jane@outlook.com', 'jane@yahoo.com', 'jane.doe+x@example.com']);
  });

  it('reads birth dates in several formats as YYYY-MM-DD, an impossible date as missing', () => {
    expect(extractFeatures(record({ birthDate: '04/07/1980' }), 'GB').birthDate).toBe('1980-07-04');
    expect(extractFeatures(record({ birthDate: '4th July 1980' }), 'GB').birthDate).toBe('1980-07-04');
    expect(extractFeatures(record({ birthDate: '19800704' }), 'GB').birthDate).toBe('1980-07-04');
    expect(extractFeatures(record({ birthDate: '1980-02-30' }), 'GB').birthDate).toBe(null);
  });

  it('reads the first address only', () => {
    const features = extractFeatures(record({ addresses: [address({ city: 'Leeds' }), address({ line1: '1 High Street', city: 'London', postalCode: 'EC1A 1BB' })] }), 'GB');
    expect(features).toMatchObject({ street: null, city: 'leeds', postcode: null, region: null });
  });

  it('keeps source and external ids as source keys, not e-mail or phone keys', () => {
    const features = extractFeatures(record({ identifierKeys: ['shop:7', 'email:jane@example.com', 'phone:+442079460123', 'crm:C-1', 'support:T-9'] }), 'GB');
    expect(features.sourceKeys).toEqual(['shop:7', 'crm:C-1', 'support:T-9']);
  });
});
