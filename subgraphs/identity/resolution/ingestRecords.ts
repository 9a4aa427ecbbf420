import { latestAcceptedTimestamp } from '../../../lib/dates.ts';
import type { SourceSystem } from '../../../lib/keys.ts';
import type { Matcher } from '../matching/Matcher.ts';
import type { IdentityRepository } from '../store/IdentityRepository.ts';
import type { SurvivorshipConfig } from './buildGoldenRecord.ts';
import { planResolution } from './planResolution.ts';
import { dropSuppressedRecords, type SuppressionCheck } from '../privacy/dropSuppressedRecords.ts';
import type { StoredRecord } from './types.ts';
import { validateRecord, type SourceRecordInput } from './validateRecord.ts';

export interface IngestOptions {
  region: string;
  matcher: Matcher;
  survivorship?: SurvivorshipConfig;
  /** Who sent the batch, for history events. */
  actor?: string;
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
  /** Pairs queued for a steward's review by this batch. */
  queuedForReview: number;
}

/**
 * Identity resolution: validates a batch, keeps the latest version per (source, sourceId), finds
 * candidates for each new or changed record through its blocking keys in Neo4j, scores them
 * (rules, then Fellegi–Sunter), links, queues the uncertain band for review, re-clusters the
 * customers it touches with the over-merge safeguards, and rebuilds their golden records. All
 * valid records of the batch are written in one transaction: a failure writes nothing.
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
  if (latest.size === 0) return { accepted: 0, unchanged, rejected, customersAffected: 0, queuedForReview: 0 };

  const result = await repository.resolveInTransaction(async (reader) => {
    const plan = await planResolution(
      reader,
      { records: [...latest.values()], actor: options.actor ?? `ingest:${source}`, reason: null },
      { matcher: options.matcher, region: options.region, survivorship: options.survivorship, at },
    );
    return {
      write: plan,
      result: { accepted: plan.records.length, skipped: plan.skipped, customersAffected: plan.customers.length + plan.aliases.length, queuedForReview: plan.reviews.length },
    };
  });
  return { accepted: result.accepted, unchanged: unchanged + result.skipped, rejected, customersAffected: result.customersAffected, queuedForReview: result.queuedForReview };
}
