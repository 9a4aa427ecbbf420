/**
 * `npm run bench:linkage`: resolves the demo data set with the current identity resolution and the
 * shipped model (into a
 * temporary local Neo4j unless NEO4J_URI) and prints pairwise precision, recall and F1 against the
 * generator's ground truth, and the number of customers against true people. Asserts nothing.
 *
 *   --people N   people in the demo data set (default 2000)
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../lib/config.ts';
import { createNeo4jDriver } from '../lib/neo4j/createNeo4jDriver.ts';
import { emptyNeo4jStore } from '../lib/neo4j/emptyNeo4jStore.ts';
import { startLocalNeo4j } from '../lib/neo4j/startLocalNeo4j.ts';
import { loadDefaultModel } from '../subgraphs/identity/matching/MatchModelRegistry.ts';
import { defaultMatchingSettings, Matcher } from '../subgraphs/identity/matching/Matcher.ts';
import { ingestRecords } from '../subgraphs/identity/resolution/ingestRecords.ts';
import { IdentityRepository } from '../subgraphs/identity/store/IdentityRepository.ts';
import { generateDemoData, type DemoSource } from '../tools/demo/generateDemoData.ts';
import { pairwiseMetrics } from '../tools/identity/pairwiseMetrics.ts';

const { values } = parseArgs({ options: { people: { type: 'string', default: '2000' } } });
const config = loadConfig({ ...process.env, LOG_LEVEL: 'warn' });
const dir = await mkdtemp(join(tmpdir(), 'c360-linkage-'));
const local = config.neo4j.uri ? null : await startLocalNeo4j({ dataDir: dir, profile: 'server' });
const driver = createNeo4jDriver({ uri: config.neo4j.uri ?? local!.uri, user: config.neo4j.user, password: local ? '' : config.neo4j.password });

try {
  if (config.neo4j.uri) await emptyNeo4jStore(driver, config.neo4j.database);
  const repository = new IdentityRepository(driver, config.neo4j.database);
  await repository.ensureSchema();
  const data = generateDemoData({ people: Number(values.people) });
  const matcher = new Matcher(loadDefaultModel(), defaultMatchingSettings, config.defaultRegion);
  const started = performance.now();
  let records = 0;
  for (const source of ['crm', 'shop', 'support', 'callcenter'] as DemoSource[]) {
    for (let i = 0; i < data.records[source].length; i += 500) {
      const batch = data.records[source].slice(i, i + 500);
      await ingestRecords(repository, source, batch, { region: config.defaultRegion, matcher });
      records += batch.length;
    }
  }
  const seconds = (performance.now() - started) / 1000;
  const { records: rows } = await driver.executeQuery('MATCH (r:SourceRecord)-[:BELONGS_TO]->(c:Customer) RETURN r.key AS key, c.id AS customer');
  const predicted = new Map(rows.map((row) => [row.get('key') as string, row.get('customer') as string]));
  const truth = new Map(data.truth.flatMap((person) => person.sourceKeys.map((key) => [key, person.personId] as const)));
  const { precision, recall, f1, correctPairs, truePairs, predictedPairs } = pairwiseMetrics(truth, predicted);
  console.log(`linkage: ${records} records resolved in ${seconds.toFixed(1)} s (${(records / seconds).toFixed(0)} records/s, batches of 500)`);
  console.log(`linkage: ${new Set(predicted.values()).size} customers for ${data.truth.length} people; pairwise precision ${precision.toFixed(4)}, recall ${recall.toFixed(4)}, F1 ${f1.toFixed(4)} (${correctPairs} of ${truePairs} true pairs, ${predictedPairs} predicted)`);
} finally {
  await driver.close();
  await local?.stop();
  await rm(dir, { recursive: true, force: true });
}
