import { showValue } from '../normalize/showValue.ts';

/** How two dates agree, from strongest to weakest (see {@link compareDates}). */
export type DateAgreement = 'exact' | 'transposed' | 'oneEdit' | 'sameYear' | 'near' | 'different';

const DAY_MS = 86_400_000;
/** "Near" means within a year either way; 366 days so that a leap year counts as one year. */
const NEAR_DAYS = 366;

/** The 8 digits of `YYYY-MM-DD` sit at these offsets. */
const DIGIT_OFFSETS = [0, 1, 2, 3, 5, 6, 8, 9] as const;

function isIsoDate(value: string): boolean {
  if (value.length !== 10 || value.charCodeAt(4) !== 45 || value.charCodeAt(7) !== 45) return false;
  for (const offset of DIGIT_OFFSETS) {
    const code = value.charCodeAt(offset);
    if (code < 48 || code > 57) return false;
  }
  return true;
}

const digit = (value: string, offset: number) => value.charCodeAt(offset) - 48;
const twoDigits = (value: string, offset: number) => digit(value, offset) * 10 + digit(value, offset + 1);

/**
 * The comparison levels of two dates of birth written `YYYY-MM-DD` (as `parseDate` returns them),
 * the first that applies:
 * - `'exact'`: the same date;
 * - `'transposed'`: the same year with day and month swapped (`1980-03-07` / `1980-07-03`), the
 *   classic DMY/MDY confusion; never for a date whose day equals its month (that is `'exact'`);
 * - `'oneEdit'`: the 8 digits differ in exactly one position (`1980-03-07` / `1980-08-07`,
 *   `1981-03-07`) or by swapping two adjacent digits (`1980-12-13` / `1980-12-31`,
 *   `1980-03-07` / `1908-03-07`): a typing slip;
 * - `'sameYear'`: the same year otherwise;
 * - `'near'`: at most 366 days apart (a year either way, leap years included);
 * - `'different'`: anything else.
 *
 * Symmetric. The strings must have the shape `DDDD-DD-DD`; their calendar validity is not checked
 * again (`parseDate` did), so an impossible date such as `2023-02-30` is compared as the day the
 * calendar rolls it to (March 2) for `'near'`. Throws a TypeError for any other shape.
 */
export function compareDates(a: string, b: string): DateAgreement {
  if (typeof a !== 'string' || !isIsoDate(a)) throw new TypeError(`compareDates: expected a date written YYYY-MM-DD, got ${showValue(a)}`);
  if (typeof b !== 'string' || !isIsoDate(b)) throw new TypeError(`compareDates: expected a date written YYYY-MM-DD, got ${showValue(b)}`);
  if (a === b) return 'exact';

  const sameYear = a.charCodeAt(0) === b.charCodeAt(0) && a.charCodeAt(1) === b.charCodeAt(1)
    && a.charCodeAt(2) === b.charCodeAt(2) && a.charCodeAt(3) === b.charCodeAt(3);
  const monthA = twoDigits(a, 5);
  const dayA = twoDigits(a, 8);
  const monthB = twoDigits(b, 5);
  const dayB = twoDigits(b, 8);
  if (sameYear && monthA === dayB && dayA === monthB) return 'transposed';

  let first = -1;
  let differences = 0;
  for (let k = 0; k < DIGIT_OFFSETS.length; k += 1) {
    const offset = DIGIT_OFFSETS[k]!;
    if (a.charCodeAt(offset) !== b.charCodeAt(offset)) {
      differences += 1;
      if (first < 0) first = k;
    }
  }
  if (differences === 1) return 'oneEdit';
  if (differences === 2) {
    const here = DIGIT_OFFSETS[first]!;
    const there = DIGIT_OFFSETS[first + 1];
    if (there !== undefined && a.charCodeAt(here) === b.charCodeAt(there) && a.charCodeAt(there) === b.charCodeAt(here)) return 'oneEdit';
  }
  if (sameYear) return 'sameYear';

  const dayNumberA = Date.UTC(twoDigits(a, 0) * 100 + twoDigits(a, 2), monthA - 1, dayA) / DAY_MS;
  const dayNumberB = Date.UTC(twoDigits(b, 0) * 100 + twoDigits(b, 2), monthB - 1, dayB) / DAY_MS;
  return Math.abs(dayNumberA - dayNumberB) <= NEAR_DAYS ? 'near' : 'different';
}
