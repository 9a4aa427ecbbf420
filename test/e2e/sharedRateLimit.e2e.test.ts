import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildGateway, type Gateway } from '../../gateway/buildGateway.ts';
import { createLogger } from '../../lib/logger.ts';
import { useRedis } from '../support/redis.ts';
import { testConfig } from '../support/stores.ts';
import { startTestSystem, type TestSystem } from '../support/system.ts';

let redis: Awaited<ReturnType<typeof useRedis>>;
let system: TestSystem;
let second: Gateway;
let secondUrl: string;

beforeAll(async () => {
  redis = await useRedis();
  const env = { REDIS_URL: redis.url, C360_RATE_LIMIT: '6/3600' };
  system = await startTestSystem({ env });
  const config = testConfig(env);
  second = await buildGateway({ config, logger: createLogger(config, 'gateway-2'), keys: system.keys, db: system.db, subgraphUrls: system.subgraphUrls });
  const port = await second.listen(0, config.host);
  secondUrl = `http://${config.host}:${port}/graphql`;
});
afterAll(async () => {
  await second?.stop();
  await system?.stop();
  await redis?.stop();
});

describe('rate limits shared through Redis', () => {
  it('gives two gateways one budget per subject', async () => {
    const headers = { 'content-type': 'application/json', ...(await system.headers('INTERNAL', 'SERVICE', { sub: `shared-${Date.now()}`, client: `shared-app-${Date.now()}` })) };
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) {
      const url = i % 2 === 0 ? system.gatewayUrl : secondUrl;
      const response = await fetch(url, { method: 'POST', headers, body: JSON.stringify({ query: '{ consentPurposes { id } }' }) });
      statuses.push(response.status);
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200, 200, 429, 429]);
  });
});
