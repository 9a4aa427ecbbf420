import type { SourceSystem } from '../../../lib/keys.ts';
import type { StoredRecord } from '../resolution/types.ts';
import { validateRecord, type SourceRecordInput } from '../resolution/validateRecord.ts';

/** What ingestion needs of the suppression list: which of these canonical keys belong to an erased person. */
export interface SuppressionCheck {
  suppressedAmong(keys: readonly string[]): Promise<Set<string>>;
}

/** The reason a suppressed record is rejected with; it names no identifier. */
export const suppressedReason = 'suppressed: this person was erased at their request (privacy request), so their records are not ingested again';

export interface DropSuppressedOptions {
  source: SourceSystem;
  inputs: readonly SourceRecordInput[];
  /** The valid records of the batch by key, latest version each; suppressed ones are removed from it. */
  latest: Map<string, StoredRecord>;
  /** The batch's rejections; one is added per suppressed input (index order is kept). */
  rejected: { index: number; sourceId: string | null; reason: string }[];
  region: string;
  latestObservedAt: string;
}

/**
 * Drops, before resolution, every record of the batch that carries a suppressed key (its own
 * source key, an external id, an e-mail or a phone of a person erased by a privacy request), and
 * rejects each of its inputs with {@link suppressedReason}: never silently, and counted by the
 * API as `IngestResult.suppressed`. Returns how many of the dropped inputs ingestion had counted
 * as `unchanged` (older duplicates within the batch), for the caller to subtract.
 * Without a suppression check (tools, tests of resolution alone) nothing is dropped.
 */
export async function dropSuppressedRecords(suppression: SuppressionCheck | undefined, options: DropSuppressedOptions): Promise<number> {
  if (!suppression || options.latest.size === 0) return 0;
  const keys = [...new Set([...options.latest.values()].flatMap((record) => record.identifierKeys))];
  const suppressed = await suppression.suppressedAmong(keys);
  if (suppressed.size === 0) return 0;
  const dropped = new Set<string>();
  for (const record of options.latest.values()) {
    if (record.identifierKeys.some((key) => suppressed.has(key))) dropped.add(record.key);
  }
  for (const key of dropped) options.latest.delete(key);
  const alreadyRejected = new Set(options.rejected.map((r) => r.index));
  const perKey = new Map<string, number>();
  options.inputs.forEach((input, index) => {
    if (alreadyRejected.has(index)) return;
    const outcome = validateRecord(options.source, input, { region: options.region, latestObservedAt: options.latestObservedAt });
    if ('reason' in outcome || !dropped.has(outcome.key)) return;
    perKey.set(outcome.key, (perKey.get(outcome.key) ?? 0) + 1);
    options.rejected.push({ index, sourceId: outcome.sourceId, reason: suppressedReason });
  });
  options.rejected.sort((a, b) => a.index - b.index);
  return [...perKey.values()].reduce((sum, count) => sum + count - 1, 0);
}
