import { showValue } from '../normalize/showValue.ts';

// Three DP rows reused across calls (grown when needed): no allocation per call.
let rowBeforeLast = new Int32Array(64);
let lastRow = new Int32Array(64);
let row = new Int32Array(64);

/**
 * The optimal string alignment distance (the restricted Damerau–Levenshtein distance): the fewest
 * insertions, deletions, substitutions and transpositions of two ADJACENT characters that turn
 * `a` into `b`, where no substring is edited twice. `ca`/`abc` is 3 (true Damerau–Levenshtein
 * would say 2); `martha`/`marhta` is 1; `kitten`/`sitting` is 3.
 *
 * With `max` (a non-negative integer), the result is `min(distance, max + 1)`: computation stops
 * as soon as the distance is known to exceed `max`, so a caller asking "within 2 edits?" pays for
 * little more than that. Compares UTF-16 code units, case-sensitively: pass normalised values.
 * Throws a TypeError when `a` or `b` is not a string, or `max` is not a non-negative integer.
 */
export function damerauLevenshtein(a: string, b: string, max?: number): number {
  if (typeof a !== 'string' || typeof b !== 'string') throw new TypeError(`damerauLevenshtein: expected two strings, got ${showValue(a)} and ${showValue(b)}`);
  if (max !== undefined && !(Number.isInteger(max) && max >= 0)) throw new TypeError(`damerauLevenshtein: expected max to be a non-negative integer, got ${showValue(max)}`);
  const cap = max === undefined ? Number.MAX_SAFE_INTEGER : max + 1;
  if (a === b) return 0;

  // A common prefix or suffix never changes the distance (as in rapidfuzz's OSA); drop it.
  let start = 0;
  let endA = a.length;
  let endB = b.length;
  while (start < endA && start < endB && a.charCodeAt(start) === b.charCodeAt(start)) start += 1;
  while (endA > start && endB > start && a.charCodeAt(endA - 1) === b.charCodeAt(endB - 1)) {
    endA -= 1;
    endB -= 1;
  }
  const lengthA = endA - start;
  const lengthB = endB - start;
  if (lengthA === 0 || lengthB === 0) return Math.min(lengthA + lengthB, cap);
  if (Math.abs(lengthA - lengthB) >= cap) return cap;

  if (row.length <= lengthB) {
    const size = Math.max(lengthB + 1, row.length * 2);
    rowBeforeLast = new Int32Array(size);
    lastRow = new Int32Array(size);
    row = new Int32Array(size);
  }
  for (let j = 0; j <= lengthB; j += 1) lastRow[j] = j;

  let lastRowMin = 0;
  for (let i = 1; i <= lengthA; i += 1) {
    const codeA = a.charCodeAt(start + i - 1);
    const previousCodeA = i > 1 ? a.charCodeAt(start + i - 2) : -1;
    row[0] = i;
    let rowMin = i;
    for (let j = 1; j <= lengthB; j += 1) {
      const codeB = b.charCodeAt(start + j - 1);
      let value = lastRow[j - 1]! + (codeA === codeB ? 0 : 1);
      const deletion = lastRow[j]! + 1;
      if (deletion < value) value = deletion;
      const insertion = row[j - 1]! + 1;
      if (insertion < value) value = insertion;
      if (i > 1 && j > 1 && codeA === b.charCodeAt(start + j - 2) && previousCodeA === codeB) {
        const transposition = rowBeforeLast[j - 2]! + 1;
        if (transposition < value) value = transposition;
      }
      row[j] = value;
      if (value < rowMin) rowMin = value;
    }
    // Every alignment passes through this row, or jumps over the last one by a transposition
    // (cost 1) from the one before; costs never decrease along an alignment.
    if (rowMin >= cap && lastRowMin + 1 >= cap) return cap;
    lastRowMin = rowMin;
    const spare = rowBeforeLast;
    rowBeforeLast = lastRow;
    lastRow = row;
    row = spare;
  }
  return Math.min(lastRow[lengthB]!, cap);
}
