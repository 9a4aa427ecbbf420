import { readFile } from 'node:fs/promises';
import DataLoader from 'dataloader';
import type { PartKeys } from '../../lib/auth/resolvePartKeys.ts';
import type { Config } from '../../lib/config.ts';
import { AuditStore } from '../../lib/audit/index.ts';
import type { Database } from '../../lib/db/index.ts';
import { buildSubgraphServer, type Part } from '../../lib/graphql/buildSubgraphServer.ts';
import type { Logger } from '../../lib/logger.ts';
import type { ConsentContext } from './context.ts';
import { resolvers } from './resolvers.ts';
import { ConsentStore, effectiveConsents } from './store/ConsentStore.ts';

export interface ConsentSubgraphOptions {
  config: Config;
  logger: Logger;
  /** Caller-context and HASH-mask keys (`resolvePartKeys`). */
  keys: PartKeys;
  /** Benchmarks only: field-level enforcement off. */
  enforcement?: boolean;
  /** Shared SQL store; the caller owns and closes it. Migrations of schema `consent` run here. */
  db: Database;
}

/** Per-request loader: every customer of a request costs one query in total. */
function createConsentsLoader(store: ConsentStore) {
  return new DataLoader<readonly string[], ReturnType<typeof effectiveConsents>, string>(
    async (keySets) => {
      const events = await store.latestByKeys([...new Set(keySets.flat())]);
      const byKey = new Map<string, typeof events>();
      for (const event of events) byKey.set(event.subjectKey, [...(byKey.get(event.subjectKey) ?? []), event]);
      return keySets.map((keys) => effectiveConsents(keys.flatMap((key) => byKey.get(key) ?? [])));
    },
    { cacheKeyFn: (keys) => keys.join('\n') },
  );
}

/** Builds the consent subgraph (not listening), after applying its migrations. */
export async function buildConsentSubgraph(options: ConsentSubgraphOptions): Promise<Part> {
  const store = new ConsentStore(options.db);
  await store.migrate();
  const audit = new AuditStore(options.db);
  await audit.migrate();
  return buildSubgraphServer<ConsentContext>({
    name: 'consent',
    typeDefs: await readFile(new URL('./schema.graphql', import.meta.url), 'utf8'),
    resolvers,
    config: options.config,
    logger: options.logger,
    keys: options.keys,
    enforcement: options.enforcement,
    context: async () => ({ store, audit, region: options.config.defaultRegion, consentsByKeys: createConsentsLoader(store) }),
    checkReady: () => store.ping(),
  });
}
