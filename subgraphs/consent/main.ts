/** Runs the consent subgraph on its own (needs DATABASE_URL). */
import { resolvePartKeys } from '../../lib/auth/resolvePartKeys.ts';
import { openPartDatabase, runPart } from '../../lib/runPart.ts';
import { buildConsentSubgraph } from './buildConsentSubgraph.ts';

await runPart('consent', async ({ config, logger, onShutdown }) => {
  const db = await openPartDatabase(config, 'consent');
  onShutdown(() => db.close());
  return buildConsentSubgraph({ config, logger, db, keys: await resolvePartKeys(config) });
});
