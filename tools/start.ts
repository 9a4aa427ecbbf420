/**
 * `npm start`: the whole system on one machine — Neo4j (local unless NEO4J_URI), the SQL store
 * (PGlite under .data unless DATABASE_URL), four subgraphs and the gateway — seeded with the demo
 * data when the stores are empty. Ctrl-C stops everything it started.
 *
 *   npm start -- --without analytics   start without a subgraph, to see partial answers
 */
import { parseArgs } from 'node:util';
import { issueDevelopmentToken } from '../lib/auth/authenticate.ts';
import { resolvePartKeys } from '../lib/auth/resolvePartKeys.ts';
import { loadConfig, subgraphNames, type SubgraphName } from '../lib/config.ts';
import { createLogger } from '../lib/logger.ts';
import { generateDemoData } from './demo/generateDemoData.ts';
import { seedDemoData } from './demo/seedDemoData.ts';
import { startSystem } from './startSystem.ts';

const { values } = parseArgs({ options: { without: { type: 'string', multiple: true } } });
const without = (values.without ?? []).flatMap((v) => v.split(',')).map((v) => v.trim());
for (const name of without) {
  if (!(subgraphNames as readonly string[]).includes(name)) {
    console.error(`--without expects one of ${subgraphNames.join(', ')}, got ${JSON.stringify(name)}`);
    process.exit(2);
  }
}

const config = loadConfig();
const logger = createLogger(config, 'start');
const say = (message: string) => console.log(`c360: ${message}`);

const started = Date.now();
const keys = await resolvePartKeys(config);
const tokens = Object.fromEntries(
  await Promise.all(
    (['PUBLIC', 'INTERNAL', 'CONFIDENTIAL', 'RESTRICTED'] as const).map(async (clearance) => [
      clearance,
      await issueDevelopmentToken(keys.jwt, { clearance, purpose: 'SERVICE', sub: `dev-${clearance.toLowerCase()}`, client: 'graphiql', ttlSeconds: 7 * 24 * 3600 }),
    ]),
  ),
) as Record<'PUBLIC' | 'INTERNAL' | 'CONFIDENTIAL' | 'RESTRICTED', string>;
// A marketing caller: CONTACT fields only of customers who consented (issue 4).
const marketingToken = await issueDevelopmentToken(keys.jwt, { clearance: 'CONFIDENTIAL', purpose: 'MARKETING', sub: 'dev-marketing', client: 'graphiql', ttlSeconds: 7 * 24 * 3600 });
const listedTokens: Record<string, string> = { ...tokens, 'CONFIDENTIAL, purpose MARKETING': marketingToken };
const system = await startSystem({
  config,
  ports: 'configured',
  without: without as SubgraphName[],
  log: say,
  // GraphiQL opens as a CONFIDENTIAL caller; the other tokens are printed below, ready to paste.
  graphiqlHeaders: config.environment === 'development' ? { authorization: `Bearer ${tokens.CONFIDENTIAL}` } : {},
  ...(config.environment === 'development' ? { graphiqlTokens: listedTokens } : {}),
}).catch((error: Error) => {
  console.error(`c360: could not start: ${error.message}`);
  process.exit(1);
});

let stopping = false;
const shutdown = async (signal: string) => {
  if (stopping) return;
  stopping = true;
  say(`${signal}: stopping…`);
  await system.stop();
  say('stopped');
  process.exit(0);
};
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));

if (config.seedDemo && system.identity && (await system.identity.repository.countCustomers()) === 0) {
  if (without.length > 0) say(`the stores are empty but ${without.join(', ')} is left out: not seeding the demo data`);
  else {
    say('empty stores: seeding the demo data (about 2,000 people from four sources)…');
    const seeded = await seedDemoData(generateDemoData(), { url: system.gatewayUrl, log: say, headers: { authorization: `Bearer ${tokens.INTERNAL}` } });
    say(`seeded ${seeded.records} source records (${seeded.rejectedRecords} rejected as invalid), ${seeded.consents} consents, ${seeded.orders} orders`);
  }
}
logger.info({ ms: Date.now() - started }, 'ready');
say(`ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
say(`GraphiQL: ${system.gatewayUrl}`);
if (config.environment === 'development') {
  say('development tokens (valid 7 days; paste as the header  authorization: Bearer <token>):');
  for (const [clearance, token] of Object.entries(listedTokens)) say(`  ${clearance.padEnd(12)} ${token}`);
  say('more with: npm run token -- --clearance CONFIDENTIAL --purpose SERVICE');
}
say('Ctrl-C stops everything');
