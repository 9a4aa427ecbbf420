import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

const slow = { testTimeout: 120_000, hookTimeout: 600_000, fileParallelism: false } as const;

// graphql 16 ships a CommonJS and an ES build; Node (and so every dependency) loads the CommonJS
// one, Vite would pick the ES one for our files, and two copies of graphql refuse each other's
// schemas. Point ours at the copy Node uses.
const resolve = { alias: [{ find: /^graphql$/, replacement: createRequire(import.meta.url).resolve('graphql') }] };

/**
 * Three kinds of test (DESIGN §7): `*.test.ts` pure units; `*.int.test.ts` one part on real
 * Neo4j / PostgreSQL; `test/e2e/*.e2e.test.ts` the gateway and every subgraph over HTTP. One Neo4j
 * serves the whole run (test/support/globalSetup.ts); the slow kinds run one file at a time because
 * they share it.
 */
export default defineConfig({
  resolve,
  test: {
    globalSetup: ['test/support/globalSetup.ts'],
    projects: [
      { resolve, test: { name: 'unit', include: ['{lib,subgraphs,gateway,tools,test}/**/*.test.ts'], exclude: ['**/*.int.test.ts', '**/*.e2e.test.ts', '**/node_modules/**'] } },
      { resolve, test: { name: 'integration', include: ['{lib,subgraphs,gateway,tools}/**/*.int.test.ts'], ...slow } },
      { resolve, test: { name: 'e2e', include: ['test/e2e/**/*.e2e.test.ts'], ...slow } },
    ],
  },
});
