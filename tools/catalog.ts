/**
 * `npm run catalog`: gateway/supergraph.graphql → docs/catalog.md and docs/catalog.json, the list
 * of every `@sensitive` field. With `--check` it writes nothing and exits 1 when either committed
 * file differs from what it would write (CI runs it after `npm run compose`).
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { projectRoot } from '../lib/config.ts';
import { buildCatalog, renderCatalogMarkdown } from './buildCatalog.ts';

const args = process.argv.slice(2);
const unknown = args.filter((arg) => arg !== '--check');
if (unknown.length > 0) {
  console.error(`catalog: unknown argument ${JSON.stringify(unknown[0])}; usage: npm run catalog [-- --check]`);
  process.exit(2);
}
const check = args.includes('--check');

const entries = buildCatalog(await readFile(resolve(projectRoot, 'gateway/supergraph.graphql'), 'utf8'));
const outputs: Record<string, string> = {
  'docs/catalog.md': renderCatalogMarkdown(entries),
  'docs/catalog.json': `${JSON.stringify(entries, null, 2)}\n`,
};

if (check) {
  const stale: string[] = [];
  for (const [path, content] of Object.entries(outputs)) {
    const committed = await readFile(resolve(projectRoot, path), 'utf8').catch(() => null);
    if (committed !== content) stale.push(committed === null ? `${path} is missing` : `${path} is stale`);
  }
  if (stale.length > 0) {
    for (const problem of stale) console.error(`✖ ${problem}: run \`npm run catalog\` and commit the result`);
    process.exit(1);
  }
  console.log(`catalog: docs/catalog.md and docs/catalog.json are up to date (${entries.length} sensitive fields)`);
} else {
  for (const [path, content] of Object.entries(outputs)) {
    const target = resolve(projectRoot, path);
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, content);
  }
  console.log(`catalog: wrote docs/catalog.md and docs/catalog.json (${entries.length} sensitive fields)`);
}
