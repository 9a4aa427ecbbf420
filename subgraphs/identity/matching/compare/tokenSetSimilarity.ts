import { showValue } from '../normalize/showValue.ts';
import { jaroWinkler } from './jaroWinkler.ts';

/** Tokens this similar (Jaro–Winkler) count as the same token: `hight` ~ `high`, `stret` ~ `street`. */
const FUZZY_THRESHOLD = 0.9;

const hasDigit = (token: string): boolean => {
  for (let i = 0; i < token.length; i += 1) {
    const code = token.charCodeAt(i);
    if (code >= 48 && code <= 57) return true;
  }
  return false;
};

const distinct = (tokens: readonly string[], name: string): string[] => {
  if (!Array.isArray(tokens)) throw new TypeError(`tokenSetSimilarity: expected ${name} to be an array of strings, got ${showValue(tokens)}`);
  const seen: string[] = [];
  for (const token of tokens) {
    if (typeof token !== 'string') throw new TypeError(`tokenSetSimilarity: expected ${name} to hold strings only, got ${showValue(token)}`);
    if (token !== '' && !seen.includes(token)) seen.push(token);
  }
  return seen;
};

/**
 * Jaccard similarity of two token sets (address tokens, typically from `addressTokens`) where a
 * token of one set matches a token of the other when they are equal or, for tokens without
 * digits, when their Jaro–Winkler similarity is at least 0.9. Each token matches at most once:
 * equal tokens are paired first, then each remaining token of `a` takes its most similar free
 * token of `b`. The result is `matches / (|A| + |B| - matches)` over distinct non-empty tokens:
 * `['12','high','st']` / `['12','hight','st']` → 1; `['12','high','st']` / `['14','high','st']`
 * → 0.5.
 *
 * Tokens with a digit (house and unit numbers, `12a`) match only when equal: `12` and `13` are
 * different houses however similar the strings. Returns 0 when either side has no tokens
 * (missing is not agreement). Symmetric except in rare ties of the fuzzy pairing. Meant for
 * short token lists (quadratic in their length). Throws a TypeError unless both arguments are
 * arrays of strings.
 */
export function tokenSetSimilarity(a: readonly string[], b: readonly string[]): number {
  const left = distinct(a, 'a');
  const right = distinct(b, 'b');
  if (left.length === 0 || right.length === 0) return 0;

  const rightTaken = new Uint8Array(right.length);
  const leftPending: string[] = [];
  let matches = 0;
  for (const token of left) {
    const index = right.indexOf(token);
    if (index >= 0) {
      rightTaken[index] = 1;
      matches += 1;
    } else if (!hasDigit(token)) {
      leftPending.push(token);
    }
  }
  for (const token of leftPending) {
    let best = -1;
    let bestScore = FUZZY_THRESHOLD;
    for (let j = 0; j < right.length; j += 1) {
      const candidate = right[j]!;
      if (rightTaken[j] === 1 || hasDigit(candidate)) continue;
      const score = jaroWinkler(token, candidate);
      if (score >= bestScore) {
        if (score > bestScore || best < 0) best = j;
        bestScore = score;
      }
    }
    if (best >= 0) {
      rightTaken[best] = 1;
      matches += 1;
    }
  }
  return matches / (left.length + right.length - matches);
}
