import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runRetention } from '../../tools/retention/runRetention.ts';
import { closedPortUrl } from '../support/closedPort.ts';
import { startTestSystem, type TestSystem } from '../support/system.ts';

let system: TestSystem;
type Json = Record<string, any>;

async function officer<T = Json>(query: string, variables?: Json): Promise<T> {
  const response = await system.query<T, Json>(query, variables, { clearance: 'RESTRICTED' });
  expect(response.errors).toBeUndefined();
  return response.data as T;
}

/** An instant `days` before now, as ISO text. */
const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString();

beforeAll(async () => {
  system = await startTestSystem();
  // A customer no source has observed for ten years, and one observed yesterday.
  await officer(`mutation ($records: [SourceRecordInput!]!) { ingestSourceRecords(source: "crm", records: $records) { accepted } }`, {
    records: [
      { sourceId: 'R-1', observedAt: daysAgo(3650), fullName: 'Old Timer', emails: ['old@example.com'] },
      { sourceId: 'R-2', observedAt: daysAgo(1), fullName: 'New Comer', emails: ['new@example.com'] },
    ],
  });
  await officer(`mutation ($consents: [ConsentInput!]!) { recordConsents(consents: $consents) { accepted } }`, {
    consents: [
      // Superseded ten years ago: purged. The later decision still decides: kept, however old.
      { subjectKey: 'email:new@example.com', purpose: 'MARKETING_EMAIL', channel: 'EMAIL', status: 'GRANTED', collectionPoint: 'web', policyVersion: 'v1', capturedAt: daysAgo(3650) },
      { subjectKey: 'email:new@example.com', purpose: 'MARKETING_EMAIL', channel: 'EMAIL', status: 'DENIED', collectionPoint: 'web', policyVersion: 'v1', capturedAt: daysAgo(3000) },
      // The only decision for its purpose: kept.
      { subjectKey: 'email:new@example.com', purpose: 'ANALYTICS', channel: 'WEB', status: 'GRANTED', collectionPoint: 'web', policyVersion: 'v1', capturedAt: daysAgo(3650) },
    ],
  });
  await officer(`mutation ($orders: [OrderInput!]!) { recordOrders(orders: $orders) { accepted } }`, {
    orders: [
      { orderId: 'OLD-1', sourceKey: 'crm:R-2', placedAt: daysAgo(2500), amount: 10, currency: 'GBP', itemCount: 1 },
      { orderId: 'NEW-1', sourceKey: 'crm:R-2', placedAt: daysAgo(10), amount: 20, currency: 'GBP', itemCount: 1 },
    ],
  });
  // An access request whose export was completed 40 days ago (its completion time set back in the store).
  const created = await officer<{ createPrivacyRequest: { id: string } }>(`mutation { createPrivacyRequest(input: { type: ACCESS, jurisdiction: "GDPR", subject: { emails: ["new@example.com"] } }) { id } }`);
  const id = created.createPrivacyRequest.id;
  await officer(`mutation ($id: ID!) { verifyPrivacyRequest(id: $id, method: "signed letter") { status } }`, { id });
  expect((await officer<{ processPrivacyRequest: { status: string } }>(`mutation ($id: ID!) { processPrivacyRequest(id: $id) { status } }`, { id })).processPrivacyRequest.status).toBe('COMPLETED');
  await system.db.query(`UPDATE consent.privacy_requests SET completed_at = now() - interval '40 days' WHERE id = $1`, [id]);
});
afterAll(() => system?.stop());

describe('retention: npm run retention:apply', () => {
  it('purges what expired in every subgraph and reports the counts', async () => {
    const report = await runRetention({ consentUrl: system.subgraphUrls.consent, contextKey: system.keys.context });
    expect(report.outcomes.map(({ before: _before, ...outcome }) => outcome)).toEqual([
      { dataSet: 'sourceRecords', subgraph: 'identity', retentionDays: 1095, purged: 1, details: { customers: 1, records: 1, identifiers: 2 }, error: null },
      { dataSet: 'consentEvents', subgraph: 'consent', retentionDays: 2190, purged: 1, details: { events: 1 }, error: null },
      { dataSet: 'orders', subgraph: 'analytics', retentionDays: 2190, purged: 1, details: { orders: 1 }, error: null },
      { dataSet: 'privacyExports', subgraph: 'consent', retentionDays: 30, purged: 4, details: { exportParts: 4 }, error: null },
    ]);
    expect(await officer(`{ old: customerByIdentifier(type: EMAIL, value: "old@example.com") { id } new: customerByIdentifier(type: EMAIL, value: "new@example.com") { name { full } consents { purpose status } analytics { orderCount } } }`)).toEqual({
      old: null,
      new: { name: { full: 'New Comer' }, consents: [{ purpose: 'ANALYTICS', status: 'GRANTED' }, { purpose: 'MARKETING_EMAIL', status: 'DENIED' }], analytics: { orderCount: 1 } },
    });
    const { rows } = await system.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM consent.events`);
    expect(rows).toEqual([{ n: 2 }]);
    const requests = await officer<{ privacyRequests: { nodes: { export: Json }[] } }>(`{ privacyRequests { nodes { export } } }`);
    expect(requests.privacyRequests.nodes[0]!.export).toMatchObject({ available: false });
  });

  it('writes an audit record with the counts, and keeps the chain intact', async () => {
    const log = await officer<{ auditLog: { nodes: Json[] } }>(`{ auditLog(filter: { kind: "RETENTION" }) { nodes { kind subject client purpose details } } }`);
    expect(log.auditLog.nodes).toHaveLength(1);
    const [record] = log.auditLog.nodes;
    expect(record).toMatchObject({ kind: 'RETENTION', subject: 'c360-retention', client: 'c360-retention', purpose: 'PRIVACY' });
    expect(record!.details.outcomes.map((o: Json) => [o.dataSet, o.purged])).toEqual([['sourceRecords', 1], ['consentEvents', 1], ['orders', 1], ['privacyExports', 4]]);
    expect(await system.gateway.audit.verify()).toMatchObject({ ok: true });
  });

  it('purges nothing more when run again', async () => {
    const again = await officer<{ applyRetention: { outcomes: { dataSet: string; purged: number; error: string | null }[] } }>(`mutation { applyRetention { outcomes { dataSet purged error } } }`);
    expect(again.applyRetention.outcomes).toEqual([
      { dataSet: 'sourceRecords', purged: 0, error: null },
      { dataSet: 'consentEvents', purged: 0, error: null },
      { dataSet: 'orders', purged: 0, error: null },
      { dataSet: 'privacyExports', purged: 0, error: null },
    ]);
  });

  it('is for RESTRICTED callers only', async () => {
    const response = await system.query(`mutation { applyRetention { auditSeq } }`, undefined, { clearance: 'CONFIDENTIAL' });
    expect(response.data).toEqual({ applyRetention: null });
    expect(response.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('reports a subgraph it cannot reach, purges the others, and records the failure', async () => {
    const unreachable = await closedPortUrl();
    system.consent!.setSubgraphUrls({ ...system.subgraphUrls, identity: unreachable });
    try {
      const report = await runRetention({ consentUrl: system.subgraphUrls.consent, contextKey: system.keys.context });
      expect(report.outcomes.map((o) => [o.dataSet, o.error === null ? 'ok' : o.error])).toEqual([
        ['sourceRecords', `could not reach ${new URL(unreachable).host}: ECONNREFUSED`],
        ['consentEvents', 'ok'],
        ['orders', 'ok'],
        ['privacyExports', 'ok'],
      ]);
    } finally {
      system.consent!.setSubgraphUrls(system.subgraphUrls);
    }
  });
});
