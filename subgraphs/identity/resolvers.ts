import { withContactPermission } from '../../lib/consent/index.ts';
import { DateTime } from '../../lib/graphql/DateTime.ts';
import { JSONScalar } from '../../lib/graphql/JSON.ts';
import { badUserInput, notFound } from '../../lib/errors.ts';
import { emailKey, isSourceSystem, normalizeEmail, normalizePhone, phoneKey, sourceKey, sourceSystems } from '../../lib/keys.ts';
import type { IdentifierType, MatchExplanationResolvers, MatchModelInfoResolvers, Resolvers } from './generated/resolvers.ts';
import type { StoredModel } from './matching/MatchModelRegistry.ts';
import { levelWeight } from './matching/MatchModel.ts';
import type { StoredRecord } from './resolution/types.ts';
import { suppressedReason } from './privacy/dropSuppressedRecords.ts';
import { privacyMutations, privacyQueries } from './privacy/privacyResolvers.ts';

const maxPageSize = 500;
const maxBatch = 1000;


const identifierPrefixes: Record<IdentifierType, string> = {
  EMAIL: 'email',
  PHONE: 'phone',
  CRM_ID: 'crm',
  SHOP_ID: 'shop',
  SUPPORT_ID: 'support',
  CALLCENTER_ID: 'callcenter',
  STEWARD_ID: 'steward',
  WEB_ID: 'web',
};

function identifierOf(key: string) {
  const colon = key.indexOf(':');
  const prefix = key.slice(0, colon);
  const type = (Object.entries(identifierPrefixes).find(([, p]) => p === prefix)?.[0] ?? 'EMAIL') as IdentifierType;
  return { type, value: key.slice(colon + 1), key };
}

/** Normalises a looked-up identifier exactly as ingestion does; null when it cannot match anything. */
function identifierKeyFor(type: IdentifierType, value: string, region: string): string | null {
  if (type === 'EMAIL') {
    const email = normalizeEmail(value);
    return email && emailKey(email);
  }
  if (type === 'PHONE') {
    const phone = normalizePhone(value, region);
    return phone && phoneKey(phone);
  }
  const trimmed = value.trim();
  return trimmed === '' ? null : sourceKey(identifierPrefixes[type], trimmed);
}

const encodeCursor = (id: string) => Buffer.from(`customer:${id}`).toString('base64url');
function decodeCursor(cursor: string): string {
  const decoded = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!decoded.startsWith('customer:')) throw badUserInput(`after is not a cursor from this API: ${JSON.stringify(cursor.slice(0, 60))}`);
  return decoded.slice('customer:'.length);
}

const recordIdentifiers = (record: StoredRecord) => record.identifierKeys.map(identifierOf);

const maxReviewPage = 200;
const actorOf = (caller: { subject: string; client: string }) => `${caller.client}/${caller.subject}`;

const encodeReviewCursor = (id: string) => Buffer.from(`review:${id}`).toString('base64url');
function decodeReviewCursor(cursor: string): string {
  const decoded = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!decoded.startsWith('review:')) throw badUserInput(`after is not a review cursor from this API: ${JSON.stringify(cursor.slice(0, 60))}`);
  return decoded.slice('review:'.length);
}

function reason(text: string): string {
  const trimmed = text.trim();
  if (trimmed === '') throw badUserInput('reason must say why (it is kept in the history)');
  if (trimmed.length > 1000) throw badUserInput('reason is longer than 1000 characters');
  return trimmed;
}

const modelInfo: MatchModelInfoResolvers = {
  prior: (m) => m.model.prior,
  linkThreshold: (m) => m.model.thresholds.link,
  reviewThreshold: (m) => m.model.thresholds.review,
  maxBlockSize: (m) => m.model.maxBlockSize,
  trainingRecords: (m) => m.model.training.records,
  candidatePairs: (m) => m.model.training.candidatePairs,
  iterations: (m) => m.model.training.iterations,
  converged: (m) => m.model.training.converged,
  comparisons: (m: StoredModel) =>
    m.model.comparisons.map((c) => ({
      name: c.name,
      levels: c.levels.map((l, i) => ({ name: l.name, m: l.m, u: l.u, weight: levelWeight(c, i) })),
    })),
};

const explanation: MatchExplanationResolvers = {
  recordA: (e) => e.a,
  recordB: (e) => e.b,
  linkThreshold: (e) => e.thresholds.link,
  reviewThreshold: (e) => e.thresholds.review,
};

export const resolvers: Resolvers = {
  DateTime,
  JSON: JSONScalar,
  Query: {
    ...privacyQueries,
    customer: (_parent, { id }, { loaders }) => loaders.customerById.load(id),
    async customerByIdentifier(_parent, { type, value }, { loaders, region }) {
      const key = identifierKeyFor(type, value, region);
      if (!key) return null;
      const id = await loaders.customerIdByIdentifierKey.load(key);
      return id ? loaders.customerById.load(id) : null;
    },
    async customers(_parent, { first, after }, { repository, loaders }) {
      const size = first ?? 20;
      if (!Number.isInteger(size) || size < 1 || size > maxPageSize) throw badUserInput(`first must be from 1 to ${maxPageSize}, got ${size}`);
      const page = await repository.customerPage(size, after ? decodeCursor(after) : null);
      for (const customer of page.customers) loaders.customerById.prime(customer.id, customer);
      const last = page.customers.at(-1);
      return {
        nodes: page.customers,
        edges: page.customers.map((node) => ({ cursor: encodeCursor(node.id), node })),
        pageInfo: { hasNextPage: page.hasNextPage, endCursor: last ? encodeCursor(last.id) : null },
        // Counted only when asked for: see CustomerConnection.totalCount.
        totalCount: 0,
      };
    },
    async sourceRecord(_parent, { source, sourceId }, { loaders }) {
      const found = await loaders.recordByKey.load(sourceKey(source.trim().toLowerCase(), sourceId.trim()));
      return found && { ...found.record, customerId: found.customerId };
    },
    async identityReviewQueue(_parent, { status, first, after }, { repository }) {
      const size = first ?? 20;
      if (!Number.isInteger(size) || size < 1 || size > maxReviewPage) throw badUserInput(`first must be from 1 to ${maxReviewPage}, got ${size}`);
      const page = await repository.reviewItems(status ?? null, size, after ? decodeReviewCursor(after) : null);
      const last = page.items.at(-1);
      return { nodes: page.items, pageInfo: { hasNextPage: page.hasNextPage, endCursor: last ? encodeReviewCursor(last.id) : null } };
    },
    explainMatch: (_parent, { recordA, recordB }, { service }) => service.explain(recordA.trim(), recordB.trim()),
    matchModels: (_parent, _args, { service }) => service.models.list(),
    async identityQuality(_parent, { days }, { repository }) {
      const span = days ?? 30;
      if (!Number.isInteger(span) || span < 1 || span > 366) throw badUserInput(`days must be from 1 to 366, got ${span}`);
      const since = new Date(Date.now() - span * 86_400_000).toISOString();
      const rows = await repository.reviewDecisions(since);
      const byDay = new Map<string, { approved: number; rejected: number }>();
      for (const row of rows) {
        const day = byDay.get(row.day) ?? { approved: 0, rejected: 0 };
        if (row.status === 'APPROVED') day.approved += row.count;
        else day.rejected += row.count;
        byDay.set(row.day, day);
      }
      const precision = (a: number, r: number) => (a + r === 0 ? null : a / (a + r));
      const approved = [...byDay.values()].reduce((n, d) => n + d.approved, 0);
      const rejected = [...byDay.values()].reduce((n, d) => n + d.rejected, 0);
      return {
        since,
        reviewed: approved + rejected,
        approved,
        rejected,
        estimatedPrecision: precision(approved, rejected),
        openReviews: await repository.countReviewItems('OPEN'),
        days: [...byDay].map(([day, d]) => ({ day, ...d, estimatedPrecision: precision(d.approved, d.rejected) })),
      };
    },
  },
  CustomerConnection: {
    totalCount: (_parent, _args, { repository }) => repository.countCustomers(),
  },
  Mutation: {
    ...privacyMutations,
    async ingestSourceRecords(_parent, { source, records }, { service, caller }) {
      const system = source.trim().toLowerCase();
      if (!isSourceSystem(system)) throw badUserInput(`source must be one of ${sourceSystems.join(', ')}, got ${JSON.stringify(source)}`);
      if (records.length > maxBatch) throw badUserInput(`at most ${maxBatch} records per call, got ${records.length}; split the batch`);
      const outcome = await service.ingest(system, records, actorOf(caller));
      return { ...outcome, suppressed: outcome.rejected.filter((r) => r.reason === suppressedReason).length };
    },
    async mergeCustomers(_parent, args, { service, caller, repository }) {
      const survivorId = await service.merge(args.survivorId, args.mergedId, actorOf(caller), reason(args.reason));
      const [customer] = await repository.customersByIds([survivorId]);
      return customer ?? null;
    },
    async splitCustomerRecords(_parent, args, { service, caller, repository }) {
      const keys = [...new Set(args.sourceKeys.map((k) => k.trim()))];
      if (keys.length > 100) throw badUserInput(`at most 100 source keys per split, got ${keys.length}`);
      const ids = await service.split(keys, actorOf(caller), reason(args.reason));
      return (await repository.customersByIds(ids)).filter((c): c is NonNullable<typeof c> => c !== null);
    },
    async decideIdentityReview(_parent, { id, approve, note }, { service, caller }) {
      if (note && note.length > 1000) throw badUserInput('note is longer than 1000 characters');
      return service.decideReview(id, approve, actorOf(caller), note?.trim() || null);
    },
    async identify(_parent, { anonymousId, emails, phones }, { service, caller, loaders }) {
      if ((emails?.length ?? 0) + (phones?.length ?? 0) > 20) throw badUserInput('at most 20 e-mails and phones together');
      const result = await service.identify(anonymousId, { emails: emails ?? [], phones: phones ?? [] }, actorOf(caller));
      return { linked: result.linked, customer: result.customerId ? await loaders.customerById.load(result.customerId) : null };
    },
    async trainMatchModel(_parent, { activate }, { service }) {
      return service.train(Boolean(activate));
    },
    async activateMatchModel(_parent, { version }, { service }) {
      if (!(await service.models.activate(version))) throw notFound(`No stored match model ${version}`);
      return (await service.models.list()).find((m) => m.version === version) ?? null;
    },
  },
  ReviewItem: {
    recordA: async (item, _args, { loaders }) => {
      const found = await loaders.recordByKey.load(item.a);
      return found && { ...found.record, customerId: found.customerId };
    },
    recordB: async (item, _args, { loaders }) => {
      const found = await loaders.recordByKey.load(item.b);
      return found && { ...found.record, customerId: found.customerId };
    },
    explanation: (item, _args, { service }) => service.explain(item.a, item.b).catch(() => null),
  },
  RecordLink: {
    recordA: (link) => link.a,
    recordB: (link) => link.b,
    explanation: (link, _args, { service }) => service.explain(link.a, link.b),
  },
  CustomerEvent: {
    evidence: (event) => JSON.stringify(event.evidence),
  },
  MatchModelInfo: modelInfo,
  MatchExplanation: explanation,
  Customer: {
    // The representation carries consent's contactPermission (@requires of the CONTACT fields).
    __resolveReference: async (reference, { loaders }) => withContactPermission(await loaders.customerById.load(reference.id), reference),
    recordFacts: (customer) => customer.recordFacts,
    name: (customer) =>
      customer.givenName || customer.familyName || customer.fullName ? { given: customer.givenName, family: customer.familyName, full: customer.fullName } : null,
    identifiers: (customer) => [...customer.sourceKeys, ...customer.identifierKeys].map(identifierOf),
    sourceRecords: async (customer, _args, { loaders }) =>
      (await loaders.recordsByCustomerId.load(customer.id)).map((record) => withContactPermission({ ...record, customerId: customer.id }, customer)),
    history: (customer, _args, { loaders }) => loaders.historyByCustomerId.load(customer.id),
    links: (customer, _args, { loaders }) => loaders.linksByCustomerId.load(customer.id),
  },
  SourceRecord: {
    identifiers: (record) => recordIdentifiers(record),
    customer: (record, _args, { loaders }) => (record.customerId ? loaders.customerById.load(record.customerId) : null),
  },
};
