import { describe, expect, it } from 'vitest';
import type { Caller } from '../auth/Caller.ts';
import { defaultConsentPolicy, parseConsentPolicy, type ContactPermission } from '../consent/index.ts';
import { AccessRecorder } from './AccessRecorder.ts';
import { consentGate, type AccessContext } from './enforceSensitivity.ts';
import type { SensitiveField } from './readSensitivity.ts';

const emails: SensitiveField = { coordinate: 'Customer.emails', level: 'CONFIDENTIAL', mask: 'EMAIL', category: 'CONTACT', inaccessible: false };
const unmaskable: SensitiveField = { ...emails, coordinate: 'Customer.pager', mask: null };
const facts: SensitiveField = { ...emails, coordinate: 'RecordFacts.emails', inaccessible: true };
const birthDate: SensitiveField = { ...emails, coordinate: 'Customer.birthDate', category: 'DEMOGRAPHIC' };

const context = (purpose: string): AccessContext => ({
  caller: { subject: 's', client: 'c', clearance: 'RESTRICTED', purpose, anonymous: false } satisfies Caller,
  requestId: 'r-1',
  access: new AccessRecorder(),
});
const permission = (values: Partial<ContactPermission>): ContactPermission => ({
  purpose: 'MARKETING',
  requestId: 'r-1',
  consentPurpose: 'MARKETING_EMAIL',
  allowed: false,
  mask: false,
  basis: 'DEFAULT',
  rule: 'OPT_IN',
  jurisdiction: 'UK',
  eventId: null,
  ...values,
});
const report = { callerPurpose: 'MARKETING', consentPurpose: 'MARKETING_EMAIL', basis: 'DEFAULT', rule: 'OPT_IN', eventId: null };

describe('consentGate: CONTACT fields at read time', () => {
  it('never restricts a SERVICE caller, even without a permission', () => {
    expect(consentGate(context('SERVICE'), { id: 'c1' }, emails, defaultConsentPolicy)).toBeNull();
    expect(consentGate(context('SERVICE'), { contactPermission: permission({ purpose: 'SERVICE' }) }, emails, defaultConsentPolicy)).toBeNull();
  });

  it('never restricts a caller purpose mapped to an essential purpose', () => {
    const policy = parseConsentPolicy({ callerPurposes: { SUPPORT: 'SERVICE' } });
    expect(consentGate(context('SUPPORT'), {}, emails, policy)).toBeNull();
  });

  it('lets an allowed permission through', () => {
    expect(consentGate(context('MARKETING'), { contactPermission: permission({ allowed: true, basis: 'EXPLICIT', rule: null, eventId: '7' }) }, emails, defaultConsentPolicy)).toBeNull();
  });

  it('denies without consent, with the reason for the audit', () => {
    expect(consentGate(context('MARKETING'), { contactPermission: permission({}) }, emails, defaultConsentPolicy)).toEqual({ decision: 'DENIED', report });
  });

  it('masks where the permission says so and the field has a mask; denies a field without one', () => {
    const parent = { contactPermission: permission({ mask: true }) };
    expect(consentGate(context('MARKETING'), parent, emails, defaultConsentPolicy)).toEqual({ decision: 'MASKED', report });
    expect(consentGate(context('MARKETING'), parent, unmaskable, defaultConsentPolicy)).toEqual({ decision: 'DENIED', report });
  });

  it('denies when no valid permission reached the field (deny unless allowed)', () => {
    const missing = { callerPurpose: 'MARKETING', consentPurpose: null, basis: 'MISSING', rule: null, eventId: null };
    expect(consentGate(context('MARKETING'), { id: 'c1' }, emails, defaultConsentPolicy)).toEqual({ decision: 'DENIED', report: missing });
    expect(consentGate(context('MARKETING'), { contactPermission: permission({ allowed: true, requestId: 'r-other' }) }, emails, defaultConsentPolicy)).toEqual({ decision: 'DENIED', report: missing });
    expect(consentGate(context('MARKETING'), { contactPermission: permission({ allowed: true, purpose: 'ANALYTICS' }) }, emails, defaultConsentPolicy)).toEqual({ decision: 'DENIED', report: missing });
  });

  it('leaves other categories and inaccessible fields alone', () => {
    expect(consentGate(context('MARKETING'), {}, birthDate, defaultConsentPolicy)).toBeNull();
    expect(consentGate(context('MARKETING'), {}, facts, defaultConsentPolicy)).toBeNull();
  });
});
