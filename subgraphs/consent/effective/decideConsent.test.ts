import { describe, expect, it } from 'vitest';
import { defaultConsentPolicy, parseConsentPolicy } from '../../../lib/consent/index.ts';
import { customerSignals, decideConsent, explainDecision, latestDecisions, type ConsentBasis, type DefaultRuleKind } from './decideConsent.ts';
import type { ConsentEvent, ConsentStatus, PrivacySignal } from './types.ts';

const now = '2025-06-01T12:00:00.000Z';
const policy = defaultConsentPolicy;

let nextId = 1;
function event(values: Pick<ConsentEvent, 'purpose' | 'status' | 'capturedAt'> & Partial<ConsentEvent>): ConsentEvent {
  return {
    id: String(nextId++),
    subjectKey: 'crm:C-1',
    channel: 'WEB',
    legalBasis: 'CONSENT',
    collectionPoint: 'web:preferences',
    policyVersion: 'v1',
    expiresAt: null,
    evidence: null,
    ...values,
  };
}

function signal(values: Partial<PrivacySignal> & Pick<PrivacySignal, 'capturedAt'>): PrivacySignal {
  return { id: String(nextId++), subjectKey: 'email:jane@example.com', jurisdiction: null, gpc: null, collectionPoint: 'web:checkout', ...values };
}

const at = (day: number, hour = 0) => `2025-01-${String(day).padStart(2, '0')}T${String(hour).padStart(2, '0')}:00:00.000Z`;

describe('effective consent: precedence of explicit decisions (default UK, opt-in)', () => {
  // Each row: the events of one customer for MARKETING_EMAIL (over any of their keys), and the
  // expected outcome: allowed, basis, and which event (by index) decided.
  const cases: { name: string; events: { status: ConsentStatus; capturedAt: string; key?: string; expiresAt?: string }[]; allowed: boolean; basis: ConsentBasis; decidedBy: number | null }[] = [
    { name: 'a single grant allows', events: [{ status: 'GRANTED', capturedAt: at(1) }], allowed: true, basis: 'EXPLICIT', decidedBy: 0 },
    { name: 'a single denial denies', events: [{ status: 'DENIED', capturedAt: at(1) }], allowed: false, basis: 'EXPLICIT', decidedBy: 0 },
    { name: 'a single withdrawal denies', events: [{ status: 'WITHDRAWN', capturedAt: at(1) }], allowed: false, basis: 'EXPLICIT', decidedBy: 0 },
    { name: 'latest wins: grant after denial', events: [{ status: 'DENIED', capturedAt: at(1) }, { status: 'GRANTED', capturedAt: at(2) }], allowed: true, basis: 'EXPLICIT', decidedBy: 1 },
    { name: 'latest wins: denial after grant', events: [{ status: 'GRANTED', capturedAt: at(1) }, { status: 'DENIED', capturedAt: at(2) }], allowed: false, basis: 'EXPLICIT', decidedBy: 1 },
    { name: 'latest wins: withdrawal after grant', events: [{ status: 'GRANTED', capturedAt: at(1) }, { status: 'WITHDRAWN', capturedAt: at(2) }], allowed: false, basis: 'EXPLICIT', decidedBy: 1 },
    { name: 'latest wins: re-grant after withdrawal', events: [{ status: 'GRANTED', capturedAt: at(1) }, { status: 'WITHDRAWN', capturedAt: at(2) }, { status: 'GRANTED', capturedAt: at(3) }], allowed: true, basis: 'EXPLICIT', decidedBy: 2 },
    { name: 'latest wins whatever the order given', events: [{ status: 'GRANTED', capturedAt: at(3) }, { status: 'DENIED', capturedAt: at(1) }, { status: 'WITHDRAWN', capturedAt: at(2) }], allowed: true, basis: 'EXPLICIT', decidedBy: 0 },
    { name: 'latest wins across keys', events: [{ status: 'GRANTED', capturedAt: at(1), key: 'crm:C-1' }, { status: 'DENIED', capturedAt: at(1, 1), key: 'email:jane@example.com' }], allowed: false, basis: 'EXPLICIT', decidedBy: 1 },
    { name: 'tie: withdrawal beats grant', events: [{ status: 'GRANTED', capturedAt: at(5) }, { status: 'WITHDRAWN', capturedAt: at(5) }], allowed: false, basis: 'EXPLICIT', decidedBy: 1 },
    { name: 'tie: withdrawal beats grant, other order', events: [{ status: 'WITHDRAWN', capturedAt: at(5) }, { status: 'GRANTED', capturedAt: at(5) }], allowed: false, basis: 'EXPLICIT', decidedBy: 0 },
    { name: 'tie: withdrawal beats denial', events: [{ status: 'DENIED', capturedAt: at(5) }, { status: 'WITHDRAWN', capturedAt: at(5) }], allowed: false, basis: 'EXPLICIT', decidedBy: 1 },
    { name: 'tie: denial beats grant', events: [{ status: 'GRANTED', capturedAt: at(5), key: 'crm:C-1' }, { status: 'DENIED', capturedAt: at(5), key: 'phone:+447400123456' }], allowed: false, basis: 'EXPLICIT', decidedBy: 1 },
    { name: 'tie of three: withdrawal wins', events: [{ status: 'GRANTED', capturedAt: at(5) }, { status: 'DENIED', capturedAt: at(5) }, { status: 'WITHDRAWN', capturedAt: at(5) }], allowed: false, basis: 'EXPLICIT', decidedBy: 2 },
    { name: 'tie of equal statuses: the later recorded', events: [{ status: 'DENIED', capturedAt: at(5) }, { status: 'DENIED', capturedAt: at(5), key: 'email:jane@example.com' }], allowed: false, basis: 'EXPLICIT', decidedBy: 1 },
    { name: 'expired grant lapses', events: [{ status: 'GRANTED', capturedAt: at(1), expiresAt: '2025-05-01T00:00:00.000Z' }], allowed: false, basis: 'EXPIRED', decidedBy: 0 },
    { name: 'a grant expiring exactly now has lapsed', events: [{ status: 'GRANTED', capturedAt: at(1), expiresAt: now }], allowed: false, basis: 'EXPIRED', decidedBy: 0 },
    { name: 'a grant expiring later still allows', events: [{ status: 'GRANTED', capturedAt: at(1), expiresAt: '2025-06-01T12:00:00.001Z' }], allowed: true, basis: 'EXPLICIT', decidedBy: 0 },
    { name: 'an expired latest grant does not revive an older grant', events: [{ status: 'GRANTED', capturedAt: at(1) }, { status: 'GRANTED', capturedAt: at(2), expiresAt: '2025-02-01T00:00:00.000Z' }], allowed: false, basis: 'EXPIRED', decidedBy: 1 },
    { name: 'a later grant replaces an expired one', events: [{ status: 'GRANTED', capturedAt: at(1), expiresAt: '2025-01-02T00:00:00.000Z' }, { status: 'GRANTED', capturedAt: at(3) }], allowed: true, basis: 'EXPLICIT', decidedBy: 1 },
    { name: 'a denial after an expired grant decides', events: [{ status: 'GRANTED', capturedAt: at(1), expiresAt: '2025-01-02T00:00:00.000Z' }, { status: 'DENIED', capturedAt: at(3) }], allowed: false, basis: 'EXPLICIT', decidedBy: 1 },
  ];

  it.each(cases)('$name', ({ events, allowed, basis, decidedBy }) => {
    const built = events.map((e) => event({ purpose: 'MARKETING_EMAIL', status: e.status, capturedAt: e.capturedAt, subjectKey: e.key ?? 'crm:C-1', expiresAt: e.expiresAt ?? null }));
    const decision = decideConsent('MARKETING_EMAIL', { events: built, signals: [] }, policy, now);
    expect({ allowed: decision.allowed, basis: decision.basis, decidedBy: decision.decidedBy }).toEqual({ allowed, basis, decidedBy: decidedBy === null ? null : built[decidedBy] });
  });

  it('ignores events of other purposes', () => {
    const decision = decideConsent('MARKETING_EMAIL', { events: [event({ purpose: 'MARKETING_SMS', status: 'GRANTED', capturedAt: at(1) })], signals: [] }, policy, now);
    expect(decision).toEqual({
      purpose: 'MARKETING_EMAIL',
      allowed: false,
      basis: 'DEFAULT',
      decidedBy: null,
      defaultRule: { rule: 'OPT_IN', allowed: false, jurisdiction: 'UK', regime: 'OPT_IN', gpc: false },
    });
  });
});

describe('effective consent: missing consent defaults per purpose and jurisdiction (built-in table)', () => {
  // Every purpose × jurisdiction × GPC, with no event recorded. UK/EU opt-in: denied. US/US-CA
  // opt-out: allowed, unless GPC (then denied); MARKETING_SMS is opt-in in the US (TCPA).
  // SERVICE is essential: allowed everywhere.
  type Row = [purpose: string, jurisdiction: string, gpc: boolean, allowed: boolean, rule: DefaultRuleKind];
  const rows: Row[] = [
    ['SERVICE', 'UK', false, true, 'ESSENTIAL'],
    ['SERVICE', 'UK', true, true, 'ESSENTIAL'],
    ['SERVICE', 'EU', false, true, 'ESSENTIAL'],
    ['SERVICE', 'US-CA', true, true, 'ESSENTIAL'],
    ['SERVICE', 'US', true, true, 'ESSENTIAL'],
    ['MARKETING_EMAIL', 'UK', false, false, 'OPT_IN'],
    ['MARKETING_EMAIL', 'UK', true, false, 'OPT_IN'],
    ['MARKETING_EMAIL', 'EU', false, false, 'OPT_IN'],
    ['MARKETING_EMAIL', 'EU', true, false, 'OPT_IN'],
    ['MARKETING_EMAIL', 'US-CA', false, true, 'OPT_OUT'],
    ['MARKETING_EMAIL', 'US-CA', true, false, 'GPC'],
    ['MARKETING_EMAIL', 'US', false, true, 'OPT_OUT'],
    ['MARKETING_EMAIL', 'US', true, false, 'GPC'],
    ['MARKETING_SMS', 'UK', false, false, 'OPT_IN'],
    ['MARKETING_SMS', 'EU', false, false, 'OPT_IN'],
    ['MARKETING_SMS', 'US-CA', false, false, 'OPT_IN'],
    ['MARKETING_SMS', 'US', false, false, 'OPT_IN'],
    ['MARKETING_SMS', 'US', true, false, 'OPT_IN'],
    ['ANALYTICS', 'UK', false, false, 'OPT_IN'],
    ['ANALYTICS', 'EU', false, false, 'OPT_IN'],
    ['ANALYTICS', 'US-CA', false, true, 'OPT_OUT'],
    ['ANALYTICS', 'US-CA', true, false, 'GPC'],
    ['ANALYTICS', 'US', false, true, 'OPT_OUT'],
    ['PERSONALIZATION', 'UK', false, false, 'OPT_IN'],
    ['PERSONALIZATION', 'EU', true, false, 'OPT_IN'],
    ['PERSONALIZATION', 'US-CA', false, true, 'OPT_OUT'],
    ['PERSONALIZATION', 'US-CA', true, false, 'GPC'],
    ['PERSONALIZATION', 'US', true, false, 'GPC'],
    ['THIRD_PARTY_SHARING', 'UK', false, false, 'OPT_IN'],
    ['THIRD_PARTY_SHARING', 'EU', false, false, 'OPT_IN'],
    ['THIRD_PARTY_SHARING', 'US-CA', false, true, 'OPT_OUT'],
    ['THIRD_PARTY_SHARING', 'US-CA', true, false, 'GPC'],
    ['THIRD_PARTY_SHARING', 'US', false, true, 'OPT_OUT'],
    ['THIRD_PARTY_SHARING', 'US', true, false, 'GPC'],
  ];

  it.each(rows)('%s in %s, GPC %s: allowed %s by %s', (purpose, jurisdiction, gpc, allowed, rule) => {
    const signals = [signal({ jurisdiction, capturedAt: at(1) }), ...(gpc ? [signal({ gpc: true, capturedAt: at(2) })] : [])];
    const decision = decideConsent(purpose, { events: [], signals }, policy, now);
    expect(decision.allowed).toBe(allowed);
    expect(decision.basis).toBe(rule === 'ESSENTIAL' ? 'ESSENTIAL' : 'DEFAULT');
    expect(decision.decidedBy).toBeNull();
    expect(decision.defaultRule).toEqual({ rule, allowed, jurisdiction, regime: rule === 'ESSENTIAL' ? null : rule === 'OPT_IN' ? 'OPT_IN' : 'OPT_OUT', gpc });
  });

  it('uses the configured default jurisdiction when none was recorded', () => {
    expect(decideConsent('ANALYTICS', { events: [], signals: [] }, policy, now).defaultRule).toEqual({ rule: 'OPT_IN', allowed: false, jurisdiction: 'UK', regime: 'OPT_IN', gpc: false });
    const us = parseConsentPolicy({}, { defaultJurisdiction: 'US' });
    expect(decideConsent('ANALYTICS', { events: [], signals: [] }, us, now).defaultRule).toEqual({ rule: 'OPT_OUT', allowed: true, jurisdiction: 'US', regime: 'OPT_OUT', gpc: false });
  });

  it('applies GPC only to the purposes configured for it', () => {
    const narrow = parseConsentPolicy({ gpcPurposes: ['THIRD_PARTY_SHARING'] }, { defaultJurisdiction: 'US-CA' });
    const state = { events: [], signals: [signal({ gpc: true, capturedAt: at(1) })] };
    expect(decideConsent('THIRD_PARTY_SHARING', state, narrow, now).defaultRule.rule).toBe('GPC');
    expect(decideConsent('ANALYTICS', state, narrow, now).defaultRule.rule).toBe('OPT_OUT');
  });
});

describe('effective consent: explicit decisions over defaults', () => {
  const usCa = [signal({ jurisdiction: 'US-CA', capturedAt: at(1) })];
  const gpc = [...usCa, signal({ gpc: true, capturedAt: at(1) })];
  const cases: { name: string; status: ConsentStatus | null; signals: PrivacySignal[]; purpose: string; allowed: boolean; basis: ConsentBasis }[] = [
    { name: 'opt-out regime, nothing recorded: allowed', status: null, signals: usCa, purpose: 'ANALYTICS', allowed: true, basis: 'DEFAULT' },
    { name: 'opt-out regime, opt-out recorded (DENIED): denied', status: 'DENIED', signals: usCa, purpose: 'ANALYTICS', allowed: false, basis: 'EXPLICIT' },
    { name: 'opt-out regime, opt-out recorded (WITHDRAWN): denied', status: 'WITHDRAWN', signals: usCa, purpose: 'ANALYTICS', allowed: false, basis: 'EXPLICIT' },
    { name: 'opt-out regime, GPC recorded: denied', status: null, signals: gpc, purpose: 'ANALYTICS', allowed: false, basis: 'DEFAULT' },
    { name: 'opt-out regime, GPC recorded but an explicit grant: allowed', status: 'GRANTED', signals: gpc, purpose: 'ANALYTICS', allowed: true, basis: 'EXPLICIT' },
    { name: 'opt-in regime, grant recorded: allowed', status: 'GRANTED', signals: [], purpose: 'ANALYTICS', allowed: true, basis: 'EXPLICIT' },
    { name: 'SERVICE with a denial recorded: still allowed', status: 'DENIED', signals: [], purpose: 'SERVICE', allowed: true, basis: 'ESSENTIAL' },
    { name: 'SERVICE with a withdrawal and GPC recorded: still allowed', status: 'WITHDRAWN', signals: gpc, purpose: 'SERVICE', allowed: true, basis: 'ESSENTIAL' },
  ];
  it.each(cases)('$name', ({ status, signals, purpose, allowed, basis }) => {
    const events = status ? [event({ purpose, status, capturedAt: at(2) })] : [];
    const decision = decideConsent(purpose, { events, signals }, policy, now);
    expect([decision.allowed, decision.basis]).toEqual([allowed, basis]);
  });
});

describe('effective consent: the customer\'s jurisdiction and GPC over all keys', () => {
  it('takes the latest jurisdiction over every key, else the default', () => {
    expect(customerSignals([], policy)).toEqual({ jurisdiction: 'UK', recorded: false, gpc: false });
    const signals = [signal({ subjectKey: 'crm:C-1', jurisdiction: 'EU', capturedAt: at(1) }), signal({ subjectKey: 'email:jane@example.com', jurisdiction: 'US-CA', capturedAt: at(2) })];
    expect(customerSignals(signals, policy)).toEqual({ jurisdiction: 'US-CA', recorded: true, gpc: false });
  });

  it('prefers an opt-in jurisdiction at a tie, then the smaller code', () => {
    expect(customerSignals([signal({ jurisdiction: 'US', capturedAt: at(1) }), signal({ jurisdiction: 'EU', capturedAt: at(1) })], policy).jurisdiction).toBe('EU');
    expect(customerSignals([signal({ jurisdiction: 'UK', capturedAt: at(1) }), signal({ jurisdiction: 'EU', capturedAt: at(1) })], policy).jurisdiction).toBe('EU');
  });

  it('falls back to the default for a jurisdiction the policy no longer has', () => {
    const custom = parseConsentPolicy({ jurisdictions: { EU: { regime: 'OPT_IN' } }, defaultJurisdiction: 'EU' });
    expect(customerSignals([signal({ jurisdiction: 'US', capturedAt: at(1) })], custom)).toEqual({ jurisdiction: 'EU', recorded: false, gpc: false });
  });

  it('takes the latest GPC signal; true wins a tie; a later false turns it off', () => {
    expect(customerSignals([signal({ gpc: true, capturedAt: at(1) })], policy).gpc).toBe(true);
    expect(customerSignals([signal({ gpc: true, capturedAt: at(1) }), signal({ gpc: false, capturedAt: at(2) })], policy).gpc).toBe(false);
    expect(customerSignals([signal({ gpc: false, capturedAt: at(1) }), signal({ gpc: true, capturedAt: at(1) })], policy).gpc).toBe(true);
  });
});

describe('latestDecisions', () => {
  it('gives the latest event per purpose, sorted by purpose, expired ones included', () => {
    const analytics = event({ purpose: 'ANALYTICS', status: 'GRANTED', capturedAt: at(2), expiresAt: '2025-01-03T00:00:00.000Z' });
    const oldAnalytics = event({ purpose: 'ANALYTICS', status: 'DENIED', capturedAt: at(1) });
    const sms = event({ purpose: 'MARKETING_SMS', status: 'WITHDRAWN', capturedAt: at(1) });
    const email = event({ purpose: 'MARKETING_EMAIL', status: 'GRANTED', capturedAt: at(1) });
    expect(latestDecisions([sms, oldAnalytics, email, analytics])).toEqual([analytics, email, sms]);
    expect(latestDecisions([])).toEqual([]);
  });
});

describe('explainDecision', () => {
  it('says why in one sentence for each basis', () => {
    const granted = event({ id: '41', purpose: 'ANALYTICS', status: 'GRANTED', capturedAt: at(1) });
    const expired = event({ id: '42', purpose: 'ANALYTICS', status: 'GRANTED', capturedAt: at(1), expiresAt: '2025-02-01T00:00:00.000Z' });
    expect(explainDecision(decideConsent('ANALYTICS', { events: [granted], signals: [] }, policy, now))).toBe('GRANTED for ANALYTICS at 2025-01-01T00:00:00.000Z (event 41)');
    expect(explainDecision(decideConsent('ANALYTICS', { events: [expired], signals: [] }, policy, now))).toBe(
      'the latest decision for ANALYTICS is a grant that expired at 2025-02-01T00:00:00.000Z (event 42)',
    );
    expect(explainDecision(decideConsent('ANALYTICS', { events: [], signals: [] }, policy, now))).toBe('no decision recorded for ANALYTICS, and UK is opt-in for it: missing consent means denied');
    const usCa = [signal({ jurisdiction: 'US-CA', capturedAt: at(1) })];
    expect(explainDecision(decideConsent('ANALYTICS', { events: [], signals: usCa }, policy, now))).toBe('no decision recorded for ANALYTICS, and US-CA is opt-out for it: missing consent means allowed');
    expect(explainDecision(decideConsent('ANALYTICS', { events: [], signals: [...usCa, signal({ gpc: true, capturedAt: at(1) })] }, policy, now))).toBe(
      'no decision recorded for ANALYTICS; US-CA is opt-out for it, but a Global Privacy Control signal was recorded',
    );
    expect(explainDecision(decideConsent('SERVICE', { events: [], signals: [] }, policy, now))).toBe('SERVICE is essential and never blocked');
  });
});
