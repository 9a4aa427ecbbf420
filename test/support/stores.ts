import { inject } from 'vitest';
import { loadConfig, type Config } from '../../lib/config.ts';
import { createDatabase, type Database } from '../../lib/db/index.ts';
import { emptyNeo4jStore } from '../../lib/neo4j/emptyNeo4jStore.ts';
import { createNeo4jDriver } from '../../lib/neo4j/createNeo4jDriver.ts';

/**
 * The configuration tests run with: the environment (DATABASE_URL, NEO4J_URI…), in test mode.
 * Rate limits are out of the way (a generous budget, in memory) unless a test sets them: the
 * tests that are about limits pass C360_RATE_LIMIT and REDIS_URL themselves.
 */
export function testConfig(overrides: Record<string, string> = {}): Config {
  return loadConfig({ ...process.env, NODE_ENV: 'test', REDIS_URL: undefined, C360_RATE_LIMIT: '1000000/60', ...overrides });
}

/** The run's Neo4j, emptied: each slow test file starts from a blank graph (files run one at a time). */
export async function emptyNeo4j(): Promise<string> {
  const uri = inject('neo4jUri');
  const config = testConfig();
  const driver = createNeo4jDriver({ uri, user: config.neo4j.user, password: config.neo4j.password });
  try {
    await emptyNeo4jStore(driver);
  } finally {
    await driver.close();
  }
  return uri;
}

/**
 * A blank SQL store: a PostgreSQL server when DATABASE_URL is set (c360's schemas dropped first),
 * else an in-memory PGlite. The caller closes it.
 */
export async function emptyDatabase(): Promise<Database> {
  const config = testConfig();
  const db = await createDatabase({ databaseUrl: config.databaseUrl, pgliteDir: 'memory://' });
  if (config.databaseUrl) {
    await db.exec('DROP SCHEMA IF EXISTS consent CASCADE; DROP SCHEMA IF EXISTS quality CASCADE; DROP SCHEMA IF EXISTS analytics CASCADE; DROP SCHEMA IF EXISTS gateway CASCADE; DROP SCHEMA IF EXISTS audit CASCADE;');
  }
  return db;
}
