import type { BaseContext } from '@apollo/server';
import type { Caller } from '../../lib/auth/Caller.ts';

/**
 * What the limit plugins need from the gateway's per-request context: the authenticated caller.
 * `ApolloServerPlugin` is contravariant in its context, so plugins typed with this fit a server
 * whose context has more (`GatewayContext` with `caller`).
 */
export interface LimitsContext extends BaseContext {
  readonly caller: Caller;
}

/** The caller of a request, or a `TypeError` when the context lacks one (a wiring mistake). */
export function callerOf(context: LimitsContext): Caller {
  const caller = (context as Partial<LimitsContext>).caller;
  if (!caller || typeof caller.subject !== 'string' || typeof caller.client !== 'string') {
    throw new TypeError(`Expected the request context to carry a caller with subject and client, got ${JSON.stringify(caller)}`);
  }
  return caller;
}
