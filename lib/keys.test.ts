import { describe, expect, it } from 'vitest';
import { canonicalKey, emailKey, isSourceSystem, normalizeEmail, normalizePhone, phoneKey, sourceKey, sourceSystems } from './keys.ts';

describe('keys: e-mail normalisation', () => {
  it('trims and lower-cases an address', () => {
    expect(normalizeEmail('  Jane.Doe@Example.COM ')).toBe('jane.doe@example.com');
  });

  it('keeps an address that is already normalised as it is', () => {
    expect(normalizeEmail('j.smith+news@mail.example.co.uk')).toBe('j.smith+news@mail.example.co.uk');
  });

  it('rejects a value without an @', () => {
    expect(normalizeEmail('jane.example.com')).toBeNull();
  });

  it('rejects an address whose domain has no dot', () => {
    expect(normalizeEmail('jane@example')).toBeNull();
  });

  it('rejects an address without a domain', () => {
    expect(normalizeEmail('jane@')).toBeNull();
  });

  it('rejects an address without a local part', () => {
    expect(normalizeEmail('@example.com')).toBeNull();
  });

  it('rejects an address with two @ or an inner space', () => {
    expect(normalizeEmail('jane@doe@example.com')).toBeNull();
    expect(normalizeEmail('jane doe@example.com')).toBeNull();
  });

  it('rejects a domain that ends with a dot', () => {
    expect(normalizeEmail('jane@example.com.')).toBeNull();
  });

  it('rejects an empty or blank value', () => {
    expect(normalizeEmail('')).toBeNull();
    expect(normalizeEmail('   ')).toBeNull();
  });
});

describe('keys: phone normalisation', () => {
  it('reads a GB mobile in national form as E.164', () => {
    expect(normalizePhone('07400 123456', 'GB')).toBe('+447400123456');
  });

  it('reads a GB mobile without spaces and with surrounding blanks', () => {
    expect(normalizePhone('  07400123456 ', 'GB')).toBe('+447400123456');
  });

  it('reads a London number with the area code in parentheses', () => {
    expect(normalizePhone('(020) 7946 0123', 'GB')).toBe('+442079460123');
  });

  it('reads a number with the 00 international prefix', () => {
    expect(normalizePhone('0044 20 7946 0123', 'GB')).toBe('+442079460123');
  });

  it('reads a number in international form whatever the default region', () => {
    expect(normalizePhone('+44 20 7946 0123', 'US')).toBe('+442079460123');
  });

  it('reads a US number given with +1 while the default region is GB', () => {
    expect(normalizePhone('+1 (415) 555-2671', 'GB')).toBe('+14155552671');
  });

  it('reads a US number in national form with the region US', () => {
    expect(normalizePhone('(415) 555-2671', 'US')).toBe('+14155552671');
  });

  it('reads a national number in the default region only', () => {
    expect(normalizePhone('020 7946 0123', 'US')).toBeNull();
  });

  it('rejects a number that is too short', () => {
    expect(normalizePhone('12345', 'GB')).toBeNull();
  });

  it('rejects a run of zeros', () => {
    expect(normalizePhone('0000000000', 'GB')).toBeNull();
  });

  // Ofcom reserves 07700 900xxx for drama; libphonenumber-js does not accept it as a valid number
  // (see tools/demo/placeLists.ts), so it cannot serve as an identifier.
  it("rejects Ofcom's reserved drama mobile range 07700 900xxx", () => {
    expect(normalizePhone('07700 900123', 'GB')).toBeNull();
  });

  it('rejects text that is not a number', () => {
    expect(normalizePhone('call me', 'GB')).toBeNull();
    expect(normalizePhone('', 'GB')).toBeNull();
  });
});

describe('keys: key builders', () => {
  it('builds a source key as <source>:<id>', () => {
    expect(sourceKey('crm', 'C-1001')).toBe('crm:C-1001');
  });

  it('builds an e-mail key as email:<address>', () => {
    expect(emailKey('jane@example.com')).toBe('email:jane@example.com');
  });

  it('builds a phone key as phone:<E.164>', () => {
    expect(phoneKey('+447400123456')).toBe('phone:+447400123456');
  });

  it('knows the four source systems', () => {
    expect(sourceSystems).toEqual(['crm', 'shop', 'support', 'callcenter', 'steward']);
    expect(isSourceSystem('shop')).toBe(true);
    expect(isSourceSystem('email')).toBe(false);
    expect(isSourceSystem('CRM')).toBe(false);
  });
});

describe('keys: canonical key', () => {
  it('canonicalises an e-mail key: kind and address trimmed and lower-cased', () => {
    expect(canonicalKey('EMAIL: Jane@Example.com ', 'GB')).toEqual({
      key: 'email:jane@example.com',
      parsed: { kind: 'email', value: 'jane@example.com' },
    });
  });

  it('canonicalises a phone key to E.164 in the given region', () => {
    expect(canonicalKey('phone:07400 123456', 'GB')).toEqual({
      key: 'phone:+447400123456',
      parsed: { kind: 'phone', value: '+447400123456' },
    });
  });

  it('canonicalises a source key: kind lower-cased, id trimmed but its case kept', () => {
    expect(canonicalKey('CRM: C-1001 ', 'GB')).toEqual({
      key: 'crm:C-1001',
      parsed: { kind: 'source', source: 'crm', value: 'C-1001' },
    });
  });

  it('keeps a colon inside a source id', () => {
    expect(canonicalKey('shop:order:88231', 'GB')).toEqual({
      key: 'shop:order:88231',
      parsed: { kind: 'source', source: 'shop', value: 'order:88231' },
    });
  });

  it('refuses an unknown kind, naming it and the kinds allowed', () => {
    expect(canonicalKey('fax:0123', 'GB')).toEqual({
      error: 'unknown key kind "fax": expected email, phone or one of crm, shop, support, callcenter, steward',
    });
  });

  it('refuses a key without a colon', () => {
    expect(canonicalKey('jane@example.com', 'GB')).toEqual({
      error: 'expected "<kind>:<value>" such as "email:jane@example.com" or "crm:C-1001", got "jane@example.com"',
    });
  });

  it('refuses a key with an empty kind', () => {
    expect(canonicalKey(':C-1001', 'GB')).toEqual({
      error: 'expected "<kind>:<value>" such as "email:jane@example.com" or "crm:C-1001", got ":C-1001"',
    });
  });

  it('refuses a key with nothing after the colon', () => {
    expect(canonicalKey('crm:', 'GB')).toEqual({
      error: 'expected "<kind>:<value>" such as "email:jane@example.com" or "crm:C-1001", got "crm:"',
    });
  });

  it('quotes at most 80 characters of a malformed key', () => {
    expect(canonicalKey('x'.repeat(100), 'GB')).toEqual({
      error: `expected "<kind>:<value>" such as "email:jane@example.com" or "crm:C-1001", got "${'x'.repeat(80)}"`,
    });
  });

  it('refuses a source key whose id is blank', () => {
    expect(canonicalKey('crm:   ', 'GB')).toEqual({ error: 'the source id in the key is empty' });
  });

  it('refuses an e-mail key whose address is invalid, without echoing it', () => {
    expect(canonicalKey('email:jane', 'GB')).toEqual({ error: 'the e-mail in the key is not a valid address' });
  });

  it('refuses a phone key whose number is invalid, without echoing it', () => {
    expect(canonicalKey('phone:12345', 'GB')).toEqual({ error: 'the phone number in the key is not a valid number' });
  });

  it('reads a national phone number in the region passed, not GB', () => {
    expect(canonicalKey('phone:(415) 555-2671', 'US')).toEqual({
      key: 'phone:+14155552671',
      parsed: { kind: 'phone', value: '+14155552671' },
    });
    expect(canonicalKey('phone:(415) 555-2671', 'GB')).toEqual({ error: 'the phone number in the key is not a valid number' });
  });
});
