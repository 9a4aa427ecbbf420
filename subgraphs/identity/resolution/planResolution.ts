import { createHash, randomBytes } from 'node:crypto';
import { emailKey, phoneKey } from '../../../lib/keys.ts';
import { blockingKeys } from '../matching/blockingKeys.ts';
import { clusterLinks, type CandidateLink } from '../matching/clusterLinks.ts';
import type { RecordFeatures } from '../matching/features.ts';
import type { Matcher, MatchingSettings } from '../matching/Matcher.ts';
import { scorePairsYielding, turnEvery, type ScoredPair } from '../matching/scorePairs.ts';
import { buildGoldenRecord, type SurvivorshipConfig } from './buildGoldenRecord.ts';
import type { GoldenRecord, StoredRecord } from './types.ts';

/** Customer ids sort in creation order: 12 hex digits of milliseconds, then 10 random. */
export function newCustomerId(at: Date): string {
  return `c_${at.getTime().toString(16).padStart(12, '0')}${randomBytes(5).toString('hex')}`;
}

export interface StoredLink {
  a: string;
  b: string;
  probability: number;
  matchWeight: number;
  decidedBy: string;
}

/** Reads inside the resolution transaction. */
export interface ResolutionReader {
  candidates(recordKeys: readonly string[], blockKeys: readonly string[], maxBlockSize: number): Promise<{
    versions: Map<string, { observedAt: string; customerId: string | null }>;
    blockSizes: Map<string, number>;
    candidates: StoredRecord[];
  }>;
  /**
   * The customers with these ids and the customers of the records `viaRecordKeys` (resolved in the
   * store: a candidate's customer is read only when it links), with their members, links and
   * aliases; and the cannot-link pairs of `recordKeys`. `written` are the records this resolution
   * writes whatever its plan (its `records` and `blockKeys`, at `at`): the reader may write them,
   * in the same transaction, once these reads are done, so that the store writes them while the
   * rest is planned.
   */
  clusterState(customerIds: readonly string[], viaRecordKeys: readonly string[], recordKeys: readonly string[], written: RecordsWritten): Promise<{
    members: { customerId: string; customerCreatedAt: string; record: StoredRecord }[];
    links: StoredLink[];
    cannotLinks: [string, string][];
    aliases: { id: string; createdAt: string; recordKeys: string[] }[];
  }>;
}

/** The records a resolution writes whatever its plan, with their block keys, at `at` (`PlannedResolution` holds the same). */
export type RecordsWritten = Pick<PlannedResolution, 'at' | 'records' | 'blockKeys'>;

export interface ResolutionRequest {
  /** New or newer versions of records (already checked against the stored versions by the caller, or not: older ones are skipped). */
  records: readonly StoredRecord[];
  /** Customers to re-cluster even when no record of theirs changed (steward merge and split). */
  customerIds?: readonly string[];
  /** Links a steward asserts: applied first, past every safeguard. */
  addLinks?: readonly { a: string; b: string; decidedBy: string }[];
  /** Pairs a steward keeps apart. */
  addCannotLinks?: readonly { a: string; b: string; reason: string }[];
  /** Stored links to drop (a steward split). */
  removeLinks?: readonly { a: string; b: string }[];
  /** Recorded on history events. */
  actor: string;
  reason: string | null;
  eventKind?: string;
}

export interface HistoryEvent {
  id: string;
  kind: string;
  at: string;
  actor: string;
  reason: string | null;
  customerIds: string[];
  survivorId: string | null;
  recordKeys: string[];
  evidenceJson: string;
}

export interface PlannedResolution {
  /** When the resolution happened (ISO 8601): written as the time of every change. */
  at: string;
  records: StoredRecord[];
  blockKeys: Map<string, readonly string[]>;
  /**
   * Customers whose golden record or members change (all their records: `golden.sourceKeys`), with
   * `joiningKeys`, those not stored as theirs when the cluster state was read (new records, or moved
   * from another customer): only these need their membership written.
   */
  customers: { id: string; createdAt: string; golden: GoldenRecord; joiningKeys: string[] }[];
  aliases: { id: string; survivorId: string; recordKeys: string[] }[];
  links: StoredLink[];
  unlinks: { a: string; b: string }[];
  cannotLinks: { a: string; b: string; actor: string; reason: string }[];
  reviews: { id: string; pair: string; a: string; b: string; probability: number; matchWeight: number; reason: string }[];
  events: HistoryEvent[];
  skipped: number;
  /** Every pair scored for the changed records (for explanations and evaluation). */
  scored: ScoredPair[];
}

export interface PlanOptions {
  matcher: Matcher;
  region: string;
  survivorship?: SurvivorshipConfig;
  at: Date;
}

/**
 * Records normalised, or scored, between two turns of the event loop before the cluster state is
 * read (some 5–10 ms of work): see `scorePairsYielding`.
 */
const RECORDS_PER_TURN = 50;

const pairId = (a: string, b: string) => (a < b ? `${a}|${b}` : `${b}|${a}`);
const shortHash = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 16);

/**
 * Plans one resolution: scores the changed records against their candidates (and each other),
 * re-clusters every customer they touch with the stored links, the new links and the
 * safeguards, keeps customer ids stable (each previous customer's id goes to the cluster holding
 * most of its records, oldest customer first; a merged-away id comes back when its records are
 * split out again), and rebuilds the golden records. Pure apart from the reader's reads.
 */
export async function planResolution(reader: ResolutionReader, request: ResolutionRequest, options: PlanOptions): Promise<PlannedResolution> {
  const { matcher } = options;
  const atIso = options.at.toISOString();
  const incoming = new Map<string, StoredRecord>();
  for (const record of request.records) {
    const previous = incoming.get(record.key);
    if (!previous || previous.observedAt < record.observedAt) incoming.set(record.key, record);
  }
  const features = new Map<string, RecordFeatures>();
  const featuresOf = (record: StoredRecord) => {
    let f = features.get(record.key);
    if (!f) {
      f = matcher.features(record);
      features.set(record.key, f);
    }
    return f;
  };

  let changed: StoredRecord[] = [];
  let skipped = 0;
  const previousOwner = new Map<string, string>();
  const scored: ScoredPair[] = [];
  const affected = new Set(request.customerIds ?? []);
  // Candidates a changed record links with: their customers are re-clustered too.
  const linkedCandidates = new Set<string>();
  // Changed records already in the store: only those can hold cannot-link constraints.
  const storedChanged: string[] = [];
  const blockKeysOf = new Map<string, readonly string[]>();
  if (incoming.size > 0) {
    const probeKeys = new Set<string>();
    const turn = turnEvery(RECORDS_PER_TURN);
    for (const record of incoming.values()) {
      const keys = blockingKeys(featuresOf(record));
      blockKeysOf.set(record.key, keys);
      keys.forEach((k) => probeKeys.add(k));
      // Until the cluster state is read, this resolution is off the critical path: it lets the one before it (writing, committing) go on.
      await turn();
    }
    const found = await reader.candidates([...incoming.keys()], [...probeKeys], matcher.model.maxBlockSize);
    changed = [...incoming.values()].filter((r) => {
      const stored = found.versions.get(r.key);
      if (stored?.customerId) previousOwner.set(r.key, stored.customerId);
      return stored === undefined || stored.observedAt < r.observedAt;
    });
    skipped = incoming.size - changed.length;
    for (const record of changed) if (found.versions.has(record.key)) storedChanged.push(record.key);
    const changedKeys = new Set(changed.map((r) => r.key));
    const candidates = found.candidates.filter((c) => !changedKeys.has(c.key));
    const overused = overusedIdentifiers(found.blockSizes, matcher.settings);
    // A copy only for a record that holds an overused identifier: everything derived once per
    // features object (blocking keys, term frequencies, name and address tokens) stays derived.
    const strip = (f: RecordFeatures): RecordFeatures =>
      overused.size === 0 || !(f.emails.some((e) => overused.has(emailKey(e))) || f.phones.some((p) => overused.has(phoneKey(p))))
        ? f
        : { ...f, emails: f.emails.filter((e) => !overused.has(emailKey(e))), phones: f.phones.filter((p) => !overused.has(phoneKey(p))), derived: [] };
    const changedFeatures = changed.map((r) => strip(featuresOf(r)));
    const candidateFeatures = candidates.map((c) => strip(featuresOf(c)));
    for (const f of [...changedFeatures, ...candidateFeatures]) features.set(f.key, f);
    scored.push(...(await scorePairsYielding(matcher, changedFeatures, candidateFeatures, found.blockSizes, RECORDS_PER_TURN)));
    const candidateKeys = new Set(candidates.map((c) => c.key));
    for (const pair of scored) {
      if (pair.decision !== 'LINK') continue;
      for (const key of [pair.a, pair.b]) if (candidateKeys.has(key)) linkedCandidates.add(key);
    }
  }
  const changedKeys = new Set(changed.map((r) => r.key));
  const extraKeys = [...storedChanged, ...(request.addCannotLinks ?? []).flatMap((x) => [x.a, x.b])];
  // A changed stored record's customer is found through the record, as a linked candidate's is:
  // ingestion reads cluster state in one shape, which the bulk load has exercised (only steward
  // operations name customers by id). Named by id, a re-sent record's first reads after a bulk
  // load took 250-370 ms on the server, once or more per run.
  const state =
    affected.size > 0 || linkedCandidates.size > 0 || extraKeys.length > 0
      ? await reader.clusterState([...affected], [...linkedCandidates, ...storedChanged], extraKeys, { at: atIso, records: changed, blockKeys: blockKeysOf })
      : { members: [], links: [], cannotLinks: [], aliases: [] };

  const records = new Map<string, StoredRecord>();
  const createdAt = new Map<string, string>();
  const previousMembers = new Map<string, string[]>();
  for (const member of state.members) {
    records.set(member.record.key, member.record);
    previousOwner.set(member.record.key, member.customerId);
    createdAt.set(member.customerId, member.customerCreatedAt);
    previousMembers.set(member.customerId, [...(previousMembers.get(member.customerId) ?? []), member.record.key]);
  }
  for (const record of changed) records.set(record.key, record);
  for (const record of records.values()) featuresOf(record);

  const cannot = new Set<string>();
  for (const [a, b] of state.cannotLinks) cannot.add(pairId(a, b));
  for (const x of request.addCannotLinks ?? []) cannot.add(pairId(x.a, x.b));
  const removed = new Set((request.removeLinks ?? []).map((l) => pairId(l.a, l.b)));

  const links: CandidateLink[] = [];
  const storedLinks = new Map<string, StoredLink>();
  for (const link of state.links) {
    if (changedKeys.has(link.a) || changedKeys.has(link.b) || removed.has(pairId(link.a, link.b)) || cannot.has(pairId(link.a, link.b))) continue;
    if (!records.has(link.a) || !records.has(link.b)) continue;
    storedLinks.set(pairId(link.a, link.b), link);
    links.push({ a: link.a, b: link.b, probability: link.probability, fixed: true });
  }
  const stewardLinks = (request.addLinks ?? []).filter((l) => records.has(l.a) && records.has(l.b));
  for (const link of stewardLinks) links.push({ a: link.a, b: link.b, probability: 1, fixed: true });
  const newLinks = new Map<string, ScoredPair>();
  for (const pair of scored) {
    if (pair.decision !== 'LINK' || !records.has(pair.a) || !records.has(pair.b) || cannot.has(pairId(pair.a, pair.b))) continue;
    newLinks.set(pairId(pair.a, pair.b), pair);
    // A record that names another's id (an external id, a steward's correction) is that person: no safeguard overrules it.
    links.push({ a: pair.a, b: pair.b, probability: pair.probability, fixed: pair.decidedBy === 'SHARED_RECORD_ID' });
  }

  const { clusters, blocked } = clusterLinks([...records.keys()], links, {
    maxClusterSize: matcher.settings.maxClusterSize,
    conflict: (a, b) => (cannot.has(pairId(a, b)) ? 'CANNOT_LINK: kept apart by a steward' : matcher.conflict(features.get(a)!, features.get(b)!)),
  });

  // Customer ids: each previous customer, oldest first, goes to the cluster holding most of its records.
  const clusterOf = new Map<string, number>();
  clusters.forEach((group, i) => group.forEach((key) => clusterOf.set(key, i)));
  const ids: (string | null)[] = clusters.map(() => null);
  const previousIds = [...previousMembers.keys()].sort((a, b) => (createdAt.get(a)! === createdAt.get(b)! ? (a < b ? -1 : 1) : createdAt.get(a)! < createdAt.get(b)! ? -1 : 1));
  const survivorOf = new Map<string, number>();
  // Records a merged-away customer brought in: they count against keeping the survivor's id, so
  // that when a split separates them again, the id stays with the rest and theirs is restored.
  const broughtIn = new Set(state.aliases.flatMap((a) => a.recordKeys));
  for (const id of previousIds) {
    const counts = new Map<number, number>();
    for (const key of previousMembers.get(id)!) {
      const c = clusterOf.get(key)!;
      counts.set(c, (counts.get(c) ?? 0) + (broughtIn.has(key) ? 0 : 1));
    }
    const ranked = [...counts].sort((x, y) => y[1] - x[1] || clusters[y[0]]!.length - clusters[x[0]]!.length || x[0] - y[0]);
    survivorOf.set(id, ranked[0]![0]);
    const free = ranked.find(([c]) => ids[c] === null);
    if (free) ids[free[0]] = id;
  }
  const restored = new Set<string>();
  clusters.forEach((group, i) => {
    if (ids[i] !== null) return;
    const inGroup = new Set(group);
    const alias = state.aliases
      .filter((a) => !restored.has(a.id) && a.recordKeys.some((k) => inGroup.has(k)))
      .sort((x, y) => y.recordKeys.filter((k) => inGroup.has(k)).length - x.recordKeys.filter((k) => inGroup.has(k)).length || (x.id < y.id ? -1 : 1))[0];
    if (alias) {
      restored.add(alias.id);
      createdAt.set(alias.id, alias.createdAt);
      ids[i] = alias.id;
    } else ids[i] = newCustomerId(options.at);
  });

  const plan: PlannedResolution = {
    at: atIso,
    records: changed,
    blockKeys: blockKeysOf,
    customers: [],
    aliases: [],
    links: [],
    unlinks: [],
    cannotLinks: (request.addCannotLinks ?? []).map((x) => ({ ...x, actor: request.actor })),
    reviews: [],
    events: [],
    skipped,
    scored,
  };
  const claimed = new Set(ids as string[]);
  for (const id of previousIds) {
    if (!claimed.has(id)) plan.aliases.push({ id, survivorId: ids[survivorOf.get(id)!]!, recordKeys: previousMembers.get(id)! });
  }

  clusters.forEach((group, i) => {
    const id = ids[i]!;
    const owners = new Set(group.map((k) => previousOwner.get(k)).filter((o): o is string => o !== undefined));
    const touched = group.some((k) => changedKeys.has(k)) || owners.size !== 1 || previousMembers.get(id)?.length !== group.length || affected.has(id);
    if (!touched) return;
    plan.customers.push({
      id,
      createdAt: createdAt.get(id) ?? atIso,
      golden: buildGoldenRecord(group.map((k) => records.get(k)!), options.region, options.survivorship),
      joiningKeys: group.filter((k) => previousOwner.get(k) !== id),
    });
    const merged = [...owners].filter((o) => o !== id);
    const asserted = stewardLinks.some((l) => clusterOf.get(l.a) === i && clusterOf.get(l.b) === i);
    if (owners.size >= 2 || (asserted && request.eventKind)) {
      const evidence = [...newLinks.values(), ...stewardLinks.map((l) => ({ ...l, probability: 1, matchWeight: Infinity }))]
        .filter((l) => clusterOf.get(l.a) === i && clusterOf.get(l.b) === i && previousOwner.get(l.a) !== previousOwner.get(l.b))
        .map((l) => ({ a: l.a, b: l.b, probability: l.probability, decidedBy: l.decidedBy }));
      plan.events.push(historyEvent(request.eventKind ?? 'MERGE', atIso, request, [id, ...merged], id, group, evidence));
    }
  });
  for (const id of previousIds) {
    const parts = new Set(previousMembers.get(id)!.map((k) => clusterOf.get(k)!));
    if (parts.size > 1) {
      plan.events.push(historyEvent(request.eventKind === 'MERGE' ? 'SPLIT' : (request.eventKind ?? 'SPLIT'), atIso, request, [...parts].map((c) => ids[c]!), id, previousMembers.get(id)!, []));
    }
  }

  for (const [id, pair] of newLinks) {
    if (clusterOf.get(pair.a) === clusterOf.get(pair.b)) plan.links.push({ a: pair.a, b: pair.b, probability: pair.probability, matchWeight: pair.matchWeight, decidedBy: pair.decidedBy });
    else storedLinks.delete(id);
  }
  for (const link of stewardLinks) plan.links.push({ a: link.a, b: link.b, probability: 1, matchWeight: 0, decidedBy: link.decidedBy });
  for (const link of state.links) {
    const id = pairId(link.a, link.b);
    if (changedKeys.has(link.a) || changedKeys.has(link.b)) continue;
    if (removed.has(id) || cannot.has(id) || clusterOf.get(link.a) !== clusterOf.get(link.b)) plan.unlinks.push({ a: link.a, b: link.b });
  }
  const review = (a: string, b: string, probability: number, matchWeight: number, reason: string) => {
    const pair = pairId(a, b);
    const together = clusterOf.has(a) && clusterOf.get(a) === clusterOf.get(b);
    if (cannot.has(pair) || together || plan.reviews.some((r) => r.pair === pair)) return;
    plan.reviews.push({ id: `rv_${shortHash(pair)}`, pair, a: a < b ? a : b, b: a < b ? b : a, probability, matchWeight, reason });
  };
  for (const { link, reason } of blocked) {
    const pair = newLinks.get(pairId(link.a, link.b));
    review(link.a, link.b, link.probability, pair?.matchWeight ?? 0, reason);
  }
  for (const pair of scored) {
    if (pair.decision === 'REVIEW') review(pair.a, pair.b, pair.probability, pair.matchWeight, 'UNCERTAIN: between the review and link thresholds');
  }
  return plan;
}

function overusedIdentifiers(blockSizes: ReadonlyMap<string, number>, settings: MatchingSettings): Set<string> {
  const emailLimit = settings.identifierLimits.email ?? settings.maxRecordsPerIdentifier;
  const phoneLimit = settings.identifierLimits.phone ?? settings.maxRecordsPerIdentifier;
  const overused = new Set<string>();
  for (const [key, size] of blockSizes) {
    if ((key.startsWith('email:') && size >= emailLimit) || (key.startsWith('phone:') && size >= phoneLimit)) overused.add(key);
  }
  return overused;
}

function historyEvent(kind: string, at: string, request: ResolutionRequest, customerIds: string[], survivorId: string, recordKeys: string[], evidence: unknown[]): HistoryEvent {
  return {
    id: `ev_${shortHash(`${kind}|${at}|${customerIds.join(',')}|${randomBytes(4).toString('hex')}`)}`,
    kind,
    at,
    actor: request.actor,
    reason: request.reason,
    customerIds: [...new Set(customerIds)],
    survivorId,
    recordKeys: [...recordKeys].sort(),
    evidenceJson: JSON.stringify(evidence),
  };
}
