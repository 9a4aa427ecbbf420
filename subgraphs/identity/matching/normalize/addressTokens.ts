import { showValue } from './showValue.ts';

/**
 * The tokens of an address line produced by `normalizeAddressLine` (split on single spaces, empty
 * pieces skipped): `'12 high st'` → `['12', 'high', 'st']`, `''` → `[]`. It does not normalise:
 * pass a normalised line. Returns a new array each call. Throws a TypeError for a non-string.
 */
export function addressTokens(line: string): string[] {
  if (typeof line !== 'string') throw new TypeError(`addressTokens: expected a normalised address line (string), got ${showValue(line)}`);
  if (line === '') return [];
  const tokens = line.split(' ');
  for (const token of tokens) {
    if (token === '') return tokens.filter((piece) => piece !== '');
  }
  return tokens;
}
