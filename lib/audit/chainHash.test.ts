import { describe, expect, it } from 'vitest';
import { chainHash, genesisHash, sha256Hex, type AuditPayload } from './chainHash.ts';

const payload: AuditPayload = {
  seq: 1,
  recordedAt: '2024-05-01T12:00:00.000Z',
  requestId: 'req-1',
  subject: 'user-7',
  client: 'crm-web',
  purpose: 'SERVICE',
  operationName: 'Customer',
  operationHash: 'ab',
  fields: [{ path: 'customer.emails', decision: 'MASKED', level: 'CONFIDENTIAL' }],
  customerIds: ['cus_1'],
  kind: 'READ',
  details: null,
};

describe('audit chain: hashes', () => {
  it('starts the chain at 64 zeros', () => {
    expect(genesisHash).toBe('0000000000000000000000000000000000000000000000000000000000000000');
  });

  it('hashes text as SHA-256 of its UTF-8 bytes, lower-case hex', () => {
    expect(sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(sha256Hex('query { a }')).toBe('ddd02bbac723794979bbd96cae50ff8cfc4e817bfef93a47055d122626b440ec');
  });

  // Expected value from `printf '%s\n%s' <64 zeros> <canonical JSON> | sha256sum`.
  it('hashes the previous hash, a newline and the canonical JSON of the payload', () => {
    expect(chainHash(genesisHash, payload)).toBe('1933a69284a3baa12c7d2093c05a24be8fdb9801fa303c1abe52b7c9c64526d8');
  });

  it('ignores keys outside the payload, so a whole record can be passed', () => {
    const record = { ...payload, prevHash: genesisHash, hash: 'x'.repeat(64) };
    expect(chainHash(genesisHash, record)).toBe('1933a69284a3baa12c7d2093c05a24be8fdb9801fa303c1abe52b7c9c64526d8');
  });

  it('changes with the previous hash and with any field of the payload', () => {
    const base = chainHash(genesisHash, payload);
    expect(chainHash('1'.repeat(64), payload)).not.toBe(base);
    expect(chainHash(genesisHash, { ...payload, seq: 2 })).not.toBe(base);
    expect(chainHash(genesisHash, { ...payload, fields: [{ path: 'customer.emails', decision: 'CLEAR', level: 'CONFIDENTIAL' }] })).not.toBe(base);
  });
});
