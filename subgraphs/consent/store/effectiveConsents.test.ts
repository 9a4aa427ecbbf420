import { describe, expect, it } from 'vitest';
import { effectiveConsents, type ConsentEvent } from './ConsentStore.ts';

function event(values: Pick<ConsentEvent, 'subjectKey' | 'purpose' | 'status' | 'capturedAt'> & Partial<ConsentEvent>): ConsentEvent {
  return { channel: 'WEB', collectionPoint: 'web:preferences', policyVersion: 'v1', ...values };
}

describe('effectiveConsents: latest decision per purpose', () => {
  it('takes the latest capturedAt of a purpose, whatever the order of the events', () => {
    const granted = event({ subjectKey: 'crm:1', purpose: 'MARKETING_EMAIL', status: 'GRANTED', capturedAt: '2024-01-01T00:00:00.000Z' });
    const withdrawn = event({ subjectKey: 'crm:1', purpose: 'MARKETING_EMAIL', status: 'DENIED', capturedAt: '2024-02-01T00:00:00.000Z', channel: 'EMAIL' });
    const regranted = event({ subjectKey: 'crm:1', purpose: 'MARKETING_EMAIL', status: 'GRANTED', capturedAt: '2024-03-01T00:00:00.000Z', policyVersion: 'v2' });
    expect(effectiveConsents([granted, regranted, withdrawn])).toEqual([regranted]);
    expect(effectiveConsents([regranted, withdrawn, granted])).toEqual([regranted]);
    expect(effectiveConsents([granted, withdrawn])).toEqual([withdrawn]);
  });

  it('compares decisions across the keys of one customer', () => {
    const byEmail = event({ subjectKey: 'email:jane@example.com', purpose: 'ANALYTICS', status: 'DENIED', capturedAt: '2024-04-01T10:00:00.000Z' });
    const byCrm = event({ subjectKey: 'crm:1', purpose: 'ANALYTICS', status: 'GRANTED', capturedAt: '2024-04-01T09:59:59.999Z' });
    const byShop = event({ subjectKey: 'shop:7', purpose: 'ANALYTICS', status: 'GRANTED', capturedAt: '2023-12-31T23:00:00.000Z' });
    expect(effectiveConsents([byCrm, byEmail, byShop])).toEqual([byEmail]);
  });

  it('lets a denial win a tie, in either order', () => {
    const granted = event({ subjectKey: 'crm:1', purpose: 'MARKETING_SMS', status: 'GRANTED', capturedAt: '2024-04-01T10:00:00.000Z' });
    const denied = event({ subjectKey: 'phone:+447400123456', purpose: 'MARKETING_SMS', status: 'DENIED', capturedAt: '2024-04-01T10:00:00.000Z' });
    expect(effectiveConsents([granted, denied])).toEqual([denied]);
    expect(effectiveConsents([denied, granted])).toEqual([denied]);
  });

  it('gives one decision per purpose, sorted by purpose', () => {
    const thirdParty = event({ subjectKey: 'crm:1', purpose: 'THIRD_PARTY_SHARING', status: 'DENIED', capturedAt: '2024-01-01T00:00:00.000Z' });
    const analytics = event({ subjectKey: 'crm:1', purpose: 'ANALYTICS', status: 'GRANTED', capturedAt: '2024-01-02T00:00:00.000Z' });
    const personalization = event({ subjectKey: 'shop:7', purpose: 'PERSONALIZATION', status: 'GRANTED', capturedAt: '2024-01-03T00:00:00.000Z' });
    const marketingEmail = event({ subjectKey: 'shop:7', purpose: 'MARKETING_EMAIL', status: 'DENIED', capturedAt: '2024-01-04T00:00:00.000Z' });
    expect(effectiveConsents([thirdParty, personalization, marketingEmail, analytics])).toEqual([analytics, marketingEmail, personalization, thirdParty]);
  });

  it('leaves out purposes never decided', () => {
    const service = event({ subjectKey: 'crm:1', purpose: 'SERVICE', status: 'GRANTED', capturedAt: '2024-01-01T00:00:00.000Z' });
    expect(effectiveConsents([service]).map((c) => c.purpose)).toEqual(['SERVICE']);
    expect(effectiveConsents([])).toEqual([]);
  });
});
