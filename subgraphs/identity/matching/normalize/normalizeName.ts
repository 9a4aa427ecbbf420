import { foldDiacritics } from './foldDiacritics.ts';
import { showValue } from './showValue.ts';

// Apostrophes join (o'brien → obrien); the acute accent and backtick are common stand-ins.
const APOSTROPHES = /['’‘ʼ`´]/g;
// A token is a run of letters or digits of any script; everything else separates tokens.
const WORD = /[\p{L}\p{N}]+/gu;

const TITLES: ReadonlySet<string> = new Set(['mr', 'mrs', 'ms', 'miss', 'mx', 'dr', 'prof', 'sir', 'dame', 'rev', 'fr', 'lord', 'lady']);
/** Suffixes dropped wherever they stand. */
const SUFFIXES: ReadonlySet<string> = new Set(['jr', 'sr', 'phd', 'esq']);
/**
 * Suffixes dropped only after a name token: as the first token they are more likely a name or an
 * initial (`V Smith`, `Md Rahim`, where Md abbreviates Muhammad).
 */
const TRAILING_SUFFIXES: ReadonlySet<string> = new Set(['ii', 'iii', 'iv', 'v', 'md']);

/**
 * The matching form of a person's name (or any name-like field: given, family, full name, city):
 * lower case, diacritics folded (`José Müller` → `jose muller`, `ß` → `ss`, `æ` → `ae`,
 * `ø` → `o`, `ł` → `l`), apostrophes removed (`O'Brien` → `obrien`), every other punctuation mark
 * a space (`Smith-Jones` → `smith jones`, `J.R.` → `j r`), spaces collapsed and trimmed.
 *
 * Titles (mr, mrs, ms, miss, mx, dr, prof, sir, dame, rev, fr, lord, lady) are dropped wherever
 * they stand; the suffixes jr, sr, phd and esq too; the suffixes ii, iii, iv, v and md only when a
 * name token precedes them, so `Henry V` → `henry` while `V` and `V Smith` keep their `v`.
 *
 * Returns null for null, undefined, and a value with nothing left (`''`, `'  '`, `'Mr.'`, `'-'`).
 * Placeholders such as `unknown` are NOT recognised here: use `isPlaceholder('name', …)`.
 * Throws a TypeError for anything that is not a string, null or undefined.
 */
export function normalizeName(raw: string | null | undefined): string | null {
  if (raw === null || raw === undefined) return null;
  if (typeof raw !== 'string') throw new TypeError(`normalizeName: expected a string, null or undefined, got ${showValue(raw)}`);
  const tokens = foldDiacritics(raw.toLowerCase().replace(APOSTROPHES, '')).match(WORD);
  if (tokens === null) return null;
  let result = '';
  let kept = 0;
  for (const token of tokens) {
    if (TITLES.has(token) || SUFFIXES.has(token)) continue;
    if (kept > 0 && TRAILING_SUFFIXES.has(token)) continue;
    result = kept === 0 ? token : `${result} ${token}`;
    kept += 1;
  }
  return kept === 0 ? null : result;
}
