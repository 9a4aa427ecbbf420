import { describe, expect, it } from 'vitest';
import { validateConsent, type ConsentInputValue } from './validateConsent.ts';

const options = { region: 'GB', latest: '2024-06-02T00:00:00.000Z' };

const input: ConsentInputValue = {
  subjectKey: 'email:jane@example.com',
  purpose: 'MARKETING_EMAIL',
  channel: 'EMAIL',
  status: 'GRANTED',
  collectionPoint: 'web:newsletter-signup',
  policyVersion: '2024-01',
  capturedAt: '2024-06-01T08:00:00Z',
};

describe('validateConsent: accepted event', () => {
  it('canonicalises the subject key and the time, and trims the texts', () => {
    expect(
      validateConsent(
        { ...input, subjectKey: ' EMAIL: Jane@Example.com ', collectionPoint: '  web:newsletter-signup ', policyVersion: ' 2024-01 ', capturedAt: '2024-06-01T09:00:00+01:00' },
        options,
      ),
    ).toEqual({
      subjectKey: 'email:jane@example.com',
      purpose: 'MARKETING_EMAIL',
      channel: 'EMAIL',
      status: 'GRANTED',
      collectionPoint: 'web:newsletter-signup',
      policyVersion: '2024-01',
      capturedAt: '2024-06-01T08:00:00.000Z',
    });
  });

  it('reads a phone subject in the region given', () => {
    expect(validateConsent({ ...input, subjectKey: 'phone:07400 123456', purpose: 'MARKETING_SMS', channel: 'SMS' }, options)).toMatchObject({
      subjectKey: 'phone:+447400123456',
    });
    expect(validateConsent({ ...input, subjectKey: 'phone:(415) 555-2671' }, { ...options, region: 'US' })).toMatchObject({ subjectKey: 'phone:+14155552671' });
  });

  it('accepts a source record as subject', () => {
    expect(validateConsent({ ...input, subjectKey: 'CRM:C-1001', status: 'DENIED' }, options)).toMatchObject({ subjectKey: 'crm:C-1001', status: 'DENIED' });
  });

  it('accepts texts of exactly the maximum length and an event captured at the latest time allowed', () => {
    expect(
      validateConsent({ ...input, collectionPoint: 'c'.repeat(200), policyVersion: 'v'.repeat(100), capturedAt: '2024-06-02T00:00:00Z' }, options),
    ).toMatchObject({ collectionPoint: 'c'.repeat(200), policyVersion: 'v'.repeat(100), capturedAt: '2024-06-02T00:00:00.000Z' });
  });
});

describe('validateConsent: rejection', () => {
  it('refuses a subject key without a kind', () => {
    expect(validateConsent({ ...input, subjectKey: 'jane@example.com' }, options)).toEqual({
      reason: 'subjectKey: expected "<kind>:<value>" such as "email:jane@example.com" or "crm:C-1001", got "jane@example.com"',
    });
  });

  it('refuses a subject key of an unknown kind', () => {
    expect(validateConsent({ ...input, subjectKey: 'erp:1' }, options)).toEqual({
      reason: 'subjectKey: unknown key kind "erp": expected email, phone or one of crm, shop, support, callcenter, steward',
    });
  });

  it('refuses an invalid e-mail or phone subject', () => {
    expect(validateConsent({ ...input, subjectKey: 'email:jane@' }, options)).toEqual({ reason: 'subjectKey: the e-mail in the key is not a valid address' });
    expect(validateConsent({ ...input, subjectKey: 'phone:12345' }, options)).toEqual({ reason: 'subjectKey: the phone number in the key is not a valid number' });
  });

  it('refuses an empty or too long collection point', () => {
    expect(validateConsent({ ...input, collectionPoint: '   ' }, options)).toEqual({ reason: 'collectionPoint must be 1 to 200 characters' });
    expect(validateConsent({ ...input, collectionPoint: 'c'.repeat(201) }, options)).toEqual({ reason: 'collectionPoint must be 1 to 200 characters' });
  });

  it('refuses an empty or too long policy version', () => {
    expect(validateConsent({ ...input, policyVersion: '' }, options)).toEqual({ reason: 'policyVersion must be 1 to 100 characters' });
    expect(validateConsent({ ...input, policyVersion: 'v'.repeat(101) }, options)).toEqual({ reason: 'policyVersion must be 1 to 100 characters' });
  });

  it('refuses a capturedAt that is not a timestamp, without quoting it', () => {
    expect(validateConsent({ ...input, capturedAt: 'last Tuesday' }, options)).toEqual({ reason: 'capturedAt is not an ISO 8601 timestamp' });
  });

  it('refuses a capturedAt later than the latest time allowed', () => {
    expect(validateConsent({ ...input, capturedAt: '2024-06-02T00:00:00.001Z' }, options)).toEqual({ reason: 'capturedAt is in the future' });
  });
});
