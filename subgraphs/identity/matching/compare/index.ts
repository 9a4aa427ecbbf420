/**
 * Comparators for matching (issue 3, "Scoring" comparison levels): string similarity, edit
 * distance, phonetic codes, date agreement levels and address token overlap. Pure functions over
 * values already normalised by `../normalize`.
 */
export { compareDates, type DateAgreement } from './compareDates.ts';
export { damerauLevenshtein } from './damerauLevenshtein.ts';
export { doubleMetaphone } from './doubleMetaphone.ts';
export { jaroWinkler } from './jaroWinkler.ts';
export { soundex } from './soundex.ts';
export { tokenSetSimilarity } from './tokenSetSimilarity.ts';
