/**
 * `npm run bench:customer360`: seeds the demo data set through the gateway into fresh stores
 * (a temporary local Neo4j unless NEO4J_URI; in-memory PGlite unless DATABASE_URL), then measures
 * the Customer 360 query of the README over real HTTP. Prints figures; asserts nothing.
 *
 *   --requests N     measured requests (default 300)
 *   --concurrency C  requests in flight (default 4)
 *   --first K        customers per query (default 20)
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../lib/config.ts';
import { createDatabase } from '../lib/db/index.ts';
import { generateDemoData } from '../tools/demo/generateDemoData.ts';
import { seedDemoData } from '../tools/demo/seedDemoData.ts';
import { startSystem } from '../tools/startSystem.ts';

const { values } = parseArgs({ options: { requests: { type: 'string', default: '300' }, concurrency: { type: 'string', default: '4' }, first: { type: 'string', default: '20' } } });
const requests = Number(values.requests);
const concurrency = Number(values.concurrency);
const first = Number(values.first);

const config = loadConfig({ ...process.env, NODE_ENV: 'production', LOG_LEVEL: 'warn' });
const neo4jDir = await mkdtemp(join(tmpdir(), 'c360-bench-neo4j-'));
const db = await createDatabase({ databaseUrl: config.databaseUrl, pgliteDir: 'memory://' });
const system = await startSystem({ config, ports: 'ephemeral', db, neo4jDataDir: neo4jDir });

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
try {
  const data = generateDemoData();
  const recordCount = Object.values(data.records).reduce((sum, list) => sum + list.length, 0);
  let started = performance.now();
  await seedDemoData(data, { url: system.gatewayUrl });
  const seedSeconds = (performance.now() - started) / 1000;
  console.log(`seed: ${recordCount} records, ${data.consents.length} consents, ${data.orders.length} orders in ${seedSeconds.toFixed(1)} s through the gateway`);

  const query = `query Customer360($first: Int) { customers(first: $first) { nodes { id name { full } emails phones
    consents { purpose status } analytics { orderCount totalSpend rfm { segment } } quality { score issues { rule } } } } }`;
  const body = JSON.stringify({ query, variables: { first } });
  const once = async () => {
    const t = performance.now();
    const response = await fetch(system.gatewayUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    const json = (await response.json()) as { errors?: unknown[] };
    if (!response.ok || json.errors) throw new Error(`query failed: ${JSON.stringify(json).slice(0, 300)}`);
    return performance.now() - t;
  };
  for (let i = 0; i < 20; i++) await once(); // warm-up: JIT, query plan cache, connections
  const latencies: number[] = [];
  let next = 0;
  started = performance.now();
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
    `customer360 (first: ${first}, concurrency ${concurrency}): ${latencies.length} requests in ${seconds.toFixed(1)} s = ${(latencies.length / seconds).toFixed(1)} req/s; ` +
      `p50 ${percentile(latencies, 50).toFixed(1)} ms, p95 ${percentile(latencies, 95).toFixed(1)} ms, p99 ${percentile(latencies, 99).toFixed(1)} ms`,
  );
} finally {
  await system.stop();
  await db.close();
  await rm(neo4jDir, { recursive: true, force: true });
}
