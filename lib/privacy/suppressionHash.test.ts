import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { suppressionHash } from './suppressionHash.ts';

describe('suppression hashes', () => {
  it('is the HMAC-SHA256 of the prefixed canonical key under the hash key, lower-case hex', () => {
    const expected = createHmac('sha256', 'key-1').update('c360:suppression:email:jane@example.com').digest('hex');
    expect(suppressionHash('key-1', 'email:jane@example.com')).toBe(expected);
    expect(expected).toMatch(/^[0-9a-f]{64}$/);
  });

  it('is stable for one key and differs with the key or the identifier', () => {
    expect(suppressionHash('key-1', 'crm:C-1')).toBe(suppressionHash('key-1', 'crm:C-1'));
    expect(suppressionHash('key-2', 'crm:C-1')).not.toBe(suppressionHash('key-1', 'crm:C-1'));
    expect(suppressionHash('key-1', 'crm:C-2')).not.toBe(suppressionHash('key-1', 'crm:C-1'));
  });

  it('throws a TypeError for an empty key or identifier', () => {
    expect(() => suppressionHash('', 'crm:C-1')).toThrow(new TypeError('Expected a non-empty hash key, got none'));
    expect(() => suppressionHash('key-1', '')).toThrow(new TypeError('Expected a canonical key such as "email:jane@example.com", got ""'));
  });
});
