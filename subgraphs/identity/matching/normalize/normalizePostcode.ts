import { showValue } from './showValue.ts';

const WHITESPACE = /\s+/g;

/**
 * The matching form of a postal code: upper case with all whitespace removed
 * (`'sw1a 1aa'` → `'SW1A1AA'`, `' 2000 '` → `'2000'`). Other characters are kept (`'00-950'`
 * stays `'00-950'`), so a hyphenated and an unhyphenated code differ. Returns null for null,
 * undefined and a value that is empty after removing whitespace. Throws a TypeError for a
 * non-string.
 */
export function normalizePostcode(raw: string | null | undefined): string | null {
  if (raw === null || raw === undefined) return null;
  if (typeof raw !== 'string') throw new TypeError(`normalizePostcode: expected a string, null or undefined, got ${showValue(raw)}`);
  const code = raw.replace(WHITESPACE, '').toUpperCase();
  return code === '' ? null : code;
}
