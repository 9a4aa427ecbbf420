import { readFile } from 'node:fs/promises';
import type { PartKeys } from '../../lib/auth/resolvePartKeys.ts';
import type { Config } from '../../lib/config.ts';
import type { Database } from '../../lib/db/index.ts';
import { buildSubgraphServer, type Part } from '../../lib/graphql/buildSubgraphServer.ts';
import type { Logger } from '../../lib/logger.ts';
import type { QualityContext } from './context.ts';
import { resolvers } from './resolvers.ts';
import type { RuleDefinition } from './rules/types.ts';
import { QualityStore } from './store/QualityStore.ts';
import { QualityPrivacy } from './privacy/qualityPrivacy.ts';

export interface QualitySubgraphOptions {
  config: Config;
  logger: Logger;
  /** Caller-context and HASH-mask keys (`resolvePartKeys`). */
  keys: PartKeys;
  /** Benchmarks only: field-level enforcement off. */
  enforcement?: boolean;
  /** Shared SQL store; the caller owns and closes it. Migrations of schema `quality` run here. */
  db: Database;
}

/** Builds the quality subgraph (not listening), after applying its migrations. */
export async function buildQualitySubgraph(options: QualitySubgraphOptions): Promise<Part> {
  const store = new QualityStore(options.db);
  await store.migrate();
  const typeDefs = await readFile(new URL('./schema.graphql', import.meta.url), 'utf8');
  const privacy = new QualityPrivacy(() => store.rules(), options.config.defaultRegion, typeDefs, options.config.retention.days);
  return buildSubgraphServer<QualityContext>({
    name: 'quality',
    typeDefs,
    resolvers,
    config: options.config,
    logger: options.logger,
    keys: options.keys,
    enforcement: options.enforcement,
    context: async () => {
      let rules: Promise<RuleDefinition[]> | undefined;
      return { store, privacy, region: options.config.defaultRegion, rules: () => (rules ??= store.rules()) };
    },
    checkReady: () => store.ping(),
  });
}
