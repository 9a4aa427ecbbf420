import { describe, expect, it } from 'vitest';
import { validateRecord, type SourceRecordInput } from './validateRecord.ts';

const options = { region: 'GB', latestObservedAt: '2024-06-02T00:00:00.000Z' };

/** The smallest record that is accepted: an id, a time and a name. */
const minimal: SourceRecordInput = { sourceId: 'C-1001', observedAt: '2024-06-01T08:00:00Z', givenName: 'Jane' };

describe('validateRecord: accepted record', () => {
  it('trims every value, derives the identifier keys and keeps the raw e-mails and phones', () => {
    const input: SourceRecordInput = {
      sourceId: '  C-1001 ',
      observedAt: '2024-06-01T09:00:00+01:00',
      givenName: '  Jane ',
      familyName: 'Doe',
      fullName: '  Jane   Doe ',
      emails: [' Jane.Doe@Example.com ', 'jane.doe@example.com', '  '],
      phones: [' 07400 123456 ', '+44 7400 123456'],
      addresses: [
        { line1: ' 1 High  Street ', city: 'London', postalCode: 'EC1A 1BB' },
        { line1: '  ', city: null },
      ],
      birthDate: ' 1980-04-12 ',
      externalIds: [{ system: ' SHOP ', value: ' 88231 ' }],
    };
    expect(validateRecord('crm', input, options)).toEqual({
      key: 'crm:C-1001',
      source: 'crm',
      sourceId: 'C-1001',
      observedAt: '2024-06-01T08:00:00.000Z',
      givenName: 'Jane',
      familyName: 'Doe',
      fullName: 'Jane Doe',
      emails: ['Jane.Doe@Example.com', 'jane.doe@example.com'],
      phones: ['07400 123456', '+44 7400 123456'],
      addresses: [{ line1: '1 High Street', line2: null, city: 'London', region: null, postalCode: 'EC1A 1BB', country: null }],
      birthDate: '1980-04-12',
      nationalId: null,
      externalIds: [{ system: 'shop', value: '88231' }],
      identifierKeys: ['crm:C-1001', 'shop:88231', 'email:jane.doe@example.com', 'phone:+447400123456'],
    });
  });

  it('includes its own source key among the identifier keys, alone when nothing else identifies it', () => {
    expect(validateRecord('support', { sourceId: 'T-9', observedAt: '2024-06-01T08:00:00Z', fullName: 'Jane Doe' }, options)).toEqual({
      key: 'support:T-9',
      source: 'support',
      sourceId: 'T-9',
      observedAt: '2024-06-01T08:00:00.000Z',
      givenName: null,
      familyName: null,
      fullName: 'Jane Doe',
      emails: [],
      phones: [],
      addresses: [],
      birthDate: null,
      nationalId: null,
      externalIds: [],
      identifierKeys: ['support:T-9'],
    });
  });

  it('turns each external id into a source key, lower-casing its system', () => {
    const outcome = validateRecord('shop', { ...minimal, sourceId: '88231', externalIds: [{ system: 'CRM', value: 'C-1001' }, { system: 'callcenter', value: 'K 7' }] }, options);
    expect(outcome).toMatchObject({
      externalIds: [{ system: 'crm', value: 'C-1001' }, { system: 'callcenter', value: 'K 7' }],
      identifierKeys: ['shop:88231', 'crm:C-1001', 'callcenter:K 7'],
    });
  });

  it('reads national phone numbers in the region given', () => {
    const outcome = validateRecord('crm', { ...minimal, phones: ['(415) 555-2671'] }, { ...options, region: 'US' });
    expect(outcome).toMatchObject({ phones: ['(415) 555-2671'], identifierKeys: ['crm:C-1001', 'phone:+14155552671'] });
  });

  it('keeps an invalid e-mail as data but derives no key from it', () => {
    const outcome = validateRecord('crm', { ...minimal, emails: ['jane.doe@example', 'jane@example.com'] }, options);
    expect(outcome).toMatchObject({ emails: ['jane.doe@example', 'jane@example.com'], identifierKeys: ['crm:C-1001', 'email:jane@example.com'] });
  });

  it('keeps an invalid phone as data but derives no key from it', () => {
    const outcome = validateRecord('crm', { ...minimal, phones: ['12345'] }, options);
    expect(outcome).toMatchObject({ phones: ['12345'], identifierKeys: ['crm:C-1001'] });
  });

  it('accepts a record with only an e-mail, only a phone or only an address', () => {
    expect(validateRecord('crm', { sourceId: 'A', observedAt: '2024-06-01T08:00:00Z', emails: ['a@example.com'] }, options)).toMatchObject({ key: 'crm:A' });
    expect(validateRecord('crm', { sourceId: 'B', observedAt: '2024-06-01T08:00:00Z', phones: ['12345'] }, options)).toMatchObject({ key: 'crm:B' });
    expect(validateRecord('crm', { sourceId: 'C', observedAt: '2024-06-01T08:00:00Z', addresses: [{ postalCode: 'EC1A 1BB' }] }, options)).toMatchObject({ key: 'crm:C' });
  });

  it('accepts a record observed exactly at the latest time allowed', () => {
    expect(validateRecord('crm', { ...minimal, observedAt: '2024-06-02T00:00:00Z' }, options)).toMatchObject({ observedAt: '2024-06-02T00:00:00.000Z' });
  });

  it('accepts values of exactly the maximum length', () => {
    expect(validateRecord('crm', { ...minimal, sourceId: 'x'.repeat(200), givenName: 'y'.repeat(500) }, options)).toMatchObject({
      sourceId: 'x'.repeat(200),
      givenName: 'y'.repeat(500),
    });
    expect(validateRecord('crm', { ...minimal, emails: Array.from({ length: 50 }, (_, i) => `u${i}@example.com`) }, options)).toMatchObject({ key: 'crm:C-1001' });
  });
});

describe('validateRecord: rejection', () => {
  it('refuses an empty or blank sourceId', () => {
    expect(validateRecord('crm', { ...minimal, sourceId: '' }, options)).toEqual({ reason: 'sourceId is empty' });
    expect(validateRecord('crm', { ...minimal, sourceId: '   ' }, options)).toEqual({ reason: 'sourceId is empty' });
  });

  it('refuses a sourceId longer than 200 characters', () => {
    expect(validateRecord('crm', { ...minimal, sourceId: 'x'.repeat(201) }, options)).toEqual({ reason: 'sourceId is longer than 200 characters' });
  });

  it('refuses a control character anywhere, naming the field (tabs and newlines are whitespace and become spaces)', () => {
    expect(validateRecord('crm', { ...minimal, sourceId: 'C-1\u001f2' }, options)).toEqual({ reason: 'sourceId contains a control character' });
    expect(validateRecord('crm', { ...minimal, familyName: 'Lee\u0000' }, options)).toEqual({ reason: 'familyName contains a control character' });
    expect(validateRecord('crm', { ...minimal, addresses: [{ line1: '1 Main St', city: 'Spring\u0007field' }] }, options)).toEqual({ reason: 'addresses[0].city contains a control character' });
    expect(validateRecord('crm', { ...minimal, externalIds: [{ system: 'shop', value: 'S\u007f1' }] }, options)).toEqual({ reason: 'externalIds[0].value contains a control character' });
    expect(validateRecord('crm', { ...minimal, familyName: 'Lee\tSmith\n' }, options)).toMatchObject({ familyName: 'Lee Smith' });
  });

  it('refuses an observedAt that is not a timestamp, quoting it', () => {
    expect(validateRecord('crm', { ...minimal, observedAt: 'yesterday' }, options)).toEqual({ reason: 'observedAt is not an ISO 8601 timestamp: "yesterday"' });
  });

  it('quotes at most 40 characters of a bad observedAt', () => {
    expect(validateRecord('crm', { ...minimal, observedAt: 'z'.repeat(60) }, options)).toEqual({
      reason: `observedAt is not an ISO 8601 timestamp: "${'z'.repeat(40)}"`,
    });
  });

  it('refuses an observedAt later than the latest time allowed', () => {
    expect(validateRecord('crm', { ...minimal, observedAt: '2024-06-02T00:00:01Z' }, options)).toEqual({ reason: 'observedAt is in the future' });
  });

  it('refuses an external id of an unknown system, naming its index', () => {
    const input = { ...minimal, externalIds: [{ system: 'shop', value: '88231' }, { system: 'erp', value: 'E-1' }] };
    expect(validateRecord('crm', input, options)).toEqual({ reason: 'externalIds[1].system must be one of crm, shop, support, callcenter, steward, web' });
  });

  it('refuses an external id with an empty value, naming its index', () => {
    expect(validateRecord('crm', { ...minimal, externalIds: [{ system: 'shop', value: '  ' }] }, options)).toEqual({ reason: 'externalIds[0].value is empty' });
  });

  it('refuses a record with no name, e-mail, phone or address', () => {
    const reason = { reason: 'record has no name, e-mail, phone or address' };
    expect(validateRecord('crm', { sourceId: 'C-1001', observedAt: '2024-06-01T08:00:00Z' }, options)).toEqual(reason);
    expect(validateRecord('crm', { sourceId: 'C-1001', observedAt: '2024-06-01T08:00:00Z', givenName: '  ', emails: [' '], addresses: [{ city: ' ' }] }, options)).toEqual(reason);
    expect(validateRecord('crm', { sourceId: 'C-1001', observedAt: '2024-06-01T08:00:00Z', birthDate: '1980-04-12', externalIds: [{ system: 'shop', value: '1' }] }, options)).toEqual(reason);
  });

  it('refuses a name or birth date longer than 500 characters, naming the field', () => {
    expect(validateRecord('crm', { ...minimal, givenName: 'y'.repeat(501) }, options)).toEqual({ reason: 'givenName is longer than 500 characters' });
    expect(validateRecord('crm', { ...minimal, familyName: 'y'.repeat(501) }, options)).toEqual({ reason: 'familyName is longer than 500 characters' });
    expect(validateRecord('crm', { ...minimal, fullName: 'y'.repeat(501) }, options)).toEqual({ reason: 'fullName is longer than 500 characters' });
    expect(validateRecord('crm', { ...minimal, birthDate: '1'.repeat(501) }, options)).toEqual({ reason: 'birthDate is longer than 500 characters' });
  });

  it('refuses an e-mail or phone longer than 500 characters without saying which', () => {
    expect(validateRecord('crm', { ...minimal, emails: [`${'a'.repeat(495)}@example.com`] }, options)).toEqual({ reason: 'an e-mail or phone is longer than 500 characters' });
    expect(validateRecord('crm', { ...minimal, phones: ['1'.repeat(501)] }, options)).toEqual({ reason: 'an e-mail or phone is longer than 500 characters' });
  });

  it('refuses a list of more than 50 entries, naming the list', () => {
    const many = (n: number) => Array.from({ length: n }, (_, i) => `u${i}@example.com`);
    expect(validateRecord('crm', { ...minimal, emails: many(51) }, options)).toEqual({ reason: 'emails has more than 50 entries' });
    expect(validateRecord('crm', { ...minimal, phones: many(51) }, options)).toEqual({ reason: 'phones has more than 50 entries' });
    expect(validateRecord('crm', { ...minimal, addresses: Array.from({ length: 51 }, () => ({ city: 'London' })) }, options)).toEqual({ reason: 'addresses has more than 50 entries' });
    expect(validateRecord('crm', { ...minimal, externalIds: Array.from({ length: 51 }, (_, i) => ({ system: 'shop', value: `${i}` })) }, options)).toEqual({
      reason: 'externalIds has more than 50 entries',
    });
  });
});
