/** Runs the gateway on its own, routing to C360_<SUBGRAPH>_URL (default: the local ports). Needs DATABASE_URL for the audit log. */
import { resolvePartKeys } from '../lib/auth/resolvePartKeys.ts';
import { openPartDatabase, runPart } from '../lib/runPart.ts';
import { buildGateway } from './buildGateway.ts';

await runPart('gateway', async ({ config, logger, onShutdown }) => {
  const db = await openPartDatabase(config, 'gateway');
  onShutdown(() => db.close());
  return buildGateway({ config, logger, db, keys: await resolvePartKeys(config) });
});
