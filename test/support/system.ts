import type { SensitivityLevel, SubgraphName } from '../../lib/config.ts';
import { issueDevelopmentToken } from '../../lib/auth/authenticate.ts';
import { startSystem, type RunningSystem } from '../../tools/startSystem.ts';
import { execute, type GraphQLResponse } from './graphqlClient.ts';
import { emptyDatabase, emptyNeo4j, testConfig } from './stores.ts';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import type { DocumentNode } from 'graphql';

export interface TestSystem extends RunningSystem {
  /** An `authorization` header with a token of this clearance and purpose, signed with the system's key. */
  headers(clearance?: SensitivityLevel, purpose?: string, claims?: { sub?: string; client?: string }): Promise<Record<string, string>>;
  /** Executes an operation at the gateway as a caller of this clearance (default RESTRICTED, purpose SERVICE). */
  query<TData, TVariables>(
    document: TypedDocumentNode<TData, TVariables> | DocumentNode | string,
    variables?: TVariables,
    as?: { clearance?: SensitivityLevel; purpose?: string },
  ): Promise<GraphQLResponse<TData>>;
}

/**
 * The whole system on free ports against the run's Neo4j (emptied) and a blank SQL store, over
 * real HTTP. Stop it in `afterAll`; that also closes the store it opened.
 */
export async function startTestSystem(options: { without?: SubgraphName[]; env?: Record<string, string> } = {}): Promise<TestSystem> {
  const neo4jUri = await emptyNeo4j();
  const db = await emptyDatabase();
  const system = await startSystem({ config: testConfig(options.env), ports: 'ephemeral', neo4jUri, db, without: options.without ?? [] });
  const headers: TestSystem['headers'] = async (clearance = 'RESTRICTED', purpose = 'SERVICE', claims = {}) => ({
    authorization: `Bearer ${await issueDevelopmentToken(system.keys.jwt, { clearance, purpose, sub: claims.sub ?? 'test-user', client: claims.client ?? 'test-suite' })}`,
  });
  return {
    ...system,
    headers,
    query: async (document, variables, as = {}) => execute(system.gatewayUrl, document, variables, await headers(as.clearance, as.purpose)),
    stop: async () => {
      await system.stop();
      await db.close();
    },
  };
}
