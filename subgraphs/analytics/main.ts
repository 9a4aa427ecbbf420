/** Runs the analytics subgraph on its own (needs DATABASE_URL). */
import { resolvePartKeys } from '../../lib/auth/resolvePartKeys.ts';
import { openPartDatabase, runPart } from '../../lib/runPart.ts';
import { buildAnalyticsSubgraph } from './buildAnalyticsSubgraph.ts';

await runPart('analytics', async ({ config, logger, onShutdown }) => {
  const db = await openPartDatabase(config, 'analytics');
  onShutdown(() => db.close());
  return buildAnalyticsSubgraph({ config, logger, db, keys: await resolvePartKeys(config) });
});
