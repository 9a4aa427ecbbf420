import { describe, expect, it } from 'vitest';
import type { StoredRecord } from '../resolution/types.ts';
import { validateRecord, type SourceRecordInput } from '../resolution/validateRecord.ts';
import { dropSuppressedRecords, suppressedReason, type SuppressionCheck } from './dropSuppressedRecords.ts';

const options = { region: 'GB', latestObservedAt: '2030-01-01T00:00:00.000Z' };
/** A suppression list of canonical keys, as the Neo4j store answers it (which keys are suppressed). */
const suppressing = (...keys: string[]): SuppressionCheck => ({ suppressedAmong: async (asked) => new Set(asked.filter((key) => keys.includes(key))) });

function batch(inputs: SourceRecordInput[]) {
  const latest = new Map<string, StoredRecord>();
  for (const input of inputs) {
    const record = validateRecord('shop', input, options);
    if (!('reason' in record) && (latest.get(record.key)?.observedAt ?? '') < record.observedAt) latest.set(record.key, record);
  }
  return latest;
}

describe('suppression at ingestion', () => {
  it('drops records carrying a suppressed e-mail, own key or external id, and rejects each input with the reason', async () => {
    const inputs: SourceRecordInput[] = [
      { sourceId: '1', observedAt: '2025-01-01T00:00:00Z', fullName: 'A', emails: ['Erased@Example.com'] },
      { sourceId: '2', observedAt: '2025-01-01T00:00:00Z', fullName: 'B', emails: ['kept@example.com'] },
      { sourceId: '3', observedAt: '2025-01-01T00:00:00Z', fullName: 'C', externalIds: [{ system: 'crm', value: 'C-9' }] },
      { sourceId: '4', observedAt: '2025-01-01T00:00:00Z', fullName: 'D' },
    ];
    const latest = batch(inputs);
    const rejected = [{ index: 9, sourceId: null, reason: 'earlier' }];
    const duplicates = await dropSuppressedRecords(suppressing('email:erased@example.com', 'crm:C-9', 'shop:4'), { source: 'shop', inputs, latest, rejected, ...options });
    expect([...latest.keys()]).toEqual(['shop:2']);
    expect(rejected).toEqual([
      { index: 0, sourceId: '1', reason: suppressedReason },
      { index: 2, sourceId: '3', reason: suppressedReason },
      { index: 3, sourceId: '4', reason: suppressedReason },
      { index: 9, sourceId: null, reason: 'earlier' },
    ]);
    expect(duplicates).toBe(0);
  });

  it('rejects every version of a suppressed record and returns how many were counted unchanged', async () => {
    const inputs: SourceRecordInput[] = [
      { sourceId: '1', observedAt: '2025-01-01T00:00:00Z', fullName: 'A', emails: ['erased@example.com'] },
      { sourceId: '1', observedAt: '2025-02-01T00:00:00Z', fullName: 'A', emails: ['erased@example.com'] },
    ];
    const rejected: { index: number; sourceId: string | null; reason: string }[] = [];
    const latest = batch(inputs);
    expect(await dropSuppressedRecords(suppressing('email:erased@example.com'), { source: 'shop', inputs, latest, rejected, ...options })).toBe(1);
    expect(rejected.map((r) => r.index)).toEqual([0, 1]);
    expect(latest.size).toBe(0);
  });

  it('leaves the batch alone without a suppression list or without a match', async () => {
    const inputs: SourceRecordInput[] = [{ sourceId: '1', observedAt: '2025-01-01T00:00:00Z', fullName: 'A', emails: ['a@example.com'] }];
    const latest = batch(inputs);
    const rejected: { index: number; sourceId: string | null; reason: string }[] = [];
    expect(await dropSuppressedRecords(undefined, { source: 'shop', inputs, latest, rejected, ...options })).toBe(0);
    expect(await dropSuppressedRecords(suppressing('email:other@example.com'), { source: 'shop', inputs, latest, rejected, ...options })).toBe(0);
    expect([...latest.keys()]).toEqual(['shop:1']);
    expect(rejected).toEqual([]);
  });
});
