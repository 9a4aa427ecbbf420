import type { Driver } from 'neo4j-driver';

/**
 * Deletes every node and relationship of a database, in batches of 10,000 so a large store does not
 * need one huge transaction. Runs in an implicit transaction, the only kind that may batch with
 * `IN TRANSACTIONS`. Destructive: callers must make sure the store is theirs to empty.
 */
export async function emptyNeo4jStore(driver: Driver, database: string | null = null): Promise<void> {
  const session = driver.session(database ? { database } : {});
  try {
    await session.run('MATCH (n) CALL { WITH n DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS');
  } finally {
    await session.close();
  }
}
