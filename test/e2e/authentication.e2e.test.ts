import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signCallerContext } from '../../lib/auth/callerContext.ts';
import { callerContextHeader, type Caller } from '../../lib/auth/Caller.ts';
import { execute } from '../support/graphqlClient.ts';
import { startTestSystem, type TestSystem } from '../support/system.ts';

let system: TestSystem;
const query = '{ customers(first: 1) { totalCount } }';
const caller: Caller = { subject: 'eve', client: 'test', clearance: 'RESTRICTED', purpose: 'SERVICE', anonymous: false };

beforeAll(async () => {
  system = await startTestSystem();
});
afterAll(() => system?.stop());

const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('authentication at the gateway', () => {
  it('answers a valid token', async () => {
    const response = await system.query(query, undefined, { clearance: 'PUBLIC' });
    expect(response.status).toBe(200);
    expect(response.data).toEqual({ customers: { totalCount: 0 } });
  });

  it.each([
    ['a missing token', {}],
    ['a malformed header', { authorization: 'Token abc' }],
    ['an alg: none token', { authorization: `Bearer ${b64({ alg: 'none', typ: 'JWT' })}.${b64({ sub: 'eve', c360_clearance: 'RESTRICTED', c360_purpose: 'SERVICE', exp: 4102444800 })}.` }],
  ])('refuses %s with UNAUTHENTICATED and 401', async (_name, headers) => {
    const response = await execute(system.gatewayUrl, query, undefined, headers as Record<string, string>);
    expect(response.status).toBe(401);
    expect(response.data ?? null).toBeNull();
    expect(response.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('refuses an expired token and one signed with another secret', async () => {
    const expired = await new SignJWT({ c360_clearance: 'RESTRICTED', c360_purpose: 'SERVICE' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('eve')
      .setIssuedAt(1_700_000_000)
      .setExpirationTime(1_700_000_600)
      .sign(new TextEncoder().encode(system.keys.jwt));
    const forged = await new SignJWT({ c360_clearance: 'RESTRICTED', c360_purpose: 'SERVICE' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('eve')
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode('not-the-secret-of-this-gateway-0123456789'));
    for (const token of [expired, forged]) {
      const response = await execute(system.gatewayUrl, query, undefined, { authorization: `Bearer ${token}` });
      expect(response.status).toBe(401);
      expect(response.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    }
  });
});

describe('subgraphs answer only the gateway', () => {
  const direct = (headers: Record<string, string>) => execute(system.subgraphUrls.identity, query, undefined, headers);

  it('refuses a call without a caller context with 401', async () => {
    const response = await direct({});
    expect(response.status).toBe(401);
    expect(response.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('refuses a forged and an expired caller context with 401', async () => {
    const forged = signCallerContext(caller, 'r-1', 'a-key-the-subgraph-does-not-know');
    const expired = signCallerContext(caller, 'r-2', system.keys.context, { now: new Date(Date.now() - 3600_000) });
    for (const context of [forged, expired]) {
      const response = await direct({ [callerContextHeader]: context });
      expect(response.status).toBe(401);
    }
  });

  it('answers a context signed with the shared key, and health without any', async () => {
    const response = await direct({ [callerContextHeader]: signCallerContext(caller, 'r-3', system.keys.context) });
    expect(response.status).toBe(200);
    expect(response.data).toEqual({ customers: { totalCount: 0 } });
    expect((await fetch(new URL('/healthz', system.subgraphUrls.identity))).status).toBe(200);
  });
});
