import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify, SignJWT, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import type { GraphQLError } from 'graphql';
import { sensitivityLevels, type AuthConfig, type Environment, type SensitivityLevel } from '../config.ts';
import { c360Error, ErrorCode } from '../errors.ts';
import type { Caller } from './Caller.ts';
import { callerLimits } from './callerContext.ts';

export interface AuthenticatorOptions {
  auth: AuthConfig;
  /** The HS256 secret (see `resolveSecret`); unused when `auth.jwksUrl` is set. */
  jwtSecret: string;
  environment: Environment;
  /**
   * Keys to use instead of fetching `auth.jwksUrl` (which must still be set to select JWKS mode),
   * e.g. jose's `createLocalJWKSet` in tests.
   */
  keySet?: JWTVerifyGetKey;
}

/** Turns the `Authorization` header of a request into a {@link Caller}, or throws UNAUTHENTICATED. */
export type Authenticator = (authorizationHeader: string | undefined) => Promise<Caller>;

/** Algorithms accepted from a JWKS: asymmetric only, so a public key can never serve as an HMAC secret. */
const jwksAlgorithms = ['RS256', 'ES256', 'EdDSA'];
const secretAlgorithms = ['HS256'];
const clockToleranceSeconds = 5;
/** Longest token accepted; larger headers are refused before any parsing. */
const maxTokenLength = 8192;
/** Minimum HS256 secret in production: RFC 7518 §3.2 requires a key at least as long as the hash. */
const minProductionSecretBytes = 32;

const anonymousCaller: Caller = Object.freeze({ subject: 'anonymous', client: 'anonymous', clearance: 'PUBLIC', purpose: 'SERVICE', anonymous: true });

const unauthenticated = (message: string): GraphQLError => c360Error(ErrorCode.UNAUTHENTICATED, message, { http: { status: 401 } });

const rank = (level: SensitivityLevel) => sensitivityLevels.indexOf(level);
const isLevel = (value: unknown): value is SensitivityLevel => (sensitivityLevels as readonly unknown[]).includes(value);

/**
 * Builds the gateway's authenticator (DESIGN §4). It accepts `Authorization: Bearer <jwt>`:
 * signed with HS256 and `jwtSecret`, or, when `auth.jwksUrl` is set, with RS256, ES256 or EdDSA
 * and a key of that JWKS (fetched and cached by `jose`; HS256 is then refused). `exp` is
 * required; `nbf`, and `iss` / `aud` when configured, are checked, with 5 s of clock tolerance.
 *
 * Claims: `sub` (required); client from `client_id`, else `azp`, else `unknown`; clearance from
 * `c360_clearance`, else the highest that `auth.roleClearance` gives any of `roles` (unknown roles
 * ignored); purpose from `c360_purpose` (required, `^[A-Z][A-Z_]{1,63}$`).
 *
 * No header: the anonymous PUBLIC caller when `auth.allowAnonymous`, else refused. A header that
 * is present but wrong is always refused, never downgraded to anonymous. Every refusal is a
 * GraphQLError with code UNAUTHENTICATED and `extensions.http.status` 401, whose message says what
 * was wrong and never contains the token. A JWKS that cannot be fetched is not the caller's fault:
 * that rejects with a plain `Error` (a 500), its cause attached.
 *
 * Throws a `TypeError` at creation for an empty secret without a JWKS, and, in production, for an
 * HS256 secret shorter than 32 bytes.
 */
export function createAuthenticator(options: AuthenticatorOptions): Authenticator {
  const { auth } = options;
  let key: Uint8Array | JWTVerifyGetKey;
  let algorithms: string[];
  if (auth.jwksUrl !== null) {
    key = options.keySet ?? createRemoteJWKSet(new URL(auth.jwksUrl));
    algorithms = jwksAlgorithms;
  } else {
    if (typeof options.jwtSecret !== 'string' || options.jwtSecret === '') throw new TypeError('Expected a non-empty JWT secret (C360_JWT_SECRET), got none');
    key = new TextEncoder().encode(options.jwtSecret);
    if (options.environment === 'production' && key.byteLength < minProductionSecretBytes) {
      throw new TypeError(`Expected C360_JWT_SECRET of at least ${minProductionSecretBytes} bytes in production, got ${key.byteLength}`);
    }
    algorithms = secretAlgorithms;
  }
  const verifyOptions = {
    algorithms,
    requiredClaims: ['exp'],
    clockTolerance: clockToleranceSeconds,
    ...(auth.issuer !== null ? { issuer: auth.issuer } : {}),
    ...(auth.audience !== null ? { audience: auth.audience } : {}),
  };

  return async (authorizationHeader) => {
    if (authorizationHeader === undefined || authorizationHeader.trim() === '') {
      if (auth.allowAnonymous) return anonymousCaller;
      throw unauthenticated('Missing token: send an Authorization header "Bearer <token>"');
    }
    const token = bearerToken(authorizationHeader);
    let payload: JWTPayload;
    try {
      // A union of key kinds does not select one of jwtVerify's overloads; the two calls are the same.
      payload = (typeof key === 'function' ? await jwtVerify(token, key, verifyOptions) : await jwtVerify(token, key, verifyOptions)).payload;
    } catch (error) {
      throw verificationError(error, token, algorithms, auth.jwksUrl !== null);
    }
    return callerFromClaims(payload, auth);
  };
}

/** The compact JWS of a `Bearer` header; refuses anything else without echoing it. */
function bearerToken(header: string): string {
  const match = /^\s*(\S+)\s+(\S+)\s*$/.exec(header);
  if (!match || match[1]?.toLowerCase() !== 'bearer' || match[2] === undefined) {
    throw unauthenticated('Malformed Authorization header: expected "Bearer <token>"');
  }
  const token = match[2];
  if (token.length > maxTokenLength) throw unauthenticated(`Malformed token: longer than ${maxTokenLength} characters`);
  if (!/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/.test(token)) {
    throw unauthenticated('Malformed token: expected a JWT in compact form (three base64url parts separated by dots)');
  }
  return token;
}

function joseCode(error: unknown): string | undefined {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  return typeof code === 'string' && code.startsWith('ERR_J') ? code : undefined;
}

/** The token's `alg`, when it is short and plain enough to repeat in a message. */
function safeAlgorithm(token: string): string | undefined {
  try {
    const { alg } = decodeProtectedHeader(token);
    return typeof alg === 'string' && /^[A-Za-z0-9+-]{1,20}$/.test(alg) ? alg : undefined;
  } catch {
    return undefined;
  }
}

function verificationError(error: unknown, token: string, algorithms: readonly string[], usesJwks: boolean): Error {
  const accepted = algorithms.join(', ');
  switch (joseCode(error)) {
    case 'ERR_JWT_EXPIRED':
      return unauthenticated('Token expired');
    case 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED':
      return unauthenticated('Bad token signature');
    case 'ERR_JOSE_ALG_NOT_ALLOWED': {
      const alg = safeAlgorithm(token);
      return unauthenticated(`Unsupported token algorithm${alg ? ` ${alg}` : ''}: accepted ${accepted}`);
    }
    case 'ERR_JOSE_NOT_SUPPORTED':
      return unauthenticated(`Unsupported token: its algorithm, key type or a critical header is not supported (accepted algorithms ${accepted})`);
    case 'ERR_JWKS_NO_MATCHING_KEY':
    case 'ERR_JWKS_MULTIPLE_MATCHING_KEYS':
      return unauthenticated('Bad token signature: no single key of the key set matches the token');
    case 'ERR_JWT_CLAIM_VALIDATION_FAILED':
      return unauthenticated(claimFailureMessage(error as { claim?: unknown; reason?: unknown }));
    case 'ERR_JWS_INVALID':
    case 'ERR_JWT_INVALID':
    case 'ERR_JWK_INVALID':
      return unauthenticated('Malformed token: not a valid signed JWT');
    default:
      // The JWKS unreachable or invalid (ERR_JWKS_TIMEOUT, ERR_JWKS_INVALID, ERR_JOSE_GENERIC, a
      // fetch TypeError), or a bug: the server's failure, not the caller's.
      return new Error(usesJwks ? 'Could not verify the token: the JSON Web Key Set is unavailable' : 'Could not verify the token', { cause: error });
  }
}

function claimFailureMessage(error: { claim?: unknown; reason?: unknown }): string {
  const claim = typeof error.claim === 'string' && /^[\w-]{1,40}$/.test(error.claim) ? error.claim : 'unknown';
  if (error.reason === 'missing') return `Missing claim ${claim}`;
  switch (claim) {
    case 'nbf':
      return 'Token not yet valid (nbf is in the future)';
    case 'iss':
      return 'Token issuer (iss) is not the expected one';
    case 'aud':
      return 'Token audience (aud) is not the expected one';
    default:
      return `Invalid claim ${claim}`;
  }
}

function callerFromClaims(claims: JWTPayload, auth: AuthConfig): Caller {
  if (typeof claims.exp !== 'number' || !Number.isFinite(claims.exp)) throw unauthenticated('Invalid claim exp: expected a finite number');
  if (claims.sub === undefined) throw unauthenticated('Missing claim sub');
  if (!isBoundedString(claims.sub, callerLimits.subject)) throw unauthenticated(`Invalid claim sub: expected a string of 1 to ${callerLimits.subject} characters`);

  let client = 'unknown';
  for (const name of ['client_id', 'azp'] as const) {
    const value = claims[name];
    if (value === undefined) continue;
    if (!isBoundedString(value, callerLimits.client)) throw unauthenticated(`Invalid claim ${name}: expected a string of 1 to ${callerLimits.client} characters`);
    client = value;
    break;
  }

  const purpose = claims.c360_purpose;
  if (purpose === undefined) throw unauthenticated('Missing claim c360_purpose');
  if (typeof purpose !== 'string' || !callerLimits.purpose.test(purpose)) {
    throw unauthenticated('Invalid claim c360_purpose: expected upper-case letters and underscores, 2 to 64 characters, e.g. SERVICE');
  }

  return Object.freeze({ subject: claims.sub, client, clearance: clearanceFrom(claims, auth), purpose, anonymous: false });
}

function clearanceFrom(claims: JWTPayload, auth: AuthConfig): SensitivityLevel {
  const explicit = claims.c360_clearance;
  if (explicit !== undefined) {
    if (!isLevel(explicit)) throw unauthenticated(`Invalid claim c360_clearance: expected one of ${sensitivityLevels.join(', ')}`);
    return explicit;
  }
  const roles = claims.roles;
  if (roles === undefined) throw unauthenticated('Missing claim c360_clearance (or roles)');
  if (!Array.isArray(roles) || !roles.every((role) => typeof role === 'string')) throw unauthenticated('Invalid claim roles: expected an array of strings');
  let best: SensitivityLevel | undefined;
  for (const role of roles as string[]) {
    // Own properties only: a role named `constructor` or `__proto__` must not reach Object.prototype.
    const level = Object.hasOwn(auth.roleClearance, role) ? auth.roleClearance[role] : undefined;
    if (level !== undefined && (best === undefined || rank(level) > rank(best))) best = level;
  }
  if (best === undefined) throw unauthenticated('No clearance: none of the roles in claim roles is known');
  return best;
}

const describeLength = (value: unknown) => (typeof value === 'string' ? `${value.length} characters` : typeof value);
const isBoundedString = (value: unknown, max: number): value is string => typeof value === 'string' && value.length >= 1 && value.length <= max;

export interface DevelopmentTokenClaims {
  /** Default `developer`. */
  sub?: string;
  /** Sent as `client_id`; default `c360-dev`. */
  client?: string;
  clearance: SensitivityLevel;
  purpose: string;
  /** Default 3600. */
  ttlSeconds?: number;
  /** Set these when the gateway is configured with `C360_JWT_ISSUER` / `C360_JWT_AUDIENCE`. */
  issuer?: string;
  audience?: string;
}

/**
 * Issues an HS256 token the authenticator accepts (`sub`, `client_id`, `c360_clearance`,
 * `c360_purpose`, `iat`, `exp`), for tests, GraphiQL and `npm run token`. It is only as secret as
 * `secret`; a gateway configured with a JWKS refuses it. Throws a `TypeError` for an unknown
 * clearance, a malformed purpose, or a `ttlSeconds` that is not a positive integer.
 */
export async function issueDevelopmentToken(secret: string, claims: DevelopmentTokenClaims): Promise<string> {
  if (typeof secret !== 'string' || secret === '') throw new TypeError('Expected a non-empty JWT secret, got none');
  if (!isLevel(claims.clearance)) throw new TypeError(`Expected clearance to be one of ${sensitivityLevels.join(', ')}, got ${JSON.stringify(claims.clearance)}`);
  if (typeof claims.purpose !== 'string' || !callerLimits.purpose.test(claims.purpose)) {
    throw new TypeError(`Expected purpose to match ${callerLimits.purpose} (e.g. SERVICE), got ${JSON.stringify(claims.purpose)}`);
  }
  const ttlSeconds = claims.ttlSeconds ?? 3600;
  if (!Number.isInteger(ttlSeconds) || ttlSeconds < 1) throw new TypeError(`Expected ttlSeconds to be a positive integer, got ${String(ttlSeconds)}`);
  const sub = claims.sub ?? 'developer';
  const client = claims.client ?? 'c360-dev';
  if (!isBoundedString(sub, callerLimits.subject)) throw new TypeError(`Expected sub of 1 to ${callerLimits.subject} characters, got ${describeLength(sub)}`);
  if (!isBoundedString(client, callerLimits.client)) throw new TypeError(`Expected client of 1 to ${callerLimits.client} characters, got ${describeLength(client)}`);
  const now = Math.floor(Date.now() / 1000);
  let jwt = new SignJWT({ client_id: client, c360_clearance: claims.clearance, c360_purpose: claims.purpose })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(sub)
    .setIssuedAt(now)
    .setExpirationTime(now + ttlSeconds);
  if (claims.issuer !== undefined) jwt = jwt.setIssuer(claims.issuer);
  if (claims.audience !== undefined) jwt = jwt.setAudience(claims.audience);
  return jwt.sign(new TextEncoder().encode(secret));
}
