import { describe, expect, it } from 'vitest';
import { compareDates } from './compareDates.ts';

describe('compare: dates exact and transposed', () => {
  it('is exact for the same date', () => {
    expect(compareDates('1980-07-04', '1980-07-04')).toBe('exact');
  });

  it('is transposed when day and month are swapped', () => {
    expect(compareDates('1980-07-04', '1980-04-07')).toBe('transposed');
    expect(compareDates('1980-12-11', '1980-11-12')).toBe('transposed');
  });

  it('is transposed for a swap that is also two digits apart', () => {
    expect(compareDates('1980-01-10', '1980-10-01')).toBe('transposed');
  });

  it('is not transposed across different years', () => {
    expect(compareDates('1980-07-04', '1981-04-07')).toBe('near');
    expect(compareDates('1980-07-04', '1985-04-07')).toBe('different');
  });
});

describe('compare: dates one edit apart', () => {
  it('is oneEdit for one digit of the day, month or year', () => {
    expect(compareDates('1980-07-04', '1980-07-05')).toBe('oneEdit');
    expect(compareDates('1980-07-04', '1980-08-04')).toBe('oneEdit');
    expect(compareDates('1980-07-04', '1981-07-04')).toBe('oneEdit');
    expect(compareDates('1980-07-04', '1990-07-04')).toBe('oneEdit');
  });

  it('is oneEdit for two adjacent digits swapped', () => {
    expect(compareDates('1980-12-13', '1980-12-31')).toBe('oneEdit');
    expect(compareDates('1980-07-04', '1908-07-04')).toBe('oneEdit');
    expect(compareDates('1980-11-09', '1980-10-19')).toBe('oneEdit');
  });

  it('is not oneEdit for two separate digits', () => {
    expect(compareDates('1980-07-04', '1980-08-05')).toBe('sameYear');
  });

  it('is not oneEdit for two adjacent digits that are not a swap', () => {
    expect(compareDates('1980-07-04', '1980-07-13')).toBe('sameYear');
  });
});

describe('compare: dates same year, near, different', () => {
  it('is sameYear for another day of the same year', () => {
    expect(compareDates('1980-01-01', '1980-12-31')).toBe('sameYear');
  });

  it('is near within 366 days across years', () => {
    expect(compareDates('1980-12-31', '1982-01-01')).toBe('near');
    expect(compareDates('1979-06-15', '1980-06-15')).toBe('near');
    expect(compareDates('1979-06-15', '1980-06-14')).toBe('near');
  });

  it('counts a leap year as one year for near', () => {
    // 1979-12-31 to 1980-12-31 is 366 days (1980 is a leap year); the year differs in two digits.
    expect(compareDates('1979-12-31', '1980-12-31')).toBe('near');
    expect(compareDates('1979-03-01', '1980-03-01')).toBe('near');
    expect(compareDates('1979-03-01', '1980-03-02')).toBe('different');
    expect(compareDates('1979-02-28', '1980-02-29')).toBe('near');
  });

  it('is different beyond a year', () => {
    expect(compareDates('1980-07-04', '1985-02-17')).toBe('different');
    expect(compareDates('1850-01-01', '2100-12-31')).toBe('different');
  });

  it('is symmetric', () => {
    expect(compareDates('1980-04-07', '1980-07-04')).toBe('transposed');
    expect(compareDates('1980-12-31', '1980-12-13')).toBe('oneEdit');
    expect(compareDates('1982-01-01', '1980-12-31')).toBe('near');
  });
});

describe('compare: dates misuse', () => {
  it('throws a TypeError for a date in another shape', () => {
    expect(() => compareDates('04/07/1980', '1980-07-04')).toThrow(new TypeError('compareDates: expected a date written YYYY-MM-DD, got "04/07/1980"'));
    expect(() => compareDates('1980-07-04', '1980-7-4')).toThrow(new TypeError('compareDates: expected a date written YYYY-MM-DD, got "1980-7-4"'));
    expect(() => compareDates('1980-07-04', '')).toThrow(new TypeError('compareDates: expected a date written YYYY-MM-DD, got ""'));
  });

  it('throws a TypeError for a non-string', () => {
    expect(() => compareDates(null as unknown as string, '1980-07-04')).toThrow(new TypeError('compareDates: expected a date written YYYY-MM-DD, got null'));
  });
});
