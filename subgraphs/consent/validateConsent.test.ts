import { describe, expect, it } from 'vitest';
import { defaultConsentPolicy, parseConsentPolicy } from '../../lib/consent/index.ts';
import { validateConsent, validatePrivacySignal, type ConsentInputValue } from './validateConsent.ts';

const options = { region: 'GB', latest: '2024-06-02T00:00:00.000Z', policy: defaultConsentPolicy };

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
      legalBasis: 'CONSENT',
      expiresAt: null,
      evidence: null,
    });
  });

  it('keeps the legal basis, an expiry of a grant and the evidence', () => {
    const evidence = { formId: 'signup-v3', ipHash: 'h_4f1c', textShown: 'Send me offers by e-mail' };
    expect(validateConsent({ ...input, legalBasis: 'LEGITIMATE_INTEREST', expiresAt: '2025-06-01T08:00:00+00:00', evidence }, options)).toEqual({
      subjectKey: 'email:jane@example.com',
      purpose: 'MARKETING_EMAIL',
      channel: 'EMAIL',
      status: 'GRANTED',
      legalBasis: 'LEGITIMATE_INTEREST',
      collectionPoint: 'web:newsletter-signup',
      policyVersion: '2024-01',
      capturedAt: '2024-06-01T08:00:00.000Z',
      expiresAt: '2025-06-01T08:00:00.000Z',
      evidence,
    });
  });

  it('accepts a withdrawal', () => {
    expect(validateConsent({ ...input, status: 'WITHDRAWN' }, options)).toMatchObject({ status: 'WITHDRAWN' });
  });

  it('accepts evidence of exactly the configured size', () => {
    const policy = parseConsentPolicy({ maxEvidenceBytes: 64 });
    const evidence = { t: 'x'.repeat(56) };
    expect(JSON.stringify(evidence).length).toBe(64);
    expect(validateConsent({ ...input, evidence }, { ...options, policy })).toMatchObject({ evidence });
  });

  it('accepts a purpose a configured catalog adds', () => {
    const policy = parseConsentPolicy({ purposes: [{ id: 'SERVICE', essential: true }, { id: 'LOYALTY_PROGRAM' }] });
    expect(validateConsent({ ...input, purpose: 'LOYALTY_PROGRAM' }, { ...options, policy })).toMatchObject({ purpose: 'LOYALTY_PROGRAM' });
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
      reason: 'subjectKey: unknown key kind "erp": expected email, phone or one of crm, shop, support, callcenter, steward, web',
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

  it('refuses a purpose outside the catalog', () => {
    expect(validateConsent({ ...input, purpose: 'TELEPATHY' }, options)).toEqual({
      reason: 'purpose "TELEPATHY" is not in the catalog (SERVICE, MARKETING_EMAIL, MARKETING_SMS, ANALYTICS, PERSONALIZATION, THIRD_PARTY_SHARING)',
    });
  });

  it('refuses an expiry on a denial or a withdrawal, one not after capturedAt, or one that is not a timestamp', () => {
    expect(validateConsent({ ...input, status: 'DENIED', expiresAt: '2025-01-01T00:00:00Z' }, options)).toEqual({ reason: 'expiresAt applies to GRANTED events only, got DENIED' });
    expect(validateConsent({ ...input, status: 'WITHDRAWN', expiresAt: '2025-01-01T00:00:00Z' }, options)).toEqual({ reason: 'expiresAt applies to GRANTED events only, got WITHDRAWN' });
    expect(validateConsent({ ...input, expiresAt: '2024-06-01T08:00:00Z' }, options)).toEqual({ reason: 'expiresAt must be later than capturedAt' });
    expect(validateConsent({ ...input, expiresAt: 'next year' }, options)).toEqual({ reason: 'expiresAt is not an ISO 8601 timestamp' });
  });

  it('refuses evidence over the configured size without quoting it', () => {
    const policy = parseConsentPolicy({ maxEvidenceBytes: 64 });
    expect(validateConsent({ ...input, evidence: { t: 'secret-'.repeat(10) } }, { ...options, policy })).toEqual({ reason: 'evidence is 78 bytes of JSON; at most 64 are accepted' });
    expect(validateConsent({ ...input, evidence: { t: 'x'.repeat(5000) } }, options)).toEqual({ reason: 'evidence is 5008 bytes of JSON; at most 4096 are accepted' });
  });

  it('refuses evidence that is not an object, nests too deep or holds NUL', () => {
    const reason = 'evidence must be a JSON object, e.g. {"formId": "signup-v3", "ipHash": "…", "textShown": "…"}';
    expect(validateConsent({ ...input, evidence: ['a'] }, options)).toEqual({ reason });
    expect(validateConsent({ ...input, evidence: 'signed at the till' }, options)).toEqual({ reason });
    expect(validateConsent({ ...input, evidence: { a: { b: { c: { d: { e: { f: 1 } } } } } } }, options)).toEqual({ reason: 'evidence nests deeper than 5 levels' });
    expect(validateConsent({ ...input, evidence: { a: 'x\u0000y' } }, options)).toEqual({ reason: 'evidence must not contain NUL characters' });
  });
});

describe('validatePrivacySignal', () => {
  const signal = { subjectKey: 'email:Jane@Example.com', collectionPoint: ' web:checkout ', capturedAt: '2024-06-01T08:00:00Z' };

  it('accepts a jurisdiction (upper-cased), a GPC flag, or both', () => {
    expect(validatePrivacySignal({ ...signal, jurisdiction: 'us-ca' }, options)).toEqual({
      subjectKey: 'email:jane@example.com',
      jurisdiction: 'US-CA',
      gpc: null,
      collectionPoint: 'web:checkout',
      capturedAt: '2024-06-01T08:00:00.000Z',
    });
    expect(validatePrivacySignal({ ...signal, gpc: true }, options)).toMatchObject({ jurisdiction: null, gpc: true });
    expect(validatePrivacySignal({ ...signal, jurisdiction: 'EU', gpc: false }, options)).toMatchObject({ jurisdiction: 'EU', gpc: false });
  });

  it('refuses a signal with neither, an unconfigured jurisdiction, a bad key or a future capturedAt', () => {
    expect(validatePrivacySignal(signal, options)).toEqual({ reason: 'a signal needs a jurisdiction, a gpc flag, or both' });
    expect(validatePrivacySignal({ ...signal, jurisdiction: 'BR' }, options)).toEqual({ reason: 'jurisdiction "BR" is not configured (EU, UK, US-CA, US)' });
    expect(validatePrivacySignal({ ...signal, subjectKey: 'erp:1', gpc: true }, options)).toEqual({
      reason: 'subjectKey: unknown key kind "erp": expected email, phone or one of crm, shop, support, callcenter, steward, web',
    });
    expect(validatePrivacySignal({ ...signal, gpc: true, capturedAt: '2024-06-03T00:00:00Z' }, options)).toEqual({ reason: 'capturedAt is in the future' });
  });
});
