import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { defaultConsentPolicy } from '../../../lib/consent/index.ts';
import { migrate, type Database } from '../../../lib/db/index.ts';
import { emptyDatabase } from '../../../test/support/stores.ts';
import { decideConsent } from '../effective/decideConsent.ts';
import type { NewConsentEvent } from '../effective/types.ts';
import { ConsentStore } from './ConsentStore.ts';
import { consentMigrations } from './migrations.ts';

let db: Database;
let store: ConsentStore;

const base: NewConsentEvent = {
  subjectKey: 'email:jane@example.com',
  purpose: 'MARKETING_EMAIL',
  channel: 'WEB',
  status: 'GRANTED',
  legalBasis: 'CONSENT',
  collectionPoint: 'web:signup',
  policyVersion: 'v1',
  capturedAt: '2025-01-01T00:00:00.000Z',
  expiresAt: null,
  evidence: null,
};

beforeAll(async () => {
  db = await emptyDatabase();
  store = new ConsentStore(db);
  expect(await store.migrate()).toEqual([1, 2]);
});
afterAll(() => db?.close());
beforeEach(async () => {
  await db.exec('TRUNCATE consent.events, consent.privacy_signals RESTART IDENTITY');
});

describe('ConsentStore on PostgreSQL: the ledger', () => {
  it('appends events with every field and reads them back', async () => {
    const evidence = { formId: 'signup-v3', ipHash: 'h_77', textShown: 'Send me offers', nested: { step: 2, ok: true } };
    expect(await store.append([{ ...base, legalBasis: 'LEGITIMATE_INTEREST', expiresAt: '2026-01-01T00:00:00.000Z', evidence }])).toBe(1);
    expect(await store.eventsOfKeys(['email:jane@example.com'])).toEqual([
      { id: '1', ...base, legalBasis: 'LEGITIMATE_INTEREST', expiresAt: '2026-01-01T00:00:00.000Z', evidence },
    ]);
  });

  it('is idempotent on subject key, purpose, channel, status and capturedAt', async () => {
    expect(await store.append([base, { ...base, evidence: { other: 'proof' } }, { ...base, status: 'WITHDRAWN' }])).toBe(2);
    expect(await store.append([base])).toBe(0);
    expect((await store.eventsOfKeys([base.subjectKey])).map((e) => [e.id, e.status, e.evidence])).toEqual([
      ['1', 'GRANTED', null],
      // The skipped duplicate still used id 2 of the sequence.
      ['3', 'WITHDRAWN', null],
    ]);
  });

  it('refuses, in the database too, an expiry on a non-grant and evidence that is not an object', async () => {
    await expect(db.query(`INSERT INTO consent.events (subject_key, purpose, channel, status, collection_point, policy_version, captured_at, expires_at) VALUES ('crm:1', 'ANALYTICS', 'WEB', 'DENIED', 'x', 'v1', now(), now() + interval '1 day')`)).rejects.toThrow(/events_expiry/);
    await expect(db.query(`INSERT INTO consent.events (subject_key, purpose, channel, status, collection_point, policy_version, captured_at, evidence) VALUES ('crm:1', 'ANALYTICS', 'WEB', 'GRANTED', 'x', 'v1', now(), '[1]')`)).rejects.toThrow(/events_evidence_object/);
    await expect(db.query(`INSERT INTO consent.events (subject_key, purpose, channel, status, collection_point, policy_version, captured_at) VALUES ('crm:1', 'ANALYTICS', 'WEB', 'MAYBE', 'x', 'v1', now())`)).rejects.toThrow(/events_status_check/);
  });

  it('reads the latest event per key and purpose, breaking ties as decideConsent does', async () => {
    await store.append([
      { ...base, subjectKey: 'crm:C-1', status: 'GRANTED', capturedAt: '2025-01-01T00:00:00.000Z' },
      { ...base, subjectKey: 'crm:C-1', status: 'WITHDRAWN', capturedAt: '2025-03-01T00:00:00.000Z' },
      { ...base, subjectKey: 'crm:C-1', status: 'GRANTED', capturedAt: '2025-03-01T00:00:00.000Z', channel: 'EMAIL' },
      { ...base, subjectKey: 'email:jane@example.com', status: 'GRANTED', capturedAt: '2025-02-01T00:00:00.000Z' },
      { ...base, subjectKey: 'email:jane@example.com', purpose: 'ANALYTICS', status: 'DENIED', capturedAt: '2025-02-01T00:00:00.000Z' },
      { ...base, subjectKey: 'email:other@example.com', status: 'GRANTED', capturedAt: '2025-04-01T00:00:00.000Z' },
    ]);
    const state = await store.stateByKeys(['crm:C-1', 'email:jane@example.com']);
    expect(state.events.map((e) => [e.subjectKey, e.purpose, e.status, e.capturedAt]).sort()).toEqual([
      ['crm:C-1', 'MARKETING_EMAIL', 'WITHDRAWN', '2025-03-01T00:00:00.000Z'],
      ['email:jane@example.com', 'ANALYTICS', 'DENIED', '2025-02-01T00:00:00.000Z'],
      ['email:jane@example.com', 'MARKETING_EMAIL', 'GRANTED', '2025-02-01T00:00:00.000Z'],
    ]);
    const decision = decideConsent('MARKETING_EMAIL', state, defaultConsentPolicy, '2025-06-01T00:00:00.000Z');
    expect([decision.allowed, decision.basis, decision.decidedBy?.status, decision.decidedBy?.subjectKey]).toEqual([false, 'EXPLICIT', 'WITHDRAWN', 'crm:C-1']);
    expect(await store.stateByKeys([])).toEqual({ events: [], signals: [] });
  });
});

describe('ConsentStore on PostgreSQL: privacy signals', () => {
  it('appends idempotently and reads the latest jurisdiction and GPC signal per key', async () => {
    const signal = { subjectKey: 'email:jane@example.com', jurisdiction: null, gpc: null, collectionPoint: 'web', capturedAt: '2025-01-01T00:00:00.000Z' };
    expect(
      await store.appendSignals([
        { ...signal, jurisdiction: 'UK' },
        { ...signal, jurisdiction: 'US-CA', capturedAt: '2025-02-01T00:00:00.000Z' },
        { ...signal, jurisdiction: 'US', capturedAt: '2025-02-01T00:00:00.000Z' },
        { ...signal, gpc: true, capturedAt: '2025-03-01T00:00:00.000Z' },
        { ...signal, gpc: false, capturedAt: '2025-03-01T00:00:00.000Z' },
        { ...signal, subjectKey: 'crm:C-1', gpc: false, capturedAt: '2025-01-01T00:00:00.000Z' },
      ]),
    ).toBe(6);
    expect(await store.appendSignals([{ ...signal, gpc: true, capturedAt: '2025-03-01T00:00:00.000Z' }])).toBe(0);
    const { signals } = await store.stateByKeys(['email:jane@example.com', 'crm:C-1']);
    expect(signals.map((s) => [s.subjectKey, s.jurisdiction, s.gpc, s.capturedAt]).sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1))).toEqual([
      ['crm:C-1', null, false, '2025-01-01T00:00:00.000Z'],
      ['email:jane@example.com', 'US', null, '2025-02-01T00:00:00.000Z'],
      ['email:jane@example.com', 'US-CA', null, '2025-02-01T00:00:00.000Z'],
      ['email:jane@example.com', null, true, '2025-03-01T00:00:00.000Z'],
    ]);
    const decision = decideConsent('ANALYTICS', { events: [], signals }, defaultConsentPolicy, '2025-06-01T00:00:00.000Z');
    expect(decision.defaultRule).toEqual({ rule: 'GPC', allowed: false, jurisdiction: 'US', regime: 'OPT_OUT', gpc: true });
  });

  it('refuses a signal with neither a jurisdiction nor a GPC flag', async () => {
    await expect(db.query(`INSERT INTO consent.privacy_signals (subject_key, collection_point, captured_at) VALUES ('crm:1', 'web', now())`)).rejects.toThrow(/check/);
  });
});

// Last in the file: with DATABASE_URL, emptyDatabase() drops the schemas the tests above used.
describe('ConsentStore: migration 2 over a version 1 ledger', () => {
  it('keeps existing events, which become CONSENT-based with no expiry or evidence', async () => {
    const legacy = await emptyDatabase();
    try {
      expect(await migrate(legacy, 'consent', consentMigrations.slice(0, 1))).toEqual([1]);
      await legacy.query(`INSERT INTO consent.events (subject_key, purpose, channel, status, collection_point, policy_version, captured_at) VALUES ('crm:C-9', 'ANALYTICS', 'WEB', 'DENIED', 'web', 'v1', '2024-01-01T00:00:00Z')`);
      const upgraded = new ConsentStore(legacy);
      expect(await upgraded.migrate()).toEqual([2]);
      expect(await upgraded.eventsOfKeys(['crm:C-9'])).toEqual([
        { id: '1', subjectKey: 'crm:C-9', purpose: 'ANALYTICS', channel: 'WEB', status: 'DENIED', legalBasis: 'CONSENT', collectionPoint: 'web', policyVersion: 'v1', capturedAt: '2024-01-01T00:00:00.000Z', expiresAt: null, evidence: null },
      ]);
    } finally {
      await legacy.close();
    }
  });
});
