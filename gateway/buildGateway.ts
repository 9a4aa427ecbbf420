import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { AuditStore } from '../lib/audit/index.ts';
import { createAuthenticator } from '../lib/auth/authenticate.ts';
import { signCallerContext } from '../lib/auth/callerContext.ts';
import type { PartKeys } from '../lib/auth/resolvePartKeys.ts';
import type { Config, SubgraphName } from '../lib/config.ts';
import type { Database } from '../lib/db/index.ts';
import { levelRank, readSensitivity } from '../lib/sensitivity/index.ts';
import { checkBatch, createMemoryRateLimitStore, createQueryLimitsPlugin, createRateLimitPlugin, createRedisRateLimitStore, type RateLimitStore } from './limits/index.ts';
import { createAccessPlugin } from './access/accessPlugin.ts';
import { createFormatError } from '../lib/errors.ts';
import type { Part } from '../lib/graphql/buildSubgraphServer.ts';
import { close, createGraphQLHttpServer, listen, sendJson } from '../lib/http/index.ts';
import { describeError, type Logger } from '../lib/logger.ts';
import type { GatewayContext } from './context.ts';
import { graphiqlLandingPage, loadExampleTabs } from './graphiqlLandingPage.ts';
import { SubgraphDataSource } from './SubgraphDataSource.ts';

export interface GatewayOptions {
  config: Config;
  logger: Logger;
  /** JWT secret, caller-context key (`resolvePartKeys`). */
  keys: PartKeys;
  /** The SQL store of the audit log (schema `audit`; migrated here). The caller owns and closes it. */
  db: Database;
  /** Where each subgraph listens; defaults to `config.subgraphUrls` (tests pass ports chosen at start). */
  subgraphUrls?: Readonly<Record<SubgraphName, string>>;
  /** Defaults to the committed `gateway/supergraph.graphql`. */
  supergraphSdl?: string;
  /** Headers GraphiQL starts with (development: ready-made tokens). */
  graphiqlHeaders?: Record<string, string>;
  /** Development tokens per clearance, shown in GraphiQL's first tab ready to paste. */
  graphiqlTokens?: Record<string, string>;
  /** Benchmarks only: no access extensions and no audit (subgraphs are built without enforcement too). */
  enforcement?: boolean;
}

export interface Gateway extends Part {
  readonly audit: AuditStore;
}

/** The committed supergraph the gateway serves; it never composes from live services. */
export const readSupergraphSdl = () => readFile(new URL('./supergraph.graphql', import.meta.url), 'utf8');

const readyzUrl = (graphqlUrl: string) => new URL('/readyz', graphqlUrl).toString();

/**
 * Builds the gateway (not listening): Apollo Gateway over the committed supergraph, subgraph
 * clients that report unavailable subgraphs per field, GraphiQL at `/graphql` in a browser,
 * `/healthz` (alive) and `/readyz` (every subgraph ready, which includes its stores, and the
 * audit store writable).
 */
export async function buildGateway(options: GatewayOptions): Promise<Gateway> {
  const urls = options.subgraphUrls ?? options.config.subgraphUrls;
  const development = options.config.environment === 'development';
  const supergraphSdl = options.supergraphSdl ?? (await readSupergraphSdl());
  const audit = new AuditStore(options.db);
  await audit.migrate();
  const authenticate = createAuthenticator({ auth: options.config.auth, jwtSecret: options.keys.jwt, environment: options.config.environment });
  const { limits } = options.config;
  const rateLimits: RateLimitStore = limits.redisUrl
    ? createRedisRateLimitStore({ url: limits.redisUrl, ...limits.rateLimit })
    : createMemoryRateLimitStore(limits.rateLimit);
  const gateway = new ApolloGateway({
    supergraphSdl,
    buildService: ({ name }) => {
      const url = urls[name as SubgraphName];
      if (!url) throw new TypeError(`Expected a URL for subgraph "${name}" of the supergraph, got none`);
      return new SubgraphDataSource({ name, url, logger: options.logger });
    },
  });
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    formatError: createFormatError({
      development,
      onUnexpected: (error) => options.logger.error({ err: describeError(error) }, 'unexpected error'),
    }),
    includeStacktraceInErrorResponses: development,
    // Introspection is gated per caller by the query-limits plugin.
    introspection: true,
    allowBatchedHttpRequests: limits.maxBatch > 1,
    plugins: [
      createRateLimitPlugin(rateLimits, { onStoreError: (error) => options.logger.error({ err: describeError(error) }, 'rate-limit store failed') }),
      createQueryLimitsPlugin({
        maxDepth: limits.maxDepth,
        maxAliases: limits.maxAliases,
        maxCost: limits.maxCost,
        introspection: (caller) => development || levelRank(caller.clearance) >= levelRank('INTERNAL'),
      }),
      graphiqlLandingPage({ tabs: await loadExampleTabs(), headers: options.graphiqlHeaders, tokens: options.graphiqlTokens }),
      ...(options.enforcement === false ? [] : [createAccessPlugin({ sensitivity: readSensitivity(supergraphSdl), audit: (entry) => audit.append(entry), logger: options.logger })]),
    ],
    // The owner stops the gateway (main.ts, startSystem); Apollo's own signal handlers would race it.
    stopOnTerminationSignals: false,
  });
  await apollo.start();
  const httpServer = createGraphQLHttpServer<GatewayContext>({
    apollo,
    context: async (request) => {
      const header = request.headers['x-request-id'];
      const requestId = typeof header === 'string' && /^[\w.-]{1,100}$/.test(header) ? header : randomUUID();
      const caller = await authenticate(request.headers.authorization);
      // Signed once per request; every subgraph fetch of the request carries the same context.
      const callerContext = signCallerContext(caller, requestId, options.keys.context);
      return { requestId, caller, callerContext, accessReports: [] };
    },
    checkBody: (body) => checkBatch(body, limits.maxBatch),
    routes: [
      { method: 'GET', path: '/healthz', handle: (_req, res) => sendJson(res, 200, { status: 'ok', part: 'gateway' }) },
      {
        method: 'GET',
        path: '/readyz',
        async handle(_req, res) {
          const checks = await Promise.all(
            Object.entries(urls).map(async ([name, url]) => {
              try {
                const response = await fetch(readyzUrl(url), { signal: AbortSignal.timeout(5000) });
                return [name, response.ok ? 'ready' : 'unavailable'] as const;
              } catch {
                return [name, 'unavailable'] as const;
              }
            }),
          );
          const auditStore = await audit.ping().then(
            () => 'ready' as const,
            () => 'unavailable' as const,
          );
          const ready = auditStore === 'ready' && checks.every(([, status]) => status === 'ready');
          sendJson(res, ready ? 200 : 503, { status: ready ? 'ready' : 'unavailable', subgraphs: Object.fromEntries(checks), auditStore });
        },
      },
    ],
  });
  let stopped: Promise<void> | undefined;
  return {
    name: 'gateway',
    audit,
    httpServer,
    listen: (port, host) => listen(httpServer, port, host),
    stop: () =>
      (stopped ??= (async () => {
        await close(httpServer);
        await apollo.stop();
        await rateLimits.close();
      })()),
  };
}
