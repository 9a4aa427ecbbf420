import type { Caller } from '../../../lib/auth/Caller.ts';
import type { ConsentContext } from '../context.ts';
import type { MutationResolvers, PrivacyRequestResolvers, QueryResolvers } from '../generated/resolvers.ts';
import { isOverdue } from './lifecycle.ts';

const periodOf = (deadline: { months?: number; days?: number }) => (deadline.months !== undefined ? `P${deadline.months}M` : `P${deadline.days}D`);

/** The verified caller; the subgraph server sets it on every admitted request. */
function callerOf(context: ConsentContext): Caller {
  if (!context.caller) throw new TypeError('Expected a verified caller in the consent context, got none');
  return context.caller;
}

/**
 * Privacy request and retention resolvers of the consent subgraph (issue 4). Who may call them is
 * decided by `@sensitive(level: RESTRICTED)` on each root field (graphql-shield, deny by default):
 * they only run for RESTRICTED callers.
 */
export const privacyQueries: Pick<QueryResolvers, 'privacyRequest' | 'privacyRequests' | 'overduePrivacyRequests' | 'privacyJurisdictions'> = {
  privacyRequest: (_parent, { id }, { privacy }) => privacy.get(id),
  privacyRequests: (_parent, { filter, first, after }, { privacy }) => privacy.store.list(filter ?? {}, first ?? 20, after ?? null, new Date()),
  overduePrivacyRequests: (_parent, { first }, { privacy }) => privacy.store.overdue(new Date(), first ?? 100),
  privacyJurisdictions: (_parent, _args, { privacyDeadlines }) => Object.entries(privacyDeadlines).map(([code, deadline]) => ({ code, period: periodOf(deadline) })),
};

export const privacyMutations: Pick<
  MutationResolvers,
  'createPrivacyRequest' | 'verifyPrivacyRequest' | 'rejectPrivacyRequest' | 'processPrivacyRequest' | 'retryPrivacyTasks' | 'applyRetention'
> = {
  createPrivacyRequest: (_parent, { input }, context) => context.privacy.create(callerOf(context), { ...input, correction: input.correction ?? null }),
  verifyPrivacyRequest: (_parent, { id, method }, context) => context.privacy.verify(callerOf(context), id, method),
  rejectPrivacyRequest: (_parent, { id, reason }, context) => context.privacy.reject(callerOf(context), id, reason),
  processPrivacyRequest: (_parent, { id }, context) => context.privacy.process(callerOf(context), id),
  retryPrivacyTasks: (_parent, { id }, context) => context.privacy.retry(callerOf(context), id),
  applyRetention: (_parent, _args, context) => context.retention.apply(callerOf(context)),
};

export const privacyRequestResolvers: PrivacyRequestResolvers = {
  overdue: (request) => isOverdue(request, new Date()),
  subject: (request) =>
    request.subject.erased
      ? { emails: null, phones: null, sourceKeys: null, hashes: request.subjectHashes, erased: true }
      : { emails: request.subject.emails, phones: request.subject.phones, sourceKeys: request.subject.sourceKeys, hashes: request.subjectHashes, erased: false },
  tasks: (request, _args, { privacyTasks }) => privacyTasks.load(request.id),
  export: async (request, _args, { privacy, privacyTasks }) => privacy.exportDocument(request, await privacyTasks.load(request.id)),
  auditTrail: (request, _args, { privacy }) => privacy.auditTrail(request.id) as never,
};
