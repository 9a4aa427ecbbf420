import type { SubgraphName } from '../../lib/config.ts';
import { startSystem, type RunningSystem } from '../../tools/startSystem.ts';
import { emptyDatabase, emptyNeo4j, testConfig } from './stores.ts';

/**
 * The whole system on free ports against the run's Neo4j (emptied) and a blank SQL store, over
 * real HTTP. Stop it in `afterAll`; that also closes the store it opened.
 */
export async function startTestSystem(options: { without?: SubgraphName[]; env?: Record<string, string> } = {}): Promise<RunningSystem> {
  const neo4jUri = await emptyNeo4j();
  const db = await emptyDatabase();
  const system = await startSystem({ config: testConfig(options.env), ports: 'ephemeral', neo4jUri, db, without: options.without ?? [] });
  return {
    ...system,
    stop: async () => {
      await system.stop();
      await db.close();
    },
  };
}
