import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSystem, type TestSystem } from '../support/system.ts';

let system: TestSystem;

beforeAll(async () => {
  system = await startTestSystem({ env: { C360_RATE_LIMIT: '8/60', C360_MAX_DEPTH: '4', C360_MAX_ALIASES: '3', C360_MAX_COST: '200', C360_MAX_BATCH: '2' } });
});
afterAll(() => system?.stop());

const post = async (body: unknown, headers: Record<string, string>) => {
  const response = await fetch(system.gatewayUrl, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  return { status: response.status, headers: response.headers, body: (await response.json()) as { errors?: { message: string; extensions?: Record<string, unknown> }[] } };
};

describe('query limits', () => {
  it('refuses an operation deeper than the limit with BAD_USER_INPUT', async () => {
    const response = await system.query('{ customers(first: 1) { nodes { sourceRecords { customer { name { full } } } } } }', undefined, { clearance: 'INTERNAL' });
    expect(response.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(response.errors?.[0]?.message).toBe('Query depth 6 exceeds the limit of 4');
  });

  it('refuses too many aliases and too high a cost', async () => {
    const aliases = await system.query('{ a: consentPurposes { id } b: consentPurposes { id } c: consentPurposes { id } d: consentPurposes { id } }', undefined, { clearance: 'INTERNAL' });
    expect(aliases.errors?.[0]?.message).toBe('Query alias count 4 exceeds the limit of 3');
    const costly = await system.query('{ customers(first: 100) { nodes { id emails phones } } }', undefined, { clearance: 'INTERNAL' });
    expect(costly.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(costly.errors?.[0]?.message).toMatch(/^Query cost \d+ exceeds the limit of 200$/);
  });

  it('allows introspection from INTERNAL up, outside development', async () => {
    const introspection = '{ __schema { queryType { name } } }';
    const anonymous = await system.query(introspection, undefined, { clearance: 'PUBLIC' });
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const internal = await system.query(introspection, undefined, { clearance: 'INTERNAL' });
    expect(internal.data).toEqual({ __schema: { queryType: { name: 'Query' } } });
  });

  it('refuses a batch larger than the limit', async () => {
    const headers = await system.headers('INTERNAL', 'SERVICE', { sub: 'batcher' });
    const op = { query: '{ consentPurposes { id } }' };
    const refused = await post([op, op, op], headers);
    expect(refused.status).toBe(400);
    expect(refused.body.errors?.[0]?.message).toBe('Batch of 3 operations exceeds the limit of 2');
  });
});

describe('rate limits', () => {
  it('answers RATE_LIMITED with 429 and the retry delay once a subject spent its budget', async () => {
    const headers = await system.headers('INTERNAL', 'SERVICE', { sub: 'hasty', client: 'hasty-app' });
    const statuses: number[] = [];
    let last: Awaited<ReturnType<typeof post>> | undefined;
    for (let i = 0; i < 9; i++) {
      last = await post({ query: '{ consentPurposes { id } }' }, headers);
      statuses.push(last.status);
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200, 200, 200, 200, 429]);
    const error = last!.body.errors?.[0];
    expect(error?.extensions?.code).toBe('RATE_LIMITED');
    expect(error?.extensions?.retryAfterMs).toBeGreaterThan(0);
    expect(Number(last!.headers.get('retry-after'))).toBeGreaterThan(0);
    const someoneElse = await post({ query: '{ consentPurposes { id } }' }, await system.headers('INTERNAL', 'SERVICE', { sub: 'patient', client: 'other-app' }));
    expect(someoneElse.status).toBe(200);
  });
});
