import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { CustomerPageDocument, IngestSourceRecordsDocument, RecordConsentsDocument, RecordOrdersDocument } from '../generated/operations.ts';
import { startTestSystem, type TestSystem } from '../support/system.ts';

let system: TestSystem;
const people = 60;

beforeAll(async () => {
  system = await startTestSystem();
  const url = system.gatewayUrl;
  // Distinct people, as identity resolution would tell them apart: distinct names and e-mails.
  const given = ['Ava', 'Ben', 'Cleo', 'Dev', 'Esme', 'Finn', 'Gita', 'Hugo', 'Iris', 'Jude'];
  const family = ['Abbott', 'Barlow', 'Chen', 'Dufresne', 'Eriksen', 'Fairweather'];
  const name = (i: number) => [given[i % given.length]!, family[Math.floor(i / given.length)]!];
  const records = Array.from({ length: people }, (_, i) => ({
    sourceId: `C-${i}`, observedAt: '2025-01-01T00:00:00Z', fullName: name(i).join(' '), emails: [`p${i}@example.com`],
  }));
  const shop = records.map((r, i) => ({ ...r, sourceId: `${i}`, externalIds: [{ system: 'crm', value: `C-${i}` }] }));
  expect((await system.query(IngestSourceRecordsDocument, { source: 'crm', records })).data?.ingestSourceRecords?.accepted).toBe(people);
  expect((await system.query(IngestSourceRecordsDocument, { source: 'shop', records: shop })).data?.ingestSourceRecords?.accepted).toBe(people);
  await system.query(RecordConsentsDocument, {
    consents: records.map((_, i) => ({ subjectKey: `email:p${i}@example.com`, purpose: 'ANALYTICS' as const, channel: 'WEB' as const, status: 'GRANTED' as const, collectionPoint: 'web', policyVersion: 'v1', capturedAt: '2025-01-01T00:00:00Z' })),
  });
  await system.query(RecordOrdersDocument, {
    orders: records.map((_, i) => ({ orderId: `O-${i}`, sourceKey: `shop:${i}`, placedAt: '2025-02-01T00:00:00Z', amount: 10 + i, currency: 'GBP', itemCount: 1 })),
  });
});
afterAll(() => system?.stop());

describe('batching: entity fetches', () => {
  it('costs one store round trip per subgraph fetch for 50 customers, not one per customer', async () => {
    const cypher: string[] = [];
    const sql: string[] = [];
    const stopCypher = system.identity!.repository.onQuery((statement) => cypher.push(statement));
    const stopSql = system.db.onQuery((statement) => sql.push(statement));
    try {
      const response = await system.query(CustomerPageDocument, { first: 50 });
      expect(response.errors).toBeUndefined();
      const nodes = response.data!.customers.nodes;
      expect(nodes).toHaveLength(50);
      expect(nodes.every((n) => n.consents?.length === 1 && n.analytics?.orderCount === 1 && n.quality !== null)).toBe(true);
    } finally {
      stopCypher();
      stopSql();
    }
    // identity: the page, the total that the operation asks for, and one batched lookup of the 50
    // customers for the entity fetch of `emails`, which @requires consent's contactPermission (issue 4).
    const kind = (c: string) => (/count\(c\) AS total/.test(c) ? 'count' : /WITH c ORDER BY c.id/.test(c) ? 'page' : /UNWIND \$ids AS requestedId/.test(c) ? 'entities' : 'other');
    expect(cypher.map(kind)).toEqual(['page', 'count', 'entities']);
    const bySchema = (schema: string) => sql.filter((s) => s.includes(`${schema}.`)).length;
    // The gateway's audit record of this CONFIDENTIAL read is one transaction, whatever the page size.
    const subgraphStatements = sql.filter((s) => !s.includes('audit.') && !/^\s*(BEGIN|COMMIT|ROLLBACK|SELECT pg_advisory_xact_lock)/i.test(s));
    expect({ consent: bySchema('consent'), quality: bySchema('quality'), analytics: bySchema('analytics'), total: subgraphStatements.length }).toEqual({
      consent: 1, quality: 1, analytics: 1, total: 3,
    });
  });
});
