import { createLocalJWKSet, errors, exportJWK, generateKeyPair, SignJWT, type JWTPayload } from 'jose';
import { describe, expect, it } from 'vitest';
import type { AuthConfig } from '../config.ts';
import { createAuthenticator, issueDevelopmentToken } from './authenticate.ts';
import type { Caller } from './Caller.ts';

const secret = 'jwt-secret-for-tests-0123456789abcdef';
const auth: AuthConfig = Object.freeze({
  jwtSecret: secret,
  jwksUrl: null,
  issuer: null,
  audience: null,
  allowAnonymous: false,
  roleClearance: Object.freeze({ viewer: 'INTERNAL', support: 'INTERNAL', steward: 'CONFIDENTIAL', privacy_officer: 'RESTRICTED' }),
  contextKey: null,
  hashKey: null,
});
const authenticate = createAuthenticator({ auth, jwtSecret: secret, environment: 'test' });

const nowSeconds = () => Math.floor(Date.now() / 1000);
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** An HS256 token with exactly these claims and an expiry an hour ahead unless `exp` is given. */
async function hs256(claims: JWTPayload, key = secret): Promise<string> {
  return new SignJWT({ exp: nowSeconds() + 3600, ...claims }).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).sign(new TextEncoder().encode(key));
}

const baseClaims = { sub: 'alice', client_id: 'crm-web', c360_clearance: 'CONFIDENTIAL', c360_purpose: 'SERVICE' } as const;

/** Awaits a refusal and returns the error, checking the code, the status and that the token is not echoed. */
async function refusal(header: string | undefined, authenticator = authenticate): Promise<{ message: string; extensions: Record<string, unknown> }> {
  const error = await authenticator(header).then(
    () => {
      throw new Error('expected a refusal');
    },
    (e: unknown) => e as { message: string; extensions: Record<string, unknown> },
  );
  expect(error.extensions).toEqual({ code: 'UNAUTHENTICATED', http: { status: 401 } });
  // Every long run of token characters in the header (a whole token or one of its parts).
  for (const secretPart of (header ?? '').split(/[\s.]+/).filter((part) => part.length >= 16)) expect(error.message).not.toContain(secretPart);
  return error;
}

describe('authenticate: HS256 tokens', () => {
  it('returns the caller of a valid token', async () => {
    const caller = await authenticate(`Bearer ${await hs256(baseClaims)}`);
    expect(caller).toEqual<Caller>({ subject: 'alice', client: 'crm-web', clearance: 'CONFIDENTIAL', purpose: 'SERVICE', anonymous: false });
  });

  it('accepts the scheme in any case and surrounding spaces', async () => {
    expect((await authenticate(`  bearer   ${await hs256(baseClaims)} `)).subject).toBe('alice');
  });

  it('takes the client from azp when there is no client_id, else unknown', async () => {
    const { client_id: _client, ...claims } = baseClaims;
    expect((await authenticate(`Bearer ${await hs256({ ...claims, azp: 'mobile' })}`)).client).toBe('mobile');
    expect((await authenticate(`Bearer ${await hs256(claims)}`)).client).toBe('unknown');
  });

  it('refuses an expired token, beyond the 5 s clock tolerance', async () => {
    const error = await refusal(`Bearer ${await hs256({ ...baseClaims, exp: nowSeconds() - 30 })}`);
    expect(error.message).toBe('Token expired');
  });

  it('accepts a token expired less than 5 s ago', async () => {
    expect((await authenticate(`Bearer ${await hs256({ ...baseClaims, exp: nowSeconds() - 2 })}`)).subject).toBe('alice');
  });

  it('refuses a token without exp', async () => {
    const token = await new SignJWT({ ...baseClaims }).setProtectedHeader({ alg: 'HS256' }).sign(new TextEncoder().encode(secret));
    expect((await refusal(`Bearer ${token}`)).message).toBe('Missing claim exp');
  });

  it('refuses a token that is not yet valid', async () => {
    expect((await refusal(`Bearer ${await hs256({ ...baseClaims, nbf: nowSeconds() + 600 })}`)).message).toBe('Token not yet valid (nbf is in the future)');
  });

  it('refuses a token signed with another secret', async () => {
    expect((await refusal(`Bearer ${await hs256(baseClaims, 'another-secret-0123456789abcdef')}`)).message).toBe('Bad token signature');
  });

  it('refuses a token whose payload was changed after signing', async () => {
    const [header, , signature] = (await hs256({ ...baseClaims, c360_clearance: 'INTERNAL' })).split('.');
    const forged = `${header}.${b64({ ...baseClaims, exp: nowSeconds() + 3600, c360_clearance: 'RESTRICTED' })}.${signature}`;
    expect((await refusal(`Bearer ${forged}`)).message).toBe('Bad token signature');
  });

  it('refuses an unsigned token (alg none)', async () => {
    const token = `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ ...baseClaims, exp: nowSeconds() + 3600 })}.`;
    expect((await refusal(`Bearer ${token}`)).message).toBe('Unsupported token algorithm none: accepted HS256');
  });

  it('refuses an RS256 token when only HS256 is configured', async () => {
    const { privateKey } = await generateKeyPair('RS256');
    const token = await new SignJWT({ ...baseClaims }).setProtectedHeader({ alg: 'RS256' }).setExpirationTime('1h').sign(privateKey);
    expect((await refusal(`Bearer ${token}`)).message).toBe('Unsupported token algorithm RS256: accepted HS256');
  });

  it('checks the issuer and the audience when they are configured', async () => {
    const strict = createAuthenticator({ auth: { ...auth, issuer: 'https://idp.example', audience: 'c360' }, jwtSecret: secret, environment: 'test' });
    const good = await hs256({ ...baseClaims, iss: 'https://idp.example', aud: ['c360', 'other'] });
    expect((await strict(`Bearer ${good}`)).subject).toBe('alice');
    expect((await refusal(`Bearer ${await hs256({ ...baseClaims, iss: 'https://evil.example', aud: 'c360' })}`, strict)).message).toBe('Token issuer (iss) is not the expected one');
    expect((await refusal(`Bearer ${await hs256({ ...baseClaims, iss: 'https://idp.example', aud: 'other' })}`, strict)).message).toBe('Token audience (aud) is not the expected one');
    expect((await refusal(`Bearer ${await hs256({ ...baseClaims, aud: 'c360' })}`, strict)).message).toBe('Missing claim iss');
  });
});

describe('authenticate: the Authorization header', () => {
  it('refuses a missing header unless anonymous callers are allowed', async () => {
    expect((await refusal(undefined)).message).toBe('Missing token: send an Authorization header "Bearer <token>"');
    expect((await refusal('  ')).message).toMatch(/^Missing token/);
  });

  it('returns the anonymous PUBLIC caller for a missing header when anonymous callers are allowed', async () => {
    const open = createAuthenticator({ auth: { ...auth, allowAnonymous: true }, jwtSecret: secret, environment: 'test' });
    expect(await open(undefined)).toEqual<Caller>({ subject: 'anonymous', client: 'anonymous', clearance: 'PUBLIC', purpose: 'SERVICE', anonymous: true });
  });

  it('still refuses a bad token when anonymous callers are allowed', async () => {
    const open = createAuthenticator({ auth: { ...auth, allowAnonymous: true }, jwtSecret: secret, environment: 'test' });
    expect((await refusal(`Bearer ${await hs256(baseClaims, 'another-secret-0123456789abcdef')}`, open)).message).toBe('Bad token signature');
  });

  it('refuses another scheme or a header without a token', async () => {
    const token = await hs256(baseClaims);
    expect((await refusal(`Basic ${Buffer.from('alice:secret').toString('base64')}`)).message).toBe('Malformed Authorization header: expected "Bearer <token>"');
    expect((await refusal('Bearer')).message).toBe('Malformed Authorization header: expected "Bearer <token>"');
    expect((await refusal(`Bearer ${token} ${token}`)).message).toBe('Malformed Authorization header: expected "Bearer <token>"');
    expect((await refusal(token)).message).toBe('Malformed Authorization header: expected "Bearer <token>"');
  });

  it('refuses a token that is not a compact JWT', async () => {
    expect((await refusal('Bearer not-a-jwt-at-all')).message).toBe('Malformed token: expected a JWT in compact form (three base64url parts separated by dots)');
    expect((await refusal(`Bearer ${'a'.repeat(9000)}.b.c`)).message).toBe('Malformed token: longer than 8192 characters');
    expect((await refusal(`Bearer ${b64({ alg: 'HS256' }).slice(0, -2)}x.${b64({ sub: 'a' })}.AAAA`)).message).toBe('Malformed token: not a valid signed JWT');
  });
});

describe('authenticate: claims', () => {
  it('refuses a token without sub', async () => {
    const { sub: _sub, ...claims } = baseClaims;
    expect((await refusal(`Bearer ${await hs256(claims)}`)).message).toBe('Missing claim sub');
  });

  it('refuses a token without c360_purpose or with a malformed one', async () => {
    const { c360_purpose: _purpose, ...claims } = baseClaims;
    expect((await refusal(`Bearer ${await hs256(claims)}`)).message).toBe('Missing claim c360_purpose');
    expect((await refusal(`Bearer ${await hs256({ ...claims, c360_purpose: 'marketing email' })}`)).message).toMatch(/^Invalid claim c360_purpose: expected upper-case letters/);
  });

  it('refuses a clearance claim that is not a sensitivity level', async () => {
    expect((await refusal(`Bearer ${await hs256({ ...baseClaims, c360_clearance: 'TOP_SECRET' })}`)).message).toBe(
      'Invalid claim c360_clearance: expected one of PUBLIC, INTERNAL, CONFIDENTIAL, RESTRICTED',
    );
    expect((await refusal(`Bearer ${await hs256({ ...baseClaims, c360_clearance: 'confidential' })}`)).message).toMatch(/^Invalid claim c360_clearance/);
  });

  it('refuses a sub or client_id that is not a short string', async () => {
    expect((await refusal(`Bearer ${await hs256({ ...baseClaims, sub: 'x'.repeat(300) })}`)).message).toBe('Invalid claim sub: expected a string of 1 to 256 characters');
    expect((await refusal(`Bearer ${await hs256({ ...baseClaims, client_id: 42 })}`)).message).toBe('Invalid claim client_id: expected a string of 1 to 256 characters');
  });

  describe('roles', () => {
    const { c360_clearance: _clearance, ...claims } = baseClaims;

    it('gives the highest clearance among the known roles', async () => {
      expect((await authenticate(`Bearer ${await hs256({ ...claims, roles: ['viewer', 'steward', 'support'] })}`)).clearance).toBe('CONFIDENTIAL');
      expect((await authenticate(`Bearer ${await hs256({ ...claims, roles: ['privacy_officer', 'viewer'] })}`)).clearance).toBe('RESTRICTED');
    });

    it('ignores unknown roles', async () => {
      expect((await authenticate(`Bearer ${await hs256({ ...claims, roles: ['janitor', 'support'] })}`)).clearance).toBe('INTERNAL');
    });

    it('prefers c360_clearance over roles', async () => {
      expect((await authenticate(`Bearer ${await hs256({ ...claims, c360_clearance: 'PUBLIC', roles: ['privacy_officer'] })}`)).clearance).toBe('PUBLIC');
    });

    it('refuses a token whose roles are all unknown, including names of Object.prototype', async () => {
      expect((await refusal(`Bearer ${await hs256({ ...claims, roles: ['janitor', 'constructor', '__proto__', 'toString'] })}`)).message).toBe(
        'No clearance: none of the roles in claim roles is known',
      );
      expect((await refusal(`Bearer ${await hs256({ ...claims, roles: [] })}`)).message).toBe('No clearance: none of the roles in claim roles is known');
    });

    it('refuses roles that are not an array of strings', async () => {
      expect((await refusal(`Bearer ${await hs256({ ...claims, roles: 'steward' })}`)).message).toBe('Invalid claim roles: expected an array of strings');
      expect((await refusal(`Bearer ${await hs256({ ...claims, roles: ['steward', 7] })}`)).message).toBe('Invalid claim roles: expected an array of strings');
    });

    it('refuses a token with neither c360_clearance nor roles', async () => {
      expect((await refusal(`Bearer ${await hs256(claims)}`)).message).toBe('Missing claim c360_clearance (or roles)');
    });
  });
});

describe('authenticate: JWKS', () => {
  it('accepts ES256 tokens signed by a key of the set and refuses HS256 tokens', async () => {
    const { publicKey, privateKey } = await generateKeyPair('ES256');
    const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'ES256' };
    const withJwks = createAuthenticator({
      auth: { ...auth, jwksUrl: 'https://idp.example/.well-known/jwks.json' },
      jwtSecret: secret,
      environment: 'test',
      keySet: createLocalJWKSet({ keys: [jwk] }),
    });
    const token = await new SignJWT({ ...baseClaims }).setProtectedHeader({ alg: 'ES256', kid: 'k1' }).setExpirationTime('1h').sign(privateKey);
    expect((await withJwks(`Bearer ${token}`)).clearance).toBe('CONFIDENTIAL');
    expect((await refusal(`Bearer ${await hs256(baseClaims)}`, withJwks)).message).toBe('Unsupported token algorithm HS256: accepted RS256, ES256, EdDSA');
    const other = await generateKeyPair('ES256');
    const stranger = await new SignJWT({ ...baseClaims }).setProtectedHeader({ alg: 'ES256', kid: 'k2' }).setExpirationTime('1h').sign(other.privateKey);
    expect((await refusal(`Bearer ${stranger}`, withJwks)).message).toBe('Bad token signature: no single key of the key set matches the token');
  });

  it('rejects with a plain Error, not UNAUTHENTICATED, when the key set cannot be fetched', async () => {
    const unreachable = createAuthenticator({
      auth: { ...auth, jwksUrl: 'https://idp.example/.well-known/jwks.json' },
      jwtSecret: secret,
      environment: 'test',
      keySet: async () => {
        throw new errors.JWKSTimeout();
      },
    });
    const { privateKey } = await generateKeyPair('ES256');
    const token = await new SignJWT({ ...baseClaims }).setProtectedHeader({ alg: 'ES256' }).setExpirationTime('1h').sign(privateKey);
    const error = await unreachable(`Bearer ${token}`).then(
      () => {
        throw new Error('expected a rejection');
      },
      (e: unknown) => e as Error & { extensions?: unknown },
    );
    expect(error).toBeInstanceOf(Error);
    expect(error.message).toBe('Could not verify the token: the JSON Web Key Set is unavailable');
    expect(error.extensions).toBeUndefined();
  });
});

describe('authenticate: creation', () => {
  it('throws a TypeError for an empty secret, and for a short secret in production', () => {
    expect(() => createAuthenticator({ auth, jwtSecret: '', environment: 'test' })).toThrow(TypeError);
    expect(() => createAuthenticator({ auth, jwtSecret: 'short', environment: 'production' })).toThrow('Expected C360_JWT_SECRET of at least 32 bytes in production, got 5');
    expect(() => createAuthenticator({ auth, jwtSecret: 'short', environment: 'development' })).not.toThrow();
  });
});

describe('issueDevelopmentToken', () => {
  it('issues a token the authenticator accepts, with defaults for sub and client', async () => {
    const token = await issueDevelopmentToken(secret, { clearance: 'RESTRICTED', purpose: 'ANALYTICS' });
    expect(await authenticate(`Bearer ${token}`)).toEqual<Caller>({ subject: 'developer', client: 'c360-dev', clearance: 'RESTRICTED', purpose: 'ANALYTICS', anonymous: false });
  });

  it('carries the given claims, iat and exp', async () => {
    const token = await issueDevelopmentToken(secret, { sub: 'bob', client: 'cli', clearance: 'INTERNAL', purpose: 'SERVICE', ttlSeconds: 120, issuer: 'i', audience: 'a' });
    const [header, payload] = token.split('.').slice(0, 2).map((part) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>);
    expect(header).toEqual({ alg: 'HS256', typ: 'JWT' });
    expect(payload).toMatchObject({ sub: 'bob', client_id: 'cli', c360_clearance: 'INTERNAL', c360_purpose: 'SERVICE', iss: 'i', aud: 'a' });
    expect((payload?.exp as number) - (payload?.iat as number)).toBe(120);
  });

  it('throws a TypeError for an unknown clearance, a malformed purpose or a bad ttl', async () => {
    await expect(issueDevelopmentToken(secret, { clearance: 'SECRET' as never, purpose: 'SERVICE' })).rejects.toThrow(TypeError);
    await expect(issueDevelopmentToken(secret, { clearance: 'PUBLIC', purpose: 'service' })).rejects.toThrow(TypeError);
    await expect(issueDevelopmentToken(secret, { clearance: 'PUBLIC', purpose: 'SERVICE', ttlSeconds: -1 })).rejects.toThrow(TypeError);
    await expect(issueDevelopmentToken('', { clearance: 'PUBLIC', purpose: 'SERVICE' })).rejects.toThrow(TypeError);
  });
});
