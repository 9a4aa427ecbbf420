import neo4j, { type Driver } from 'neo4j-driver';

export interface Neo4jConnection {
  uri: string;
  user: string;
  password: string;
}

/**
 * Creates a driver with plain JS numbers for integers (c360 stores no integer beyond 2^53).
 * With an empty password, authentication is not sent (the local launcher runs without auth on
 * loopback only). Call `verifyConnectivity()` before relying on it; close it with `await driver.close()`.
 */
export function createNeo4jDriver(connection: Neo4jConnection): Driver {
  const auth = connection.password === '' ? undefined : neo4j.auth.basic(connection.user, connection.password);
  return neo4j.driver(connection.uri, auth, {
    disableLosslessIntegers: true,
    maxConnectionPoolSize: 50,
    connectionAcquisitionTimeout: 30_000,
    // Driver logs can echo query parameters: keep them off.
    logging: undefined,
  });
}
