/** Runs the identity subgraph on its own: Neo4j at NEO4J_URI, or the local launcher under .data/neo4j. */
import { join } from 'node:path';
import { resolvePartKeys } from '../../lib/auth/resolvePartKeys.ts';
import { runPart } from '../../lib/runPart.ts';
import { createNeo4jDriver } from '../../lib/neo4j/createNeo4jDriver.ts';
import { startLocalNeo4j } from '../../lib/neo4j/startLocalNeo4j.ts';
import { buildIdentitySubgraph } from './buildIdentitySubgraph.ts';

await runPart('identity', async ({ config, logger, onShutdown }) => {
  let uri = config.neo4j.uri;
  let warmUpStore = null;
  if (!uri) {
    const local = await startLocalNeo4j({ dataDir: join(config.dataDir, 'neo4j'), log: (message) => logger.info(message), profile: 'server', warmUpStore: config.identity.warmUpStoreRecords > 0 });
    onShutdown(() => local.stop());
    uri = local.uri;
    warmUpStore = local.warmUp;
  }
  const driver = createNeo4jDriver({ uri, user: config.neo4j.user, password: config.neo4j.uri ? config.neo4j.password : '' });
  onShutdown(() => driver.close());
  await driver.verifyConnectivity();
  return buildIdentitySubgraph({ config, logger, driver, keys: await resolvePartKeys(config), warmUpStore });
});
