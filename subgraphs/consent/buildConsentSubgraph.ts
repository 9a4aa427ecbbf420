import { readFile } from 'node:fs/promises';
import DataLoader from 'dataloader';
import type { PartKeys } from '../../lib/auth/resolvePartKeys.ts';
import type { Config } from '../../lib/config.ts';
import { AuditStore } from '../../lib/audit/index.ts';
import type { Database } from '../../lib/db/index.ts';
import { buildSubgraphServer, type Part } from '../../lib/graphql/buildSubgraphServer.ts';
import type { Logger } from '../../lib/logger.ts';
import type { ConsentContext } from './context.ts';
import type { ConsentState } from './effective/types.ts';
import { resolvers } from './resolvers.ts';
import { ConsentStore } from './store/ConsentStore.ts';

export interface ConsentSubgraphOptions {
  config: Config;
  logger: Logger;
  /** Caller-context and HASH-mask keys (`resolvePartKeys`). */
  keys: PartKeys;
  /** Benchmarks only: field-level enforcement off. */
  enforcement?: boolean;
  /** Shared SQL store; the caller owns and closes it. Migrations of schema `consent` run here. */
  db: Database;
  /** The clock expiry is judged against (tests). */
  now?: () => Date;
}

/** Per-request loader: every customer of a request costs one pair of queries in total. */
function createStateLoader(store: ConsentStore) {
  return new DataLoader<readonly string[], ConsentState, string>(
    async (keySets) => {
      const state = await store.stateByKeys([...new Set(keySets.flat())]);
      return keySets.map((keys) => {
        const own = new Set(keys);
        return { events: state.events.filter((e) => own.has(e.subjectKey)), signals: state.signals.filter((s) => own.has(s.subjectKey)) };
      });
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
  const clock = options.now ?? (() => new Date());
  return buildSubgraphServer<ConsentContext>({
    name: 'consent',
    typeDefs: await readFile(new URL('./schema.graphql', import.meta.url), 'utf8'),
    resolvers,
    config: options.config,
    logger: options.logger,
    keys: options.keys,
    enforcement: options.enforcement,
    // `caller` and `requestId` are added by buildSubgraphServer from the verified caller context.
    context: async () => ({
      store,
      audit,
      region: options.config.defaultRegion,
      policy: options.config.consent,
      now: clock().toISOString(),
      consentStateByKeys: createStateLoader(store),
    }) as ConsentContext,
    checkReady: () => store.ping(),
  });
}
