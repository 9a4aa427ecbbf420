import { describe, expect, it } from 'vitest';
import { consentPurposeFor, defaultConsentPolicy, isEssentialCallerPurpose, parseConsentPolicy } from './consentPolicy.ts';
import { contactPermissionOf, withContactPermission, type ContactPermission } from './contactPermission.ts';

describe('consent policy: defaults', () => {
  it('has the six purposes of issue 4, SERVICE essential', () => {
    expect(defaultConsentPolicy.purposes.map((p) => [p.id, p.essential])).toEqual([
      ['SERVICE', true],
      ['MARKETING_EMAIL', false],
      ['MARKETING_SMS', false],
      ['ANALYTICS', false],
      ['PERSONALIZATION', false],
      ['THIRD_PARTY_SHARING', false],
    ]);
  });

  it('is opt-in in EU and UK, opt-out in the US (marketing texts opt-in), UK by default', () => {
    expect(defaultConsentPolicy.jurisdictions).toEqual({
      EU: { regime: 'OPT_IN', purposes: {} },
      UK: { regime: 'OPT_IN', purposes: {} },
      'US-CA': { regime: 'OPT_OUT', purposes: { MARKETING_SMS: 'OPT_IN' } },
      US: { regime: 'OPT_OUT', purposes: { MARKETING_SMS: 'OPT_IN' } },
    });
    expect(defaultConsentPolicy.defaultJurisdiction).toBe('UK');
    expect(defaultConsentPolicy.maskContact).toEqual([]);
    expect(defaultConsentPolicy.maxEvidenceBytes).toBe(4096);
  });

  it('parses an empty object to the default, frozen', () => {
    const parsed = parseConsentPolicy({});
    expect(parsed).toEqual(defaultConsentPolicy);
    expect(Object.isFrozen(parsed.jurisdictions.US!.purposes)).toBe(true);
  });
});

describe('consent policy: caller purposes', () => {
  it('maps catalog ids to themselves, MARKETING to MARKETING_EMAIL, anything else to none', () => {
    expect(consentPurposeFor(defaultConsentPolicy, 'ANALYTICS')).toBe('ANALYTICS');
    expect(consentPurposeFor(defaultConsentPolicy, 'SERVICE')).toBe('SERVICE');
    expect(consentPurposeFor(defaultConsentPolicy, 'MARKETING')).toBe('MARKETING_EMAIL');
    expect(consentPurposeFor(defaultConsentPolicy, 'FRAUD_REVIEW')).toBeNull();
    expect(consentPurposeFor(defaultConsentPolicy, 'CONSTRUCTOR')).toBeNull();
  });

  it('treats only purposes mapped to an essential one as essential', () => {
    const policy = parseConsentPolicy({ callerPurposes: { MARKETING: 'MARKETING_SMS', SUPPORT: 'SERVICE' } });
    expect(isEssentialCallerPurpose(policy, 'SERVICE')).toBe(true);
    expect(isEssentialCallerPurpose(policy, 'SUPPORT')).toBe(true);
    expect(isEssentialCallerPurpose(policy, 'MARKETING')).toBe(false);
    expect(consentPurposeFor(policy, 'MARKETING')).toBe('MARKETING_SMS');
    expect(isEssentialCallerPurpose(policy, 'FRAUD_REVIEW')).toBe(false);
  });
});

describe('consent policy: overrides and refusals', () => {
  it('takes a default jurisdiction and masked purposes from the overrides', () => {
    const policy = parseConsentPolicy({ defaultJurisdiction: 'EU' }, { defaultJurisdiction: 'US-CA', maskContact: ['ANALYTICS'] });
    expect([policy.defaultJurisdiction, policy.maskContact]).toEqual(['US-CA', ['ANALYTICS']]);
  });

  it('refuses, naming the key', () => {
    expect(() => parseConsentPolicy([])).toThrow('expected a JSON object, got []');
    expect(() => parseConsentPolicy({ purpose: [] })).toThrow('unknown key "purpose"');
    expect(() => parseConsentPolicy({ purposes: [{ id: 'ANALYTICS' }] })).toThrow('purposes: SERVICE must be in the catalog and essential');
    expect(() => parseConsentPolicy({ purposes: [{ id: 'SERVICE', essential: true }, { id: 'bad id' }] })).toThrow('purposes[1].id: expected upper-case letters');
    expect(() => parseConsentPolicy({ purposes: [{ id: 'SERVICE', essential: true }, { id: 'SERVICE' }] })).toThrow('purposes: an id appears twice');
    expect(() => parseConsentPolicy({ jurisdictions: { EU: { regime: 'MAYBE' } } })).toThrow('jurisdictions.EU.regime: expected OPT_IN or OPT_OUT, got "MAYBE"');
    expect(() => parseConsentPolicy({ jurisdictions: { Europe: { regime: 'OPT_IN' } } })).toThrow('jurisdictions: expected codes such as EU, UK, US-CA, got "Europe"');
    expect(() => parseConsentPolicy({ jurisdictions: { EU: { regime: 'OPT_IN', purposes: { TELEPATHY: 'OPT_IN' } } } })).toThrow('jurisdictions.EU.purposes: unknown purpose "TELEPATHY"');
    expect(() => parseConsentPolicy({ defaultJurisdiction: 'BR' })).toThrow('defaultJurisdiction: expected one of EU, UK, US-CA, US, got "BR"');
    expect(() => parseConsentPolicy({ gpcPurposes: ['TELEPATHY'] })).toThrow('gpcPurposes: unknown purpose "TELEPATHY"');
    expect(() => parseConsentPolicy({ callerPurposes: { MARKETING: 'TELEPATHY' } })).toThrow('callerPurposes.MARKETING: unknown purpose "TELEPATHY"');
    expect(() => parseConsentPolicy({}, { maskContact: ['TELEPATHY'] })).toThrow('maskContact: unknown purpose "TELEPATHY"');
    expect(() => parseConsentPolicy({ maxEvidenceBytes: 10 })).toThrow('maxEvidenceBytes: expected an integer from 64 to 65536, got 10');
  });
});

describe('contact permission', () => {
  const permission: ContactPermission = { purpose: 'MARKETING', requestId: 'r-1', consentPurpose: 'MARKETING_EMAIL', allowed: false, mask: false, basis: 'DEFAULT', rule: 'OPT_IN', jurisdiction: 'UK', eventId: null };

  it('is read from the parent when computed for this purpose and request', () => {
    expect(contactPermissionOf({ id: 'c1', contactPermission: permission }, 'MARKETING', 'r-1')).toEqual(permission);
  });

  it('is ignored when computed for another purpose or request, malformed, or absent', () => {
    expect(contactPermissionOf({ contactPermission: permission }, 'ANALYTICS', 'r-1')).toBeNull();
    expect(contactPermissionOf({ contactPermission: permission }, 'MARKETING', 'r-2')).toBeNull();
    expect(contactPermissionOf({ contactPermission: { ...permission, allowed: 'yes' } }, 'MARKETING', 'r-1')).toBeNull();
    expect(contactPermissionOf({ contactPermission: null }, 'MARKETING', 'r-1')).toBeNull();
    expect(contactPermissionOf({ id: 'c1' }, 'MARKETING', 'r-1')).toBeNull();
    expect(contactPermissionOf(null, 'MARKETING', 'r-1')).toBeNull();
  });

  it('is carried onto a copy of another object, leaving the original untouched', () => {
    const row = { id: 'c1', emails: ['a@example.com'] };
    expect(withContactPermission(row, { id: 'c1', contactPermission: permission })).toEqual({ ...row, contactPermission: permission });
    expect(row).toEqual({ id: 'c1', emails: ['a@example.com'] });
    expect(withContactPermission(row, { id: 'c1' })).toBe(row);
    expect(withContactPermission(null, { contactPermission: permission })).toBeNull();
  });
});
