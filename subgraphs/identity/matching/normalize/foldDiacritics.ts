// Letters that NFKD does not decompose into a base letter plus marks.
const SPECIAL_LETTERS = /[ßæøłœđðþıħŀĳ]/g;
const SPECIAL_REPLACEMENTS: Readonly<Record<string, string>> = {
  ß: 'ss', æ: 'ae', ø: 'o', ł: 'l', œ: 'oe', đ: 'd', ð: 'd', þ: 'th', ı: 'i', ħ: 'h', ŀ: 'l', ĳ: 'ij',
};
const NON_ASCII = /[^\x00-\x7f]/;
const COMBINING_MARKS = /\p{M}+/gu;

/**
 * Folds a LOWER-CASE string to its base letters: `é` → `e`, `ß` → `ss`, `æ` → `ae`, `ø` → `o`,
 * `ł` → `l`, compatibility forms too (`ﬁ` → `fi`, full-width `ａ` → `a`), by NFKD and removal of
 * combining marks. Letters of other scripts are kept (`李` stays `李`), though their marks are
 * stripped as well (Cyrillic `й` → `и`, `ё` → `е`), which suits matching.
 *
 * Pitfalls: the caller lower-cases first (upper-case `Æ`, `Ø` are not in the special table);
 * NFKD turns a few symbols into spaces or digits (`½` → `1⁄2`), which later tokenisation treats
 * as separators. ASCII input is returned unchanged without any allocation.
 * Internal to matching; not exported from the folder's index.
 */
export function foldDiacritics(lower: string): string {
  if (!NON_ASCII.test(lower)) return lower;
  return lower
    .replace(SPECIAL_LETTERS, (letter) => SPECIAL_REPLACEMENTS[letter] ?? letter)
    .normalize('NFKD')
    .replace(COMBINING_MARKS, '');
}
