/** `npm run compose`: supergraph.yaml → gateway/supergraph.graphql and its public API schema. */
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { projectRoot } from '../lib/config.ts';
import { apiSchemaOf, composeSupergraph } from './composeSupergraph.ts';
import { readSupergraphConfig } from './supergraphConfig.ts';

const outcome = composeSupergraph(await readSupergraphConfig());
for (const hint of outcome.hints) console.error(`hint: ${hint}`);
if (!outcome.supergraphSdl) {
  for (const error of outcome.errors) console.error(`error: ${error}`);
  process.exit(1);
}
const supergraphPath = resolve(projectRoot, 'gateway/supergraph.graphql');
const apiSchemaPath = resolve(projectRoot, 'gateway/api-schema.graphql');
await writeFile(supergraphPath, outcome.supergraphSdl);
await writeFile(apiSchemaPath, apiSchemaOf(outcome.supergraphSdl));
console.log(`composed ${supergraphPath} and ${apiSchemaPath}`);
