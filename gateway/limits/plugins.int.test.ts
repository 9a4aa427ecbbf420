import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import type { IncomingHttpHeaders } from 'node:http';
import { createServer, type AddressInfo } from 'node:net';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { getIntrospectionQuery } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Caller } from '../../lib/auth/Caller.ts';
import { sensitivityLevels, type SensitivityLevel } from '../../lib/config.ts';
import { createFormatError } from '../../lib/errors.ts';
import { createMemoryRateLimitStore, createQueryLimitsPlugin, createRateLimitPlugin, createRedisRateLimitStore, type RateLimitStore } from './index.ts';

/** The gateway's context once the lead adds the caller. */
interface TestContext {
  requestId: string;
  caller: Caller;
}

const typeDefs = /* GraphQL */ `
  type Query {
    customer(id: ID!): Customer
    customers(first: Int = 20): CustomerConnection!
  }
  type CustomerConnection { totalCount: Int! nodes: [Customer!]! }
  type Customer { id: ID! name: String friends: [Customer!]! }
`;
const ann = { id: 'c-1', name: 'Ann' };
const resolvers = {
  Query: { customer: () => ann, customers: () => ({ totalCount: 1, nodes: [ann] }) },
  Customer: { friends: () => [ann] },
};

/** A fixed clock: buckets never refill during the tests, so every wait is exact. */
const now = () => 1_700_000_000_000;
const atLeast = (level: SensitivityLevel) => (caller: Caller) => sensitivityLevels.indexOf(caller.clearance) >= sensitivityLevels.indexOf(level);

function callerFrom(headers: IncomingHttpHeaders): Caller {
  const header = (name: string) => (typeof headers[name] === 'string' ? headers[name] : undefined);
  const anonymous = header('x-test-anonymous') === 'true';
  return {
    subject: anonymous ? 'anonymous' : header('x-test-subject') ?? randomUUID(),
    client: header('x-test-client') ?? randomUUID(),
    clearance: (header('x-test-clearance') ?? 'PUBLIC') as SensitivityLevel,
    purpose: 'SERVICE',
    anonymous,
  };
}

async function startServer(store: RateLimitStore): Promise<{ url: string; stop: () => Promise<void> }> {
  const server = new ApolloServer<TestContext>({
    typeDefs,
    resolvers,
    allowBatchedHttpRequests: true,
    formatError: createFormatError({ development: false }),
    plugins: [
      createRateLimitPlugin(store, { now }),
      createQueryLimitsPlugin({ maxDepth: 4, maxAliases: 3, maxCost: 300, introspection: atLeast('INTERNAL') }),
    ],
  });
  const { url } = await startStandaloneServer(server, {
    listen: { port: 0, host: '127.0.0.1' },
    context: async ({ req }) => ({ requestId: randomUUID(), caller: callerFrom(req.headers) }),
  });
  return { url, stop: () => server.stop() };
}

interface Reply {
  status: number;
  retryAfter: string | null;
  body: unknown;
}

async function post(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Reply> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  return { status: response.status, retryAfter: response.headers.get('retry-after'), body: await response.json() };
}

let server: { url: string; stop: () => Promise<void> };
const store = createMemoryRateLimitStore({ capacity: 3, perSecond: 0.5 });

beforeAll(async () => {
  server = await startServer(store);
});
afterAll(async () => {
  await server?.stop();
  await store.close();
});

const query = '{ customer(id: "c-1") { id } }';
const ok = { data: { customer: { id: 'c-1' } } };

describe('rate limit plugin over HTTP', () => {
  it('answers 429 with Retry-After and RATE_LIMITED once the subject has used its capacity', async () => {
    const caller = { 'x-test-subject': 'rl-ann', 'x-test-client': 'rl-app' };
    for (let i = 0; i < 3; i++) expect(await post(server.url, { query }, caller)).toEqual({ status: 200, retryAfter: null, body: ok });
    expect(await post(server.url, { query }, caller)).toEqual({
      status: 429,
      retryAfter: '2',
      body: { errors: [{ message: 'Rate limit exceeded for subject; retry after 2000 ms', extensions: { code: 'RATE_LIMITED', retryAfterMs: 2000 } }] },
    });
  });

  it('limits a client across its subjects', async () => {
    for (const subject of ['rl-c1', 'rl-c2', 'rl-c3']) {
      expect((await post(server.url, { query }, { 'x-test-subject': subject, 'x-test-client': 'rl-shared-app' })).status).toBe(200);
    }
    const refused = await post(server.url, { query }, { 'x-test-subject': 'rl-c4', 'x-test-client': 'rl-shared-app' });
    expect(refused.status).toBe(429);
    expect(refused.body).toEqual({ errors: [{ message: 'Rate limit exceeded for client; retry after 2000 ms', extensions: { code: 'RATE_LIMITED', retryAfterMs: 2000 } }] });
  });

  it('puts all anonymous callers in one subject bucket', async () => {
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await post(server.url, { query }, { 'x-test-anonymous': 'true' })).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
  });

  it('charges every operation of a batch, and answers the whole batch 429 when one is refused', async () => {
    const reply = await post(server.url, [{ query }, { query }, { query }, { query }], { 'x-test-subject': 'rl-batch' });
    expect(reply.status).toBe(429);
    expect(reply.retryAfter).toBe('2');
    const results = reply.body as { data?: unknown; errors?: { extensions: { code: string } }[] }[];
    expect(results.filter((r) => r.data !== undefined)).toEqual([ok, ok, ok]);
    expect(results.filter((r) => r.errors).map((r) => r.errors?.[0]?.extensions.code)).toEqual(['RATE_LIMITED']);
  });

  it('refuses with INTERNAL_SERVER_ERROR and 503 when the store is unreachable, never unlimited', async () => {
    const probe = createServer().listen(0, '127.0.0.1');
    await once(probe, 'listening');
    const closedPort = (probe.address() as AddressInfo).port;
    probe.close();
    const unreachable = createRedisRateLimitStore({ url: `redis://127.0.0.1:${closedPort}`, capacity: 3, perSecond: 1, timeoutMs: 300 });
    const broken = await startServer(unreachable);
    try {
      expect(await post(broken.url, { query })).toEqual({
        status: 503,
        retryAfter: null,
        body: { errors: [{ message: 'Rate limits cannot be checked at the moment', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] },
      });
    } finally {
      await broken.stop();
      await unreachable.close();
    }
  });
});

describe('query limits plugin over HTTP', () => {
  const refusal = (message: string, limit: string, measured: number, maximum: number) => ({
    status: 400,
    retryAfter: null,
    body: { errors: [{ message, extensions: { code: 'BAD_USER_INPUT', limit, measured, maximum } }] },
  });

  it('refuses an operation deeper than the limit', async () => {
    expect(await post(server.url, { query: '{ customer(id: "1") { friends { friends { friends { id } } } } }' })).toEqual(
      refusal('Query depth 5 exceeds the limit of 4', 'depth', 5, 4),
    );
    expect((await post(server.url, { query: '{ customers(first: 1) { nodes { friends { id } } } }' })).status).toBe(200);
  });

  it('refuses more aliases than the limit, counting those in fragments', async () => {
    const aliased = 'query { a: customer(id: "1") { ...F } b: customer(id: "2") { id } } fragment F on Customer { x: id y: name }';
    expect(await post(server.url, { query: aliased })).toEqual(refusal('Query alias count 4 exceeds the limit of 3', 'aliases', 4, 3));
  });

  it('refuses an operation costlier than the limit, reading `first` from the variables', async () => {
    const page = 'query Page($first: Int) { customers(first: $first) { nodes { id } } }';
    // customers 1 + first × (nodes 1 + id 1)
    expect(await post(server.url, { query: page, variables: { first: 150 } })).toEqual(refusal('Query cost 301 exceeds the limit of 300', 'cost', 301, 300));
    expect(await post(server.url, { query: page, variables: { first: 149 } })).toEqual({ status: 200, retryAfter: null, body: { data: { customers: { nodes: [{ id: 'c-1' }] } } } });
  });

  it('refuses introspection to a PUBLIC caller with FORBIDDEN, but not __typename', async () => {
    expect(await post(server.url, { query: '{ __schema { queryType { name } } }' }, { 'x-test-clearance': 'PUBLIC' })).toEqual({
      status: 403,
      retryAfter: null,
      body: { errors: [{ message: 'Introspection is not allowed for this caller', extensions: { code: 'FORBIDDEN' } }] },
    });
    expect(await post(server.url, { query: '{ __type(name: "Customer") { name } }' }, { 'x-test-clearance': 'PUBLIC' })).toMatchObject({ status: 403 });
    expect(await post(server.url, { query: '{ __typename }' }, { 'x-test-clearance': 'PUBLIC' })).toEqual({ status: 200, retryAfter: null, body: { data: { __typename: 'Query' } } });
  });

  it("lets an INTERNAL caller introspect, GraphiQL's full introspection query included", async () => {
    expect(await post(server.url, { query: '{ __schema { queryType { name } } }' }, { 'x-test-clearance': 'INTERNAL' })).toEqual({
      status: 200,
      retryAfter: null,
      body: { data: { __schema: { queryType: { name: 'Query' } } } },
    });
    const full = await post(server.url, { query: getIntrospectionQuery() }, { 'x-test-clearance': 'INTERNAL' });
    expect(full.status).toBe(200);
    const types = (full.body as { data: { __schema: { types: { name: string }[] } } }).data.__schema.types.map((t) => t.name);
    expect(types).toEqual(expect.arrayContaining(['Query', 'Customer', 'CustomerConnection']));
  });
});
