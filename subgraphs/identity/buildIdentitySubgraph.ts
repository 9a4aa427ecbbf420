import { readFile } from 'node:fs/promises';
import type { Driver } from 'neo4j-driver';
import type { PartKeys } from '../../lib/auth/resolvePartKeys.ts';
import type { Config } from '../../lib/config.ts';
import { buildSubgraphServer, type Part } from '../../lib/graphql/buildSubgraphServer.ts';
import { describeError, type Logger } from '../../lib/logger.ts';
import type { WarmUpStore } from '../../lib/neo4j/startLocalNeo4j.ts';
import { createIdentityContext, type IdentityContext } from './context.ts';
import { loadMatchingConfig } from './matching/loadMatchingConfig.ts';
import { MatchModelRegistry } from './matching/MatchModelRegistry.ts';
import { IdentityService } from './resolution/IdentityService.ts';
import { warmUpResolution } from './resolution/warmUpResolution.ts';
import { resolvers } from './resolvers.ts';
import { IdentityRepository } from './store/IdentityRepository.ts';
import { IdentityPrivacy } from './privacy/identityPrivacy.ts';
import { IdentityPrivacyStore } from './privacy/IdentityPrivacyStore.ts';

export interface IdentitySubgraphOptions {
  config: Config;
  logger: Logger;
  /** Caller-context and HASH-mask keys (`resolvePartKeys`). */
  keys: PartKeys;
  /** Benchmarks only: field-level enforcement off. */
  enforcement?: boolean;
  /** An open driver; the caller owns it and closes it after `stop()`. */
  driver: Driver;
  /** The local Neo4j's warm-up store (`startLocalNeo4j({ warmUpStore: true })`), if any: the warm-up commits into it, then ends it. */
  warmUpStore?: WarmUpStore | null;
}

export interface IdentitySubgraph extends Part {
  readonly repository: IdentityRepository;
  readonly service: IdentityService;
}

/**
 * Builds the identity subgraph (not listening): creates Neo4j constraints and indexes first, then
 * warms resolution up (`C360_IDENTITY_WARMUP_STORE_RECORDS` into the warm-up store, if given, then
 * `C360_IDENTITY_WARMUP_RECORDS` rolled back); a failed warm-up is logged, and the subgraph serves
 * without it.
 */
export async function buildIdentitySubgraph(options: IdentitySubgraphOptions): Promise<IdentitySubgraph> {
  const repository = new IdentityRepository(options.driver, options.config.neo4j.database);
  await repository.ensureSchema();
  const typeDefs = await readFile(new URL('./schema.graphql', import.meta.url), 'utf8');
  const suppression = new IdentityPrivacyStore(options.driver, options.config.neo4j.database, options.keys.hash);
  await suppression.ensureSchema();
  const matching = await loadMatchingConfig(options.config.identity.matchingConfigPath);
  const models = new MatchModelRegistry(repository, matching.settings, options.config.defaultRegion);
  const matcher = await models.current();
  // Also with both counts 0: warmUpResolution then only ends the warm-up store, if there is one.
  const counts = { rehearsed: options.config.identity.warmUpRecords, committed: options.config.identity.warmUpStoreRecords };
  try {
    const warm = await warmUpResolution(repository, counts, { region: options.config.defaultRegion, matcher, survivorship: matching.survivorship }, options.warmUpStore ?? null);
    if (warm.batches > 0) {
      options.logger.info(
        { committed: warm.committed, committedMs: Math.round(warm.committedMs), rehearsed: warm.rehearsed, rehearsedMs: Math.round(warm.rehearsedMs), batches: warm.batches },
        'identity: resolution warmed up (committed records in the warm-up store, rehearsed ones rolled back)',
      );
    }
  } catch (error) {
    options.logger.warn({ err: describeError(error) }, 'identity: resolution warm-up failed; serving without it');
  }
  const service = new IdentityService(repository, models, { region: options.config.defaultRegion, survivorship: matching.survivorship, suppression });
  const privacy = new IdentityPrivacy({
    store: suppression,
    repository,
    sdl: typeDefs,
    region: options.config.defaultRegion,
    retention: options.config.retention.days,
    ingest: (source, records) => service.ingest(source, records, 'privacy'),
  });
  const part = await buildSubgraphServer({
    name: 'identity',
    typeDefs,
    resolvers,
    config: options.config,
    logger: options.logger,
    keys: options.keys,
    enforcement: options.enforcement,
    context: async () => createIdentityContext(service, options.config.defaultRegion, { privacy, suppression }) as IdentityContext,
    checkReady: () => repository.ping(),
  });
  return { ...part, repository, service };
}
