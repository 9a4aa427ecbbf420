import { defineConfig } from 'vitest/config';

const slow = { testTimeout: 120_000, hookTimeout: 600_000, fileParallelism: false } as const;

/**
 * Three kinds of test (DESIGN §7): `*.test.ts` pure units; `*.int.test.ts` one part on real
 * Neo4j / PostgreSQL; `test/e2e/*.e2e.test.ts` the gateway and every subgraph over HTTP. One Neo4j
 * serves the whole run (test/support/globalSetup.ts); the slow kinds run one file at a time because
 * they share it.
 */
export default defineConfig({
  test: {
    globalSetup: ['test/support/globalSetup.ts'],
    projects: [
      { test: { name: 'unit', include: ['{lib,subgraphs,gateway,tools,test}/**/*.test.ts'], exclude: ['**/*.int.test.ts', '**/*.e2e.test.ts', '**/node_modules/**'] } },
      { test: { name: 'integration', include: ['{lib,subgraphs,gateway,tools}/**/*.int.test.ts'], ...slow } },
      { test: { name: 'e2e', include: ['test/e2e/**/*.e2e.test.ts'], ...slow } },
    ],
  },
});
