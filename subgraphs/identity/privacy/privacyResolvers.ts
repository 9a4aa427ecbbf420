import type { Caller } from '../../../lib/auth/Caller.ts';
import { badUserInput, c360Error, ErrorCode } from '../../../lib/errors.ts';
import { assertPrivacyCaller } from '../../../lib/privacy/index.ts';
import type { IdentityContext } from '../context.ts';
import type { IdentityPrivacy } from './identityPrivacy.ts';

type Context = IdentityContext & { caller?: Caller };

/** The caller must be the privacy runner (deny by default), and the part must have privacy wired. */
function privacyOf(context: Context): IdentityPrivacy {
  assertPrivacyCaller(context.caller);
  if (!context.privacy) throw c360Error(ErrorCode.INTERNAL_SERVER_ERROR, 'Privacy operations are not configured in this identity subgraph');
  return context.privacy;
}

function plainObject(value: unknown, name: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw badUserInput(`${name} must be a JSON object`);
  return value as Record<string, unknown>;
}

/** Internal `@inaccessible` root fields for the consent subgraph's privacy task runner (issue 4). */
export const privacyQueries = {
  identityPrivacyExport: (_parent: unknown, args: { identifiers: string[] }, context: Context) => privacyOf(context).export(args.identifiers),
  identityPrivacySubject: (_parent: unknown, args: { identifiers: string[] }, context: Context) => privacyOf(context).subject(args.identifiers),
};

export const privacyMutations = {
  identityPrivacyErase: (_parent: unknown, args: { requestId: string; identifiers: string[] }, context: Context) =>
    privacyOf(context).erase(args.requestId, args.identifiers, new Date()),
  identityPrivacyRectify: (_parent: unknown, args: { requestId: string; identifiers: string[]; correction: unknown; observedAt: string }, context: Context) =>
    privacyOf(context).rectify(args.requestId, args.identifiers, plainObject(args.correction, 'correction'), args.observedAt),
  identityRetentionApply: (_parent: unknown, args: { before: string }, context: Context) => privacyOf(context).applyRetention(new Date(args.before)),
};
