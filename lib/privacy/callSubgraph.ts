import { randomUUID } from 'node:crypto';
import { callerContextHeader, type Caller } from '../auth/Caller.ts';
import { signCallerContext } from '../auth/callerContext.ts';

export interface CallSubgraphOptions {
  /** The subgraph's `/graphql` URL. */
  url: string;
  query: string;
  variables?: Record<string, unknown>;
  /** The caller-context key every part shares (`resolvePartKeys(config).context`). */
  contextKey: string;
  caller: Caller;
  /** Abort after this long; default 60 s. */
  timeoutMs?: number;
}

/** A failed internal call; its message names the subgraph's URL host and what went wrong, never data. */
export class SubgraphCallError extends Error {
  override readonly name = 'SubgraphCallError';
}

/** The system error code of a failed fetch (`ECONNREFUSED`, `ENOTFOUND`…), or `timeout`; never a URL or data. */
function networkReason(error: unknown): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) return 'timeout';
  let innermost = 'network error';
  for (let cause: unknown = error, depth = 0; cause && depth < 5; depth += 1) {
    const { code, errors, message } = cause as { code?: unknown; errors?: unknown[]; message?: unknown };
    if (typeof code === 'string' && /^[A-Z_]+$/.test(code)) return code;
    // undici's own messages ("bad port", "fetch failed") name the failure, never the request's data.
    if (typeof message === 'string' && message !== '' && depth > 0) innermost = message.slice(0, 100);
    cause = Array.isArray(errors) && errors.length > 0 ? errors[0] : (cause as { cause?: unknown }).cause;
  }
  return innermost;
}

/**
 * Posts one operation straight to a subgraph (not through the gateway) with a signed caller
 * context, as the privacy task runner and the retention job do for the `@inaccessible` internal
 * fields. Returns `data`; throws a {@link SubgraphCallError} for a refused connection, a timeout,
 * a non-2xx status or any GraphQL error, with the error codes and messages the subgraph gave
 * (subgraphs never put personal data in error messages).
 */
export async function callSubgraph<TData = Record<string, unknown>>(options: CallSubgraphOptions): Promise<TData> {
  const requestId = `privacy-${randomUUID()}`;
  const header = signCallerContext(options.caller, requestId, options.contextKey, { ttlSeconds: 120 });
  const where = (() => {
    try {
      return new URL(options.url).host;
    } catch {
      return 'an invalid URL';
    }
  })();
  let response: Response;
  try {
    response = await fetch(options.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [callerContextHeader]: header, 'x-request-id': requestId },
      body: JSON.stringify({ query: options.query, variables: options.variables ?? {} }),
      signal: AbortSignal.timeout(options.timeoutMs ?? 60_000),
    });
  } catch (error) {
    throw new SubgraphCallError(`could not reach ${where}: ${networkReason(error)}`, { cause: error });
  }
  let body: { data?: TData | null; errors?: { message?: string; extensions?: { code?: string } }[] };
  try {
    body = (await response.json()) as typeof body;
  } catch {
    throw new SubgraphCallError(`${where} answered HTTP ${response.status} without a JSON body`);
  }
  if (body.errors && body.errors.length > 0) {
    const described = body.errors.map((e) => `${e.extensions?.code ?? 'ERROR'}: ${e.message ?? ''}`.trim()).join('; ');
    throw new SubgraphCallError(`${where} answered with errors: ${described.slice(0, 500)}`);
  }
  if (!response.ok || !body.data) throw new SubgraphCallError(`${where} answered HTTP ${response.status} without data`);
  return body.data;
}
