import { foldDiacritics } from '../normalize/foldDiacritics.ts';
import { showValue } from '../normalize/showValue.ts';

// American Soundex digit per letter a..z; 0 for vowels and y (they separate equal codes),
// -1 for h and w (they do not).
const CODES = Int8Array.from([
  0, 1, 2, 3, 0, 1, 2, -1, 0, 2, 2, 4, 5, 5, 0, 1, 2, 6, 2, 3, 0, 1, -1, 2, 0, 2,
]);
const NON_ASCII = /[^\x00-\x7f]/;

/**
 * American Soundex (as used by the US census) of the letters of `s`: the first letter, then the
 * digits of the following consonants (b f p v → 1; c g j k q s x z → 2; d t → 3; l → 4; m n → 5;
 * r → 6), a digit not repeated for adjacent letters with the same code or such letters separated
 * only by h or w (vowels and y do separate them), padded or cut to 4 characters:
 * `robert`, `rupert` → `R163`, `ashcraft` → `A261`, `tymczak` → `T522`, `pfister` → `P236`.
 *
 * Case-insensitive; characters that are not letters are skipped (`O'Brien` → `O165`), accented
 * letters are folded first (`Müller` → `M460`), letters of other scripts are skipped. Returns `''`
 * when `s` has no Latin letters. Throws a TypeError for a non-string.
 */
export function soundex(s: string): string {
  if (typeof s !== 'string') throw new TypeError(`soundex: expected a string, got ${showValue(s)}`);
  const text = NON_ASCII.test(s) ? foldDiacritics(s.toLowerCase()) : s;
  let result = '';
  let previous = 0;
  for (let i = 0; i < text.length && result.length < 4; i += 1) {
    const letter = text.charCodeAt(i) | 0x20;
    if (letter < 97 || letter > 122) continue;
    const code = CODES[letter - 97]!;
    if (result === '') {
      result = String.fromCharCode(letter - 32);
      previous = code;
    } else if (code === 0) {
      previous = 0;
    } else if (code > 0) {
      if (code !== previous) result += code;
      previous = code;
    }
  }
  if (result === '') return '';
  return result.length === 4 ? result : (result + '000').slice(0, 4);
}
