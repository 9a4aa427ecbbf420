import { describe, expect, it } from 'vitest';
import { normalizePostcode } from './normalizePostcode.ts';

describe('normalize: postcode', () => {
  it('upper-cases and removes spaces', () => {
    expect(normalizePostcode('sw1a 1aa')).toBe('SW1A1AA');
    expect(normalizePostcode(' SW1A  1AA ')).toBe('SW1A1AA');
  });

  it('removes tabs and other whitespace', () => {
    expect(normalizePostcode('EC1A\t1BB\n')).toBe('EC1A1BB');
  });

  it('keeps a numeric postcode as it is', () => {
    expect(normalizePostcode('2000')).toBe('2000');
    expect(normalizePostcode('02134')).toBe('02134');
  });

  it('keeps hyphens', () => {
    expect(normalizePostcode('00-950')).toBe('00-950');
    expect(normalizePostcode('12345-6789')).toBe('12345-6789');
  });

  it('returns null for null, undefined, empty and blank values', () => {
    expect(normalizePostcode(null)).toBeNull();
    expect(normalizePostcode(undefined)).toBeNull();
    expect(normalizePostcode('')).toBeNull();
    expect(normalizePostcode('  \t ')).toBeNull();
  });

  it('throws a TypeError showing the value for a non-string', () => {
    expect(() => normalizePostcode(2000 as unknown as string)).toThrow(new TypeError('normalizePostcode: expected a string, null or undefined, got 2000'));
  });
});
