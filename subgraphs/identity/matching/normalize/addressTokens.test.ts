import { describe, expect, it } from 'vitest';
import { addressTokens } from './addressTokens.ts';

describe('normalize: address tokens', () => {
  it('splits a normalised line on spaces', () => {
    expect(addressTokens('12 high st')).toEqual(['12', 'high', 'st']);
  });

  it('gives one token for a one-word line', () => {
    expect(addressTokens('broadway')).toEqual(['broadway']);
  });

  it('gives no tokens for an empty line', () => {
    expect(addressTokens('')).toEqual([]);
  });

  it('skips empty pieces of a line that was not collapsed', () => {
    expect(addressTokens(' 12  high st ')).toEqual(['12', 'high', 'st']);
  });

  it('keeps duplicate tokens in order', () => {
    expect(addressTokens('1 1 st st')).toEqual(['1', '1', 'st', 'st']);
  });

  it('throws a TypeError for a non-string', () => {
    expect(() => addressTokens(null as unknown as string)).toThrow(new TypeError('addressTokens: expected a normalised address line (string), got null'));
  });
});
