import { describe, expect, it } from 'vitest';
import { dueDate } from './dueDate.ts';

const due = (received: string, deadline: { months: number } | { days: number }) => dueDate(new Date(received), deadline).toISOString();

describe('privacy due dates: calendar months (GDPR "one month")', () => {
  it('ends on the same day of the next month, at the same time', () => {
    expect(due('2025-03-15T10:30:00.000Z', { months: 1 })).toBe('2025-04-15T10:30:00.000Z');
  });

  it('ends on the last day of a shorter month', () => {
    expect(due('2025-01-31T10:00:00.000Z', { months: 1 })).toBe('2025-02-28T10:00:00.000Z');
    expect(due('2024-01-31T10:00:00.000Z', { months: 1 })).toBe('2024-02-29T10:00:00.000Z');
    expect(due('2025-03-31T00:00:00.000Z', { months: 1 })).toBe('2025-04-30T00:00:00.000Z');
  });

  it('crosses the year', () => {
    expect(due('2025-12-20T08:00:00.000Z', { months: 1 })).toBe('2026-01-20T08:00:00.000Z');
  });

  it('adds several months (an extension to three months)', () => {
    expect(due('2025-11-30T12:00:00.000Z', { months: 3 })).toBe('2026-02-28T12:00:00.000Z');
  });
});

describe('privacy due dates: days (CCPA 45 days)', () => {
  it('adds whole days of 24 hours', () => {
    expect(due('2025-01-31T10:00:00.000Z', { days: 45 })).toBe('2025-03-17T10:00:00.000Z');
    expect(due('2024-02-01T00:00:00.000Z', { days: 45 })).toBe('2024-03-17T00:00:00.000Z');
  });
});

describe('privacy due dates: misuse', () => {
  it('throws a TypeError for an invalid date or a period that is not a positive whole number', () => {
    expect(() => dueDate(new Date('nonsense'), { months: 1 })).toThrow(new TypeError('Expected a valid receivedAt date, got an invalid Date'));
    expect(() => dueDate(new Date(0), { months: 0 })).toThrow(new TypeError('Expected a positive whole number of months, got 0'));
    expect(() => dueDate(new Date(0), { days: 1.5 })).toThrow(new TypeError('Expected a positive whole number of days, got 1.5'));
  });
});
