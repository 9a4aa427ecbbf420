import { consentPurposeFor, type ContactPermission } from '../../lib/consent/index.ts';
import { latestAcceptedTimestamp } from '../../lib/dates.ts';
import { badUserInput } from '../../lib/errors.ts';
import { DateTime } from '../../lib/graphql/DateTime.ts';
import { JSONScalar } from '../../lib/graphql/JSON.ts';
import { privacyMutations, privacyQueries, privacyRequestResolvers } from './privacy/privacyResolvers.ts';
import { JSONObject } from '../../lib/graphql/JSONObject.ts';
import { canonicalKey } from '../../lib/keys.ts';
import type { ConsentContext } from './context.ts';
import { decideConsent, explainDecision, latestDecisions } from './effective/decideConsent.ts';
import type { NewConsentEvent, NewPrivacySignal } from './effective/types.ts';
import type { Resolvers } from './generated/resolvers.ts';
import { validateConsent, validatePrivacySignal } from './validateConsent.ts';

const maxBatch = 5000;
const maxCollectionKeys = 100;

/** The key set of a customer, sorted: the DataLoader's cache key. */
export const customerKeys = (reference: { identifierKeys?: readonly string[] | null; sourceKeys?: readonly string[] | null }) =>
  [...new Set([...(reference.identifierKeys ?? []), ...(reference.sourceKeys ?? [])])].sort();

const stateOf = (customer: unknown, context: ConsentContext) => context.consentStateByKeys.load(customerKeys(customer as never));

function checkPurpose(purpose: string, context: ConsentContext): void {
  if (!context.policy.purposes.some((p) => p.id === purpose)) {
    throw badUserInput(`purpose ${JSON.stringify(purpose.slice(0, 64))} is not in the catalog (${context.policy.purposes.map((p) => p.id).join(', ')})`);
  }
}

/** The caller purpose's permission over one customer's CONTACT fields (see lib/consent/contactPermission.ts). */
async function contactPermission(customer: unknown, context: ConsentContext): Promise<ContactPermission> {
  const { caller, requestId, policy } = context;
  const consentPurpose = consentPurposeFor(policy, caller.purpose);
  const bound = { purpose: caller.purpose, requestId, consentPurpose };
  if (consentPurpose === null) return { ...bound, allowed: false, mask: false, basis: 'UNMAPPED', rule: null, jurisdiction: null, eventId: null };
  const decision = decideConsent(consentPurpose, await stateOf(customer, context), policy, context.now);
  return {
    ...bound,
    allowed: decision.allowed,
    mask: policy.maskContact.includes(consentPurpose),
    basis: decision.basis,
    rule: decision.basis === 'DEFAULT' ? decision.defaultRule.rule : null,
    jurisdiction: decision.defaultRule.jurisdiction,
    eventId: decision.decidedBy?.id ?? null,
  };
}

interface AuditConsentEntry {
  path: string | null;
  field: string;
  customerId: string | null;
  decision: 'MASKED' | 'DENIED';
  callerPurpose: string;
  consentPurpose: string | null;
  basis: string;
  rule: string | null;
  eventId: string | null;
}

export const resolvers: Resolvers = {
  DateTime,
  JSON: JSONScalar,
  PrivacyRequest: privacyRequestResolvers,
  JSONObject,
  Query: {
    ...privacyQueries,
    consentPurposes: (_parent, _args, { policy }) => policy.purposes.map((p) => ({ ...p, gpcOptOut: !p.essential && policy.gpcPurposes.includes(p.id) })),
    consentJurisdictions: (_parent, _args, { policy }) =>
      Object.entries(policy.jurisdictions).map(([code, table]) => ({
        code,
        isDefault: code === policy.defaultJurisdiction,
        purposes: policy.purposes.map((p) => ({ purpose: p.id, regime: p.essential ? null : (table.purposes[p.id] ?? table.regime) })),
      })),
    async canCollect(_parent, { keys, purpose }, context) {
      checkPurpose(purpose, context);
      if (keys.length < 1 || keys.length > maxCollectionKeys) throw badUserInput(`keys must hold 1 to ${maxCollectionKeys} keys, got ${keys.length}`);
      const canonical = keys.map((raw, index) => {
        const key = canonicalKey(raw, context.region);
        if ('error' in key) throw badUserInput(`keys[${index}]: ${key.error}`, { index });
        return key.key;
      });
      // Through the request's loader: many canCollect in one operation (aliases) cost one pair of queries.
      const decision = decideConsent(purpose, await context.consentStateByKeys.load([...new Set(canonical)].sort()), context.policy, context.now);
      return { ...decision, reason: explainDecision(decision) };
    },
    auditLog: (_parent, { filter, first, after }, { audit }) => audit.list(filter ?? {}, first ?? 20, after ?? null),
  },
  AuditLogConnection: {
    nodes: (page) => page.records as never,
  },
  AuditRecord: {
    consentDecisions: (record) => {
      const consent = (record as { details?: { consent?: unknown } | null }).details?.consent;
      return Array.isArray(consent) ? (consent as AuditConsentEntry[]) : [];
    },
  },
  Mutation: {
    ...privacyMutations,
    async recordConsents(_parent, { consents }, { store, region, policy }) {
      if (consents.length > maxBatch) throw badUserInput(`at most ${maxBatch} consents per call, got ${consents.length}; split the batch`);
      const latest = latestAcceptedTimestamp();
      const rejected: { index: number; reason: string }[] = [];
      const valid: NewConsentEvent[] = [];
      consents.forEach((input, index) => {
        const outcome = validateConsent(input, { region, latest, policy });
        if ('reason' in outcome) rejected.push({ index, reason: outcome.reason });
        else valid.push(outcome);
      });
      const accepted = await store.append(valid);
      return { accepted, duplicates: valid.length - accepted, rejected };
    },
    async recordPrivacySignals(_parent, { signals }, { store, region, policy }) {
      if (signals.length > maxBatch) throw badUserInput(`at most ${maxBatch} signals per call, got ${signals.length}; split the batch`);
      const latest = latestAcceptedTimestamp();
      const rejected: { index: number; reason: string }[] = [];
      const valid: NewPrivacySignal[] = [];
      signals.forEach((input, index) => {
        const outcome = validatePrivacySignal(input, { region, latest, policy });
        if ('reason' in outcome) rejected.push({ index, reason: outcome.reason });
        else valid.push(outcome);
      });
      const accepted = await store.appendSignals(valid);
      return { accepted, duplicates: valid.length - accepted, rejected };
    },
  },
  Customer: {
    // The reference carries the @requires keys; everything is computed from them.
    __resolveReference: (reference) => reference,
    consents: async (customer, _args, context) => latestDecisions((await stateOf(customer, context)).events),
    effectiveConsents: async (customer, _args, context) => {
      const state = await stateOf(customer, context);
      return context.policy.purposes.map((p) => decideConsent(p.id, state, context.policy, context.now));
    },
    contactPermission: (customer, _args, context) => contactPermission(customer, context),
  },
};
