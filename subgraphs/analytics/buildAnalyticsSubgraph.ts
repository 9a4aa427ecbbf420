import { readFile } from 'node:fs/promises';
import DataLoader from 'dataloader';
import { callerContextHeader } from '../../lib/auth/Caller.ts';
import type { PartKeys } from '../../lib/auth/resolvePartKeys.ts';
import type { Config } from '../../lib/config.ts';
import type { Database } from '../../lib/db/index.ts';
import { buildSubgraphServer, type Part } from '../../lib/graphql/buildSubgraphServer.ts';
import type { Logger } from '../../lib/logger.ts';
import type { AnalyticsContext } from './context.ts';
import { resolvers } from './resolvers.ts';
import { AnalyticsStore, type OrderRow } from './store/AnalyticsStore.ts';
import { AnalyticsPrivacy } from './privacy/analyticsPrivacy.ts';

export interface AnalyticsSubgraphOptions {
  config: Config;
  logger: Logger;
  /** Caller-context and HASH-mask keys (`resolvePartKeys`). */
  keys: PartKeys;
  /** Benchmarks only: field-level enforcement off. */
  enforcement?: boolean;
  /** Shared SQL store; the caller owns and closes it. Migrations of schema `analytics` run here. */
  db: Database;
  /** The clock RFM recency is measured against. */
  now?: () => Date;
  /** Where the consent subgraph answers `canCollect`; defaults to `config.subgraphUrls.consent`. */
  consentUrl?: string;
}

/** Builds the analytics subgraph (not listening), after applying its migrations. */
export async function buildAnalyticsSubgraph(options: AnalyticsSubgraphOptions): Promise<Part> {
  const store = new AnalyticsStore(options.db);
  await store.migrate();
  const now = options.now ?? (() => new Date());
  const typeDefs = await readFile(new URL('./schema.graphql', import.meta.url), 'utf8');
  const privacy = new AnalyticsPrivacy(options.db, typeDefs, options.config.retention.days);
  return buildSubgraphServer<AnalyticsContext>({
    name: 'analytics',
    typeDefs,
    resolvers,
    config: options.config,
    logger: options.logger,
    keys: options.keys,
    enforcement: options.enforcement,
    context: async (request) => ({
      store,
      privacy,
      now,
      region: options.config.defaultRegion,
      consentUrl: options.consentUrl ?? options.config.subgraphUrls.consent,
      // Only requests with a verified context reach here (buildSubgraphServer admits them first).
      callerContext: String(request.headers[callerContextHeader] ?? ''),
      logger: options.logger,
      ordersBySourceKey: new DataLoader<string, OrderRow[]>(async (keys) => {
        const orders = await store.ordersBySourceKeys(keys);
        const byKey = new Map<string, OrderRow[]>();
        for (const order of orders) byKey.set(order.sourceKey, [...(byKey.get(order.sourceKey) ?? []), order]);
        return keys.map((key) => byKey.get(key) ?? []);
      }),
    }),
    checkReady: () => store.ping(),
  });
}
