import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import type { Config, SubgraphName } from '../lib/config.ts';
import { createFormatError } from '../lib/errors.ts';
import { describe, type Part } from '../lib/graphql/buildSubgraphServer.ts';
import { close, createGraphQLHttpServer, listen, sendJson } from '../lib/http/index.ts';
import type { Logger } from '../lib/logger.ts';
import type { GatewayContext } from './context.ts';
import { graphiqlLandingPage, loadExampleTabs } from './graphiqlLandingPage.ts';
import { SubgraphDataSource } from './SubgraphDataSource.ts';

export interface GatewayOptions {
  config: Config;
  logger: Logger;
  /** Where each subgraph listens; defaults to `config.subgraphUrls` (tests pass ports chosen at start). */
  subgraphUrls?: Readonly<Record<SubgraphName, string>>;
  /** Defaults to the committed `gateway/supergraph.graphql`. */
  supergraphSdl?: string;
}

/** The committed supergraph the gateway serves; it never composes from live services. */
export const readSupergraphSdl = () => readFile(new URL('./supergraph.graphql', import.meta.url), 'utf8');

const readyzUrl = (graphqlUrl: string) => new URL('/readyz', graphqlUrl).toString();

/**
 * Builds the gateway (not listening): Apollo Gateway over the committed supergraph, subgraph
 * clients that report unavailable subgraphs per field, GraphiQL at `/graphql` in a browser,
 * `/healthz` (alive) and `/readyz` (every subgraph ready, which includes its stores).
 */
export async function buildGateway(options: GatewayOptions): Promise<Part> {
  const urls = options.subgraphUrls ?? options.config.subgraphUrls;
  const development = options.config.environment === 'development';
  const gateway = new ApolloGateway({
    supergraphSdl: options.supergraphSdl ?? (await readSupergraphSdl()),
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
      onUnexpected: (error) => options.logger.error({ err: describe(error) }, 'unexpected error'),
    }),
    includeStacktraceInErrorResponses: development,
    plugins: [graphiqlLandingPage({ tabs: await loadExampleTabs() })],
    // The owner stops the gateway (main.ts, startSystem); Apollo's own signal handlers would race it.
    stopOnTerminationSignals: false,
  });
  await apollo.start();
  const httpServer = createGraphQLHttpServer<GatewayContext>({
    apollo,
    context: async (request) => {
      const header = request.headers['x-request-id'];
      const requestId = typeof header === 'string' && /^[\w.-]{1,100}$/.test(header) ? header : randomUUID();
      return { requestId };
    },
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
          const ready = checks.every(([, status]) => status === 'ready');
          sendJson(res, ready ? 200 : 503, { status: ready ? 'ready' : 'unavailable', subgraphs: Object.fromEntries(checks) });
        },
      },
    ],
  });
  let stopped: Promise<void> | undefined;
  return {
    name: 'gateway',
    httpServer,
    listen: (port, host) => listen(httpServer, port, host),
    stop: () =>
      (stopped ??= (async () => {
        await close(httpServer);
        await apollo.stop();
      })()),
  };
}
