import type { IncomingMessage, Server } from 'node:http';
import { ApolloServer, type ApolloServerPlugin, type BaseContext } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/resolverMap.js';
import { parse } from 'graphql';
import type { Caller } from '../auth/Caller.ts';
import { callerContextHeader } from '../auth/Caller.ts';
import { verifyCallerContext } from '../auth/callerContext.ts';
import type { PartKeys } from '../auth/resolvePartKeys.ts';
import type { Config } from '../config.ts';
import { createFormatError, ErrorCode } from '../errors.ts';
import { AccessRecorder, assertSensitivityFits, enforceSensitivity, readSensitivity, withSensitiveDefinitions, type AccessContext } from '../sensitivity/index.ts';
import { close, createGraphQLHttpServer, listen, sendJson } from '../http/index.ts';
import { describeError, type Logger } from '../logger.ts';

export interface SubgraphServerOptions<TContext extends BaseContext> {
  name: string;
  /** The subgraph's SDL; the shared `@sensitive` definitions are appended here. */
  typeDefs: string;
  /** Verifies the gateway's signed caller context, and keys the HASH mask. */
  keys: Pick<PartKeys, 'context' | 'hash'>;
  resolvers: GraphQLResolverMap<TContext>;
  config: Config;
  logger: Logger;
  /** Per-request context; create DataLoaders here so no cache outlives a request. */
  context(request: IncomingMessage): Promise<TContext>;
  /** Throws when a store the subgraph needs is unreachable (for `/readyz`). */
  checkReady(): Promise<void>;
  /**
   * Field-level enforcement (DESIGN §4). Only benchmarks turn it off, to measure its cost; it is
   * not configurable from the environment.
   */
  enforcement?: boolean;
  /** Releases the part's stores; called by `stop()` after the HTTP server closed. */
  onStop?(): Promise<void>;
}

/** A part of c360 that has been built but is not listening yet (DESIGN §1: build, then listen). */
export interface Part {
  readonly name: string;
  readonly httpServer: Server;
  /** Starts listening; returns the bound port (port 0 picks one). */
  listen(port: number, host: string): Promise<number>;
  /** Stops serving and releases what the part opened. Idempotent. */
  stop(): Promise<void>;
}

/**
 * Builds one federated subgraph: schema from SDL and resolvers, Apollo Server with the shared
 * error formatting, `/graphql`, `/healthz` (alive) and `/readyz` (stores reachable).
 */
export async function buildSubgraphServer<TContext extends BaseContext>(options: SubgraphServerOptions<TContext>): Promise<Part> {
  const development = options.config.environment === 'development';
  const sdl = withSensitiveDefinitions(options.typeDefs);
  const sensitive = readSensitivity(sdl);
  const built = buildSubgraphSchema({ typeDefs: parse(sdl), resolvers: options.resolvers as GraphQLResolverMap<unknown> });
  assertSensitivityFits(built, sensitive);
  const verified = new WeakMap<IncomingMessage, { caller: Caller; requestId: string }>();
  const apollo = new ApolloServer<TContext & SubgraphRequestContext>({
    schema: options.enforcement === false ? built : enforceSensitivity(built, sensitive, { hashKey: options.keys.hash, consent: options.config.consent }),
    formatError: createFormatError({
      development,
      onUnexpected: (error) => options.logger.error({ err: describeError(error) }, 'unexpected error in resolver'),
    }),
    includeStacktraceInErrorResponses: development,
    plugins: [ApolloServerPluginLandingPageDisabled(), ApolloServerPluginInlineTraceDisabled(), reportAccessDecisions()],
    // The part's owner stops it (main.ts, startSystem); Apollo's own signal handlers would race it.
    stopOnTerminationSignals: false,
  });
  await apollo.start();
  const httpServer = createGraphQLHttpServer({
    apollo,
    // Only the gateway may call a subgraph: it signs each request's caller context (DESIGN §4).
    admit(request) {
      const header = request.headers[callerContextHeader];
      const verification = verifyCallerContext(typeof header === 'string' ? header : undefined, options.keys.context);
      if (!verification.ok) return { status: 401, code: ErrorCode.UNAUTHENTICATED, message: `A valid caller context is required (${verification.reason})` };
      verified.set(request, { caller: verification.caller, requestId: verification.requestId });
      return null;
    },
    context: async (request) => {
      const admitted = verified.get(request);
      if (!admitted) throw new TypeError('Expected a request admitted with a verified caller context, got none');
      return { ...(await options.context(request)), ...admitted, access: new AccessRecorder() };
    },
    routes: [
      { method: 'GET', path: '/healthz', handle: (_req, res) => sendJson(res, 200, { status: 'ok', part: options.name }) },
      {
        method: 'GET',
        path: '/readyz',
        async handle(_req, res) {
          try {
            await options.checkReady();
            sendJson(res, 200, { status: 'ready', part: options.name });
          } catch (error) {
            options.logger.warn({ err: describeError(error) }, 'not ready');
            sendJson(res, 503, { status: 'unavailable', part: options.name });
          }
        },
      },
    ],
  });
  let stopped: Promise<void> | undefined;
  return {
    name: options.name,
    httpServer,
    listen: (port, host) => listen(httpServer, port, host),
    stop: () =>
      (stopped ??= (async () => {
        await close(httpServer);
        await apollo.stop();
        await options.onStop?.();
      })()),
  };
}

/** What every subgraph request carries besides the subgraph's own context. */
export type SubgraphRequestContext = AccessContext;

/** Adds the request's access decisions to the response (`extensions.c360Access`) for the gateway's audit. */
function reportAccessDecisions(): ApolloServerPlugin<SubgraphRequestContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response, contextValue }) {
          if (response.body.kind !== 'single' || contextValue.access.reports.length === 0) return;
          response.body.singleResult.extensions = { ...response.body.singleResult.extensions, c360Access: contextValue.access.reports };
        },
      };
    },
  };
}

