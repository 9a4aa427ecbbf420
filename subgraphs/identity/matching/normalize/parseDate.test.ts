import { describe, expect, it } from 'vitest';
import { parseDate, type DateOrder } from './parseDate.ts';

describe('normalize: date, year first', () => {
  it('keeps YYYY-MM-DD', () => {
    expect(parseDate('1980-07-04')).toBe('1980-07-04');
  });

  it('reads YYYYMMDD', () => {
    expect(parseDate('19800704')).toBe('1980-07-04');
  });

  it('reads YYYY/MM/DD and YYYY.MM.DD', () => {
    expect(parseDate('1980/07/04')).toBe('1980-07-04');
    expect(parseDate('1980.07.04')).toBe('1980-07-04');
  });

  it('reads single-digit month and day', () => {
    expect(parseDate('1980-7-4')).toBe('1980-07-04');
  });

  it('ignores the order for year-first dates', () => {
    expect(parseDate('1980-07-04', 'MDY')).toBe('1980-07-04');
  });

  it('takes the date part of an ISO timestamp, unshifted by its offset', () => {
    expect(parseDate('1980-07-04T23:30:00Z')).toBe('1980-07-04');
    expect(parseDate('1980-07-04T23:30:00.123+10:00')).toBe('1980-07-04');
    expect(parseDate('1980-07-04 08:15')).toBe('1980-07-04');
    expect(parseDate('1980-07-04t08:15:00-0500')).toBe('1980-07-04');
  });

  it('trims spaces', () => {
    expect(parseDate('  1980-07-04 ')).toBe('1980-07-04');
  });

  it('rejects mixed separators', () => {
    expect(parseDate('1980-07/04')).toBeNull();
  });
});

describe('normalize: date, year last', () => {
  it('reads DD/MM/YYYY by default', () => {
    expect(parseDate('04/07/1980')).toBe('1980-07-04');
  });

  it('reads MM/DD/YYYY when asked', () => {
    expect(parseDate('04/07/1980', 'MDY')).toBe('1980-04-07');
  });

  it('uses the only possible reading when a field is above 12, whatever the order', () => {
    expect(parseDate('25/07/1980', 'MDY')).toBe('1980-07-25');
    expect(parseDate('07/25/1980', 'DMY')).toBe('1980-07-25');
    expect(parseDate('07/25/1980')).toBe('1980-07-25');
  });

  it('reads DD-MM-YYYY and DD.MM.YYYY', () => {
    expect(parseDate('04-07-1980')).toBe('1980-07-04');
    expect(parseDate('04.07.1980')).toBe('1980-07-04');
  });

  it('reads single-digit day and month', () => {
    expect(parseDate('4/7/1980')).toBe('1980-07-04');
  });

  it('reads a date whose day equals its month either way', () => {
    expect(parseDate('05/05/1980', 'DMY')).toBe('1980-05-05');
    expect(parseDate('05/05/1980', 'MDY')).toBe('1980-05-05');
  });

  it('rejects two fields above 12', () => {
    expect(parseDate('13/13/1980')).toBeNull();
  });

  it('rejects two-digit years', () => {
    expect(parseDate('04/07/80')).toBeNull();
  });
});

describe('normalize: date with a month name', () => {
  it('reads D Mon YYYY', () => {
    expect(parseDate('4 Jul 1980')).toBe('1980-07-04');
    expect(parseDate('04 jul 1980')).toBe('1980-07-04');
  });

  it('reads D Month YYYY', () => {
    expect(parseDate('4 July 1980')).toBe('1980-07-04');
    expect(parseDate('14 SEPTEMBER 1980')).toBe('1980-09-14');
  });

  it('reads Mon D, YYYY and Month D YYYY', () => {
    expect(parseDate('Jul 4, 1980')).toBe('1980-07-04');
    expect(parseDate('July 4 1980')).toBe('1980-07-04');
    expect(parseDate('Sept. 14, 1980')).toBe('1980-09-14');
  });

  it('reads ordinals and dashed forms', () => {
    expect(parseDate('4th July 1980')).toBe('1980-07-04');
    expect(parseDate('July 4th, 1980')).toBe('1980-07-04');
    expect(parseDate('1st Mar 1980')).toBe('1980-03-01');
    expect(parseDate('04-Jul-1980')).toBe('1980-07-04');
    expect(parseDate('4 Jul. 1980')).toBe('1980-07-04');
  });

  it('ignores the order for dates with a month name', () => {
    expect(parseDate('4 Jul 1980', 'MDY')).toBe('1980-07-04');
  });

  it('rejects an unknown month name', () => {
    expect(parseDate('4 Juli 1980')).toBeNull();
    expect(parseDate('Foo 4, 1980')).toBeNull();
  });
});

describe('normalize: date validation', () => {
  it('rejects dates that do not exist', () => {
    expect(parseDate('2023-02-30')).toBeNull();
    expect(parseDate('2023-02-29')).toBeNull();
    expect(parseDate('2023-04-31')).toBeNull();
    expect(parseDate('2023-13-01')).toBeNull();
    expect(parseDate('2023-00-10')).toBeNull();
    expect(parseDate('2023-01-00')).toBeNull();
    expect(parseDate('31/04/2023')).toBeNull();
    expect(parseDate('30 Feb 2020')).toBeNull();
  });

  it('accepts 29 February in leap years only', () => {
    expect(parseDate('2024-02-29')).toBe('2024-02-29');
    expect(parseDate('2000-02-29')).toBe('2000-02-29');
    expect(parseDate('1900-02-29')).toBeNull();
  });

  it('accepts years 1850 to 2100 only', () => {
    expect(parseDate('1850-01-01')).toBe('1850-01-01');
    expect(parseDate('2100-12-31')).toBe('2100-12-31');
    expect(parseDate('1849-12-31')).toBeNull();
    expect(parseDate('2101-01-01')).toBeNull();
    expect(parseDate('0001-01-01')).toBeNull();
  });

  it('returns null for null, undefined, empty and blank values', () => {
    expect(parseDate(null)).toBeNull();
    expect(parseDate(undefined)).toBeNull();
    expect(parseDate('')).toBeNull();
    expect(parseDate('   ')).toBeNull();
  });

  it('returns null for text that is not a date', () => {
    expect(parseDate('unknown')).toBeNull();
    expect(parseDate('1980')).toBeNull();
    expect(parseDate('1980-07')).toBeNull();
    expect(parseDate('198007041')).toBeNull();
    expect(parseDate('a'.repeat(100_000))).toBeNull();
    expect(parseDate('１９８０-07-04')).toBeNull();
  });

  it('throws a TypeError for a non-string value or an unknown order', () => {
    expect(() => parseDate(19800704 as unknown as string)).toThrow(new TypeError('parseDate: expected a string, null or undefined, got 19800704'));
    expect(() => parseDate('1980-07-04', 'YMD' as DateOrder)).toThrow(new TypeError('parseDate: expected order \'DMY\' or \'MDY\', got "YMD"'));
  });
});
