import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IngestSourceRecordsDocument } from '../generated/operations.ts';
import { startTestSystem, type TestSystem } from '../support/system.ts';

let system: TestSystem;
let customerId: string;

const sensitiveRead = `query ReadContact($email: String!) { customerByIdentifier(type: EMAIL, value: $email) { id emails identifiers { value } } }`;
const records = () => system.gateway.audit.list({}, 100, null);

beforeAll(async () => {
  system = await startTestSystem();
  const ingest = await system.query(IngestSourceRecordsDocument, {
    source: 'crm',
    records: [{ sourceId: 'C-A1', observedAt: '2025-01-01T00:00:00Z', fullName: 'Ada Byron', emails: ['ada.byron@example.com'] }],
  });
  expect(ingest.data?.ingestSourceRecords?.accepted).toBe(1);
  const found = await system.query<{ customerByIdentifier: { id: string } }, { email: string }>(`query ($email: String!) { customerByIdentifier(type: EMAIL, value: $email) { id } }`, { email: 'ada.byron@example.com' });
  customerId = found.data!.customerByIdentifier.id;
});
afterAll(() => system?.stop());

describe('audit: one record per sensitive operation', () => {
  it('records a CONFIDENTIAL read with each field decision and the customer', async () => {
    const before = (await records()).totalCount;
    const response = await system.query(sensitiveRead, { email: 'ada.byron@example.com' }, { clearance: 'CONFIDENTIAL', purpose: 'SERVICE' });
    expect(response.errors).toBeUndefined();
    const page = await records();
    expect(page.totalCount).toBe(before + 1);
    const record = page.records[0]!;
    expect(record).toMatchObject({ subject: 'test-user', client: 'test-suite', purpose: 'SERVICE', operationName: 'ReadContact', customerIds: [customerId], kind: 'READ' });
    expect(record.operationHash).toMatch(/^[0-9a-f]{64}$/);
    expect(record.fields).toEqual([
      { path: 'customerByIdentifier.emails', decision: 'CLEAR', level: 'CONFIDENTIAL' },
      { path: 'customerByIdentifier.identifiers.0.value', decision: 'MASKED', level: 'RESTRICTED' },
      { path: 'customerByIdentifier.identifiers.1.value', decision: 'MASKED', level: 'RESTRICTED' },
    ]);
  });

  it('writes nothing for an operation without CONFIDENTIAL or RESTRICTED fields', async () => {
    const before = (await records()).totalCount;
    const response = await system.query('{ customers(first: 5) { totalCount nodes { name { full } } } }', undefined, { clearance: 'INTERNAL' });
    expect(response.errors).toBeUndefined();
    expect((await records()).totalCount).toBe(before);
  });

  it('serves the log to RESTRICTED callers only', async () => {
    const query = `{ auditLog(first: 1, filter: { customerId: "${customerId}" }) { totalCount nodes { subject operationName customerIds fields { path decision level } } } }`;
    const restricted = await system.query<{ auditLog: { totalCount: number; nodes: { operationName: string }[] } }, never>(query, undefined, { clearance: 'RESTRICTED' });
    expect(restricted.errors).toBeUndefined();
    expect(restricted.data!.auditLog.nodes[0]!.operationName).toBe('ReadContact');
    const confidential = await system.query(query, undefined, { clearance: 'CONFIDENTIAL' });
    expect(confidential.data).toEqual({ auditLog: null });
    expect(confidential.errors).toEqual([expect.objectContaining({ path: ['auditLog'], extensions: expect.objectContaining({ code: 'FORBIDDEN' }) })]);
  });

  it('detects a changed record', async () => {
    expect(await system.gateway.audit.verify()).toEqual({ ok: true, count: (await records()).totalCount });
    await system.db.exec(`ALTER TABLE audit.records DISABLE TRIGGER USER; UPDATE audit.records SET subject = 'someone-else' WHERE seq = 1; ALTER TABLE audit.records ENABLE TRIGGER USER;`);
    expect(await system.gateway.audit.verify()).toMatchObject({ ok: false, firstBadSeq: 1, problem: 'changed' });
  });
});

describe('audit: fail closed', () => {
  it('withholds sensitive data when the audit store cannot be written, and keeps serving the rest', async () => {
    await system.db.exec('ALTER TABLE audit.records RENAME TO records_offline');
    try {
      const sensitive = await system.query(sensitiveRead, { email: 'ada.byron@example.com' }, { clearance: 'RESTRICTED' });
      expect(sensitive.status).toBe(503);
      expect(sensitive.data ?? null).toBeNull();
      expect(JSON.stringify(sensitive)).not.toContain('ada.byron@example.com');
      expect(sensitive.errors).toEqual([expect.objectContaining({ extensions: { code: 'INTERNAL_SERVER_ERROR' } })]);
      const plain = await system.query('{ customers(first: 1) { totalCount } }', undefined, { clearance: 'RESTRICTED' });
      expect(plain.data).toEqual({ customers: { totalCount: 1 } });
    } finally {
      await system.db.exec('ALTER TABLE audit.records_offline RENAME TO records');
    }
  });
});
