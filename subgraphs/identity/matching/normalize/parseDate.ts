import { showValue } from './showValue.ts';

/** How an all-numeric date with the day and month both <= 12 is read. */
export type DateOrder = 'DMY' | 'MDY';

const MIN_YEAR = 1850;
const MAX_YEAR = 2100;

// Year first: 1980-07-04, 1980/7/4, 1980.07.04, and ISO timestamps (date part kept as written).
// Matched against lower-cased text, hence `t` and `z`.
const YEAR_FIRST = /^(\d{4})([-/.])(\d{1,2})\2(\d{1,2})(?:[t ]\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?\s*(?:z|[+-]\d{2}(?::?\d{2})?)?)?$/;
const COMPACT = /^(\d{4})(\d{2})(\d{2})$/;
// Year last: 04/07/1980, 4-7-1980, 04.07.1980.
const YEAR_LAST = /^(\d{1,2})([-/.])(\d{1,2})\2(\d{4})$/;
// 4 Jul 1980, 4 July 1980, 4th July, 1980, 04-Jul-1980.
const DAY_MONTH_NAME = /^(\d{1,2})(?:st|nd|rd|th)?[\s\-/.]*([a-z]+)\.?,?[\s\-/.,]*(\d{4})$/;
// Jul 4, 1980, July 4th 1980, Jul-04-1980.
const MONTH_NAME_DAY = /^([a-z]+)\.?[\s\-/.]*(\d{1,2})(?:st|nd|rd|th)?,?[\s\-/.,]*(\d{4})$/;

const MONTHS: ReadonlyMap<string, number> = new Map([
  ['jan', 1], ['january', 1], ['feb', 2], ['february', 2], ['mar', 3], ['march', 3], ['apr', 4], ['april', 4],
  ['may', 5], ['jun', 6], ['june', 6], ['jul', 7], ['july', 7], ['aug', 8], ['august', 8],
  ['sep', 9], ['sept', 9], ['september', 9], ['oct', 10], ['october', 10], ['nov', 11], ['november', 11],
  ['dec', 12], ['december', 12],
]);

const DAYS_IN_MONTH = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

/**
 * Reads a calendar date (a birth date, typically) in one of the usual written forms and returns it
 * as `YYYY-MM-DD`:
 * - year first: `1980-07-04`, `1980/07/04`, `1980.7.4`, `19800704`, and ISO timestamps
 *   (`1980-07-04T23:30:00Z` → `1980-07-04`: the date part as written, never shifted by the offset);
 * - year last, all numeric: `04/07/1980`, `04-07-1980`, `04.07.1980` read per `order` (default
 *   `'DMY'`, so 4 July; `'MDY'` gives 7 April). When one of the two fields is above 12 the date can
 *   only be read one way and is read that way whatever `order` says (`07/25/1980` → `1980-07-25`);
 * - with a month name or its abbreviation (English): `4 Jul 1980`, `4 July 1980`, `4th July 1980`,
 *   `04-Jul-1980`, `Jul 4, 1980`, `July 4th, 1980`. Case-insensitive.
 *
 * Returns null for null, undefined, anything else (two-digit years included: `04/07/80` is
 * ambiguous across centuries), dates that do not exist (`2023-02-30`, `2023-02-29`) and years
 * outside 1850..2100. Throws a TypeError when `raw` is not a string, null or undefined, or
 * `order` is not `'DMY'` or `'MDY'`.
 */
export function parseDate(raw: string | null | undefined, order: DateOrder = 'DMY'): string | null {
  if (order !== 'DMY' && order !== 'MDY') throw new TypeError(`parseDate: expected order 'DMY' or 'MDY', got ${showValue(order)}`);
  if (raw === null || raw === undefined) return null;
  if (typeof raw !== 'string') throw new TypeError(`parseDate: expected a string, null or undefined, got ${showValue(raw)}`);
  const text = raw.trim().toLowerCase();
  if (text.length < 8 || text.length > 40) return null;

  const first = text.charCodeAt(0);
  if (first >= 48 && first <= 57) {
    let match = COMPACT.exec(text);
    if (match) return formatDate(Number(match[1]), Number(match[2]), Number(match[3]));
    match = YEAR_FIRST.exec(text);
    if (match) return formatDate(Number(match[1]), Number(match[3]), Number(match[4]));
    match = YEAR_LAST.exec(text);
    if (match) {
      const a = Number(match[1]);
      const b = Number(match[3]);
      const year = Number(match[4]);
      const dayFirst = a > 12 ? true : b > 12 ? false : order === 'DMY';
      return dayFirst ? formatDate(year, b, a) : formatDate(year, a, b);
    }
    match = DAY_MONTH_NAME.exec(text);
    if (match) return formatDate(Number(match[3]), MONTHS.get(match[2]!) ?? 0, Number(match[1]));
    return null;
  }
  const match = MONTH_NAME_DAY.exec(text);
  return match ? formatDate(Number(match[3]), MONTHS.get(match[1]!) ?? 0, Number(match[2])) : null;
}

function formatDate(year: number, month: number, day: number): string | null {
  if (year < MIN_YEAR || year > MAX_YEAR || month < 1 || month > 12 || day < 1) return null;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const days = month === 2 && leap ? 29 : DAYS_IN_MONTH[month]!;
  if (day > days) return null;
  return `${year}-${month < 10 ? '0' : ''}${month}-${day < 10 ? '0' : ''}${day}`;
}
