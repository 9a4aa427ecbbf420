import { showValue } from '../normalize/showValue.ts';

const PREFIX_SCALE = 0.1;
const MAX_PREFIX = 4;
const BOOST_THRESHOLD = 0.7;

// Match flags reused across calls (grown when a longer string arrives): no allocation per call.
let flagsA = new Uint8Array(64);
let flagsB = new Uint8Array(64);

/**
 * Jaro–Winkler similarity in [0, 1]: the Jaro similarity (matching characters within a window of
 * `floor(max(|a|, |b|) / 2) - 1`, half-transpositions) raised by Winkler's common-prefix bonus
 * (scale 0.1, prefix of at most 4 characters), applied as in Winkler's original only when the
 * Jaro similarity exceeds 0.7. `martha`/`marhta` → 0.9611, `dwayne`/`duane` → 0.84.
 *
 * Returns 1 for equal non-empty strings and 0 when either string is empty (two empty values are
 * missing data, not agreement). Case-sensitive and compares UTF-16 code units: pass normalised
 * values. Symmetric for strings of the same length; for different lengths the greedy match is
 * taken from the first argument, like the reference implementations. Not reentrant across
 * threads (module-level scratch buffers), which JavaScript's single thread makes safe.
 * Throws a TypeError when either argument is not a string.
 */
export function jaroWinkler(a: string, b: string): number {
  if (typeof a !== 'string' || typeof b !== 'string') throw new TypeError(`jaroWinkler: expected two strings, got ${showValue(a)} and ${showValue(b)}`);
  const lengthA = a.length;
  const lengthB = b.length;
  if (lengthA === 0 || lengthB === 0) return 0;
  if (a === b) return 1;
  if (flagsA.length < lengthA) flagsA = new Uint8Array(Math.max(lengthA, flagsA.length * 2));
  if (flagsB.length < lengthB) flagsB = new Uint8Array(Math.max(lengthB, flagsB.length * 2));
  // A plain loop: TypedArray#fill costs more than it saves on name-sized strings.
  for (let i = 0; i < lengthA; i += 1) flagsA[i] = 0;
  for (let j = 0; j < lengthB; j += 1) flagsB[j] = 0;

  const window = Math.max(0, (Math.max(lengthA, lengthB) >> 1) - 1);
  let matches = 0;
  for (let i = 0; i < lengthA; i += 1) {
    const code = a.charCodeAt(i);
    const end = Math.min(lengthB - 1, i + window);
    for (let j = Math.max(0, i - window); j <= end; j += 1) {
      if (flagsB[j] === 0 && b.charCodeAt(j) === code) {
        flagsA[i] = 1;
        flagsB[j] = 1;
        matches += 1;
        break;
      }
    }
  }
  if (matches === 0) return 0;

  let halfTranspositions = 0;
  let k = 0;
  for (let i = 0; i < lengthA; i += 1) {
    if (flagsA[i] === 0) continue;
    while (flagsB[k] === 0) k += 1;
    if (a.charCodeAt(i) !== b.charCodeAt(k)) halfTranspositions += 1;
    k += 1;
  }
  const jaro = (matches / lengthA + matches / lengthB + (matches - halfTranspositions / 2) / matches) / 3;
  if (jaro <= BOOST_THRESHOLD) return jaro;

  const limit = Math.min(MAX_PREFIX, lengthA, lengthB);
  let prefix = 0;
  while (prefix < limit && a.charCodeAt(prefix) === b.charCodeAt(prefix)) prefix += 1;
  return jaro + prefix * PREFIX_SCALE * (1 - jaro);
}
