import { HeaderMap, type ApolloServerPlugin } from '@apollo/server';
import type { GraphQLError } from 'graphql';
import type { Caller } from '../../lib/auth/Caller.ts';
import { c360Error, ErrorCode } from '../../lib/errors.ts';
import { callerOf, type LimitsContext } from './LimitsContext.ts';
import type { RateLimitDecision, RateLimitStore } from './tokenBucket.ts';

export interface RateLimitPluginOptions {
  /** The clock handed to the store, in ms. Default `Date.now`. */
  now?: () => number;
  /** Told when the store fails (Redis unreachable); the request is refused either way. */
  onStoreError?: (error: unknown) => void;
}

/** The bucket keys of a caller; every anonymous caller shares the subject `anonymous`. */
export function rateLimitKeys(caller: Caller): { subject: string; client: string } {
  return { subject: `subject:${caller.anonymous ? 'anonymous' : caller.subject}`, client: `client:${caller.client}` };
}

async function decide(store: RateLimitStore, caller: Caller, now: number, onStoreError: RateLimitPluginOptions['onStoreError']): Promise<GraphQLError | null> {
  const keys = rateLimitKeys(caller);
  let decisions: [RateLimitDecision, RateLimitDecision];
  try {
    decisions = await Promise.all([store.take(keys.subject, now), store.take(keys.client, now)]);
  } catch (error) {
    onStoreError?.(error);
    // Never "unlimited" because the counters are out of reach.
    return c360Error(ErrorCode.INTERNAL_SERVER_ERROR, 'Rate limits cannot be checked at the moment', { http: { status: 503, headers: new HeaderMap() } });
  }
  const refused = (['subject', 'client'] as const)
    .map((bucket, i) => ({ bucket, decision: decisions[i]! }))
    .filter(({ decision }) => !decision.allowed)
    .sort((a, b) => b.decision.retryAfterMs - a.decision.retryAfterMs)[0];
  if (!refused) return null;
  const { retryAfterMs } = refused.decision;
  const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
  return c360Error(ErrorCode.RATE_LIMITED, `Rate limit exceeded for ${refused.bucket}; retry after ${retryAfterMs} ms`, {
    retryAfterMs,
    http: { status: 429, headers: new HeaderMap([['retry-after', String(seconds)]]) },
  });
}

/**
 * Takes one token per operation from the caller's subject bucket and one from its client bucket
 * (`subject:<sub>`, `client:<client>`); when either is empty the operation is refused with
 * RATE_LIMITED, HTTP 429 and `Retry-After` (whole seconds, rounded up; the exact wait is in
 * `extensions.retryAfterMs`). When both are empty the longer wait is reported. A store failure
 * refuses the operation with INTERNAL_SERVER_ERROR and HTTP 503. Each operation of a batched
 * request costs its own tokens. The context must carry `caller`.
 *
 * Tokens are taken when the request starts, so operations that fail to parse or validate count
 * too and the store's round trip overlaps parsing and validation; the refusal is delivered in
 * `didResolveOperation`, because Apollo Server answers an error thrown before that hook with a
 * bare 500, while one thrown there keeps its `extensions.http` status and headers.
 */
export function createRateLimitPlugin(store: RateLimitStore, options: RateLimitPluginOptions = {}): ApolloServerPlugin<LimitsContext> {
  const now = options.now ?? Date.now;
  return {
    async requestDidStart({ contextValue }) {
      const refusal = decide(store, callerOf(contextValue), now(), options.onStoreError);
      return {
        async didResolveOperation() {
          const error = await refusal;
          if (error) throw error;
        },
      };
    },
  };
}
