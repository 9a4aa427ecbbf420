import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { signCallerContext } from '../../lib/auth/callerContext.ts';
import { callerContextHeader } from '../../lib/auth/Caller.ts';
import type { SensitivityLevel } from '../../lib/config.ts';
import { closedPortUrl } from '../support/closedPort.ts';
import { startTestSystem, type TestSystem } from '../support/system.ts';

let system: TestSystem;
let adaId: string;
let bobId: string;

type Json = Record<string, any>;

/** Runs an operation as a RESTRICTED privacy officer and fails on any error. */
async function officer<T = Json>(query: string, variables?: Json): Promise<T> {
  const response = await system.query<T, Json>(query, variables, { clearance: 'RESTRICTED', purpose: 'SERVICE' });
  expect(response.errors).toBeUndefined();
  return response.data as T;
}

const requestFields = `id type status jurisdiction receivedAt dueAt overdue verification verificationMethod rejectionReason completedAt customerIds
  subject { emails phones sourceKeys hashes erased }
  tasks { subgraph status attempts lastError nextAttemptAt summary }`;

async function create(type: string, subject: Json, extra: Json = {}): Promise<Json> {
  const data = await officer<{ createPrivacyRequest: Json }>(
    `mutation ($input: CreatePrivacyRequestInput!) { createPrivacyRequest(input: $input) { ${requestFields} } }`,
    { input: { type, subject, jurisdiction: 'GDPR', ...extra } },
  );
  return data.createPrivacyRequest;
}

async function verifyAndProcess(id: string): Promise<Json> {
  await officer(`mutation ($id: ID!) { verifyPrivacyRequest(id: $id, method: "one-time code sent to the e-mail on file") { status } }`, { id });
  return (await officer<{ processPrivacyRequest: Json }>(`mutation ($id: ID!) { processPrivacyRequest(id: $id) { ${requestFields} } }`, { id })).processPrivacyRequest;
}

async function request(id: string, fields = requestFields): Promise<Json> {
  return (await officer<{ privacyRequest: Json }>(`query ($id: ID!) { privacyRequest(id: $id) { ${fields} } }`, { id })).privacyRequest;
}

async function ingest(source: string, records: Json[]): Promise<Json> {
  return (
    await officer<{ ingestSourceRecords: Json }>(
      `mutation ($source: String!, $records: [SourceRecordInput!]!) { ingestSourceRecords(source: $source, records: $records) { accepted unchanged suppressed rejected { index reason } } }`,
      { source, records },
    )
  ).ingestSourceRecords;
}

async function customerIdOf(email: string): Promise<string | null> {
  const data = await officer<{ customerByIdentifier: { id: string } | null }>(`query ($email: String!) { customerByIdentifier(type: EMAIL, value: $email) { id } }`, { email });
  return data.customerByIdentifier?.id ?? null;
}

/** Everything the API serves about customers, as one caller of this clearance sees it. */
const everything = `query Everything($email: String!, $phone: String!) {
  customers(first: 10) { nodes { id name { given family full } emails phones birthDate addresses { line1 line2 city region postalCode country }
    identifiers { type value key } provenance { attribute sourceKey rule }
    sourceRecords { source sourceId key observedAt givenName familyName fullName emails phones birthDate externalIds { system value } identifiers { value key } }
    consents { purpose status subjectKey collectionPoint } analytics { orderCount totalSpend } quality { score issues { rule sourceKey message } } } }
  byEmail: customerByIdentifier(type: EMAIL, value: $email) { id }
  byPhone: customerByIdentifier(type: PHONE, value: $phone) { id }
  crm: sourceRecord(source: "crm", sourceId: "C-100") { key fullName }
  shop: sourceRecord(source: "shop", sourceId: "S-200") { key fullName }
  o1: order(orderId: "O-1") { orderId sourceKey amount }
  o2: order(orderId: "O-2") { orderId sourceKey amount }
}`;

beforeAll(async () => {
  // Fast retries, so that "retried" can be observed within the test.
  system = await startTestSystem({ env: { C360_PRIVACY_RETRY_MS: '200', C360_PRIVACY_TICK_MS: '100' } });
  expect(
    await ingest('crm', [
      {
        sourceId: 'C-100', observedAt: '2025-03-01T09:00:00Z', givenName: 'Ada', familyName: 'Lovelace', emails: ['ada@example.com'], phones: ['020 7946 0100'],
        birthDate: '1815-12-10', addresses: [{ line1: '12 St James Square', city: 'London', postalCode: 'SW1Y 4JH', country: 'GB' }],
      },
      { sourceId: 'C-300', observedAt: '2025-03-01T09:00:00Z', fullName: 'Bob Brown', emails: ['bob@example.com'] },
    ]),
  ).toMatchObject({ accepted: 2, suppressed: 0, rejected: [] });
  // The shop record shares the e-mail (so it is Ada) and has an impossible phone (a quality issue).
  expect(await ingest('shop', [{ sourceId: 'S-200', observedAt: '2025-04-01T09:00:00Z', fullName: 'Ada L.', emails: ['ADA@example.com'], phones: ['123'] }])).toMatchObject({ accepted: 1 });
  adaId = (await customerIdOf('ada@example.com'))!;
  bobId = (await customerIdOf('bob@example.com'))!;
  expect(adaId).toMatch(/^c_/);
  expect(bobId).not.toBe(adaId);
  const consents = await officer<{ recordConsents: Json }>(
    `mutation ($consents: [ConsentInput!]!) { recordConsents(consents: $consents) { accepted rejected { index reason } } }`,
    {
      consents: [
        { subjectKey: 'email:ada@example.com', purpose: 'MARKETING_EMAIL', channel: 'EMAIL', status: 'GRANTED', collectionPoint: 'web-signup', policyVersion: 'v3', capturedAt: '2025-03-02T10:00:00Z' },
        { subjectKey: 'crm:C-100', purpose: 'ANALYTICS', channel: 'WEB', status: 'DENIED', collectionPoint: 'preference-centre', policyVersion: 'v3', capturedAt: '2025-03-03T10:00:00Z' },
        { subjectKey: 'email:bob@example.com', purpose: 'MARKETING_EMAIL', channel: 'EMAIL', status: 'GRANTED', collectionPoint: 'web-signup', policyVersion: 'v3', capturedAt: '2025-03-02T10:00:00Z' },
      ],
    },
  );
  expect(consents.recordConsents).toEqual({ accepted: 3, rejected: [] });
  const orders = await officer<{ recordOrders: Json }>(`mutation ($orders: [OrderInput!]!) { recordOrders(orders: $orders) { accepted rejected { index reason } } }`, {
    orders: [
      { orderId: 'O-1', sourceKey: 'shop:S-200', placedAt: '2025-04-02T12:00:00Z', amount: 49.99, currency: 'GBP', itemCount: 2 },
      { orderId: 'O-2', sourceKey: 'shop:S-200', placedAt: '2025-04-10T12:00:00Z', amount: 10, currency: 'GBP', itemCount: 1 },
      { orderId: 'O-3', sourceKey: 'crm:C-300', placedAt: '2025-04-11T12:00:00Z', amount: 5, currency: 'GBP', itemCount: 1 },
    ],
  });
  expect(orders.recordOrders).toEqual({ accepted: 3, rejected: [] });
  // A CONFIDENTIAL read of Ada: one audit record about her customer.
  const read = await system.query(`query ReadAda($id: ID!) { customer(id: $id) { id emails } }`, { id: adaId }, { clearance: 'CONFIDENTIAL' });
  expect(read.errors).toBeUndefined();
});
afterAll(() => system?.stop());

describe('privacy requests: who may file and run them', () => {
  it.each(['PUBLIC', 'INTERNAL', 'CONFIDENTIAL'] as SensitivityLevel[])('refuses a %s caller with FORBIDDEN', async (clearance) => {
    const response = await system.query(`mutation { createPrivacyRequest(input: { type: ACCESS, jurisdiction: "GDPR", subject: { emails: ["ada@example.com"] } }) { id } }`, undefined, { clearance });
    expect(response.data).toEqual({ createPrivacyRequest: null });
    expect(response.errors).toEqual([expect.objectContaining({ path: ['createPrivacyRequest'], extensions: expect.objectContaining({ code: 'FORBIDDEN' }) })]);
  });

  it('keeps the internal privacy fields out of the public API', async () => {
    const response = await system.query(`{ identityPrivacyExport(identifiers: ["email:ada@example.com"]) }`, undefined, { clearance: 'RESTRICTED' });
    expect(response.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('refuses a direct internal call whose signed caller is not the privacy runner', async () => {
    const header = signCallerContext({ subject: 'mallory', client: 'script', clearance: 'RESTRICTED', purpose: 'SERVICE', anonymous: false }, 'req-direct', system.keys.context);
    const response = await fetch(system.subgraphUrls.identity, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [callerContextHeader]: header },
      body: JSON.stringify({ query: '{ identityPrivacyExport(identifiers: ["email:ada@example.com"]) }' }),
    });
    const body = (await response.json()) as Json;
    expect(body.data).toEqual({ identityPrivacyExport: null });
    expect(body.errors[0].extensions.code).toBe('FORBIDDEN');
    expect(JSON.stringify(body)).not.toContain('Lovelace');
  });
});

describe('privacy requests: lifecycle and due dates', () => {
  it('is RECEIVED with a due date one calendar month later under GDPR, 45 days under CCPA', async () => {
    const gdpr = await create('ACCESS', { emails: ['nobody@example.com'] }, { receivedAt: '2025-01-31T10:00:00Z' });
    expect(gdpr).toMatchObject({ type: 'ACCESS', status: 'RECEIVED', jurisdiction: 'GDPR', receivedAt: '2025-01-31T10:00:00.000Z', dueAt: '2025-02-28T10:00:00.000Z', verification: 'PENDING', overdue: true });
    expect(gdpr.tasks).toEqual(['identity', 'consent', 'quality', 'analytics'].map((subgraph) => ({ subgraph, status: 'PENDING', attempts: 0, lastError: null, nextAttemptAt: null, summary: null })));
    const ccpa = await officer<{ createPrivacyRequest: Json }>(
      `mutation { createPrivacyRequest(input: { type: ERASURE, jurisdiction: "ccpa", receivedAt: "2025-01-31T10:00:00Z", subject: { phones: ["+1 212 555 0100"] } }) { jurisdiction dueAt } }`,
    );
    expect(ccpa.createPrivacyRequest).toEqual({ jurisdiction: 'CCPA', dueAt: '2025-03-17T10:00:00.000Z' });
  });

  it('lists open requests past their due date as overdue, and filters the list', async () => {
    const overdue = await officer<{ overduePrivacyRequests: { id: string; status: string }[] }>(`{ overduePrivacyRequests { id status dueAt } }`);
    expect(overdue.overduePrivacyRequests.length).toBe(2);
    expect(overdue.overduePrivacyRequests.every((r) => r.status === 'RECEIVED')).toBe(true);
    const list = await officer<{ privacyRequests: Json }>(`{ privacyRequests(filter: { type: ERASURE, overdue: true }) { totalCount nodes { type jurisdiction } } }`);
    expect(list.privacyRequests).toEqual({ totalCount: 1, nodes: [{ type: 'ERASURE', jurisdiction: 'CCPA' }] });
  });

  it('refuses processing before verification, rejection once in progress, and an unknown jurisdiction', async () => {
    const pending = await create('ACCESS', { emails: ['nobody@example.com'] });
    const early = await system.query(`mutation ($id: ID!) { processPrivacyRequest(id: $id) { status } }`, { id: pending.id }, { clearance: 'RESTRICTED' });
    expect(early.errors?.[0]).toMatchObject({ message: expect.stringContaining('Cannot process a privacy request that is RECEIVED'), extensions: { code: 'BAD_USER_INPUT' } });
    const rejected = await officer<{ rejectPrivacyRequest: Json }>(`mutation ($id: ID!) { rejectPrivacyRequest(id: $id, reason: "identity could not be verified") { status rejectionReason } }`, { id: pending.id });
    expect(rejected.rejectPrivacyRequest).toEqual({ status: 'REJECTED', rejectionReason: 'identity could not be verified' });
    const unknown = await system.query(`mutation { createPrivacyRequest(input: { type: ACCESS, jurisdiction: "MARS", subject: { emails: ["a@example.com"] } }) { id } }`, undefined, { clearance: 'RESTRICTED' });
    expect(unknown.errors?.[0]).toMatchObject({ message: expect.stringContaining('Unknown jurisdiction "MARS": expected one of GDPR, UK_GDPR, CCPA, CPRA'), extensions: { code: 'BAD_USER_INPUT' } });
    const badEmail = await system.query(`mutation { createPrivacyRequest(input: { type: ACCESS, jurisdiction: "GDPR", subject: { emails: ["not-an-address"] } }) { id } }`, undefined, { clearance: 'RESTRICTED' });
    expect(badEmail.errors?.[0]).toMatchObject({ message: 'subject.emails[0] is not an e-mail address', extensions: { code: 'BAD_USER_INPUT' } });
  });
});

describe('privacy requests: access', () => {
  let document: Json;

  beforeAll(async () => {
    const created = await create('ACCESS', { emails: ['Ada@Example.com'] });
    const processed = await verifyAndProcess(created.id);
    expect(processed.status).toBe('COMPLETED');
    expect(processed.tasks.map((t: Json) => [t.subgraph, t.status])).toEqual([['identity', 'DONE'], ['consent', 'DONE'], ['quality', 'DONE'], ['analytics', 'DONE']]);
    document = (await request(created.id, 'export')).export;
  });

  it('exports every source record, identifier and golden record identity holds', () => {
    expect(document.subject.customerIds).toEqual([adaId]);
    expect(document.identity.sourceRecords.map((r: Json) => [r.key, r.fullName ?? `${r.givenName} ${r.familyName}`, r.emails, r.phones, r.birthDate, r.customerId])).toEqual([
      ['crm:C-100', 'Ada Lovelace', ['ada@example.com'], ['020 7946 0100'], '1815-12-10', adaId],
      ['shop:S-200', 'Ada L.', ['ADA@example.com'], ['123'], null, adaId],
    ]);
    expect(document.identity.sourceRecords[0].addresses).toEqual([{ line1: '12 St James Square', line2: null, city: 'London', region: null, postalCode: 'SW1Y 4JH', country: 'GB' }]);
    expect(document.identity.identifiers.map((i: Json) => i.key)).toEqual(['crm:C-100', 'email:ada@example.com', 'phone:+442079460100', 'shop:S-200']);
    expect(document.identity.customers).toEqual([
      expect.objectContaining({ id: adaId, fullName: 'Ada L.', emails: ['ada@example.com'], phones: ['+442079460100'], birthDate: '1815-12-10', mergedIds: [] }),
    ]);
  });

  it('exports the consent events, orders, quality issues and audit records about them', () => {
    expect(document.consent.consentEvents).toEqual([
      { subjectKey: 'email:ada@example.com', purpose: 'MARKETING_EMAIL', channel: 'EMAIL', status: 'GRANTED', legalBasis: 'CONSENT', collectionPoint: 'web-signup', policyVersion: 'v3', capturedAt: '2025-03-02T10:00:00.000Z', expiresAt: null, evidence: null, recordedAt: expect.any(String) },
      { subjectKey: 'crm:C-100', purpose: 'ANALYTICS', channel: 'WEB', status: 'DENIED', legalBasis: 'CONSENT', collectionPoint: 'preference-centre', policyVersion: 'v3', capturedAt: '2025-03-03T10:00:00.000Z', expiresAt: null, evidence: null, recordedAt: expect.any(String) },
    ]);
    expect(document.consent.privacySignals).toEqual([]);
    expect(document.analytics.orders.map((o: Json) => [o.orderId, o.sourceKey, o.placedAt, o.amount, o.currency, o.itemCount])).toEqual([
      ['O-1', 'shop:S-200', '2025-04-02T12:00:00.000Z', 49.99, 'GBP', 2],
      ['O-2', 'shop:S-200', '2025-04-10T12:00:00.000Z', 10, 'GBP', 1],
    ]);
    expect(document.quality.issues).toEqual([
      { rule: 'BIRTH_DATE_PLAUSIBLE', field: 'birthDate', sourceKey: 'crm:C-100', severity: 'WARNING', message: 'birth date is more than 120 years ago' },
      { rule: 'PHONE_VALID', field: 'phones', sourceKey: 'shop:S-200', severity: 'WARNING', message: 'phone #1 is not a valid number for its region (default GB)' },
    ]);
    expect(document.quality.score).toBe(80);
    expect(document.audit.records).toEqual([expect.objectContaining({ operationName: 'ReadAda', customerIds: [adaId], fields: [{ path: 'customer.emails', decision: 'CLEAR', level: 'CONFIDENTIAL' }] })]);
  });

  it('describes every field: level, category, purpose, retention and source', () => {
    const byPath = new Map<string, Json>(document.inventory.map((entry: Json) => [entry.path, entry]));
    expect(byPath.get('identity.sourceRecords[].emails')).toEqual({
      path: 'identity.sourceRecords[].emails',
      field: 'SourceRecord.emails',
      level: 'CONFIDENTIAL',
      category: 'CONTACT',
      purpose: 'identity resolution and the customer 360 view (SERVICE)',
      retention: '1095 days after the customer was last observed by any source (sourceRecords)',
      source: 'the source system named in `source` (crm, shop, support, callcenter, steward, web)',
    });
    expect(byPath.get('analytics.orders[].amount')).toMatchObject({ level: 'CONFIDENTIAL', category: 'FINANCIAL', retention: '2190 days after the order was placed (orders)' });
    expect(byPath.get('consent.consentEvents[].subjectKey')).toMatchObject({ level: 'CONFIDENTIAL', category: 'IDENTIFIER' });
    expect(byPath.get('quality.issues[].message')).toMatchObject({ level: 'INTERNAL', category: 'IDENTIFIER' });
    expect(byPath.get('audit.records[].fields')).toMatchObject({ source: expect.stringContaining('the gateway') });
  });

  it('holds nothing of anyone else', () => {
    const text = JSON.stringify(document);
    for (const other of ['bob@example.com', 'Bob Brown', 'C-300', 'O-3', bobId]) expect(text).not.toContain(other);
  });
});

describe('privacy requests: rectification', () => {
  it('ingests a steward correction record that joins the subject’s customer', async () => {
    const created = await create('RECTIFICATION', { emails: ['bob@example.com'] }, { correction: { fullName: 'Robert Brown' } });
    expect(created.tasks.map((t: Json) => t.subgraph)).toEqual(['identity']);
    const processed = await verifyAndProcess(created.id);
    expect(processed).toMatchObject({ status: 'COMPLETED', customerIds: [bobId] });
    expect(processed.tasks[0].summary).toEqual({ recordKey: `steward:pr-${created.id}`, accepted: 1, unchanged: 0 });
    const record = await officer<{ sourceRecord: Json }>(`query ($id: String!) { sourceRecord(source: "steward", sourceId: $id) { key fullName externalIds { system value } customer { id } } }`, { id: `pr-${created.id}` });
    expect(record.sourceRecord).toEqual({ key: `steward:pr-${created.id}`, fullName: 'Robert Brown', externalIds: [{ system: 'crm', value: 'C-300' }], customer: { id: bobId } });
  });

  it('refuses a rectification without a correction', async () => {
    const response = await system.query(`mutation { createPrivacyRequest(input: { type: RECTIFICATION, jurisdiction: "GDPR", subject: { emails: ["bob@example.com"] } }) { id } }`, undefined, { clearance: 'RESTRICTED' });
    expect(response.errors?.[0]).toMatchObject({ message: expect.stringContaining('a RECTIFICATION request needs a correction'), extensions: { code: 'BAD_USER_INPUT' } });
  });
});

describe('privacy requests: erasure', () => {
  let erasureId: string;
  let ordersBefore: { n: number; total: string };

  beforeAll(async () => {
    ordersBefore = (await system.db.query<{ n: number; total: string }>(`SELECT count(*)::int AS n, sum(amount)::text AS total FROM analytics.orders`)).rows[0]!;
    const created = await create('ERASURE', { emails: ['ada@example.com'] }, { note: 'asked by phone on 020 7946 0100' });
    erasureId = created.id;
    const processed = await verifyAndProcess(erasureId);
    expect(processed.status).toBe('COMPLETED');
    expect(processed.tasks.map((t: Json) => [t.subgraph, t.status, t.attempts])).toEqual([['identity', 'DONE', 1], ['consent', 'DONE', 1], ['quality', 'DONE', 1], ['analytics', 'DONE', 1]]);
    expect(processed.tasks[0].summary).toEqual({ records: 2, customers: 1, identifiers: 4, suppressions: 4, keys: 4 });
    expect(processed.tasks[3].summary).toEqual({ ordersPseudonymised: 2 });
  });

  it.each(['PUBLIC', 'INTERNAL', 'CONFIDENTIAL', 'RESTRICTED'] as SensitivityLevel[])('leaves nothing of the subject for a %s caller', async (clearance) => {
    const response = await system.query<Json, Json>(everything, { email: "ada@example.com", phone: "020 7946 0100" }, { clearance });
    expect(response.data).toMatchObject({ byEmail: null, byPhone: null, crm: null, shop: null, o1: null, o2: null });
    const text = JSON.stringify(response).toLowerCase();
    for (const fact of ['ada', 'lovelace', '7946 0100', '+442079460100', '1815', 'james square', 'sw1y', 'c-100', 's-200', 'o-1', 'o-2', adaId]) expect(text).not.toContain(fact.toLowerCase());
    expect(response.data!.customers.nodes.map((n: Json) => n.id)).toEqual([bobId]);
  });

  it('keeps other people and the aggregates: orders pseudonymised, amounts and dates kept', async () => {
    const { rows } = await system.db.query<{ n: number; total: string }>(`SELECT count(*)::int AS n, sum(amount)::text AS total FROM analytics.orders`);
    expect(rows[0]).toEqual(ordersBefore);
    const { rows: erased } = await system.db.query<Json>(`SELECT source_key, placed_at, amount::text AS amount, currency FROM analytics.orders WHERE source_key LIKE 'erased:%' ORDER BY placed_at`);
    expect(erased.map((row) => [row.amount, row.currency, (row.placed_at as Date).toISOString()])).toEqual([
      ['49.99', 'GBP', '2025-04-02T12:00:00.000Z'],
      ['10.00', 'GBP', '2025-04-10T12:00:00.000Z'],
    ]);
    expect(new Set(erased.map((row) => row.source_key)).size).toBe(1);
    const { rows: events } = await system.db.query<{ subject_key: string }>(`SELECT subject_key FROM consent.events ORDER BY id`);
    expect(events.map((e) => (e.subject_key.startsWith('erased:') ? 'erased' : e.subject_key))).toEqual(['erased', 'erased', 'email:bob@example.com']);
    const bob = await officer<{ customer: Json }>(`query ($id: ID!) { customer(id: $id) { emails consents { purpose status } analytics { orderCount } } }`, { id: bobId });
    expect(bob.customer).toEqual({ emails: ['bob@example.com'], consents: [{ purpose: 'MARKETING_EMAIL', status: 'GRANTED' }], analytics: { orderCount: 1 } });
  });

  it('suppresses the subject: re-ingesting their e-mail or record is rejected, counted and says why', async () => {
    const outcome = await ingest('support', [
      { sourceId: 'T-9', observedAt: '2025-06-01T09:00:00Z', fullName: 'Ada Lovelace', emails: ['ada@example.com'] },
      { sourceId: 'T-10', observedAt: '2025-06-01T09:00:00Z', fullName: 'Carol White', emails: ['carol@example.com'] },
    ]);
    expect(outcome).toEqual({
      accepted: 1,
      unchanged: 0,
      suppressed: 1,
      rejected: [{ index: 0, reason: 'suppressed: this person was erased at their request (privacy request), so their records are not ingested again' }],
    });
    expect((await ingest('crm', [{ sourceId: 'C-100', observedAt: '2025-06-02T09:00:00Z', fullName: 'A. Lovelace' }])).suppressed).toBe(1);
    expect(await customerIdOf('ada@example.com')).toBeNull();
  });

  it('keeps the request and its audit trail with the subject hashed only', async () => {
    const kept = await request(erasureId, `status note subject { emails phones sourceKeys hashes erased } auditTrail { requestId kind operationName details }`);
    expect(kept.status).toBe('COMPLETED');
    expect(kept.note).toBeNull();
    expect(kept.subject).toEqual({ emails: null, phones: null, sourceKeys: null, hashes: [expect.stringMatching(/^[0-9a-f]{64}$/)], erased: true });
    expect(kept.auditTrail.map((r: Json) => r.operationName)).toEqual([
      'privacyRequest:created',
      'privacyRequest:verified',
      'privacyRequest:processing',
      'privacyRequest:task-done',
      'privacyRequest:task-done',
      'privacyRequest:task-done',
      'privacyRequest:task-done',
      'privacyRequest:completed',
    ]);
    expect(kept.auditTrail.every((r: Json) => r.kind === 'PRIVACY' && r.requestId === erasureId && r.details.subjectHashes[0] === kept.subject.hashes[0])).toBe(true);
    // None of Ada's values, in any form. Whole words only: the request and audit ids are random
    // hex, and 'ada' is three hex digits (it was once inside a request id).
    const keptText = JSON.stringify(kept).toLowerCase();
    expect(keptText).not.toMatch(/\bada\b|lovelace|1815-12-10/);
    for (const phone of ['+442079460100', '02079460100', '020 7946 0100']) expect(keptText).not.toContain(phone);
    expect(await system.gateway.audit.verify()).toMatchObject({ ok: true });
  });

  it('scrubs the subject from the earlier access request too: identifiers and export gone', async () => {
    const list = await officer<{ privacyRequests: { nodes: Json[] } }>(`{ privacyRequests(filter: { type: ACCESS, status: COMPLETED }) { nodes { subject { emails erased } export } } }`);
    expect(list.privacyRequests.nodes).toEqual([
      { subject: { emails: null, erased: true }, export: expect.objectContaining({ available: false }) },
    ]);
  });
});

describe('privacy requests: a subgraph failing during erasure', () => {
  let id: string;
  let unreachable: string;

  beforeAll(async () => {
    expect(await ingest('crm', [{ sourceId: 'C-500', observedAt: '2025-03-01T09:00:00Z', fullName: 'Cy Young', emails: ['cy@example.com'] }])).toMatchObject({ accepted: 1 });
    await officer(`mutation { recordOrders(orders: [{ orderId: "O-5", sourceKey: "crm:C-500", placedAt: "2025-04-02T12:00:00Z", amount: 20, currency: "GBP", itemCount: 1 }]) { accepted } }`);
    // A real URL where nothing listens: the analytics subgraph is unreachable for the runner.
    unreachable = await closedPortUrl();
    system.consent!.setSubgraphUrls({ ...system.subgraphUrls, analytics: unreachable });
    id = (await create('ERASURE', { emails: ['cy@example.com'] })).id;
  });
  afterAll(() => system.consent!.setSubgraphUrls(system.subgraphUrls));

  it('leaves the request IN_PROGRESS with that task FAILED, then retried, never COMPLETED', async () => {
    const processed = await verifyAndProcess(id);
    expect(processed.status).toBe('IN_PROGRESS');
    expect(processed.completedAt).toBeNull();
    expect(processed.tasks.map((t: Json) => [t.subgraph, t.status])).toEqual([['identity', 'DONE'], ['consent', 'DONE'], ['quality', 'DONE'], ['analytics', 'FAILED']]);
    const analytics = processed.tasks[3];
    expect(analytics).toMatchObject({ attempts: 1, lastError: `could not reach ${new URL(unreachable).host}: ECONNREFUSED`, nextAttemptAt: expect.any(String) });

    // The background loop tries again after the backoff; it keeps failing, and the request stays open.
    // (An attempt shows IN_PROGRESS while it runs: wait for the third to have failed.)
    let current = processed;
    for (let wait = 0; !(current.tasks[3].attempts >= 3 && current.tasks[3].status === 'FAILED') && wait < 300; wait += 1) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      current = await request(id);
    }
    expect(current.tasks[3].status).toBe('FAILED');
    expect(current.tasks[3].attempts).toBeGreaterThanOrEqual(3);
    expect(current.status).toBe('IN_PROGRESS');
    const open = await officer<{ privacyRequests: { nodes: { id: string }[] } }>(`{ privacyRequests(filter: { status: IN_PROGRESS }) { nodes { id } } }`);
    expect(open.privacyRequests.nodes.map((n) => n.id)).toContain(id);
    const { rows } = await system.db.query<{ source_key: string }>(`SELECT source_key FROM analytics.orders WHERE order_id = 'O-5'`);
    expect(rows).toEqual([{ source_key: 'crm:C-500' }]);
  });

  it('completes once the subgraph is back and the tasks are retried', async () => {
    system.consent!.setSubgraphUrls(system.subgraphUrls);
    const retried = (await officer<{ retryPrivacyTasks: Json }>(`mutation ($id: ID!) { retryPrivacyTasks(id: $id) { ${requestFields} } }`, { id })).retryPrivacyTasks;
    expect(retried.status).toBe('COMPLETED');
    expect(retried.tasks[3]).toMatchObject({ status: 'DONE', lastError: null, summary: { ordersPseudonymised: 1 } });
    expect(retried.tasks[3].attempts).toBeGreaterThanOrEqual(4);
    const { rows } = await system.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM analytics.orders WHERE source_key = 'crm:C-500'`);
    expect(rows).toEqual([{ n: 0 }]);
  });
});

describe('privacy requests: a retry while the background loop is running the task', () => {
  it('waits for the loop’s attempt to end, then runs the task again and completes', async () => {
    expect(await ingest('crm', [{ sourceId: 'C-600', observedAt: '2025-03-01T09:00:00Z', fullName: 'Di Prince', emails: ['di@example.com'] }])).toMatchObject({ accepted: 1 });
    // Analytics answers every call after 600 ms with HTTP 503: each attempt is slow and fails.
    const slow = createServer((_request, response) => setTimeout(() => response.writeHead(503).end(), 600));
    await new Promise<void>((resolve) => slow.listen(0, '127.0.0.1', resolve));
    try {
      system.consent!.setSubgraphUrls({ ...system.subgraphUrls, analytics: `http://127.0.0.1:${(slow.address() as AddressInfo).port}/graphql` });
      const { id } = await create('ERASURE', { emails: ['di@example.com'] });
      const first = await verifyAndProcess(id);
      expect(first.tasks[3]).toMatchObject({ subgraph: 'analytics', status: 'FAILED', attempts: 1 });

      // The loop retries after the backoff; catch it holding the task for its second attempt.
      let current = first;
      for (let wait = 0; !(current.tasks[3].status === 'IN_PROGRESS' && current.tasks[3].attempts >= 2) && wait < 250; wait += 1) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        current = await request(id);
      }
      expect(current.tasks[3].status).toBe('IN_PROGRESS');
      const inFlight = current.tasks[3].attempts;

      system.consent!.setSubgraphUrls(system.subgraphUrls);
      const retried = (await officer<{ retryPrivacyTasks: Json }>(`mutation ($id: ID!) { retryPrivacyTasks(id: $id) { ${requestFields} } }`, { id })).retryPrivacyTasks;
      expect(retried.status).toBe('COMPLETED');
      expect(retried.tasks[3]).toMatchObject({ status: 'DONE', attempts: inFlight + 1, lastError: null });
    } finally {
      system.consent!.setSubgraphUrls(system.subgraphUrls);
      slow.close();
    }
  });
});
