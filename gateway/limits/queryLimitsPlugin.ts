import { HeaderMap, type ApolloServerPlugin } from '@apollo/server';
import type { Caller } from '../../lib/auth/Caller.ts';
import { c360Error, ErrorCode } from '../../lib/errors.ts';
import { callerOf, type LimitsContext } from './LimitsContext.ts';
import { aliasCount, operationCost, operationDepth, usesIntrospection } from './queryLimits.ts';

export interface QueryLimitsOptions {
  maxDepth: number;
  maxAliases: number;
  maxCost: number;
  /** Whether this caller may use `__schema` / `__type`. `__typename` is always allowed. */
  introspection: (caller: Caller) => boolean;
}

function tooMuch(limit: 'depth' | 'aliases' | 'cost', measured: number, maximum: number, message: string) {
  return c360Error(ErrorCode.BAD_USER_INPUT, message, { limit, measured, maximum, http: { status: 400, headers: new HeaderMap() } });
}

/**
 * Refuses an operation before it runs when it asks for introspection the caller may not use
 * (FORBIDDEN, HTTP 403), or exceeds the depth, alias or cost limit (BAD_USER_INPUT, HTTP 400, with
 * `extensions.limit`, `measured` and `maximum`); checked in that order, the first failure answers.
 * The measures are those of `queryLimits.ts`; cost uses the request's variables and the schema
 * Apollo Server serves (the gateway's API schema). The context must carry `caller`.
 */
export function createQueryLimitsPlugin(options: QueryLimitsOptions): ApolloServerPlugin<LimitsContext> {
  for (const name of ['maxDepth', 'maxAliases', 'maxCost'] as const) {
    if (!Number.isInteger(options[name]) || options[name] < 1) throw new TypeError(`Expected ${name} to be a positive integer, got ${String(options[name])}`);
  }
  const { maxDepth, maxAliases, maxCost, introspection } = options;
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, request, schema, contextValue }) {
          const name = request.operationName;
          if (usesIntrospection(document, name) && !introspection(callerOf(contextValue))) {
            throw c360Error(ErrorCode.FORBIDDEN, 'Introspection is not allowed for this caller', { http: { status: 403, headers: new HeaderMap() } });
          }
          const depth = operationDepth(document, name);
          if (depth > maxDepth) throw tooMuch('depth', depth, maxDepth, `Query depth ${depth} exceeds the limit of ${maxDepth}`);
          const aliases = aliasCount(document, name);
          if (aliases > maxAliases) throw tooMuch('aliases', aliases, maxAliases, `Query alias count ${aliases} exceeds the limit of ${maxAliases}`);
          const cost = operationCost(document, name, request.variables, schema);
          if (cost > maxCost) throw tooMuch('cost', cost, maxCost, `Query cost ${cost} exceeds the limit of ${maxCost}`);
        },
      };
    },
  };
}
