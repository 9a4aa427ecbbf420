/**
 * `npm run schema:release`: records the current API schema as the baseline that `npm run check`
 * compares against, and clears the acknowledged breaking changes (they are now released).
 */
import { copyFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { projectRoot } from '../lib/config.ts';

await copyFile(resolve(projectRoot, 'gateway/api-schema.graphql'), resolve(projectRoot, 'gateway/schema-baseline.graphql'));
await writeFile(resolve(projectRoot, 'gateway/acknowledged-changes.json'), '[]\n');
console.log('gateway/schema-baseline.graphql now holds the current API schema');
