import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { IngestSourceRecordsDocument } from '../generated/operations.ts';
import { startTestSystem, type TestSystem } from '../support/system.ts';

let system: TestSystem;

const customer360 = `{ customers(first: 5) { nodes { id name { full } emails consents { purpose status } analytics { orderCount totalSpend } quality { score } } } }`;

beforeAll(async () => {
  system = await startTestSystem();
  const ingest = await system.query(IngestSourceRecordsDocument, {
    source: 'crm',
    records: [
      { sourceId: 'C-1', observedAt: '2025-01-01T00:00:00Z', fullName: 'Ada One', emails: ['ada@example.com'] },
      { sourceId: 'C-2', observedAt: '2025-01-01T00:00:00Z', fullName: 'Bea Two', emails: ['bea@example.com'] },
    ],
  });
  expect(ingest.data?.ingestSourceRecords?.accepted).toBe(2);
});
afterAll(() => system?.stop());

describe('a subgraph goes down', () => {
  it('keeps every other field and reports SUBGRAPH_UNAVAILABLE at each analytics path', async () => {
    const before = await system.query<{ customers: { nodes: { analytics: unknown }[] } }, never>(customer360);
    expect(before.errors).toBeUndefined();
    expect(before.data!.customers.nodes.map((n) => n.analytics)).toEqual([{ orderCount: 0, totalSpend: null }, { orderCount: 0, totalSpend: null }]);

    await system.stopPart('analytics');
    const after = await system.query<{ customers: { nodes: { name: { full: string }; emails: string[]; quality: { score: number }; consents: unknown[]; analytics: unknown }[] } }, never>(
      customer360,
    );
    expect(after.status).toBe(200);
    expect(after.data!.customers.nodes.map((n) => [n.name.full, n.emails, n.quality, n.consents, n.analytics]).sort()).toEqual([
      ['Ada One', ['ada@example.com'], { score: 100 }, [], null],
      ['Bea Two', ['bea@example.com'], { score: 100 }, [], null],
    ]);
    expect(after.errors).toEqual([
      expect.objectContaining({ path: ['customers', 'nodes', 0, 'analytics'], extensions: expect.objectContaining({ code: 'SUBGRAPH_UNAVAILABLE', subgraph: 'analytics' }) }),
      expect.objectContaining({ path: ['customers', 'nodes', 1, 'analytics'], extensions: expect.objectContaining({ code: 'SUBGRAPH_UNAVAILABLE', subgraph: 'analytics' }) }),
    ]);
    expect(JSON.stringify(after.errors)).not.toMatch(/stacktrace|ECONNREFUSED/);
  });

  it('names the subgraph in a root field error and in /readyz', async () => {
    const response = await system.query(`{ order(orderId: "O-1") { orderId } }`);
    expect(response.data).toEqual({ order: null });
    expect(response.errors).toEqual([
      expect.objectContaining({ path: ['order'], extensions: expect.objectContaining({ code: 'SUBGRAPH_UNAVAILABLE', subgraph: 'analytics' }) }),
    ]);
    const ready = await fetch(new URL('/readyz', system.gatewayUrl));
    expect(ready.status).toBe(503);
    expect(await ready.json()).toEqual({ status: 'unavailable', subgraphs: { identity: 'ready', consent: 'ready', quality: 'ready', analytics: 'unavailable' }, auditStore: 'ready' });
  });
});
