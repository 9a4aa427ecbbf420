import { join } from 'node:path';
import type { Driver } from 'neo4j-driver';
import { buildGateway, type Gateway } from '../gateway/buildGateway.ts';
import { resolvePartKeys, type PartKeys } from '../lib/auth/resolvePartKeys.ts';
import { subgraphNames, type Config, type SubgraphName } from '../lib/config.ts';
import { createDatabase, pgliteDirIn, type Database } from '../lib/db/index.ts';
import type { Part } from '../lib/graphql/buildSubgraphServer.ts';
import type { Logger } from '../lib/logger.ts';
import { createLogger } from '../lib/logger.ts';
import { createNeo4jDriver } from '../lib/neo4j/createNeo4jDriver.ts';
import { startLocalNeo4j, type LocalNeo4j } from '../lib/neo4j/startLocalNeo4j.ts';
import { buildAnalyticsSubgraph } from '../subgraphs/analytics/buildAnalyticsSubgraph.ts';
import { buildConsentSubgraph, type ConsentSubgraph } from '../subgraphs/consent/buildConsentSubgraph.ts';
import { buildIdentitySubgraph, type IdentitySubgraph } from '../subgraphs/identity/buildIdentitySubgraph.ts';
import { buildQualitySubgraph } from '../subgraphs/quality/buildQualitySubgraph.ts';

export interface SystemOptions {
  config: Config;
  /** Listen on the configured ports (`npm start`) or on free ones (tests). */
  ports: 'configured' | 'ephemeral';
  /** Parts to leave out, e.g. to see how the gateway answers without analytics. */
  without?: readonly SubgraphName[];
  /** Where the local Neo4j keeps its data when NEO4J_URI is unset. */
  neo4jDataDir?: string;
  /** An already open SQL store to use instead of opening one from the config. */
  db?: Database;
  /** An already running Neo4j to use instead of the config's. */
  neo4jUri?: string;
  log?: (message: string) => void;
  /** Headers GraphiQL starts with, and development tokens it lists. */
  graphiqlHeaders?: Record<string, string>;
  graphiqlTokens?: Record<string, string>;
  /** Benchmarks only: field-level enforcement and audit off, to measure their cost. */
  enforcement?: boolean;
}

export interface RunningSystem {
  readonly gatewayUrl: string;
  readonly subgraphUrls: Readonly<Record<SubgraphName, string>>;
  readonly db: Database;
  readonly driver: Driver;
  readonly identity: IdentitySubgraph | null;
  /** The consent subgraph, with its privacy request service (issue 4). */
  readonly consent: ConsentSubgraph | null;
  readonly gateway: Gateway;
  /** The keys the parts run with (tests sign tokens and contexts with them). */
  readonly keys: PartKeys;
  /** Stops one subgraph's server (its stores stay open), e.g. to test partial failure. */
  stopPart(name: SubgraphName): Promise<void>;
  /** Stops every part and closes what this call opened, in reverse order. Idempotent. */
  stop(): Promise<void>;
}

/**
 * Starts the whole system in this process: Neo4j (the local launcher unless NEO4J_URI or
 * `neo4jUri` is given), the SQL store (PGlite unless DATABASE_URL), the four subgraphs and the
 * gateway. In production each part runs on its own (`<part>/main.ts`); this is for one machine.
 */
export async function startSystem(options: SystemOptions): Promise<RunningSystem> {
  const { config } = options;
  const log = options.log ?? (() => undefined);
  const logger = (name: string): Logger => createLogger(config, name);
  const cleanups: { name: string; run: () => Promise<void> }[] = [];
  const onStop = (name: string, run: () => Promise<void>) => cleanups.push({ name, run });
  const stopAll = async () => {
    for (const cleanup of cleanups.splice(0).reverse()) {
      log(`stopping ${cleanup.name}…`);
      await cleanup.run().catch((error: Error) => log(`stopping ${cleanup.name} failed: ${error.message}`));
    }
  };
  try {
    const without = new Set(options.without ?? []);
    let neo4jUri = options.neo4jUri ?? config.neo4j.uri;
    let localNeo4j: LocalNeo4j | undefined;
    if (!neo4jUri) {
      log('starting the local Neo4j (tools/neo4j)…');
      const warmUpStore = config.identity.warmUpStoreRecords > 0 && !without.has('identity');
      localNeo4j = await startLocalNeo4j({ dataDir: options.neo4jDataDir ?? join(config.dataDir, 'neo4j'), log, profile: 'server', warmUpStore });
      onStop('Neo4j', () => localNeo4j!.stop());
      neo4jUri = localNeo4j.uri;
    }
    const driver = createNeo4jDriver({ uri: neo4jUri!, user: config.neo4j.user, password: localNeo4j ? '' : config.neo4j.password });
    onStop('the Neo4j driver', () => driver.close());
    await driver.verifyConnectivity();

    const db = options.db ?? (await createDatabase({ databaseUrl: config.databaseUrl, pgliteDir: pgliteDirIn(config.dataDir) }));
    if (!options.db) onStop('the SQL store', () => db.close());

    const keys = await resolvePartKeys(config);
    const builders: Record<SubgraphName, () => Promise<Part>> = {
      identity: () => buildIdentitySubgraph({ config, logger: logger('identity'), keys, enforcement: options.enforcement, driver, warmUpStore: localNeo4j?.warmUp }),
      consent: () => buildConsentSubgraph({ config, logger: logger('consent'), keys, enforcement: options.enforcement, db }),
      quality: () => buildQualitySubgraph({ config, logger: logger('quality'), keys, enforcement: options.enforcement, db }),
      // Consent is built and listening before analytics (subgraphNames order), so its URL is known.
      analytics: () => buildAnalyticsSubgraph({ config, logger: logger('analytics'), keys, enforcement: options.enforcement, db, consentUrl: subgraphUrls.consent }),
    };
    const parts = new Map<SubgraphName, Part>();
    const subgraphUrls = { ...config.subgraphUrls };
    for (const name of subgraphNames) {
      if (without.has(name)) continue;
      const part = await builders[name]();
      onStop(`the ${name} subgraph`, () => part.stop());
      const port = await part.listen(options.ports === 'configured' ? config.ports[name] : 0, config.host);
      parts.set(name, part);
      subgraphUrls[name] = `http://${config.host}:${port}/graphql`;
    }
    // The privacy task runner and retention reach the other subgraphs where they listen now
    // (ports chosen at start), which is known only after every part listens.
    const consent = (parts.get('consent') as ConsentSubgraph | undefined) ?? null;
    consent?.setSubgraphUrls({ ...subgraphUrls });
    const gateway = await buildGateway({ config, logger: logger('gateway'), subgraphUrls, keys, db, graphiqlHeaders: options.graphiqlHeaders, graphiqlTokens: options.graphiqlTokens, enforcement: options.enforcement });
    onStop('the gateway', () => gateway.stop());
    const gatewayPort = await gateway.listen(options.ports === 'configured' ? config.ports.gateway : 0, config.host);

    let stopped: Promise<void> | undefined;
    return {
      gatewayUrl: `http://${config.host}:${gatewayPort}/graphql`,
      subgraphUrls,
      db,
      driver,
      identity: (parts.get('identity') as IdentitySubgraph | undefined) ?? null,
      consent,
      gateway,
      keys,
      stopPart: async (name) => {
        await parts.get(name)?.stop();
      },
      stop: () => (stopped ??= stopAll()),
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
