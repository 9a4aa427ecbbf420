import { loadNicknameTable } from '../../../lib/loadNicknameTable.ts';
import { compareDates, damerauLevenshtein, jaroWinkler, tokenSetSimilarity } from './compare/index.ts';
import { derivedInSlot } from './derivedOnce.ts';
import type { RecordFeatures } from './features.ts';
import { addressTokens, createNicknameIndex, type NicknameIndex } from './normalize/index.ts';

/**
 * One attribute comparison of the Fellegi–Sunter model. `compare` returns the index of the
 * level the pair falls in (0 is the strongest agreement; the last level is disagreement), or
 * -1 when either side is missing, which carries no weight either way.
 */
export interface Comparison {
  readonly name: string;
  readonly levels: readonly string[];
  compare(a: RecordFeatures, b: RecordFeatures): number;
  /** Term-frequency adjustment of level 0: the value whose frequency stands in for `u`. */
  readonly tfValue?: (f: RecordFeatures) => string | null;
}

const MISSING = -1;

let nicknames: NicknameIndex | undefined;
const nicknameIndex = (): NicknameIndex => (nicknames ??= createNicknameIndex(loadNicknameTable()));

function bestOver<T>(as: readonly T[], bs: readonly T[], level: (a: T, b: T) => number): number {
  if (as.length === 0 || bs.length === 0) return MISSING;
  let best = Number.MAX_SAFE_INTEGER;
  for (const a of as) for (const b of bs) best = Math.min(best, level(a, b));
  return best;
}

const isInitialOf = (a: string, b: string) => (a.length === 1 && b[0] === a) || (b.length === 1 && a[0] === b);

const givenName: Comparison = {
  name: 'givenName',
  levels: ['exact', 'nickname', 'jw92', 'phonetic', 'jw80', 'initial', 'else'],
  compare(a, b) {
    if (!a.given || !b.given) return MISSING;
    if (a.given === b.given) return 0;
    if (nicknameIndex().areEquivalent(a.givenFirst!, b.givenFirst!)) return 1;
    const jw = jaroWinkler(a.given, b.given);
    if (jw >= 0.92) return 2;
    if (a.givenCode !== '' && a.givenCode === b.givenCode) return 3;
    if (jw >= 0.8) return 4;
    if (isInitialOf(a.givenFirst!, b.givenFirst!)) return 5;
    return 6;
  },
  tfValue: (f) => f.given,
};

const familyName: Comparison = {
  name: 'familyName',
  levels: ['exact', 'jw92', 'phonetic', 'jw80', 'else'],
  compare(a, b) {
    if (!a.family || !b.family) return MISSING;
    if (a.family === b.family) return 0;
    const jw = jaroWinkler(a.family, b.family);
    if (jw >= 0.92) return 1;
    if (a.familyCode !== '' && a.familyCode === b.familyCode) return 2;
    if (jw >= 0.8) return 3;
    return 4;
  },
  tfValue: (f) => f.family,
};

const dateLevel = { exact: 0, transposed: 1, oneEdit: 2, sameYear: 3, near: 3, different: 4 } as const;
const birthDate: Comparison = {
  name: 'birthDate',
  levels: ['exact', 'transposed', 'oneEdit', 'near', 'else'],
  compare: (a, b) => (a.birthDate && b.birthDate ? dateLevel[compareDates(a.birthDate, b.birthDate)] : MISSING),
};

const localPart = (email: string) => email.slice(0, email.indexOf('@'));
const email: Comparison = {
  name: 'email',
  levels: ['exact', 'localPart', 'jw88', 'else'],
  compare: (a, b) =>
    bestOver(a.emails, b.emails, (x, y) => {
      if (x === y) return 0;
      const lx = localPart(x);
      const ly = localPart(y);
      if (lx === ly && lx.length >= 3) return 1;
      // The local parts, not the whole addresses: a shared domain makes any two addresses look alike.
      return lx.length >= 3 && ly.length >= 3 && jaroWinkler(lx, ly) >= 0.88 ? 2 : 3;
    }),
  tfValue: (f) => f.emails[0] ?? null,
};

const phone: Comparison = {
  name: 'phone',
  levels: ['exact', 'lastSeven', 'else'],
  compare: (a, b) => bestOver(a.phones, b.phones, (x, y) => (x === y ? 0 : x.slice(-7) === y.slice(-7) ? 1 : 2)),
  tfValue: (f) => f.phones[0] ?? null,
};

/** A record's street tokens, split once per features object (a record is compared with many). */
const streetTokens = derivedInSlot((f: RecordFeatures) => addressTokens(f.street!));

const street: Comparison = {
  name: 'street',
  levels: ['exact', 'tokens80', 'tokens50', 'else'],
  compare(a, b) {
    if (!a.street || !b.street) return MISSING;
    if (a.street === b.street) return 0;
    const similarity = tokenSetSimilarity(streetTokens(a), streetTokens(b));
    return similarity >= 0.8 ? 1 : similarity >= 0.5 ? 2 : 3;
  },
};

const city: Comparison = {
  name: 'city',
  levels: ['exact', 'jw90', 'else'],
  compare(a, b) {
    if (!a.city || !b.city) return MISSING;
    if (a.city === b.city) return 0;
    return jaroWinkler(a.city, b.city) >= 0.9 ? 1 : 2;
  },
  tfValue: (f) => f.city,
};

const postcode: Comparison = {
  name: 'postcode',
  levels: ['exact', 'oneEdit', 'else'],
  compare(a, b) {
    if (!a.postcode || !b.postcode) return MISSING;
    if (a.postcode === b.postcode) return 0;
    return damerauLevenshtein(a.postcode, b.postcode, 1) <= 1 ? 1 : 2;
  },
  tfValue: (f) => f.postcode,
};

const region: Comparison = {
  name: 'region',
  levels: ['exact', 'else'],
  compare: (a, b) => (a.region && b.region ? (a.region === b.region ? 0 : 1) : MISSING),
};

const nationalId: Comparison = {
  name: 'nationalId',
  levels: ['exact', 'oneEdit', 'else'],
  compare(a, b) {
    if (!a.nationalId || !b.nationalId) return MISSING;
    if (a.nationalId === b.nationalId) return 0;
    return damerauLevenshtein(a.nationalId, b.nationalId, 1) <= 1 ? 1 : 2;
  },
};

/** The comparisons of the model, in a fixed order: a comparison vector is indexed by it. */
export const comparisons: readonly Comparison[] = Object.freeze([givenName, familyName, birthDate, email, phone, street, city, postcode, region, nationalId]);

const GIVEN = 0;
const FAMILY = 1;

/** A record's names read the other way round (given as family), built once per features object. */
const swappedNames = derivedInSlot(
  (f: RecordFeatures): RecordFeatures => ({ ...f, given: f.family, givenFirst: f.family!.split(' ')[0]!, family: f.given, givenCode: f.familyCode, familyCode: f.givenCode, derived: [] }),
);

/**
 * The comparison vector of a pair: one level per comparison (-1 where missing). Names entered
 * the wrong way round (given in the family field) are compared both ways, and the closer
 * reading is kept.
 */
export function compareRecords(a: RecordFeatures, b: RecordFeatures, into: Int8Array = new Int8Array(comparisons.length)): Int8Array {
  for (let i = 0; i < comparisons.length; i += 1) into[i] = comparisons[i]!.compare(a, b);
  const straight = into[GIVEN]! + into[FAMILY]!;
  if (a.given && a.family && b.given && b.family && straight > 1 && a.given !== a.family) {
    const swapped = swappedNames(b);
    const g = givenName.compare(a, swapped);
    const f = familyName.compare(a, swapped);
    if (g + f < straight) {
      into[GIVEN] = g;
      into[FAMILY] = f;
    }
  }
  return into;
}
