import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import neo4j from 'neo4j-driver';
import { afterAll, describe, expect, it } from 'vitest';
import { startLocalNeo4j, type LocalNeo4j } from './startLocalNeo4j.ts';

async function query<T>(uri: string, cypher: string, key: string): Promise<T[]> {
  const driver = neo4j.driver(uri, undefined, { disableLosslessIntegers: true });
  try {
    const { records } = await driver.executeQuery(cypher);
    return records.map((record) => record.get(key) as T);
  } finally {
    await driver.close();
  }
}

describe('startLocalNeo4j', () => {
  let dataDir: string | undefined;
  let running: LocalNeo4j | undefined;

  afterAll(async () => {
    await running?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('starts a Neo4j that answers Cypher over Bolt and keeps its data across restarts', { timeout: 300_000 }, async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'c360-local-neo4j-'));
    const messages: string[] = [];

    running = await startLocalNeo4j({ dataDir, log: (msg) => messages.push(msg) });
    expect(running.uri).toMatch(/^bolt:\/\/127\.0\.0\.1:\d+$/);
    expect(await query<number>(running.uri, 'RETURN 1 AS n', 'n')).toEqual([1]);
    expect(await query<string>(running.uri, "CREATE (p:LauncherProbe {name: 'kept'}) RETURN p.name AS name", 'name')).toEqual(['kept']);
    const first = running;
    await first.stop();
    await first.stop(); // idempotent
    expect(messages.some((msg) => msg.includes('ready'))).toBe(true);

    running = await startLocalNeo4j({ dataDir });
    expect(running.warmUp).toBeNull();
    expect(await query<string>(running.uri, 'MATCH (p:LauncherProbe) RETURN p.name AS name', 'name')).toEqual(['kept']);
    await running.stop();
    running = undefined;
  });

  it('runs a throwaway warm-up store beside the real one, apart from it, and deletes it when ended', { timeout: 300_000 }, async () => {
    dataDir ??= await mkdtemp(join(tmpdir(), 'c360-local-neo4j-'));
    running = await startLocalNeo4j({ dataDir, warmUpStore: true });
    const warmUp = running.warmUp!;
    expect(warmUp.uri).toMatch(/^bolt:\/\/127\.0\.0\.1:\d+$/);
    expect(warmUp.uri).not.toBe(running.uri);
    expect(await query<string>(warmUp.uri, "CREATE (p:WarmUpProbe {name: 'scratch'}) RETURN p.name AS name", 'name')).toEqual(['scratch']);
    expect(await query<number>(running.uri, 'MATCH (p:WarmUpProbe) RETURN count(p) AS n', 'n')).toEqual([0]);
    expect(await stat(join(dataDir, 'warm-up')).then(() => true)).toBe(true);

    await Promise.all([warmUp.end(), warmUp.end()]);
    await warmUp.end(); // idempotent
    await expect(stat(join(dataDir, 'warm-up'))).rejects.toThrow(/ENOENT/);
    await expect(query<number>(warmUp.uri, 'RETURN 1 AS n', 'n')).rejects.toThrow();
    // The real store serves on.
    expect(await query<number>(running.uri, 'RETURN 1 AS n', 'n')).toEqual([1]);
    await running.stop();
    running = undefined;
  });

  it('plans a statement once whatever the lengths of its parameters, in both stores', { timeout: 300_000 }, async () => {
    dataDir ??= await mkdtemp(join(tmpdir(), 'c360-local-neo4j-'));
    running = await startLocalNeo4j({ dataDir, warmUpStore: true });
    // Packed lists (identity's cypher.ts) of 1, 50 and 5,000 characters: with Neo4j's default
    // parameter size hints, each length's power of ten would be cached (and planned) apart.
    const cachedPlans = async (uri: string) => {
      const driver = neo4j.driver(uri, undefined, { disableLosslessIntegers: true });
      try {
        await driver.executeQuery('CALL db.clearQueryCaches()');
        for (const packed of ['a', 'a'.repeat(50), 'a'.repeat(5000)]) {
          await driver.executeQuery("UNWIND split($packed, '') AS x RETURN count(x) AS n", { packed });
        }
        const { records } = await driver.executeQuery('CALL db.clearQueryCaches()');
        return records[0]!.get('value') as string;
      } finally {
        await driver.close();
      }
    };
    expect(await cachedPlans(running.uri)).toBe('Query caches successfully cleared of 1 queries.');
    expect(await cachedPlans(running.warmUp!.uri)).toBe('Query caches successfully cleared of 1 queries.');
    await running.stop();
    running = undefined;
  });
});
