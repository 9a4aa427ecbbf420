import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Caller } from './Caller.ts';
import { signCallerContext, verifyCallerContext } from './callerContext.ts';

const key = 'context-key-for-tests-0123456789abcdef';
const now = new Date('2025-03-01T12:00:00Z');
const steward: Caller = { subject: 'alice', client: 'crm-web', clearance: 'CONFIDENTIAL', purpose: 'SERVICE', anonymous: false };

const decode = (header: string): Record<string, unknown> => JSON.parse(Buffer.from(header.split('.')[0] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
const resign = (payload: Record<string, unknown>, signingKey = key): string => {
  const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
  return `${body}.${createHmac('sha256', signingKey).update(body).digest('base64url')}`;
};
const validPayload = () => decode(signCallerContext(steward, 'req-1', key, { now }));

describe('caller context: signing', () => {
  it('is a base64url JSON payload and a base64url HMAC-SHA256 of it', () => {
    const header = signCallerContext(steward, 'req-1', key, { now });
    const [body, signature] = header.split('.');
    expect(header.split('.')).toHaveLength(2);
    expect(signature).toBe(createHmac('sha256', key).update(body ?? '').digest('base64url'));
    expect(decode(header)).toEqual({
      v: 1,
      sub: 'alice',
      client: 'crm-web',
      clearance: 'CONFIDENTIAL',
      purpose: 'SERVICE',
      anon: false,
      rid: 'req-1',
      exp: Date.parse('2025-03-01T12:01:00Z') / 1000,
    });
  });

  it('expires after ttlSeconds', () => {
    expect(decode(signCallerContext(steward, 'req-1', key, { now, ttlSeconds: 5 })).exp).toBe(Date.parse('2025-03-01T12:00:05Z') / 1000);
  });

  it('throws a TypeError for an empty key, a caller the verifier would refuse, or a bad ttl', () => {
    expect(() => signCallerContext(steward, 'req-1', '')).toThrow(TypeError);
    expect(() => signCallerContext({ ...steward, clearance: 'SECRET' as never }, 'req-1', key)).toThrow(/clearance of PUBLIC, INTERNAL, CONFIDENTIAL, RESTRICTED, got "SECRET"/);
    expect(() => signCallerContext({ ...steward, purpose: 'service' }, 'req-1', key)).toThrow(TypeError);
    expect(() => signCallerContext({ ...steward, subject: 'x'.repeat(257) }, 'req-1', key)).toThrow(/got a string of 257 characters/);
    expect(() => signCallerContext(steward, '', key)).toThrow(TypeError);
    expect(() => signCallerContext(steward, 'req-1', key, { ttlSeconds: 0 })).toThrow(TypeError);
    expect(() => signCallerContext(steward, 'req-1', key, { ttlSeconds: 1.5 })).toThrow(TypeError);
  });
});

describe('caller context: verifying', () => {
  it('round-trips the caller and the request id', () => {
    const header = signCallerContext(steward, 'req-1', key, { now });
    expect(verifyCallerContext(header, key, new Date('2025-03-01T12:00:59Z'))).toEqual({ ok: true, caller: steward, requestId: 'req-1' });
  });

  it('round-trips the anonymous caller', () => {
    const anonymous: Caller = { subject: 'anonymous', client: 'anonymous', clearance: 'PUBLIC', purpose: 'SERVICE', anonymous: true };
    expect(verifyCallerContext(signCallerContext(anonymous, 'r', key, { now }), key, now)).toEqual({ ok: true, caller: anonymous, requestId: 'r' });
  });

  it('uses the current time by default', () => {
    expect(verifyCallerContext(signCallerContext(steward, 'req-1', key), key).ok).toBe(true);
  });

  it('refuses a missing header', () => {
    expect(verifyCallerContext(undefined, key, now)).toEqual({ ok: false, reason: 'missing' });
    expect(verifyCallerContext('', key, now)).toEqual({ ok: false, reason: 'missing' });
  });

  it('refuses an expired context, at and after exp', () => {
    const header = signCallerContext(steward, 'req-1', key, { now });
    expect(verifyCallerContext(header, key, new Date('2025-03-01T12:01:00Z'))).toEqual({ ok: false, reason: 'expired' });
    expect(verifyCallerContext(header, key, new Date('2025-03-02T00:00:00Z'))).toEqual({ ok: false, reason: 'expired' });
  });

  it('refuses a tampered payload', () => {
    const header = signCallerContext({ ...steward, clearance: 'INTERNAL' }, 'req-1', key, { now });
    const [, signature] = header.split('.');
    const raised = Buffer.from(JSON.stringify({ ...decode(header), clearance: 'RESTRICTED' })).toString('base64url');
    expect(verifyCallerContext(`${raised}.${signature}`, key, now)).toEqual({ ok: false, reason: 'bad-signature' });
  });

  it('refuses a tampered signature', () => {
    const header = signCallerContext(steward, 'req-1', key, { now });
    const flipped = header.slice(0, -1) + (header.endsWith('A') ? 'B' : 'A');
    expect(verifyCallerContext(flipped, key, now)).toEqual({ ok: false, reason: 'bad-signature' });
    expect(verifyCallerContext(`${header.split('.')[0]}.AAAA`, key, now)).toEqual({ ok: false, reason: 'bad-signature' });
  });

  it('refuses a context signed with another key', () => {
    expect(verifyCallerContext(signCallerContext(steward, 'req-1', 'another-key', { now }), key, now)).toEqual({ ok: false, reason: 'bad-signature' });
  });

  it('refuses a header that is not two base64url parts', () => {
    const header = signCallerContext(steward, 'req-1', key, { now });
    expect(verifyCallerContext([header, header], key, now)).toEqual({ ok: false, reason: 'malformed' });
    for (const malformed of ['garbage', `${header}.extra`, `${header}, ${header}`, '.', `${header.split('.')[0]}.`, `${header}=`, 'a'.repeat(5000)]) {
      expect(verifyCallerContext(malformed, key, now)).toEqual({ ok: false, reason: 'malformed' });
    }
  });

  it('refuses a correctly signed payload that is not valid JSON', () => {
    const body = Buffer.from('{not json').toString('base64url');
    const header = `${body}.${createHmac('sha256', key).update(body).digest('base64url')}`;
    expect(verifyCallerContext(header, key, now)).toEqual({ ok: false, reason: 'malformed' });
  });

  it('refuses a correctly signed payload with a wrong or missing field or an extra one', () => {
    const cases: Record<string, unknown>[] = [
      { ...validPayload(), v: 2 },
      { ...validPayload(), clearance: 'TOP_SECRET' },
      { ...validPayload(), clearance: 'confidential' },
      { ...validPayload(), sub: '' },
      { ...validPayload(), sub: 'x'.repeat(257) },
      { ...validPayload(), client: 7 },
      { ...validPayload(), purpose: 'service' },
      { ...validPayload(), anon: 'false' },
      { ...validPayload(), rid: 'r'.repeat(129) },
      { ...validPayload(), exp: '1740830460' },
      { ...validPayload(), exp: 1740830460.5 },
      { ...validPayload(), admin: true },
      (({ rid: _rid, ...rest }) => rest)(validPayload()),
    ];
    for (const payload of cases) expect(verifyCallerContext(resign(payload), key, now)).toEqual({ ok: false, reason: 'malformed' });
    expect(verifyCallerContext(resign([1, 2] as unknown as Record<string, unknown>), key, now)).toEqual({ ok: false, reason: 'malformed' });
  });

  it('never throws, whatever it is given', () => {
    for (const header of [undefined, '', '.', '..', '\u0000.\u0000', 'é.é', 42 as unknown as string, null as unknown as string]) {
      expect(() => verifyCallerContext(header, key, now)).not.toThrow();
    }
    expect(verifyCallerContext(signCallerContext(steward, 'req-1', key, { now }), '', now)).toEqual({ ok: false, reason: 'bad-signature' });
  });
});
