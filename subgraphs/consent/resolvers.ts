import { latestAcceptedTimestamp } from '../../lib/dates.ts';
import { badUserInput } from '../../lib/errors.ts';
import { DateTime } from '../../lib/graphql/DateTime.ts';
import { JSONScalar } from '../../lib/graphql/JSON.ts';
import { privacyMutations, privacyQueries, privacyRequestResolvers } from './privacy/privacyResolvers.ts';
import type { ConsentPurpose, Resolvers } from './generated/resolvers.ts';
import type { ConsentEvent } from './store/ConsentStore.ts';
import { validateConsent } from './validateConsent.ts';

const purposes: ConsentPurpose[] = ['SERVICE', 'MARKETING_EMAIL', 'MARKETING_SMS', 'ANALYTICS', 'PERSONALIZATION', 'THIRD_PARTY_SHARING'];
const maxBatch = 5000;

/** The key set of a customer, sorted: the DataLoader's cache key. */
export const customerKeys = (reference: { identifierKeys?: readonly string[] | null; sourceKeys?: readonly string[] | null }) =>
  [...new Set([...(reference.identifierKeys ?? []), ...(reference.sourceKeys ?? [])])].sort();

export const resolvers: Resolvers = {
  DateTime,
  JSON: JSONScalar,
  PrivacyRequest: privacyRequestResolvers,
  Query: {
    ...privacyQueries,
    consentPurposes: () => purposes,
    auditLog: (_parent, { filter, first, after }, { audit }) => audit.list(filter ?? {}, first ?? 20, after ?? null),
  },
  AuditLogConnection: {
    nodes: (page) => page.records as never,
  },
  Mutation: {
    ...privacyMutations,
    async recordConsents(_parent, { consents }, { store, region }) {
      if (consents.length > maxBatch) throw badUserInput(`at most ${maxBatch} consents per call, got ${consents.length}; split the batch`);
      const latest = latestAcceptedTimestamp();
      const rejected: { index: number; reason: string }[] = [];
      const valid: ConsentEvent[] = [];
      consents.forEach((input, index) => {
        const outcome = validateConsent(input, { region, latest });
        if ('reason' in outcome) rejected.push({ index, reason: outcome.reason });
        else valid.push(outcome);
      });
      const accepted = await store.append(valid);
      return { accepted, duplicates: valid.length - accepted, rejected };
    },
  },
  Customer: {
    // The reference carries the @requires keys; consents are computed from them in `consents`.
    __resolveReference: (reference) => reference,
    consents: (customer, _args, { consentsByKeys }) => consentsByKeys.load(customerKeys(customer as never)),
  },
};
