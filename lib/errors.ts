import { unwrapResolverError } from '@apollo/server/errors';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';

/** Every error code a c360 client can see (DESIGN §6). */
export const ErrorCode = Object.freeze({
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  CONSENT_REQUIRED: 'CONSENT_REQUIRED',
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  NOT_FOUND: 'NOT_FOUND',
  RATE_LIMITED: 'RATE_LIMITED',
  SUBGRAPH_UNAVAILABLE: 'SUBGRAPH_UNAVAILABLE',
  INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
} as const);
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

const knownCodes = new Set<string>(Object.values(ErrorCode));
/** Codes that graphql-js and Apollo Server produce themselves for malformed requests. */
const requestCodes = new Set(['GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED', 'BAD_REQUEST', 'PERSISTED_QUERY_NOT_FOUND', 'PERSISTED_QUERY_NOT_SUPPORTED', 'OPERATION_RESOLUTION_FAILURE']);

/** Creates a client-facing error with one of the registry's codes. */
export function c360Error(code: ErrorCode, message: string, extensions: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { ...extensions, code } });
}

export const badUserInput = (message: string, extensions?: Record<string, unknown>) => c360Error(ErrorCode.BAD_USER_INPUT, message, extensions);
export const notFound = (message: string, extensions?: Record<string, unknown>) => c360Error(ErrorCode.NOT_FOUND, message, extensions);

/**
 * Duck-typed: graphql-js can be loaded twice (its CommonJS build by Apollo, its ESM build here),
 * so `instanceof GraphQLError` fails for errors of the other copy; and the gateway hands over
 * subgraph errors as plain objects. A plain `Error` (a driver failure, a bug) has no `extensions`.
 */
function isGraphQLError(error: unknown): error is { message: string; extensions: Record<string, unknown> } {
  if (typeof error !== 'object' || error === null) return false;
  const { message, extensions } = error as { message?: unknown; extensions?: unknown };
  return typeof message === 'string' && typeof extensions === 'object' && extensions !== null;
}

/**
 * Builds Apollo Server's `formatError`: known codes pass through; anything else (driver errors,
 * bugs) becomes INTERNAL_SERVER_ERROR with a generic message. Stack traces and original messages
 * are kept only in development.
 */
export function createFormatError(options: { development: boolean; onUnexpected?: (error: unknown) => void }) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const code = formatted.extensions?.code;
    // Apollo Server stamps INTERNAL_SERVER_ERROR on any thrown error without a code before this
    // runs: a plain Error (a driver failure, a bug) or such a stamped code is never trusted.
    const original = unwrapResolverError(error);
    const deliberate =
      isGraphQLError(original) && (code !== ErrorCode.INTERNAL_SERVER_ERROR || original.extensions.code === ErrorCode.INTERNAL_SERVER_ERROR);
    if (typeof code === 'string' && deliberate && (knownCodes.has(code) || requestCodes.has(code))) {
      if (options.development) return formatted;
      const { stacktrace: _stacktrace, ...extensions } = formatted.extensions ?? {};
      return { ...formatted, extensions };
    }
    options.onUnexpected?.(error);
    return {
      message: options.development ? formatted.message : 'Internal server error',
      ...(formatted.path ? { path: formatted.path } : {}),
      ...(formatted.locations ? { locations: formatted.locations } : {}),
      extensions: {
        code: ErrorCode.INTERNAL_SERVER_ERROR,
        ...(options.development && formatted.extensions?.stacktrace ? { stacktrace: formatted.extensions.stacktrace } : {}),
      },
    };
  };
}
