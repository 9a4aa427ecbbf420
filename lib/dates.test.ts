import { describe, expect, it } from 'vitest';
import { toIsoTimestamp } from './dates.ts';

describe('dates: ISO timestamps', () => {
  it('keeps a UTC timestamp in canonical form, with milliseconds', () => {
    expect(toIsoTimestamp('2024-03-05T14:30:00Z')).toBe('2024-03-05T14:30:00.000Z');
    expect(toIsoTimestamp('2024-03-05T14:30:00.000Z')).toBe('2024-03-05T14:30:00.000Z');
  });

  it('converts an offset to UTC', () => {
    expect(toIsoTimestamp('2024-03-05T14:30:00+01:00')).toBe('2024-03-05T13:30:00.000Z');
    expect(toIsoTimestamp('2024-03-05T14:30:00-05:00')).toBe('2024-03-05T19:30:00.000Z');
  });

  it('accepts an offset without a colon', () => {
    expect(toIsoTimestamp('2024-03-05T14:30:00+0100')).toBe('2024-03-05T13:30:00.000Z');
  });

  it('accepts minutes without seconds, and a space instead of T', () => {
    expect(toIsoTimestamp('2024-03-05T14:30Z')).toBe('2024-03-05T14:30:00.000Z');
    expect(toIsoTimestamp('2024-03-05 14:30:00Z')).toBe('2024-03-05T14:30:00.000Z');
  });

  it('cuts fractions of a second to milliseconds', () => {
    expect(toIsoTimestamp('2024-03-05T14:30:00.123456Z')).toBe('2024-03-05T14:30:00.123Z');
  });

  it('reads a date alone as midnight UTC', () => {
    expect(toIsoTimestamp('2024-03-05')).toBe('2024-03-05T00:00:00.000Z');
  });

  it('trims surrounding blanks', () => {
    expect(toIsoTimestamp('  2024-03-05T14:30:00Z\n')).toBe('2024-03-05T14:30:00.000Z');
  });

  it('accepts 29 February of a leap year', () => {
    expect(toIsoTimestamp('2024-02-29T12:00:00Z')).toBe('2024-02-29T12:00:00.000Z');
  });

  it('refuses values that are not strings', () => {
    expect(toIsoTimestamp(undefined)).toBeNull();
    expect(toIsoTimestamp(null)).toBeNull();
    expect(toIsoTimestamp(1709649000000)).toBeNull();
    expect(toIsoTimestamp(new Date('2024-03-05T14:30:00Z'))).toBeNull();
  });

  it('refuses strings in other formats', () => {
    expect(toIsoTimestamp('')).toBeNull();
    expect(toIsoTimestamp('yesterday')).toBeNull();
    expect(toIsoTimestamp('05/03/2024')).toBeNull();
    expect(toIsoTimestamp('Tue, 05 Mar 2024 14:30:00 GMT')).toBeNull();
    expect(toIsoTimestamp('2024-3-5')).toBeNull();
    expect(toIsoTimestamp('2024-03-05T14Z')).toBeNull();
    expect(toIsoTimestamp('2024-03-05T14:30:00 UTC')).toBeNull();
  });

  it('refuses a month or an hour out of range', () => {
    expect(toIsoTimestamp('2024-13-01T00:00:00Z')).toBeNull();
    expect(toIsoTimestamp('2024-03-05T25:00:00Z')).toBeNull();
    expect(toIsoTimestamp('2024-03-05T14:30:60Z')).toBeNull();
  });

  it('refuses a day that the month does not have, rather than rolling into the next month', () => {
    expect(toIsoTimestamp('2024-02-30')).toBeNull();
    expect(toIsoTimestamp('2023-02-29T10:00:00Z')).toBeNull();
    expect(toIsoTimestamp('2024-04-31T10:00:00Z')).toBeNull();
  });
});
