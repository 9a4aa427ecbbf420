import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { loadConfig } from '../../lib/config.ts';
import { startLocalNeo4j, type LocalNeo4j } from '../../lib/neo4j/startLocalNeo4j.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The Neo4j every integration and end-to-end test of this run uses. */
    neo4jUri: string;
  }
}

let local: LocalNeo4j | undefined;
let dataDir: string | undefined;

/**
 * One Neo4j per test run: NEO4J_URI when set, else the local launcher on a temporary directory.
 * Only started when a slow project (integration, e2e) is part of the run.
 */
export async function setup(project: TestProject): Promise<void> {
  const slow = project.vitest.projects.some((p) => p.name !== 'unit');
  const config = loadConfig({ ...process.env, NODE_ENV: 'test' });
  if (config.neo4j.uri) {
    project.provide('neo4jUri', config.neo4j.uri);
    return;
  }
  if (!slow) return;
  dataDir = await mkdtemp(join(tmpdir(), 'c360-neo4j-'));
  local = await startLocalNeo4j({ dataDir, log: (message) => console.log(`[neo4j] ${message}`) });
  project.provide('neo4jUri', local.uri);
}

export async function teardown(): Promise<void> {
  await local?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
}
