import { foldDiacritics } from './foldDiacritics.ts';
import { showValue } from './showValue.ts';

const APOSTROPHES = /['’‘ʼ`´]/g;
const WORD = /[\p{L}\p{N}]+/gu;

/** Every spelling → its one canonical short form (the short form maps to itself implicitly). */
const CANONICAL: ReadonlyMap<string, string> = new Map([
  ['street', 'st'], ['str', 'st'],
  ['road', 'rd'],
  ['avenue', 'ave'], ['av', 'ave'],
  ['drive', 'dr'],
  ['lane', 'ln'],
  ['court', 'ct'],
  ['place', 'pl'],
  ['crescent', 'cres'], ['cr', 'cres'],
  ['circuit', 'cct'], ['cir', 'cct'],
  ['boulevard', 'blvd'],
  ['terrace', 'tce'], ['terr', 'tce'],
  ['parade', 'pde'],
  ['highway', 'hwy'],
  ['square', 'sq'],
  ['close', 'cl'],
  ['grove', 'gr'], ['gro', 'gr'],
  ['mount', 'mt'],
  ['north', 'n'], ['south', 's'], ['east', 'e'], ['west', 'w'],
  ['apartment', 'unit'], ['apt', 'unit'], ['flat', 'unit'], ['suite', 'unit'], ['ste', 'unit'],
]);

/** Words that only announce the number after them (`No. 12`, `Number 5`); `#` is punctuation anyway. */
const NUMBER_WORDS: ReadonlySet<string> = new Set(['no', 'number', 'nr', 'num']);

const isDigit = (code: number) => code >= 48 && code <= 57;

/**
 * The matching form of a street address line: lower case, diacritics folded, apostrophes removed
 * (`St. John's` → `st johns`), every other punctuation mark a space (`12/34-36` → `12 34 36`),
 * spaces collapsed, and each common word written in ONE canonical short form:
 * street/str/st → st, road → rd, avenue/av → ave, drive → dr, lane → ln, court → ct,
 * place → pl, crescent/cr → cres, circuit/cir → cct, boulevard → blvd, terrace/terr → tce,
 * parade → pde, highway → hwy, square → sq, close → cl, grove/gro → gr, mount → mt,
 * north/south/east/west → n/s/e/w, apartment/apt/flat/suite/ste → unit. `no`, `number`, `nr`
 * and `num` are dropped before a number (`No. 12` → `12`, `#12` → `12`). Numbers are kept as
 * written (`12a` stays `12a`).
 *
 * Pitfall: `st` stands for both street and saint, `dr` for drive and doctor; both sides of a
 * comparison are normalised the same way, so this costs nothing in matching.
 * Returns null for null, undefined, and a value with no letters or digits. Placeholders
 * (`unknown`) are not recognised here: use `isPlaceholder('text', …)`. Throws a TypeError for
 * a non-string.
 */
export function normalizeAddressLine(raw: string | null | undefined): string | null {
  if (raw === null || raw === undefined) return null;
  if (typeof raw !== 'string') throw new TypeError(`normalizeAddressLine: expected a string, null or undefined, got ${showValue(raw)}`);
  const tokens = foldDiacritics(raw.toLowerCase().replace(APOSTROPHES, '')).match(WORD);
  if (tokens === null) return null;
  let result = '';
  for (let i = 0; i < tokens.length; i += 1) {
    const token = tokens[i]!;
    if (NUMBER_WORDS.has(token)) {
      const next = tokens[i + 1];
      if (next !== undefined && isDigit(next.charCodeAt(0))) continue;
    }
    const canonical = CANONICAL.get(token) ?? token;
    result = result === '' ? canonical : `${result} ${canonical}`;
  }
  return result === '' ? null : result;
}
