import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Driver } from 'neo4j-driver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNeo4jDriver } from '../../../lib/neo4j/createNeo4jDriver.ts';
import { startLocalNeo4j, type LocalNeo4j } from '../../../lib/neo4j/startLocalNeo4j.ts';
import { loadDefaultModel } from '../matching/MatchModelRegistry.ts';
import { defaultMatchingSettings, Matcher } from '../matching/Matcher.ts';
import { IdentityRepository } from '../store/IdentityRepository.ts';
import { warmUpResolution } from './warmUpResolution.ts';

// Its own local Neo4j: the warm-up store is the launcher's (startLocalNeo4j({ warmUpStore: true })).
describe('warmUpResolution with the local warm-up store', () => {
  const region = 'GB';
  const matcher = new Matcher(loadDefaultModel(), defaultMatchingSettings, region);
  let dataDir: string;
  let local: LocalNeo4j;
  let driver: Driver;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'c360-warm-up-'));
    local = await startLocalNeo4j({ dataDir, warmUpStore: true });
    driver = createNeo4jDriver({ uri: local.uri, user: 'neo4j', password: '' });
  }, 300_000);

  afterAll(async () => {
    await driver?.close();
    await local?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('commits records into the warm-up store, ends it, then rehearses in the real store, which stays empty', { timeout: 300_000 }, async () => {
    const repository = new IdentityRepository(driver, null);
    await repository.ensureSchema();
    const warm = await warmUpResolution(repository, { rehearsed: 400, committed: 1200 }, { region, matcher }, local.warmUp);

    expect(warm).toEqual(expect.objectContaining({ committed: 1200, rehearsed: 400, accepted: 1600 }));
    // 1,200 committed records in batches of up to 500 per source, and at least one batch per source rehearsed.
    expect(warm.batches).toBeGreaterThanOrEqual(8);
    const { records } = await driver.executeQuery('MATCH (n) RETURN count(n) AS n');
    expect(Number(records[0]!.get('n'))).toBe(0);
    // The warm-up store is gone: deleted on disk, its port closed.
    await expect(stat(join(dataDir, 'warm-up'))).rejects.toThrow(/ENOENT/);
    const scratch = createNeo4jDriver({ uri: local.warmUp!.uri, user: 'neo4j', password: '' });
    try {
      await expect(scratch.verifyConnectivity()).rejects.toThrow();
    } finally {
      await scratch.close();
    }
  });
});
