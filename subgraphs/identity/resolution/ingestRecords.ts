import { randomBytes } from 'node:crypto';
import { latestAcceptedTimestamp } from '../../../lib/dates.ts';
import type { SourceSystem } from '../../../lib/keys.ts';
import { dropSuppressedRecords, type SuppressionCheck } from '../privacy/dropSuppressedRecords.ts';
import type { IdentityRepository, ResolutionWrite } from '../store/IdentityRepository.ts';
import { buildGoldenRecord } from './buildGoldenRecord.ts';
import { clusterRecords } from './clusterRecords.ts';
import type { StoredRecord } from './types.ts';
import { validateRecord, type SourceRecordInput } from './validateRecord.ts';

export interface IngestOptions {
  region: string;
  /** Injectable clock, for tests. */
  now?: () => Date;
  /** Erased people's keys (issue 4): their records are rejected before resolution. */
  suppression?: SuppressionCheck;
}

export interface IngestOutcome {
  accepted: number;
  unchanged: number;
  rejected: { index: number; sourceId: string | null; reason: string }[];
  customersAffected: number;
}

/** Customer ids sort in creation order: 12 hex digits of milliseconds, then 10 random. */
export function newCustomerId(at: Date): string {
  return `c_${at.getTime().toString(16).padStart(12, '0')}${randomBytes(5).toString('hex')}`;
}

/**
 * Identity resolution v1, the module boundary that later resolution replaces: validates a batch,
 * keeps the latest version per (source, sourceId), links records that share a normalised e-mail,
 * phone or record id into customers (connected components), merges and splits customers to match,
 * and rebuilds their golden records. All valid records of the batch are written in one
 * transaction: a failure writes nothing.
 *
 * Invariant kept: every customer is exactly one connected component of its records. Only the
 * customers touched by the batch (their records, and those sharing an identifier with the batch)
 * need re-clustering, because an untouched record's links all stay inside its customer.
 */
export async function ingestRecords(
  repository: IdentityRepository,
  source: SourceSystem,
  inputs: readonly SourceRecordInput[],
  options: IngestOptions,
): Promise<IngestOutcome> {
  const at = (options.now ?? (() => new Date()))();
  const latestObservedAt = latestAcceptedTimestamp(at);
  const rejected: IngestOutcome['rejected'] = [];
  const latest = new Map<string, StoredRecord>();
  let unchanged = 0;
  inputs.forEach((input, index) => {
    const outcome = validateRecord(source, input, { region: options.region, latestObservedAt });
    if ('reason' in outcome) {
      rejected.push({ index, sourceId: typeof input.sourceId === 'string' ? input.sourceId : null, reason: outcome.reason });
      return;
    }
    const previous = latest.get(outcome.key);
    if (previous && previous.observedAt >= outcome.observedAt) unchanged += 1;
    else {
      if (previous) unchanged += 1;
      latest.set(outcome.key, outcome);
    }
  });
  unchanged -= await dropSuppressedRecords(options.suppression, { source, inputs, latest, rejected, region: options.region, latestObservedAt });
  if (latest.size === 0) return { accepted: 0, unchanged, rejected, customersAffected: 0 };

  const nowIso = at.toISOString();
  const { accepted, customersAffected } = await repository.resolveInTransaction(async (reader) => {
    const stored = await reader.recordVersions([...latest.keys()]);
    const changed = [...latest.values()].filter((r) => {
      const version = stored.get(r.key);
      return version === undefined || version < r.observedAt;
    });
    const skipped = latest.size - changed.length;
    if (changed.length === 0) return { write: emptyWrite(nowIso), result: { accepted: 0, customersAffected: 0, skipped } };

    const customerIds = await reader.affectedCustomerIds(
      changed.map((r) => r.key),
      [...new Set(changed.flatMap((r) => r.identifierKeys))],
    );
    const existing = customerIds.length > 0 ? await reader.customerRecords(customerIds) : [];
    const records = new Map(existing.map((row) => [row.record.key, row.record]));
    for (const record of changed) records.set(record.key, record);
    const previousOwner = new Map(existing.map((row) => [row.record.key, row.customerId]));
    const createdAt = new Map(existing.map((row) => [row.customerId, row.customerCreatedAt]));

    const write: ResolutionWrite = { records: changed, customers: [], aliases: [], at: nowIso };
    const claimed = new Set<string>();
    const home = new Map<string, string>();
    for (const group of clusterRecords([...records.values()])) {
      // The group keeps the oldest customer id it holds records of, unless a larger group took it.
      const candidates = [...new Set(group.map((key) => previousOwner.get(key)).filter((id): id is string => id !== undefined))]
        .filter((id) => !claimed.has(id))
        .sort((a, b) => (createdAt.get(a)! === createdAt.get(b)! ? (a < b ? -1 : 1) : createdAt.get(a)! < createdAt.get(b)! ? -1 : 1));
      const id = candidates[0] ?? newCustomerId(at);
      claimed.add(id);
      for (const key of group) {
        const owner = previousOwner.get(key);
        if (owner && !home.has(owner)) home.set(owner, id);
      }
      write.customers.push({
        id,
        createdAt: createdAt.get(id) ?? nowIso,
        golden: buildGoldenRecord(group.map((key) => records.get(key)!), options.region),
        recordKeys: group,
      });
    }
    for (const id of customerIds) {
      if (!claimed.has(id)) write.aliases.push({ id, survivorId: home.get(id)! });
    }
    return { write, result: { accepted: changed.length, customersAffected: write.customers.length + write.aliases.length, skipped } };
  }).then(({ accepted, customersAffected, skipped }) => {
    unchanged += skipped;
    return { accepted, customersAffected };
  });
  return { accepted, unchanged, rejected, customersAffected };
}

function emptyWrite(at: string): ResolutionWrite {
  return { records: [], customers: [], aliases: [], at };
}
