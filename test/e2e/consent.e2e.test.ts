import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SensitivityLevel } from '../../lib/config.ts';
import type { GraphQLResponse } from '../support/graphqlClient.ts';
import { startTestSystem, type TestSystem } from '../support/system.ts';

/**
 * Consent at read time and at collection (issue 4), against the running system with the built-in
 * policy (customers default to UK, opt-in), callers of purpose MARKETING mapped to MARKETING_EMAIL,
 * and C360_CONSENT_MASK=ANALYTICS: ANALYTICS callers get CONTACT fields masked instead of denied.
 */
let system: TestSystem;
const ids: Record<string, string> = {};

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Data = any;
const ask = (query: string, purpose: string, clearance: SensitivityLevel = 'CONFIDENTIAL', variables?: Record<string, unknown>) =>
  system.query<Data, Record<string, unknown>>(query, variables, { clearance, purpose }) as Promise<GraphQLResponse<Data>>;
const contact = (email: string) => `{ customerByIdentifier(type: EMAIL, value: "${email}") { id emails phones sourceRecords { emails phones } } }`;
const lastAudit = async () => (await system.gateway.audit.list({}, 1, null)).records[0]!;
const errorsOf = (response: GraphQLResponse<Data>) =>
  (response.errors ?? []).map((e) => ({ path: e.path?.join('.'), code: e.extensions?.code, basis: e.extensions?.basis, consentPurpose: e.extensions?.consentPurpose })).sort((a, b) => (a.path! < b.path! ? -1 : 1));

beforeAll(async () => {
  system = await startTestSystem({ env: { C360_CONSENT_MASK: 'ANALYTICS' } });
  const people = [
    ['C-A1', 'Ann Ames', 'ann.ames@example.com', '020 7946 0101'],
    ['C-B1', 'Ben Birch', 'ben.birch@example.com', '020 7946 0102'],
    ['C-C1', 'Cat Cole', 'cat.cole@example.com', '020 7946 0103'],
    ['C-D1', 'Dan Dee', 'dan.dee@example.com', '020 7946 0104'],
    ['C-E1', 'Eve Eng', 'eve.eng@example.com', '020 7946 0105'],
  ] as const;
  const ingest = await ask(
    `mutation ($records: [SourceRecordInput!]!) { ingestSourceRecords(source: "crm", records: $records) { accepted } }`,
    'SERVICE',
    'RESTRICTED',
    { records: people.map(([sourceId, fullName, email, phone]) => ({ sourceId, observedAt: '2025-01-01T00:00:00Z', fullName, emails: [email], phones: [phone] })) },
  );
  expect(ingest.data.ingestSourceRecords.accepted).toBe(5);
  for (const [, name, email] of people) ids[name.split(' ')[0]!] = (await ask(`{ customerByIdentifier(type: EMAIL, value: "${email}") { id } }`, 'SERVICE')).data.customerByIdentifier.id;
  const recorded = await ask(
    `mutation ($consents: [ConsentInput!]!) { recordConsents(consents: $consents) { accepted duplicates rejected { index reason } } }`,
    'SERVICE',
    'INTERNAL',
    {
      consents: [
        { subjectKey: 'email:ann.ames@example.com', purpose: 'MARKETING_EMAIL', channel: 'WEB', status: 'GRANTED', collectionPoint: 'web:signup', policyVersion: 'v3', capturedAt: '2025-02-01T00:00:00Z', expiresAt: '2099-01-01T00:00:00Z', evidence: { formId: 'signup-v3', ipHash: 'h_9c1e', textShown: 'E-mail me offers' } },
        { subjectKey: 'crm:C-D1', purpose: 'MARKETING_EMAIL', channel: 'EMAIL', status: 'GRANTED', collectionPoint: 'crm:call', policyVersion: 'v3', capturedAt: '2025-02-01T00:00:00Z' },
        { subjectKey: 'email:dan.dee@example.com', purpose: 'MARKETING_EMAIL', channel: 'EMAIL', status: 'WITHDRAWN', collectionPoint: 'email:unsubscribe', policyVersion: 'v3', capturedAt: '2025-03-01T00:00:00Z' },
        { subjectKey: 'crm:C-D1', purpose: 'ANALYTICS', channel: 'WEB', status: 'GRANTED', legalBasis: 'CONSENT', collectionPoint: 'web:cookie-banner', policyVersion: 'v3', capturedAt: '2024-01-01T00:00:00Z', expiresAt: '2025-01-01T00:00:00Z' },
        { subjectKey: 'crm:C-E1', purpose: 'ANALYTICS', channel: 'IN_STORE', status: 'GRANTED', collectionPoint: 'till:7', policyVersion: 'v3', capturedAt: '2025-02-01T00:00:00Z' },
      ],
    },
  );
  expect(recorded.data.recordConsents).toEqual({ accepted: 5, duplicates: 0, rejected: [] });
  const signals = await ask(
    `mutation ($signals: [PrivacySignalInput!]!) { recordPrivacySignals(signals: $signals) { accepted duplicates rejected { index reason } } }`,
    'SERVICE',
    'INTERNAL',
    { signals: [{ subjectKey: 'email:cat.cole@example.com', jurisdiction: 'US-CA', collectionPoint: 'web:checkout', capturedAt: '2025-02-01T00:00:00Z' }] },
  );
  expect(signals.data.recordPrivacySignals).toEqual({ accepted: 1, duplicates: 0, rejected: [] });
});
afterAll(() => system?.stop());

describe('consent at read time: CONTACT fields for a MARKETING caller', () => {
  it('shows the values of a customer who granted MARKETING_EMAIL', async () => {
    const response = await ask(contact('ann.ames@example.com'), 'MARKETING');
    expect(response.errors).toBeUndefined();
    expect(response.data.customerByIdentifier).toEqual({ id: ids.Ann, emails: ['ann.ames@example.com'], phones: ['+442079460101'], sourceRecords: [{ emails: ['ann.ames@example.com'], phones: ['020 7946 0101'] }] });
    expect(response.extensions?.access).toBeUndefined();
  });

  it('denies them with CONSENT_REQUIRED for a customer without consent (UK: opt-in), and the audit record says so', async () => {
    const response = await ask(contact('ben.birch@example.com'), 'MARKETING');
    expect(response.data.customerByIdentifier).toEqual({ id: ids.Ben, emails: null, phones: null, sourceRecords: [{ emails: null, phones: null }] });
    const denial = { code: 'CONSENT_REQUIRED', basis: 'DEFAULT', consentPurpose: 'MARKETING_EMAIL' };
    expect(errorsOf(response)).toEqual([
      { path: 'customerByIdentifier.emails', ...denial },
      { path: 'customerByIdentifier.phones', ...denial },
      { path: 'customerByIdentifier.sourceRecords.0.emails', ...denial },
      { path: 'customerByIdentifier.sourceRecords.0.phones', ...denial },
    ]);
    expect(response.errors!.find((e) => e.path?.join('.') === 'customerByIdentifier.emails')!.message).toBe('Not allowed to read Customer.emails: the customer has not consented to MARKETING_EMAIL');
    const paths = [['customerByIdentifier', 'emails'], ['customerByIdentifier', 'phones'], ['customerByIdentifier', 'sourceRecords', 0, 'emails'], ['customerByIdentifier', 'sourceRecords', 0, 'phones']];
    expect(response.extensions?.access).toEqual({ masked: [], denied: paths, consentRequired: paths });

    const record = await lastAudit();
    expect(record).toMatchObject({ purpose: 'MARKETING', customerIds: [ids.Ben], kind: 'READ' });
    expect(record.fields).toEqual(paths.map((p) => ({ path: p.join('.'), decision: 'DENIED', level: 'CONFIDENTIAL' })));
    const because = { customerId: ids.Ben, decision: 'DENIED', callerPurpose: 'MARKETING', consentPurpose: 'MARKETING_EMAIL', basis: 'DEFAULT', rule: 'OPT_IN', eventId: null };
    expect(record.details).toEqual({
      consent: [
        { path: 'customerByIdentifier.emails', field: 'Customer.emails', ...because },
        { path: 'customerByIdentifier.phones', field: 'Customer.phones', ...because },
        { path: 'customerByIdentifier.sourceRecords.0.emails', field: 'SourceRecord.emails', ...because },
        { path: 'customerByIdentifier.sourceRecords.0.phones', field: 'SourceRecord.phones', ...because },
      ].sort((a, b) => (a.path < b.path ? -1 : 1)),
    });
  });

  it('serves the consent decisions of the audit log to RESTRICTED callers', async () => {
    await ask(`{ customerByIdentifier(type: EMAIL, value: "ben.birch@example.com") { emails } }`, 'MARKETING');
    const log = await ask(`{ auditLog(first: 1) { nodes { purpose consentDecisions { path field customerId decision callerPurpose consentPurpose basis rule eventId } } } }`, 'SERVICE', 'RESTRICTED');
    expect(log.errors).toBeUndefined();
    expect(log.data.auditLog.nodes).toEqual([
      {
        purpose: 'MARKETING',
        consentDecisions: [
          { path: 'customerByIdentifier.emails', field: 'Customer.emails', customerId: ids.Ben, decision: 'DENIED', callerPurpose: 'MARKETING', consentPurpose: 'MARKETING_EMAIL', basis: 'DEFAULT', rule: 'OPT_IN', eventId: null },
        ],
      },
    ]);
  });

  it('never blocks a SERVICE caller', async () => {
    const response = await ask(contact('ben.birch@example.com'), 'SERVICE');
    expect(response.errors).toBeUndefined();
    expect(response.data.customerByIdentifier).toEqual({ id: ids.Ben, emails: ['ben.birch@example.com'], phones: ['+442079460102'], sourceRecords: [{ emails: ['ben.birch@example.com'], phones: ['020 7946 0102'] }] });
    expect((await lastAudit()).details).toBeNull();
  });

  it('names the withdrawal that decided, which beats the earlier grant on another key', async () => {
    const response = await ask(`{ customerByIdentifier(type: EMAIL, value: "dan.dee@example.com") { emails effectiveConsents { purpose basis decidedBy { id status } } } }`, 'MARKETING');
    expect(response.data.customerByIdentifier.emails).toBeNull();
    const marketing = response.data.customerByIdentifier.effectiveConsents.find((c: { purpose: string }) => c.purpose === 'MARKETING_EMAIL');
    expect(marketing).toMatchObject({ basis: 'EXPLICIT', decidedBy: { status: 'WITHDRAWN' } });
    expect(errorsOf(response)).toEqual([{ path: 'customerByIdentifier.emails', code: 'CONSENT_REQUIRED', basis: 'EXPLICIT', consentPurpose: 'MARKETING_EMAIL' }]);
    expect((await lastAudit()).details).toEqual({
      consent: [{ path: 'customerByIdentifier.emails', field: 'Customer.emails', customerId: ids.Dan, decision: 'DENIED', callerPurpose: 'MARKETING', consentPurpose: 'MARKETING_EMAIL', basis: 'EXPLICIT', rule: null, eventId: marketing.decidedBy.id }],
    });
  });

  it('places each customer\'s decision on its own path in a list', async () => {
    const response = await ask(`{ customers(first: 10) { nodes { id emails } } }`, 'MARKETING');
    const nodes: { id: string; emails: string[] | null }[] = response.data.customers.nodes;
    expect(nodes).toHaveLength(5);
    const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : 1);
    expect(nodes.filter((n) => n.emails !== null).sort(byId)).toEqual([{ id: ids.Ann!, emails: ['ann.ames@example.com'] }, { id: ids.Cat!, emails: ['cat.cole@example.com'] }].sort(byId));
    const deniedIndexes = nodes.flatMap((n, i) => (n.emails === null ? [i] : []));
    expect(errorsOf(response).map((e) => e.path)).toEqual(deniedIndexes.map((i) => `customers.nodes.${i}.emails`));
    const consent = ((await lastAudit()).details as { consent: { path: string; customerId: string }[] }).consent;
    expect(consent.map((c) => [c.path, c.customerId])).toEqual(deniedIndexes.map((i) => [`customers.nodes.${i}.emails`, nodes[i]!.id]));
  });

  it('refuses a caller purpose that maps to no consent purpose', async () => {
    const response = await ask(`{ customerByIdentifier(type: EMAIL, value: "ann.ames@example.com") { emails } }`, 'FRAUD_REVIEW');
    expect(response.data.customerByIdentifier.emails).toBeNull();
    expect(errorsOf(response)).toEqual([{ path: 'customerByIdentifier.emails', code: 'CONSENT_REQUIRED', basis: 'UNMAPPED', consentPurpose: null }]);
    expect(response.errors![0]!.message).toBe('Not allowed to read Customer.emails: the caller purpose FRAUD_REVIEW maps to no consent purpose');
  });

  it('refuses CONTACT fields of a source record read without its customer (no consent can be established)', async () => {
    const response = await ask(`{ sourceRecord(source: "crm", sourceId: "C-A1") { emails } }`, 'MARKETING');
    expect(response.data.sourceRecord).toEqual({ emails: null });
    expect(errorsOf(response)).toEqual([{ path: 'sourceRecord.emails', code: 'CONSENT_REQUIRED', basis: 'MISSING', consentPurpose: null }]);
    const service = await ask(`{ sourceRecord(source: "crm", sourceId: "C-A1") { emails } }`, 'SERVICE');
    expect(service.data.sourceRecord).toEqual({ emails: ['ann.ames@example.com'] });
  });
});

describe('consent at read time: masked where configured (ANALYTICS)', () => {
  it('masks the CONTACT fields of a customer without ANALYTICS consent, and audits the mask', async () => {
    const response = await ask(contact('ben.birch@example.com'), 'ANALYTICS');
    expect(response.errors).toBeUndefined();
    expect(response.data.customerByIdentifier).toEqual({ id: ids.Ben, emails: ['b***@example.com'], phones: ['***0102'], sourceRecords: [{ emails: ['b***@example.com'], phones: ['***0102'] }] });
    const paths = [['customerByIdentifier', 'emails'], ['customerByIdentifier', 'phones'], ['customerByIdentifier', 'sourceRecords', 0, 'emails'], ['customerByIdentifier', 'sourceRecords', 0, 'phones']];
    expect(response.extensions?.access).toEqual({ masked: paths, denied: [], consentRequired: paths });
    const record = await lastAudit();
    expect(record.fields).toEqual(paths.map((p) => ({ path: p.join('.'), decision: 'MASKED', level: 'CONFIDENTIAL' })));
    expect((record.details as { consent: { decision: string; basis: string; rule: string }[] }).consent.map((c) => [c.decision, c.basis, c.rule])).toEqual(paths.map(() => ['MASKED', 'DEFAULT', 'OPT_IN']));
  });

  it('masks for a grant that expired, and shows values with a grant in force', async () => {
    const expired = await ask(`{ customerByIdentifier(type: EMAIL, value: "dan.dee@example.com") { emails } }`, 'ANALYTICS');
    expect(expired.data.customerByIdentifier.emails).toEqual(['d***@example.com']);
    expect((await lastAudit()).details).toMatchObject({ consent: [{ decision: 'MASKED', basis: 'EXPIRED', consentPurpose: 'ANALYTICS' }] });
    const granted = await ask(`{ customerByIdentifier(type: EMAIL, value: "eve.eng@example.com") { emails } }`, 'ANALYTICS');
    expect(granted.errors).toBeUndefined();
    expect(granted.data.customerByIdentifier.emails).toEqual(['eve.eng@example.com']);
  });
});

describe('effective consent and defaults through the API', () => {
  it('gives every catalog purpose with how it was decided', async () => {
    const response = await ask(
      `{ customerByIdentifier(type: EMAIL, value: "dan.dee@example.com") { effectiveConsents { purpose allowed basis decidedBy { status expiresAt subjectKey } defaultRule { rule allowed jurisdiction regime gpc } } } }`,
      'SERVICE',
      'RESTRICTED',
    );
    expect(response.errors).toBeUndefined();
    const optIn = { rule: 'OPT_IN', allowed: false, jurisdiction: 'UK', regime: 'OPT_IN', gpc: false };
    expect(response.data.customerByIdentifier.effectiveConsents).toEqual([
      { purpose: 'SERVICE', allowed: true, basis: 'ESSENTIAL', decidedBy: null, defaultRule: { rule: 'ESSENTIAL', allowed: true, jurisdiction: 'UK', regime: null, gpc: false } },
      { purpose: 'MARKETING_EMAIL', allowed: false, basis: 'EXPLICIT', decidedBy: { status: 'WITHDRAWN', expiresAt: null, subjectKey: 'email:dan.dee@example.com' }, defaultRule: optIn },
      { purpose: 'MARKETING_SMS', allowed: false, basis: 'DEFAULT', decidedBy: null, defaultRule: optIn },
      { purpose: 'ANALYTICS', allowed: false, basis: 'EXPIRED', decidedBy: { status: 'GRANTED', expiresAt: '2025-01-01T00:00:00.000Z', subjectKey: 'crm:C-D1' }, defaultRule: optIn },
      { purpose: 'PERSONALIZATION', allowed: false, basis: 'DEFAULT', decidedBy: null, defaultRule: optIn },
      { purpose: 'THIRD_PARTY_SHARING', allowed: false, basis: 'DEFAULT', decidedBy: null, defaultRule: optIn },
    ]);
  });

  it('serves the evidence and legal basis of an event', async () => {
    const response = await ask(`{ customerByIdentifier(type: EMAIL, value: "ann.ames@example.com") { consents { purpose status legalBasis evidence expiresAt } } }`, 'SERVICE', 'CONFIDENTIAL');
    expect(response.data.customerByIdentifier.consents).toEqual([
      { purpose: 'MARKETING_EMAIL', status: 'GRANTED', legalBasis: 'CONSENT', evidence: { formId: 'signup-v3', ipHash: 'h_9c1e', textShown: 'E-mail me offers' }, expiresAt: '2099-01-01T00:00:00.000Z' },
    ]);
  });

  it('serves the purpose catalog and the default-policy table', async () => {
    const response = await ask(`{ consentPurposes { id essential gpcOptOut } consentJurisdictions { code isDefault purposes { purpose regime } } }`, 'SERVICE', 'PUBLIC');
    expect(response.errors).toBeUndefined();
    expect(response.data.consentPurposes).toEqual([
      { id: 'SERVICE', essential: true, gpcOptOut: false },
      { id: 'MARKETING_EMAIL', essential: false, gpcOptOut: true },
      { id: 'MARKETING_SMS', essential: false, gpcOptOut: true },
      { id: 'ANALYTICS', essential: false, gpcOptOut: true },
      { id: 'PERSONALIZATION', essential: false, gpcOptOut: true },
      { id: 'THIRD_PARTY_SHARING', essential: false, gpcOptOut: true },
    ]);
    const us = [
      { purpose: 'SERVICE', regime: null },
      { purpose: 'MARKETING_EMAIL', regime: 'OPT_OUT' },
      { purpose: 'MARKETING_SMS', regime: 'OPT_IN' },
      { purpose: 'ANALYTICS', regime: 'OPT_OUT' },
      { purpose: 'PERSONALIZATION', regime: 'OPT_OUT' },
      { purpose: 'THIRD_PARTY_SHARING', regime: 'OPT_OUT' },
    ];
    const optIn = us.map((p) => ({ purpose: p.purpose, regime: p.regime === null ? null : 'OPT_IN' }));
    expect(response.data.consentJurisdictions).toEqual([
      { code: 'EU', isDefault: false, purposes: optIn },
      { code: 'UK', isDefault: true, purposes: optIn },
      { code: 'US-CA', isDefault: false, purposes: us },
      { code: 'US', isDefault: false, purposes: us },
    ]);
  });

  it('rejects bad consents and signals one by one with index and reason, keeping the others', async () => {
    const response = await ask(
      `mutation ($consents: [ConsentInput!]!, $signals: [PrivacySignalInput!]!) {
        recordConsents(consents: $consents) { accepted duplicates rejected { index reason } }
        recordPrivacySignals(signals: $signals) { accepted duplicates rejected { index reason } }
      }`,
      'SERVICE',
      'INTERNAL',
      {
        consents: [
          { subjectKey: 'crm:C-E1', purpose: 'TELEPATHY', channel: 'WEB', status: 'GRANTED', collectionPoint: 'web', policyVersion: 'v1', capturedAt: '2025-01-01T00:00:00Z' },
          { subjectKey: 'crm:C-E1', purpose: 'PERSONALIZATION', channel: 'WEB', status: 'GRANTED', collectionPoint: 'web', policyVersion: 'v1', capturedAt: '2025-01-01T00:00:00Z' },
          { subjectKey: 'crm:C-E1', purpose: 'PERSONALIZATION', channel: 'WEB', status: 'DENIED', collectionPoint: 'web', policyVersion: 'v1', capturedAt: '2025-01-02T00:00:00Z', expiresAt: '2026-01-01T00:00:00Z' },
          { subjectKey: 'crm:C-E1', purpose: 'PERSONALIZATION', channel: 'WEB', status: 'GRANTED', collectionPoint: 'web', policyVersion: 'v1', capturedAt: '2025-01-03T00:00:00Z', evidence: { text: 'x'.repeat(5000) } },
          { subjectKey: 'crm:C-E1', purpose: 'ANALYTICS', channel: 'IN_STORE', status: 'GRANTED', collectionPoint: 'till:7', policyVersion: 'v3', capturedAt: '2025-02-01T00:00:00Z' },
        ],
        signals: [
          { subjectKey: 'crm:C-E1', jurisdiction: 'BR', collectionPoint: 'web', capturedAt: '2025-01-01T00:00:00Z' },
          { subjectKey: 'crm:C-E1', jurisdiction: 'EU', gpc: false, collectionPoint: 'web', capturedAt: '2025-01-01T00:00:00Z' },
        ],
      },
    );
    expect(response.errors).toBeUndefined();
    expect(response.data.recordConsents).toEqual({
      accepted: 1,
      duplicates: 1,
      rejected: [
        { index: 0, reason: 'purpose "TELEPATHY" is not in the catalog (SERVICE, MARKETING_EMAIL, MARKETING_SMS, ANALYTICS, PERSONALIZATION, THIRD_PARTY_SHARING)' },
        { index: 2, reason: 'expiresAt applies to GRANTED events only, got DENIED' },
        { index: 3, reason: 'evidence is 5011 bytes of JSON; at most 4096 are accepted' },
      ],
    });
    expect(response.data.recordPrivacySignals).toEqual({ accepted: 1, duplicates: 0, rejected: [{ index: 0, reason: 'jurisdiction "BR" is not configured (EU, UK, US-CA, US)' }] });
  });
});

describe('opt-out jurisdiction and Global Privacy Control', () => {
  it('shows CONTACT fields of a US-CA customer without a decision, until GPC is recorded', async () => {
    const before = await ask(`{ customerByIdentifier(type: EMAIL, value: "cat.cole@example.com") { emails } }`, 'MARKETING');
    expect(before.errors).toBeUndefined();
    expect(before.data.customerByIdentifier.emails).toEqual(['cat.cole@example.com']);
    const gpc = await ask(`mutation { recordPrivacySignals(signals: [{ subjectKey: "crm:C-C1", gpc: true, collectionPoint: "web:header", capturedAt: "2025-02-02T00:00:00Z" }]) { accepted } }`, 'SERVICE', 'INTERNAL');
    expect(gpc.data.recordPrivacySignals.accepted).toBe(1);
    const after = await ask(`{ customerByIdentifier(type: EMAIL, value: "cat.cole@example.com") { emails } }`, 'MARKETING');
    expect(errorsOf(after)).toEqual([{ path: 'customerByIdentifier.emails', code: 'CONSENT_REQUIRED', basis: 'DEFAULT', consentPurpose: 'MARKETING_EMAIL' }]);
    expect((await lastAudit()).details).toMatchObject({ consent: [{ basis: 'DEFAULT', rule: 'GPC' }] });
  });
});

describe('collection points: canCollect', () => {
  const canCollect = `query ($keys: [String!]!, $purpose: String!) { canCollect(keys: $keys, purpose: $purpose) { allowed purpose basis reason decidedBy { status } defaultRule { rule jurisdiction } } }`;

  it('answers allowed and why, over all the keys given', async () => {
    const ann = await ask(canCollect, 'SERVICE', 'INTERNAL', { keys: ['crm:C-A1', 'email:Ann.Ames@example.com'], purpose: 'MARKETING_EMAIL' });
    expect(ann.errors).toBeUndefined();
    expect(ann.data.canCollect).toMatchObject({ allowed: true, purpose: 'MARKETING_EMAIL', basis: 'EXPLICIT', decidedBy: { status: 'GRANTED' }, defaultRule: { rule: 'OPT_IN', jurisdiction: 'UK' } });
    expect(ann.data.canCollect.reason).toMatch(/^GRANTED for MARKETING_EMAIL at 2025-02-01T00:00:00.000Z \(event \d+\)$/);
    const annCrmOnly = await ask(canCollect, 'SERVICE', 'INTERNAL', { keys: ['crm:C-A1'], purpose: 'MARKETING_EMAIL' });
    expect(annCrmOnly.data.canCollect).toEqual({
      allowed: false,
      purpose: 'MARKETING_EMAIL',
      basis: 'DEFAULT',
      reason: 'no decision recorded for MARKETING_EMAIL, and UK is opt-in for it: missing consent means denied',
      decidedBy: null,
      defaultRule: { rule: 'OPT_IN', jurisdiction: 'UK' },
    });
    const service = await ask(canCollect, 'SERVICE', 'INTERNAL', { keys: ['crm:C-B1'], purpose: 'SERVICE' });
    expect(service.data.canCollect).toMatchObject({ allowed: true, basis: 'ESSENTIAL', reason: 'SERVICE is essential and never blocked' });
  });

  it('refuses bad keys and purposes, and callers below INTERNAL', async () => {
    const badKey = await ask(canCollect, 'SERVICE', 'INTERNAL', { keys: ['crm:C-A1', 'fax:1'], purpose: 'ANALYTICS' });
    expect(badKey.errors).toEqual([expect.objectContaining({ path: ['canCollect'], message: 'keys[1]: unknown key kind "fax": expected email, phone or one of crm, shop, support, callcenter, steward, web', extensions: expect.objectContaining({ code: 'BAD_USER_INPUT' }) })]);
    const badPurpose = await ask(canCollect, 'SERVICE', 'INTERNAL', { keys: ['crm:C-A1'], purpose: 'TELEPATHY' });
    expect(badPurpose.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const none = await ask(canCollect, 'SERVICE', 'INTERNAL', { keys: [], purpose: 'ANALYTICS' });
    expect(none.errors?.[0]?.message).toBe('keys must hold 1 to 100 keys, got 0');
    const publicCaller = await ask(canCollect, 'SERVICE', 'PUBLIC', { keys: ['crm:C-A1'], purpose: 'ANALYTICS' });
    expect(publicCaller.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});

describe('collection points: consent-gated order ingestion', () => {
  const recordOrders = `mutation ($orders: [OrderInput!]!) { recordOrders(orders: $orders) { accepted withoutConsent rejected { index orderId reason } } }`;
  const order = (orderId: string, sourceKey: string, extra: Record<string, unknown> = {}) => ({ orderId, sourceKey, placedAt: '2025-03-01T00:00:00Z', amount: 10, currency: 'GBP', itemCount: 1, ...extra });

  it('stores orders with consent for their purpose or without a purpose, and rejects and counts the others with the reason', async () => {
    const response = await ask(recordOrders, 'SERVICE', 'INTERNAL', {
      orders: [
        order('G-1', 'crm:C-A1', { purpose: 'ANALYTICS', consentKeys: ['email:ann.ames@example.com'] }),
        order('G-2', 'crm:C-E1', { purpose: 'ANALYTICS' }),
        order('G-3', 'crm:C-B1'),
        order('G-4', 'crm:C-D1', { purpose: 'ANALYTICS' }),
        order('G-5', 'crm:C-B1', { purpose: 'SERVICE' }),
        order('G-6', 'crm:C-B1', { consentKeys: ['email:ben.birch@example.com'] }),
        order('G-7', 'crm:C-B1', { purpose: 'TELEPATHY' }),
      ],
    });
    expect(response.errors).toBeUndefined();
    expect(response.data.recordOrders).toEqual({
      accepted: 3,
      withoutConsent: 3,
      rejected: [
        { index: 0, orderId: 'G-1', reason: 'no consent for ANALYTICS: no decision recorded for ANALYTICS, and UK is opt-in for it: missing consent means denied' },
        { index: 3, orderId: 'G-4', reason: expect.stringMatching(/^no consent for ANALYTICS: the latest decision for ANALYTICS is a grant that expired at 2025-01-01T00:00:00.000Z \(event \d+\)$/) },
        { index: 5, orderId: 'G-6', reason: 'consentKeys given without a purpose' },
        { index: 6, orderId: 'G-7', reason: 'no consent for TELEPATHY: purpose "TELEPATHY" is not in the catalog (SERVICE, MARKETING_EMAIL, MARKETING_SMS, ANALYTICS, PERSONALIZATION, THIRD_PARTY_SHARING)' },
      ],
    });
    const stored = await ask(`{ a: order(orderId: "G-1") { orderId } b: order(orderId: "G-2") { orderId } c: order(orderId: "G-3") { orderId } d: order(orderId: "G-4") { orderId } e: order(orderId: "G-5") { orderId } }`, 'SERVICE', 'INTERNAL');
    expect(stored.data).toEqual({ a: null, b: { orderId: 'G-2' }, c: { orderId: 'G-3' }, d: null, e: { orderId: 'G-5' } });
  });

  it('rejects purpose-carrying orders as unchecked when consent is down, and keeps the others', async () => {
    await system.stopPart('consent');
    const response = await ask(recordOrders, 'SERVICE', 'INTERNAL', { orders: [order('H-1', 'crm:C-E1', { purpose: 'ANALYTICS' }), order('H-2', 'crm:C-E1')] });
    expect(response.data.recordOrders).toEqual({
      accepted: 1,
      withoutConsent: 1,
      rejected: [{ index: 0, orderId: 'H-1', reason: 'no consent for ANALYTICS: consent could not be checked (the consent subgraph is unavailable); retry later' }],
    });
  });
});
