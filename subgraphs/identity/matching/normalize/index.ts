/**
 * Normalisation for matching (issue 3, "Matching → Normalization"): each attribute in the form in
 * which two records are compared. Pure functions; none of them is the stored form of a value.
 */
export { addressTokens } from './addressTokens.ts';
export { createNicknameIndex, type NicknameIndex } from './createNicknameIndex.ts';
export { isPlaceholder, type PlaceholderKind } from './isPlaceholder.ts';
export { matchEmail } from './matchEmail.ts';
export { normalizeAddressLine } from './normalizeAddressLine.ts';
export { normalizeName } from './normalizeName.ts';
export { normalizePostcode } from './normalizePostcode.ts';
export { parseDate, type DateOrder } from './parseDate.ts';
