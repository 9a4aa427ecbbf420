import type { Caller } from '../auth/Caller.ts';
import { c360Error, ErrorCode } from '../errors.ts';

/**
 * The purpose of use that the privacy task runner (consent subgraph) declares when it calls the
 * other subgraphs' internal privacy fields. No other caller reaches those fields: they are
 * `@inaccessible` (the gateway never routes to them) and each resolver checks this purpose.
 */
export const privacyPurpose = 'PRIVACY';

/** The caller the privacy task runner and the retention job act as (signed with the context key). */
export function privacyCaller(client: 'c360-privacy' | 'c360-retention' = 'c360-privacy'): Caller {
  return Object.freeze({ subject: client, client, clearance: 'RESTRICTED', purpose: privacyPurpose, anonymous: false });
}

/**
 * Throws FORBIDDEN unless the verified caller is the privacy runner: RESTRICTED clearance and
 * purpose `PRIVACY`. Deny by default: call it first in every internal privacy or retention resolver.
 */
export function assertPrivacyCaller(caller: Caller | undefined): void {
  if (!caller || caller.anonymous || caller.clearance !== 'RESTRICTED' || caller.purpose !== privacyPurpose) {
    throw c360Error(ErrorCode.FORBIDDEN, `Only the privacy task runner (RESTRICTED clearance, purpose ${privacyPurpose}) may run privacy operations`);
  }
}
