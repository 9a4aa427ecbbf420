/**
 * `npm run bench:customer360`: seeds the demo data set through the gateway into fresh stores
 * (a temporary local Neo4j unless NEO4J_URI; in-memory PGlite unless DATABASE_URL), then measures
 * the 20-customer Customer 360 query over real HTTP twice in one run: with field-level
 * enforcement (shield rules, masks, access extensions, audit) on, and with it off, on the same
 * stores and data. Prints figures; asserts nothing.
 *
 *   --requests N     measured requests per mode (default 300)
 *   --concurrency C  requests in flight (default 4)
 *   --first K        customers per query (default 20)
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { issueDevelopmentToken } from '../lib/auth/authenticate.ts';
import { loadConfig } from '../lib/config.ts';
import { createDatabase } from '../lib/db/index.ts';
import { startLocalNeo4j } from '../lib/neo4j/startLocalNeo4j.ts';
import { generateDemoData } from '../tools/demo/generateDemoData.ts';
import { seedDemoData } from '../tools/demo/seedDemoData.ts';
import { startSystem } from '../tools/startSystem.ts';

const { values } = parseArgs({ options: { requests: { type: 'string', default: '300' }, concurrency: { type: 'string', default: '4' }, first: { type: 'string', default: '20' } } });
const requests = Number(values.requests);
const concurrency = Number(values.concurrency);
const first = Number(values.first);

const dataDir = await mkdtemp(join(tmpdir(), 'c360-bench-'));
const config = loadConfig({ ...process.env, NODE_ENV: 'production', LOG_LEVEL: 'warn', C360_DATA_DIR: dataDir, C360_JWT_SECRET: 'bench-jwt-secret-0123456789abcdef0123456789', C360_CONTEXT_KEY: 'bench-context-key-0123456789abcdef0123', C360_HASH_KEY: 'bench-hash-key-0123456789abcdef01234567', C360_RATE_LIMIT: '1000000/1' });
const neo4j = config.neo4j.uri ? null : await startLocalNeo4j({ dataDir: join(dataDir, 'neo4j'), profile: 'server' });
const db = await createDatabase({ databaseUrl: config.databaseUrl, pgliteDir: 'memory://' });
const neo4jUri = config.neo4j.uri ?? neo4j!.uri;

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
const query = `query Customer360($first: Int) { customers(first: $first) { nodes { id name { full } emails phones birthDate
  addresses { line1 city postalCode } consents { purpose status } analytics { orderCount totalSpend rfm { segment } } quality { score issues { rule sourceKey } } } } }`;

async function measure(enforcement: boolean, seed: boolean) {
  const system = await startSystem({ config, ports: 'ephemeral', db, neo4jUri, enforcement });
  try {
    const headers = async (clearance: 'INTERNAL' | 'CONFIDENTIAL') => ({
      'content-type': 'application/json',
      authorization: `Bearer ${await issueDevelopmentToken(system.keys.jwt, { clearance, purpose: 'SERVICE', sub: 'bench', client: 'bench' })}`,
    });
    if (seed) {
      const data = generateDemoData();
      const recordCount = Object.values(data.records).reduce((sum, list) => sum + list.length, 0);
      const started = performance.now();
      await seedDemoData(data, { url: system.gatewayUrl, headers: await headers('INTERNAL') });
      console.log(`seed: ${recordCount} records, ${data.consents.length} consents, ${data.orders.length} orders in ${((performance.now() - started) / 1000).toFixed(1)} s through the gateway`);
    }
    const init = { method: 'POST', headers: await headers('CONFIDENTIAL'), body: JSON.stringify({ query, variables: { first } }) };
    const once = async () => {
      const t = performance.now();
      const response = await fetch(system.gatewayUrl, init);
      const json = (await response.json()) as { errors?: unknown[] };
      if (!response.ok || json.errors) throw new Error(`query failed: ${JSON.stringify(json).slice(0, 300)}`);
      return performance.now() - t;
    };
    for (let i = 0; i < 20; i++) await once(); // warm-up: JIT, query plan cache, connections
    const latencies: number[] = [];
    let next = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < requests) {
          next += 1;
          latencies.push(await once());
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    latencies.sort((a, b) => a - b);
    console.log(
      `customer360 enforcement ${enforcement ? 'on ' : 'off'} (first: ${first}, concurrency ${concurrency}, CONFIDENTIAL caller): ${latencies.length} requests in ${seconds.toFixed(1)} s = ${(latencies.length / seconds).toFixed(1)} req/s; ` +
        `p50 ${percentile(latencies, 50).toFixed(1)} ms, p95 ${percentile(latencies, 95).toFixed(1)} ms, p99 ${percentile(latencies, 99).toFixed(1)} ms`,
    );
  } finally {
    await system.stop();
  }
}

try {
  await measure(true, true);
  await measure(false, false);
  await measure(true, false);
} finally {
  await db.close();
  await neo4j?.stop();
  await rm(dataDir, { recursive: true, force: true });
}
