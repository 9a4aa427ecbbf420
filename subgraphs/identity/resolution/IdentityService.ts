import { latestAcceptedTimestamp } from '../../../lib/dates.ts';
import { badUserInput, notFound } from '../../../lib/errors.ts';
import { emailKey, normalizeEmail, normalizePhone, phoneKey, type SourceSystem } from '../../../lib/keys.ts';
import { extractFeatures } from '../matching/features.ts';
import type { SuppressionCheck } from '../privacy/dropSuppressedRecords.ts';
import type { MatchModelRegistry, StoredModel } from '../matching/MatchModelRegistry.ts';
import { trainModel } from '../matching/trainModel.ts';
import type { ComparisonEvidence } from '../matching/MatchModel.ts';
import type { IdentityRepository } from '../store/IdentityRepository.ts';
import type { SurvivorshipConfig } from './buildGoldenRecord.ts';
import { ingestRecords, type IngestOutcome } from './ingestRecords.ts';
import { planResolution, type ResolutionRequest } from './planResolution.ts';
import type { StoredRecord } from './types.ts';
import { validateRecord, type SourceRecordInput } from './validateRecord.ts';

/** The waterfall behind one pair's decision (`MatchExplanation` in the schema). */
export interface Explanation {
  a: string;
  b: string;
  modelVersion: string;
  priorWeight: number;
  matchWeight: number;
  probability: number;
  decision: 'LINK' | 'REVIEW' | 'NONE';
  decidedBy: string;
  thresholds: { link: number; review: number };
  comparisons: ComparisonEvidence[];
  conflict: string | null;
  sameCustomer: boolean;
}

export interface IdentityServiceOptions {
  region: string;
  survivorship: SurvivorshipConfig;
  /** Erased people's keys: ingestion drops their records (issue 4). */
  suppression?: SuppressionCheck;
  now?: () => Date;
}

/**
 * The identity operations behind the API: ingestion, a steward's merge and split, review
 * decisions, anonymous-session stitching and link explanations. Every change runs through
 * `planResolution` in one Neo4j transaction, so the safeguards, id stability and history
 * apply to stewards' changes exactly as to ingestion.
 */
export class IdentityService {
  private readonly now: () => Date;

  constructor(
    readonly repository: IdentityRepository,
    readonly models: MatchModelRegistry,
    private readonly options: IdentityServiceOptions,
  ) {
    this.now = options.now ?? (() => new Date());
  }

  async ingest(source: SourceSystem, inputs: readonly SourceRecordInput[], actor: string): Promise<IngestOutcome> {
    return ingestRecords(this.repository, source, inputs, {
      region: this.options.region,
      matcher: await this.models.current(),
      survivorship: this.options.survivorship,
      suppression: this.options.suppression,
      actor,
      now: this.now,
    });
  }

  private async run(request: ResolutionRequest): Promise<{ customerIds: string[]; eventIds: string[] }> {
    const matcher = await this.models.current();
    const at = this.now();
    return this.repository.resolveInTransaction(async (reader) => {
      const plan = await planResolution(reader, request, { matcher, region: this.options.region, survivorship: this.options.survivorship, at });
      return { write: plan, result: { customerIds: plan.customers.map((c) => c.id), eventIds: plan.events.map((e) => e.id) } };
    });
  }

  /**
   * Merges `mergedId` into `survivorId` on a steward's word: a steward link joins one record of
   * each, applied before (and past) the automatic safeguards. The survivor keeps its id; the
   * other id resolves to it from now on.
   */
  async merge(survivorId: string, mergedId: string, actor: string, reason: string): Promise<string> {
    if (survivorId === mergedId) throw badUserInput('survivorId and mergedId are the same customer');
    const [survivor, merged] = await this.repository.customersByIds([survivorId, mergedId]);
    if (!survivor) throw notFound(`No customer ${survivorId}`);
    if (!merged) throw notFound(`No customer ${mergedId}`);
    if (survivor.id === merged.id) throw badUserInput(`${mergedId} is already part of customer ${survivor.id}`);
    await this.run({
      records: [],
      customerIds: [survivor.id, merged.id],
      addLinks: [{ a: survivor.sourceKeys[0]!, b: merged.sourceKeys[0]!, decidedBy: `STEWARD_MERGE by ${actor}` }],
      actor,
      reason,
      eventKind: 'STEWARD_MERGE',
    });
    return survivor.id;
  }

  /**
   * Splits source records out of their customer into a customer of their own, on a steward's
   * word: their links to the rest are dropped and cannot-link constraints keep them apart from
   * then on. The larger part keeps the id; if the records are the ones an earlier merge brought
   * in, the merged-away id is restored for them.
   */
  async split(sourceKeys: readonly string[], actor: string, reason: string): Promise<string[]> {
    if (sourceKeys.length === 0) throw badUserInput('sourceKeys must name at least one source record');
    const found = await this.repository.recordsByKeys(sourceKeys);
    const missing = sourceKeys.filter((_, i) => found[i] === null);
    if (missing.length > 0) throw notFound(`No source record ${missing.join(', ')}`);
    const owners = new Set(found.map((f) => f!.customerId));
    if (owners.size !== 1) throw badUserInput('the records to split out must all belong to one customer');
    const customerId = [...owners][0]!;
    const [members] = await this.repository.recordsOfCustomers([customerId!]);
    const leaving = new Set(sourceKeys);
    const staying = members!.map((r) => r.key).filter((k) => !leaving.has(k));
    if (staying.length === 0) throw badUserInput('splitting out every record of a customer changes nothing; name only the records that leave');
    const cannotLinks = [...leaving].flatMap((a) => staying.map((b) => ({ a, b, reason })));
    const result = await this.run({ records: [], customerIds: [customerId!], addCannotLinks: cannotLinks, actor, reason, eventKind: 'STEWARD_SPLIT' });
    return result.customerIds;
  }

  /**
   * A steward's decision on a review item: approval links the pair (a steward link, so the two
   * customers merge), rejection keeps them apart for good. Both are kept as ground truth for
   * `identityQuality`.
   */
  async decideReview(id: string, approve: boolean, actor: string, note: string | null) {
    const item = await this.repository.reviewItem(id);
    if (!item) throw notFound(`No review item ${id}`);
    if (item.status !== 'OPEN') throw badUserInput(`review item ${id} is already ${item.status}`);
    const [a, b] = await this.repository.recordsByKeys([item.a, item.b]);
    const customerIds = [a?.customerId, b?.customerId].filter((c): c is string => Boolean(c));
    if (approve) {
      await this.run({ records: [], customerIds, addLinks: [{ a: item.a, b: item.b, decidedBy: `REVIEW_APPROVED by ${actor}` }], actor, reason: note, eventKind: 'REVIEW_MERGE' });
    } else {
      await this.run({ records: [], customerIds, addCannotLinks: [{ a: item.a, b: item.b, reason: note ?? 'review rejected' }], actor, reason: note, eventKind: 'REVIEW_REJECT' });
    }
    const decided = await this.repository.decideReviewItem(id, approve ? 'APPROVED' : 'REJECTED', actor, note, this.now().toISOString());
    if (!decided) throw badUserInput(`review item ${id} was decided by someone else meanwhile`);
    return decided;
  }

  /**
   * Links an anonymous session to the known customer its identifiers reach: the session becomes
   * a `web:<anonymousId>` record carrying them, resolved like any other, so everything keyed on
   * the session (events, consents) follows the customer. Returns the customer id, or null when
   * the identifiers reach nobody (the session stays a customer of its own).
   */
  async identify(anonymousId: string, identifiers: { emails: readonly string[]; phones: readonly string[] }, actor: string): Promise<{ customerId: string | null; linked: boolean }> {
    const id = anonymousId.trim();
    if (!/^[A-Za-z0-9._:-]{1,200}$/.test(id)) throw badUserInput('anonymousId must be 1 to 200 letters, digits, dots, dashes, underscores or colons');
    const emails = identifiers.emails.map(normalizeEmail).filter((e): e is string => e !== null);
    const phones = identifiers.phones.map((p) => normalizePhone(p, this.options.region)).filter((p): p is string => p !== null);
    if (emails.length + phones.length === 0) throw badUserInput('identify needs at least one valid e-mail or phone');
    const keys = [...emails.map(emailKey), ...phones.map(phoneKey)];
    const owners = [...new Set((await this.repository.customerIdsByIdentifierKeys(keys)).filter((c): c is string => c !== null))];
    const at = this.now();
    const record = validateRecord('web', { sourceId: id, observedAt: at.toISOString(), emails, phones }, { region: this.options.region, latestObservedAt: latestAcceptedTimestamp(at) });
    if ('reason' in record) throw badUserInput(record.reason);
    const stitched: StoredRecord[] = [record];
    const addLinks = [];
    if (owners.length === 1) {
      const [owner] = await this.repository.customersByIds([owners[0]!]);
      if (owner) addLinks.push({ a: record.key, b: owner.sourceKeys.find((k) => !k.startsWith('web:')) ?? owner.sourceKeys[0]!, decidedBy: 'IDENTIFY: the session presented an identifier of this customer' });
    }
    const result = await this.run({ records: stitched, customerIds: owners.slice(0, 1), addLinks, actor, reason: 'identify', eventKind: 'IDENTIFY' });
    const [found] = await this.repository.recordsByKeys([record.key]);
    return { customerId: found?.customerId ?? result.customerIds[0] ?? null, linked: addLinks.length > 0 };
  }

  /**
   * Trains a new model on every stored record (no labels), stores it as a new version and, with
   * `activate`, switches resolution to it. Throws BAD_USER_INPUT with fewer than 2 records.
   */
  async train(activate: boolean): Promise<StoredModel> {
    const records = await this.repository.allRecords();
    if (records.length < 2) throw badUserInput(`training needs at least 2 stored records, the store holds ${records.length}`);
    const current = await this.models.current();
    const model = trainModel(
      records.map((r) => extractFeatures(r, this.options.region)),
      { thresholds: current.model.thresholds, maxBlockSize: current.model.maxBlockSize, now: this.now },
    );
    await this.models.store(model, activate);
    return { version: model.version, createdAt: model.createdAt, active: activate, model };
  }

  /** The waterfall of one record pair: each comparison's level and weight, the prior, the probability and what decided. */
  async explain(sourceKeyA: string, sourceKeyB: string): Promise<Explanation> {
    const [a, b] = await this.repository.recordsByKeys([sourceKeyA, sourceKeyB]);
    if (!a) throw notFound(`No source record ${sourceKeyA}`);
    if (!b) throw notFound(`No source record ${sourceKeyB}`);
    const matcher = await this.models.current();
    const fa = matcher.features(a.record);
    const fb = matcher.features(b.record);
    const explained = matcher.explain(fa, fb);
    return {
      a: sourceKeyA,
      b: sourceKeyB,
      modelVersion: matcher.model.version,
      priorWeight: explained.priorWeight,
      matchWeight: explained.matchWeight,
      probability: explained.probability,
      decision: explained.decision,
      decidedBy: explained.decidedBy,
      thresholds: matcher.model.thresholds,
      comparisons: explained.evidence,
      conflict: matcher.conflict(fa, fb),
      sameCustomer: a.customerId !== null && a.customerId === b.customerId,
    };
  }
}
