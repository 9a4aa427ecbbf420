import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { CustomerByIdentifierDocument, CustomerPageDocument, IngestSourceRecordsDocument, QualityRulesDocument, RecordConsentsDocument, RecordOrdersDocument, SourceRecordDocument } from '../generated/operations.ts';
import { startTestSystem, type TestSystem } from '../support/system.ts';

let system: TestSystem;
let url: string;

beforeAll(async () => {
  system = await startTestSystem();
  url = system.gatewayUrl;
  const crm = await system.query(IngestSourceRecordsDocument, {
    source: 'crm',
    records: [
      { sourceId: 'C-1001', observedAt: '2025-06-01T10:00:00Z', givenName: 'Jane', familyName: 'Doe', emails: ['Jane.Doe@Example.com'], phones: ['020 7946 0001'], birthDate: '1985-04-12' },
      { sourceId: 'C-1002', observedAt: '2025-06-01T10:00:00Z', givenName: 'Raj', familyName: 'Patel', emails: ['raj@example.org'], birthDate: '1890-01-01' },
    ],
  });
  expect(crm.data?.ingestSourceRecords).toEqual({ accepted: 2, unchanged: 0, customersAffected: 2, rejected: [] });
  const shop = await system.query(IngestSourceRecordsDocument, {
    source: 'shop',
    records: [{ sourceId: '88231', observedAt: '2025-09-01T10:00:00Z', fullName: 'Jane Doe', emails: ['jane.doe@example.com', 'jane@'], externalIds: [{ system: 'crm', value: 'C-1001' }] }],
  });
  expect(shop.data?.ingestSourceRecords?.accepted).toBe(1);
  const consents = await system.query(RecordConsentsDocument, {
    consents: [
      { subjectKey: 'email:jane.doe@example.com', purpose: 'MARKETING_EMAIL', channel: 'WEB', status: 'GRANTED', collectionPoint: 'web-signup', policyVersion: 'v1', capturedAt: '2025-01-01T00:00:00Z' },
      { subjectKey: 'crm:C-1001', purpose: 'MARKETING_EMAIL', channel: 'EMAIL', status: 'DENIED', collectionPoint: 'preference-center', policyVersion: 'v2', capturedAt: '2025-07-01T00:00:00Z' },
      { subjectKey: 'phone:+442079460001', purpose: 'MARKETING_SMS', channel: 'PHONE', status: 'GRANTED', collectionPoint: 'call-center', policyVersion: 'v2', capturedAt: '2025-03-01T00:00:00Z' },
    ],
  });
  expect(consents.data?.recordConsents).toEqual({ accepted: 3, duplicates: 0, rejected: [] });
  const orders = await system.query(RecordOrdersDocument, {
    orders: [
      { orderId: 'O-1', sourceKey: 'shop:88231', placedAt: '2025-09-01T12:00:00Z', amount: 40.5, currency: 'GBP', itemCount: 2 },
      { orderId: 'O-2', sourceKey: 'shop:88231', placedAt: '2025-10-01T12:00:00Z', amount: 59.5, currency: 'GBP', itemCount: 1 },
    ],
  });
  expect(orders.data?.recordOrders).toEqual({ accepted: 2, rejected: [] });
});
afterAll(() => system?.stop());

describe('customer 360 through the gateway', () => {
  it('answers one query with facts from all four subgraphs', async () => {
    const response = await system.query(CustomerByIdentifierDocument, { type: 'EMAIL', value: ' JANE.DOE@example.com' });
    expect(response.errors).toBeUndefined();
    const customer = response.data!.customerByIdentifier!;
    expect(customer.emails).toEqual(['jane.doe@example.com']);
    expect(customer.consents).toEqual([
      { purpose: 'MARKETING_EMAIL', status: 'DENIED', subjectKey: 'crm:C-1001' },
      { purpose: 'MARKETING_SMS', status: 'GRANTED', subjectKey: 'phone:+442079460001' },
    ]);
    expect(customer.analytics).toEqual({ orderCount: 2, totalSpend: 100, rfm: expect.objectContaining({ segment: expect.any(String) }) });
    expect(customer.quality).toEqual({
      score: 80,
      issues: [{ rule: 'EMAIL_SYNTAX', field: 'emails', sourceKey: 'shop:88231', severity: 'ERROR' }],
    });
  });

  it('pages through customers with cursors and a total', async () => {
    const first = await system.query(CustomerPageDocument, { first: 1 });
    expect(first.errors).toBeUndefined();
    expect(first.data!.customers.totalCount).toBe(2);
    expect(first.data!.customers.nodes).toHaveLength(1);
    expect(first.data!.customers.pageInfo.hasNextPage).toBe(true);
    const second = await system.query(CustomerPageDocument, { first: 1, after: first.data!.customers.pageInfo.endCursor });
    expect(second.data!.customers.pageInfo.hasNextPage).toBe(false);
    expect(second.data!.customers.nodes[0]!.id).not.toBe(first.data!.customers.nodes[0]!.id);
    const raj = [first, second].map((r) => r.data!.customers.nodes[0]!).find((n) => n.emails?.includes('raj@example.org'))!;
    expect(raj.quality!.issues.map((i) => i.rule)).toEqual(['BIRTH_DATE_PLAUSIBLE']);
    expect(raj.analytics).toEqual(expect.objectContaining({ orderCount: 0, totalSpend: null, rfm: null }));
    expect(raj.consents).toEqual([]);
  });

  it('refuses a page size out of range and a foreign cursor with BAD_USER_INPUT', async () => {
    const tooMany = await system.query(CustomerPageDocument, { first: 501 });
    expect(tooMany.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const badCursor = await system.query(CustomerPageDocument, { first: 1, after: 'bm90LWEtY3Vyc29y' });
    expect(badCursor.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('shows a source record with its identifiers and customer', async () => {
    const response = await system.query(SourceRecordDocument, { source: 'shop', sourceId: '88231' });
    const record = response.data!.sourceRecord!;
    expect(record.key).toBe('shop:88231');
    expect(record.identifiers).toEqual([
      { type: 'SHOP_ID', value: '88231', key: 'shop:88231' },
      { type: 'CRM_ID', value: 'C-1001', key: 'crm:C-1001' },
      { type: 'EMAIL', value: 'jane.doe@example.com', key: 'email:jane.doe@example.com' },
    ]);
    const byCrm = await system.query(CustomerByIdentifierDocument, { type: 'CRM_ID', value: 'C-1001' });
    expect(record.customer!.id).toBe(byCrm.data!.customerByIdentifier!.id);
  });

  it('lists the quality rule catalog', async () => {
    const response = await system.query(QualityRulesDocument);
    expect(response.data!.qualityRules.map((r) => [r.id, r.severity, r.enabled])).toEqual([
      ['BIRTH_DATE_PLAUSIBLE', 'WARNING', true],
      ['EMAIL_SYNTAX', 'ERROR', true],
      ['NAME_PRESENT', 'WARNING', true],
      ['PHONE_VALID', 'WARNING', true],
    ]);
  });
});

describe('batches with bad input', () => {
  it('rejects each bad consent and order with its index and keeps the rest', async () => {
    const consents = await system.query(RecordConsentsDocument, {
      consents: [
        { subjectKey: 'fax:123', purpose: 'ANALYTICS', channel: 'WEB', status: 'GRANTED', collectionPoint: 'web', policyVersion: 'v1', capturedAt: '2025-01-01T00:00:00Z' },
        { subjectKey: 'email:raj@example.org', purpose: 'ANALYTICS', channel: 'WEB', status: 'GRANTED', collectionPoint: 'web', policyVersion: 'v1', capturedAt: '2025-01-01T00:00:00Z' },
        { subjectKey: 'email:jane.doe@example.com', purpose: 'MARKETING_EMAIL', channel: 'WEB', status: 'GRANTED', collectionPoint: 'web-signup', policyVersion: 'v1', capturedAt: '2025-01-01T00:00:00Z' },
      ],
    });
    expect(consents.data!.recordConsents).toEqual({
      accepted: 1,
      duplicates: 1,
      rejected: [{ index: 0, reason: 'subjectKey: unknown key kind "fax": expected email, phone or one of crm, shop, support, callcenter, steward' }],
    });
    const orders = await system.query(RecordOrdersDocument, {
      orders: [
        { orderId: 'O-9', sourceKey: 'shop:1', placedAt: '2025-01-01T00:00:00Z', amount: -5, currency: 'GBP', itemCount: 1 },
        { orderId: 'O-10', sourceKey: 'shop:1', placedAt: '2025-01-01T00:00:00Z', amount: 5, currency: 'GBP', itemCount: 1 },
      ],
    });
    expect(orders.data!.recordOrders).toEqual({ accepted: 1, rejected: [{ index: 0, orderId: 'O-9', reason: 'amount must be positive' }] });
  });

  it('refuses an unknown source system as a whole with BAD_USER_INPUT', async () => {
    const response = await system.query(IngestSourceRecordsDocument, { source: 'erp', records: [{ sourceId: '1', observedAt: '2025-01-01T00:00:00Z', fullName: 'X Y' }] });
    expect(response.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(response.errors?.[0]?.message).toBe('source must be one of crm, shop, support, callcenter, steward, got "erp"');
  });
});

describe('gateway endpoints', () => {
  it('reports alive and ready', async () => {
    const base = new URL(url);
    expect((await fetch(new URL('/healthz', base))).status).toBe(200);
    const ready = await fetch(new URL('/readyz', base));
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready', subgraphs: { identity: 'ready', consent: 'ready', quality: 'ready', analytics: 'ready' }, auditStore: 'ready' });
  });

  it('serves GraphiQL to a browser with every asset inlined and the examples preloaded', async () => {
    const response = await fetch(url, { headers: { accept: 'text/html' } });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('c360');
    expect(html).toContain('query Customer360');
    expect(html).not.toMatch(/<script[^>]+src=["']https?:/);
    expect(html).not.toMatch(/<link[^>]+href=["']https?:/);
  });
});
