/**
 * `npm run identity:train -- --demo [--people N] [--out file]`: trains the Fellegi–Sunter model
 * (u from random pairs, m and the prior by EM, term frequencies) on the demo data set, without
 * its ground truth, and writes it as JSON — by default to the model shipped with identity,
 * `subgraphs/identity/matching/defaultModel.json`. A running system retrains on its own stored
 * records with the `trainMatchModel` mutation instead.
 */
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig, projectRoot } from '../../lib/config.ts';
import { extractFeatures } from '../../subgraphs/identity/matching/features.ts';
import { trainModel } from '../../subgraphs/identity/matching/trainModel.ts';
import { validateRecord } from '../../subgraphs/identity/resolution/validateRecord.ts';
import type { StoredRecord } from '../../subgraphs/identity/resolution/types.ts';
import { generateDemoData, type DemoSource } from '../demo/generateDemoData.ts';

const usage = 'usage: npm run identity:train -- --demo [--people N] [--out file]';
let values: { demo?: boolean; people?: string; out?: string };
try {
  ({ values } = parseArgs({ options: { demo: { type: 'boolean', default: false }, people: { type: 'string', default: '2000' }, out: { type: 'string' } } }));
} catch (error) {
  console.error(`identity:train: ${(error as Error).message}\n${usage}`);
  process.exit(2);
}
if (!values.demo) {
  console.error(`identity:train: --demo is required (a running system trains on its own records with the trainMatchModel mutation)\n${usage}`);
  process.exit(2);
}
const people = Number(values.people);
if (!Number.isInteger(people) || people < 10) {
  console.error(`identity:train: --people must be an integer of at least 10, got ${values.people}`);
  process.exit(2);
}
const config = loadConfig({ ...process.env, LOG_LEVEL: 'warn' });
const data = generateDemoData({ people });
const records: StoredRecord[] = [];
for (const source of ['crm', 'shop', 'support', 'callcenter'] as DemoSource[]) {
  for (const input of data.records[source]) {
    const record = validateRecord(source, input, { region: config.defaultRegion, latestObservedAt: '9999-12-31T00:00:00.000Z' });
    if (!('reason' in record)) records.push(record);
  }
}
const started = performance.now();
const model = trainModel(records.map((r) => extractFeatures(r, config.defaultRegion)));
model.training.note = `demo data set, ${people} people, ground truth unused`;
const out = resolve(projectRoot, values.out ?? 'subgraphs/identity/matching/defaultModel.json');
await writeFile(out, `${JSON.stringify(model, null, 2)}\n`);
console.log(
  `identity:train: model ${model.version} from ${model.training.records} records, ${model.training.candidatePairs} candidate pairs, ${model.training.iterations} EM iterations (${model.training.converged ? 'converged' : 'not converged'}), prior ${model.prior.toFixed(4)}, in ${((performance.now() - started) / 1000).toFixed(1)} s → ${out}`,
);
