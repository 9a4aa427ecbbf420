import { createHmac, timingSafeEqual } from 'node:crypto';
import { sensitivityLevels, type SensitivityLevel } from '../config.ts';
import type { Caller } from './Caller.ts';

/** Bounds shared by the signer, the verifier and the authenticator, so that what one accepts the others do too. */
export const callerLimits = Object.freeze({
  subject: 256,
  client: 256,
  requestId: 128,
  /** A purpose of use: upper-case letters and underscores, 2 to 64 characters, e.g. `SERVICE`. */
  purpose: /^[A-Z][A-Z_]{1,63}$/,
});

/** Longest header accepted; a real one is a few hundred characters. */
const maxHeaderLength = 4096;
const segment = /^[A-Za-z0-9_-]+$/;
const payloadKeys = ['v', 'sub', 'client', 'clearance', 'purpose', 'anon', 'rid', 'exp'] as const;

interface CallerContextPayload {
  v: 1;
  sub: string;
  client: string;
  clearance: SensitivityLevel;
  purpose: string;
  anon: boolean;
  rid: string;
  /** Expiry, epoch seconds. */
  exp: number;
}

export interface SignCallerContextOptions {
  /** How long the context is valid; default 60 seconds, enough for one operation's subgraph fetches. */
  ttlSeconds?: number;
  now?: Date;
}

export type CallerContextVerification =
  | { ok: true; caller: Caller; requestId: string }
  | { ok: false; reason: 'missing' | 'malformed' | 'bad-signature' | 'expired' };

const isBoundedString = (value: unknown, max: number): value is string => typeof value === 'string' && value.length >= 1 && value.length <= max;
const isLevel = (value: unknown): value is SensitivityLevel => (sensitivityLevels as readonly unknown[]).includes(value);

const mac = (key: string, data: string) => createHmac('sha256', key).update(data).digest('base64url');

function assertKey(key: unknown): asserts key is string {
  if (typeof key !== 'string' || key === '') throw new TypeError(`Expected a non-empty caller context key, got ${typeof key === 'string' ? 'an empty string' : typeof key}`);
}

/**
 * Signs the caller context the gateway sends each subgraph in the `x-c360-caller` header
 * ({@link callerContextHeader}): `<base64url(JSON payload)>.<base64url(HMAC-SHA256(key, first part))>`,
 * payload `{ v: 1, sub, client, clearance, purpose, anon, rid, exp }`. Sign once per operation and
 * reuse the value for all of its subgraph fetches.
 *
 * The payload is signed, not encrypted: it must carry nothing a subgraph may not read. A caller
 * that {@link verifyCallerContext} would refuse (unknown clearance, over-long strings, a purpose
 * that is not upper-case) is a bug in the caller of this function and throws a `TypeError`, as do
 * an empty key and a `ttlSeconds` that is not a positive integer.
 */
export function signCallerContext(caller: Caller, requestId: string, key: string, options: SignCallerContextOptions = {}): string {
  assertKey(key);
  if (!isBoundedString(caller.subject, callerLimits.subject)) throw new TypeError(`Expected a caller subject of 1 to ${callerLimits.subject} characters, got ${describeValue(caller.subject)}`);
  if (!isBoundedString(caller.client, callerLimits.client)) throw new TypeError(`Expected a caller client of 1 to ${callerLimits.client} characters, got ${describeValue(caller.client)}`);
  if (!isLevel(caller.clearance)) throw new TypeError(`Expected a clearance of ${sensitivityLevels.join(', ')}, got ${describeValue(caller.clearance)}`);
  if (typeof caller.purpose !== 'string' || !callerLimits.purpose.test(caller.purpose)) throw new TypeError(`Expected a purpose matching ${callerLimits.purpose}, got ${describeValue(caller.purpose)}`);
  if (typeof caller.anonymous !== 'boolean') throw new TypeError(`Expected caller.anonymous to be a boolean, got ${describeValue(caller.anonymous)}`);
  if (!isBoundedString(requestId, callerLimits.requestId)) throw new TypeError(`Expected a request id of 1 to ${callerLimits.requestId} characters, got ${describeValue(requestId)}`);
  const ttlSeconds = options.ttlSeconds ?? 60;
  if (!Number.isInteger(ttlSeconds) || ttlSeconds < 1) throw new TypeError(`Expected ttlSeconds to be a positive integer, got ${describeValue(ttlSeconds)}`);
  const now = options.now ?? new Date();
  const payload: CallerContextPayload = {
    v: 1,
    sub: caller.subject,
    client: caller.client,
    clearance: caller.clearance,
    purpose: caller.purpose,
    anon: caller.anonymous,
    rid: requestId,
    exp: Math.floor(now.getTime() / 1000) + ttlSeconds,
  };
  const body = Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url');
  return `${body}.${mac(key, body)}`;
}

/**
 * Verifies a caller context header made by {@link signCallerContext} with the same key. Never
 * throws: it returns why a header was refused (`missing`, `malformed`, `bad-signature`,
 * `expired`), and the subgraph must then refuse the request (UNAUTHENTICATED, 401). The signature
 * is checked, in constant time, before the payload is parsed; the payload must then have exactly
 * the expected fields with valid values, and `exp` must be later than `now`.
 *
 * Pass the header as Node gives it (`request.headers[callerContextHeader]`); a repeated header,
 * joined with `, ` or given as an array, is malformed.
 */
export function verifyCallerContext(header: string | readonly string[] | undefined, key: string, now: Date = new Date()): CallerContextVerification {
  if (header === undefined || header === '') return { ok: false, reason: 'missing' };
  if (typeof header !== 'string' || header.length > maxHeaderLength) return { ok: false, reason: 'malformed' };
  const parts = header.split('.');
  const [body, signature] = parts;
  if (parts.length !== 2 || body === undefined || signature === undefined || !segment.test(body) || !segment.test(signature)) {
    return { ok: false, reason: 'malformed' };
  }
  if (typeof key !== 'string' || key === '') return { ok: false, reason: 'bad-signature' };
  // Comparing the canonical encodings also refuses non-canonical base64url spellings of the MAC.
  const expected = Buffer.from(mac(key, body), 'ascii');
  const received = Buffer.from(signature, 'ascii');
  if (expected.length !== received.length || !timingSafeEqual(expected, received)) return { ok: false, reason: 'bad-signature' };

  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  const payload = asPayload(parsed);
  if (payload === undefined) return { ok: false, reason: 'malformed' };
  if (payload.exp <= Math.floor(now.getTime() / 1000)) return { ok: false, reason: 'expired' };
  const caller: Caller = Object.freeze({
    subject: payload.sub,
    client: payload.client,
    clearance: payload.clearance,
    purpose: payload.purpose,
    anonymous: payload.anon,
  });
  return { ok: true, caller, requestId: payload.rid };
}

function asPayload(value: unknown): CallerContextPayload | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const keys = Object.keys(value);
  if (keys.length !== payloadKeys.length || !payloadKeys.every((k) => Object.hasOwn(value, k))) return undefined;
  const { v, sub, client, clearance, purpose, anon, rid, exp } = value as Record<(typeof payloadKeys)[number], unknown>;
  if (v !== 1) return undefined;
  if (!isBoundedString(sub, callerLimits.subject) || !isBoundedString(client, callerLimits.client) || !isBoundedString(rid, callerLimits.requestId)) return undefined;
  if (!isLevel(clearance) || typeof purpose !== 'string' || !callerLimits.purpose.test(purpose)) return undefined;
  if (typeof anon !== 'boolean' || typeof exp !== 'number' || !Number.isSafeInteger(exp)) return undefined;
  return { v, sub, client, clearance, purpose, anon, rid, exp };
}

function describeValue(value: unknown): string {
  if (typeof value === 'string') return value.length > 40 ? `a string of ${value.length} characters` : JSON.stringify(value);
  return typeof value === 'number' || typeof value === 'boolean' ? String(value) : typeof value;
}
