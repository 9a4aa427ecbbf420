/**
 * `npm run identity:evaluate -- --config eval/<name>.json [--json]`: runs a labelled CSV through
 * the real identity pipeline (validation, normalisation, resolution, writes) into an isolated
 * Neo4j — a local one on a temporary directory, or NEO4J_URI only with `--wipe`, since the store
 * is emptied first — and reports pairwise precision, recall and F1 and the predicted clusters
 * against the true entities. `--json` prints the same report as JSON.
 *
 * The v1 resolver links deterministically, without scores, so there is no threshold to sweep yet.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig, projectRoot } from '../../lib/config.ts';
import { createNeo4jDriver } from '../../lib/neo4j/createNeo4jDriver.ts';
import { startLocalNeo4j } from '../../lib/neo4j/startLocalNeo4j.ts';
import { ingestRecords } from '../../subgraphs/identity/resolution/ingestRecords.ts';
import { IdentityRepository } from '../../subgraphs/identity/store/IdentityRepository.ts';
import { readEvaluationConfig } from './evaluationConfig.ts';
import { loadLabelledRecords } from './loadLabelledRecords.ts';
import { pairwiseMetrics } from './pairwiseMetrics.ts';

const usage = 'usage: npm run identity:evaluate -- --config eval/<name>.json [--json] [--wipe]';
let values: { config?: string; json?: boolean; wipe?: boolean };
try {
  ({ values } = parseArgs({ options: { config: { type: 'string' }, json: { type: 'boolean', default: false }, wipe: { type: 'boolean', default: false } } }));
} catch (error) {
  console.error(`identity:evaluate: ${(error as Error).message}\n${usage}`);
  process.exit(2);
}
if (!values.config) {
  console.error(`identity:evaluate: --config is required\n${usage}`);
  process.exit(2);
}

const config = loadConfig({ ...process.env, LOG_LEVEL: 'warn' });
const progress = (message: string) => console.error(`identity:evaluate: ${message}`);
let exitCode = 0;
const dir = await mkdtemp(join(tmpdir(), 'c360-evaluate-'));
let local: Awaited<ReturnType<typeof startLocalNeo4j>> | null = null;
try {
  const evaluation = await readEvaluationConfig(resolve(projectRoot, values.config));
  const { bySource, truth } = await loadLabelledRecords(evaluation);
  if (config.neo4j.uri && !values.wipe) throw new Error(`NEO4J_URI is set: pass --wipe to let the evaluation empty that store first, or unset it to use a temporary local Neo4j`);
  local = config.neo4j.uri ? null : await startLocalNeo4j({ dataDir: join(dir, 'neo4j'), log: progress });
  const driver = createNeo4jDriver({ uri: config.neo4j.uri ?? local!.uri, user: config.neo4j.user, password: local ? '' : config.neo4j.password });
  try {
    if (config.neo4j.uri) await driver.executeQuery('MATCH (n) CALL { WITH n DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS', {}, { database: config.neo4j.database ?? undefined });
    const repository = new IdentityRepository(driver, config.neo4j.database);
    await repository.ensureSchema();
    const started = performance.now();
    let rejected = 0;
    for (const [source, records] of bySource) {
      for (let i = 0; i < records.length; i += 500) {
        const outcome = await ingestRecords(repository, source, records.slice(i, i + 500), { region: config.defaultRegion });
        rejected += outcome.rejected.length;
        progress(`${source}: ${Math.min(i + 500, records.length)}/${records.length} records`);
      }
    }
    const seconds = (performance.now() - started) / 1000;
    const { records: rows } = await driver.executeQuery('MATCH (r:SourceRecord)-[:BELONGS_TO]->(c:Customer) RETURN r.key AS key, c.id AS customer');
    const predicted = new Map(rows.map((row) => [row.get('key') as string, row.get('customer') as string]));
    const metrics = pairwiseMetrics(truth, predicted);
    const report = {
      dataset: evaluation.name,
      records: truth.size,
      rejected,
      entities: new Set(truth.values()).size,
      clusters: new Set(predicted.values()).size + [...truth.keys()].filter((key) => !predicted.has(key)).length,
      pairwise: { precision: metrics.precision, recall: metrics.recall, f1: metrics.f1 },
      pairs: { true: metrics.truePairs, predicted: metrics.predictedPairs, correct: metrics.correctPairs },
      recordsPerSecond: truth.size / seconds,
      thresholdSweep: null,
    };
    if (values.json) console.log(JSON.stringify(report, null, 2));
    else {
      console.log(`${report.dataset}: ${report.records} records (${report.rejected} rejected), ${report.entities} true entities, ${report.clusters} predicted clusters`);
      console.log(`pairwise precision ${metrics.precision.toFixed(4)}, recall ${metrics.recall.toFixed(4)}, F1 ${metrics.f1.toFixed(4)} (${metrics.correctPairs} of ${metrics.truePairs} true pairs; ${metrics.predictedPairs} predicted)`);
      console.log(`${report.recordsPerSecond.toFixed(0)} records/s end to end; no threshold sweep: the v1 resolver links deterministically, without scores`);
    }
  } finally {
    await driver.close();
  }
} catch (error) {
  console.error(`identity:evaluate: ${(error as Error).message}`);
  exitCode = 1;
} finally {
  await local?.stop();
  await rm(dir, { recursive: true, force: true });
}
process.exit(exitCode);
