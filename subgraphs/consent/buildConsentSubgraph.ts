import { readFile } from 'node:fs/promises';
import DataLoader from 'dataloader';
import type { PartKeys } from '../../lib/auth/resolvePartKeys.ts';
import type { Config, SubgraphName } from '../../lib/config.ts';
import { AuditStore } from '../../lib/audit/index.ts';
import type { Database } from '../../lib/db/index.ts';
import { buildSubgraphServer, type Part } from '../../lib/graphql/buildSubgraphServer.ts';
import type { Logger } from '../../lib/logger.ts';
import type { ConsentContext } from './context.ts';
import type { ConsentState } from './effective/types.ts';
import { resolvers } from './resolvers.ts';
import { ConsentStore } from './store/ConsentStore.ts';
import { ConsentPrivacy } from './privacy/consentPrivacy.ts';
import { PrivacyService } from './privacy/PrivacyService.ts';
import { PrivacyStore } from './privacy/PrivacyStore.ts';
import { RetentionService } from './privacy/RetentionService.ts';

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
  /**
   * Where the privacy task runner and retention reach the other subgraphs; default
   * `config.subgraphUrls`. `setSubgraphUrls` changes them once the others listen (startSystem).
   */
  subgraphUrls?: Readonly<Record<SubgraphName, string>>;
  /** Start the privacy retry loop and the retention schedule (default true). */
  background?: boolean;
}

/** The consent subgraph, with its privacy request service (issue 4). */
export interface ConsentSubgraph extends Part {
  readonly privacy: PrivacyService;
  readonly retention: RetentionService;
  /** Where privacy tasks and retention reach the other subgraphs from now on. */
  setSubgraphUrls(urls: Readonly<Record<SubgraphName, string>>): void;
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

/**
 * Builds the consent subgraph (not listening), after applying its migrations, and starts its
 * privacy retry loop and retention schedule (stopped by `stop()`).
 */
export async function buildConsentSubgraph(options: ConsentSubgraphOptions): Promise<ConsentSubgraph> {
  const store = new ConsentStore(options.db);
  await store.migrate();
  const audit = new AuditStore(options.db);
  await audit.migrate();
  const privacyStore = new PrivacyStore(options.db);
  await privacyStore.migrate();
  const typeDefs = await readFile(new URL('./schema.graphql', import.meta.url), 'utf8');
  let urls = options.subgraphUrls ?? options.config.subgraphUrls;
  const logger = options.logger;
  const consentPrivacy = new ConsentPrivacy(options.db, audit, typeDefs, options.config.retention.days);
  const privacy = new PrivacyService({ store: privacyStore, consent: consentPrivacy, audit, config: options.config, keys: options.keys, logger, urls: () => urls });
  const retention = new RetentionService({ config: options.config, consent: consentPrivacy, privacy: privacyStore, audit, contextKey: options.keys.context, logger, urls: () => urls });
  const clock = options.now ?? (() => new Date());
  const part = await buildSubgraphServer<ConsentContext>({
    name: 'consent',
    typeDefs,
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
      privacy,
      privacyTasks: new DataLoader((ids: readonly string[]) => privacyStore.tasksOf(ids)),
      privacyDeadlines: options.config.privacy.deadlines,
      retention,
    }) as ConsentContext,
    checkReady: () => store.ping(),
    onStop: async () => {
      await privacy.stop();
      await retention.stop();
    },
  });
  if (options.background !== false) {
    privacy.start();
    retention.start();
  }
  return {
    ...part,
    privacy,
    retention,
    setSubgraphUrls(next) {
      urls = next;
    },
  };
}
