/** Runs the quality subgraph on its own (needs DATABASE_URL). */
import { resolvePartKeys } from '../../lib/auth/resolvePartKeys.ts';
import { openPartDatabase, runPart } from '../../lib/runPart.ts';
import { buildQualitySubgraph } from './buildQualitySubgraph.ts';

await runPart('quality', async ({ config, logger, onShutdown }) => {
  const db = await openPartDatabase(config, 'quality');
  onShutdown(() => db.close());
  return buildQualitySubgraph({ config, logger, db, keys: await resolvePartKeys(config) });
});
