/**
 * `npm run identity:evaluate -- --config eval/<name>.json [--json]`: runs a labelled CSV through
 * the real identity pipeline (validation, normalisation, resolution, writes) into an isolated
 * Neo4j — a local one on a temporary directory, or NEO4J_URI only with `--wipe`, since the store
 * is emptied first — and reports pairwise precision, recall and F1 and the predicted clusters
 * against the true entities, a threshold sweep and a suggested threshold for a target
 * false-positive rate. `--json` prints the same report as JSON.
 *
 * The model is trained on the data set itself first, without its labels (u from random pairs, m
 * by EM), exactly as `trainMatchModel` trains on a running system's records; the labels are read
 * only to score the outcome. The sweep re-clusters the scored candidate pairs at each threshold
 * with the same safeguards as ingestion.
 *
 *   --target-fpr R   false-positive rate the suggested threshold must meet (default 1e-6)
 *   --batch N        records per ingestion batch (default 500)
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig, projectRoot } from '../../lib/config.ts';
import { createNeo4jDriver } from '../../lib/neo4j/createNeo4jDriver.ts';
import { emptyNeo4jStore } from '../../lib/neo4j/emptyNeo4jStore.ts';
import { startLocalNeo4j } from '../../lib/neo4j/startLocalNeo4j.ts';
import { extractFeatures } from '../../subgraphs/identity/matching/features.ts';
import { parseMatchingConfig } from '../../subgraphs/identity/matching/loadMatchingConfig.ts';
import { Matcher } from '../../subgraphs/identity/matching/Matcher.ts';
import { scorePairs } from '../../subgraphs/identity/matching/scorePairs.ts';
import { trainModel } from '../../subgraphs/identity/matching/trainModel.ts';
import { ingestRecords } from '../../subgraphs/identity/resolution/ingestRecords.ts';
import type { StoredRecord } from '../../subgraphs/identity/resolution/types.ts';
import { validateRecord } from '../../subgraphs/identity/resolution/validateRecord.ts';
import { IdentityRepository } from '../../subgraphs/identity/store/IdentityRepository.ts';
import { readEvaluationConfig } from './evaluationConfig.ts';
import { loadLabelledRecords } from './loadLabelledRecords.ts';
import { pairwiseMetrics } from './pairwiseMetrics.ts';
import { suggestThreshold, sweepThresholds } from './sweepThresholds.ts';

const usage = 'usage: npm run identity:evaluate -- --config eval/<name>.json [--json] [--wipe] [--target-fpr R] [--batch N]';
let values: { config?: string; json?: boolean; wipe?: boolean; 'target-fpr'?: string; batch?: string };
try {
  ({ values } = parseArgs({
    options: {
      config: { type: 'string' },
      json: { type: 'boolean', default: false },
      wipe: { type: 'boolean', default: false },
      'target-fpr': { type: 'string', default: '1e-6' },
      batch: { type: 'string', default: '500' },
    },
  }));
} catch (error) {
  console.error(`identity:evaluate: ${(error as Error).message}\n${usage}`);
  process.exit(2);
}
if (!values.config) {
  console.error(`identity:evaluate: --config is required\n${usage}`);
  process.exit(2);
}
const targetFpr = Number(values['target-fpr']);
const batchSize = Number(values.batch);
if (!(targetFpr >= 0 && targetFpr < 1) || !Number.isInteger(batchSize) || batchSize < 1 || batchSize > 1000) {
  console.error(`identity:evaluate: --target-fpr must be a rate in [0, 1) and --batch an integer from 1 to 1000\n${usage}`);
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
  local = config.neo4j.uri ? null : await startLocalNeo4j({ dataDir: join(dir, 'neo4j'), log: progress, profile: 'server' });
  const driver = createNeo4jDriver({ uri: config.neo4j.uri ?? local!.uri, user: config.neo4j.user, password: local ? '' : config.neo4j.password });
  try {
    if (config.neo4j.uri) await emptyNeo4jStore(driver, config.neo4j.database);
    const repository = new IdentityRepository(driver, config.neo4j.database);
    await repository.ensureSchema();
    const { settings, survivorship } = parseMatchingConfig(evaluation.matching ?? {}, `${values.config} matching`);
    const valid: StoredRecord[] = [];
    for (const [source, records] of bySource) {
      for (const input of records) {
        const record = validateRecord(source, input, { region: config.defaultRegion, latestObservedAt: '9999-12-31T00:00:00.000Z' });
        if (!('reason' in record)) valid.push(record);
      }
    }
    const features = valid.map((r) => extractFeatures(r, config.defaultRegion));
    const trainingStarted = performance.now();
    const model = trainModel(features);
    const trainingSeconds = (performance.now() - trainingStarted) / 1000;
    progress(`model ${model.version} trained on ${features.length} records in ${trainingSeconds.toFixed(1)} s (${model.training.candidatePairs} candidate pairs, ${model.training.iterations} EM iterations)`);
    const matcher = new Matcher(model, settings, config.defaultRegion);
    const started = performance.now();
    let rejected = 0;
    let queuedForReview = 0;
    for (const [source, records] of bySource) {
      for (let i = 0; i < records.length; i += batchSize) {
        const outcome = await ingestRecords(repository, source, records.slice(i, i + batchSize), { region: config.defaultRegion, matcher, survivorship });
        rejected += outcome.rejected.length;
        queuedForReview += outcome.queuedForReview;
        progress(`${source}: ${Math.min(i + batchSize, records.length)}/${records.length} records`);
      }
    }
    const seconds = (performance.now() - started) / 1000;
    const byKey = new Map(features.map((f) => [f.key, f]));
    const sweep = sweepThresholds(truth, scorePairs(matcher, features, []), {
      maxClusterSize: settings.maxClusterSize,
      conflict: (a, b) => matcher.conflict(byKey.get(a)!, byKey.get(b)!),
    });
    const suggested = suggestThreshold(sweep, targetFpr);
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
      queuedForReview,
      model: { version: model.version, prior: model.prior, thresholds: model.thresholds, training: model.training, trainingSeconds },
      thresholdSweep: sweep,
      suggestedThreshold: suggested ? { targetFalsePositiveRate: targetFpr, ...suggested } : null,
    };
    if (values.json) console.log(JSON.stringify(report, null, 2));
    else {
      console.log(`${report.dataset}: ${report.records} records (${report.rejected} rejected), ${report.entities} true entities, ${report.clusters} predicted clusters`);
      console.log(`pairwise precision ${metrics.precision.toFixed(4)}, recall ${metrics.recall.toFixed(4)}, F1 ${metrics.f1.toFixed(4)} (${metrics.correctPairs} of ${metrics.truePairs} true pairs; ${metrics.predictedPairs} predicted)`);
      console.log(`${report.recordsPerSecond.toFixed(0)} records/s end to end (batches of ${batchSize}); ${queuedForReview} pairs queued for review; model ${model.version}, link at ${model.thresholds.link}, review from ${model.thresholds.review}`);
      console.log('threshold sweep (re-clustered at each link threshold):');
      console.log('  threshold  precision  recall  F1      false-positive rate  clusters');
      for (const row of sweep) {
        console.log(`  ${row.threshold.toString().padEnd(9)}  ${row.precision.toFixed(4)}     ${row.recall.toFixed(4)}  ${row.f1.toFixed(4)}  ${row.falsePositiveRate.toExponential(2).padEnd(19)}  ${row.clusters}`);
      }
      console.log(suggested ? `suggested link threshold for a false-positive rate <= ${targetFpr}: ${suggested.threshold} (precision ${suggested.precision.toFixed(4)}, recall ${suggested.recall.toFixed(4)}, F1 ${suggested.f1.toFixed(4)})` : `no swept threshold reaches a false-positive rate <= ${targetFpr}`);
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
