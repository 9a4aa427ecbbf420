/**
 * `npm run check`: the schema contract, as CI runs it. Fails (exit 1, one line per problem) when
 * composition reports errors; the committed supergraph, API schema or generated code is stale;
 * the data catalog (docs/catalog.*) is stale; the gateway cannot start on the supergraph; a
 * shipped operation no longer validates; or the API
 * schema has a breaking change against `gateway/schema-baseline.graphql` that is not acknowledged
 * in `gateway/acknowledged-changes.json`.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { generate } from '@graphql-codegen/cli';
import { buildSchema } from 'graphql';
import { buildGateway } from '../gateway/buildGateway.ts';
import codegenConfig from '../codegen.ts';
import { loadConfig, projectRoot } from '../lib/config.ts';
import { createDatabase } from '../lib/db/index.ts';
import { createLogger } from '../lib/logger.ts';
import { buildCatalog, renderCatalogMarkdown } from './buildCatalog.ts';
import { apiSchemaOf, composeSupergraph } from './composeSupergraph.ts';
import { invalidOperations, loadSchemaFile, unacknowledgedBreakingChanges, type Acknowledgement } from './schemaChecks.ts';
import { readSupergraphConfig } from './supergraphConfig.ts';

const problems: string[] = [];
const committed = (path: string) => readFile(resolve(projectRoot, path), 'utf8').catch(() => '');
const step = (name: string) => console.log(`check: ${name}`);

step('composition');
const outcome = composeSupergraph(await readSupergraphConfig());
problems.push(...outcome.errors.map((e) => `composition: ${e}`));
if (outcome.supergraphSdl) {
  if ((await committed('gateway/supergraph.graphql')) !== outcome.supergraphSdl) problems.push('gateway/supergraph.graphql is stale: run `npm run compose`');
  if ((await committed('gateway/api-schema.graphql')) !== apiSchemaOf(outcome.supergraphSdl)) problems.push('gateway/api-schema.graphql is stale: run `npm run compose`');
}

step('generated code');
const files: { filename: string; content: string }[] = await generate({ ...codegenConfig, cwd: projectRoot, silent: true }, false);
for (const file of files) {
  if ((await committed(file.filename)) !== file.content) problems.push(`${file.filename} is stale: run \`npm run codegen\``);
}

step('data catalog');
if (outcome.supergraphSdl) {
  const entries = buildCatalog(outcome.supergraphSdl);
  if ((await committed('docs/catalog.md')) !== renderCatalogMarkdown(entries)) problems.push('docs/catalog.md is stale: run `npm run catalog`');
  if ((await committed('docs/catalog.json')) !== `${JSON.stringify(entries, null, 2)}\n`) problems.push('docs/catalog.json is stale: run `npm run catalog`');
}

step('gateway starts on the committed supergraph');
try {
  const config = loadConfig({ NODE_ENV: 'test' });
  const db = await createDatabase({ databaseUrl: null, pgliteDir: 'memory://' });
  const keys = { jwt: 'check', context: 'check', hash: 'check' };
  const gateway = await buildGateway({ config, logger: createLogger(config, 'check'), db, keys });
  await gateway.stop();
  await db.close();
} catch (error) {
  problems.push(`the gateway cannot start on gateway/supergraph.graphql: ${(error as Error).message}`);
}

step('shipped operations validate');
const apiSchema = await loadSchemaFile('gateway/api-schema.graphql');
problems.push(...(await invalidOperations(apiSchema)));

step('breaking changes against gateway/schema-baseline.graphql');
const baselineSdl = await committed('gateway/schema-baseline.graphql');
if (!baselineSdl) problems.push('gateway/schema-baseline.graphql is missing: run `npm run schema:release` once');
else {
  const acknowledged = JSON.parse((await committed('gateway/acknowledged-changes.json')) || '[]') as Acknowledgement[];
  const breaking = await unacknowledgedBreakingChanges(buildSchema(baselineSdl), apiSchema, acknowledged);
  problems.push(...breaking.map((b) => `breaking change not acknowledged in gateway/acknowledged-changes.json: ${b}`));
}

if (problems.length > 0) {
  for (const problem of problems) console.error(`✖ ${problem}`);
  console.error(`check: ${problems.length} problem(s)`);
  process.exit(1);
}
console.log('check: all passed');
