import type { StoredRecord } from '../resolution/types.ts';
import { compareRecords, comparisons } from './comparisons.ts';
import { derivedInSlot, derivedOnce } from './derivedOnce.ts';
import { extractFeatures, type RecordFeatures } from './features.ts';
import { compileModel, explainVector, scoreVector, toProbability, type CompiledModel, type MatchModel, type PairScore } from './MatchModel.ts';

/**
 * A deterministic rule, applied before the probabilistic score: when every listed comparison is
 * at one of the listed levels (`missing` where either side lacks the value), the pair is linked (`LINK`) or kept apart (`CANNOT_LINK`)
 * whatever the score says.
 */
export interface MatchRule {
  name: string;
  decision: 'LINK' | 'CANNOT_LINK';
  when: Record<string, readonly string[]>;
}

export interface MatchingSettings {
  rules: readonly MatchRule[];
  /** Source systems that hold one record per person: two of their ids in one customer conflict. */
  oneRecordPerPerson: readonly string[];
  /** Birth dates further apart than a typo explains are conflicting evidence for a transitive merge. */
  birthDateConflict: boolean;
  /** Records one customer may hold before a further automatic merge goes to review. */
  maxClusterSize: number;
  /** An e-mail or phone held by more records than this links nothing (a shared mailbox, a switchboard). */
  maxRecordsPerIdentifier: number;
  /** Per identifier type, overriding `maxRecordsPerIdentifier` (e.g. phones shared by households: `{ "phone": 4 }`). */
  identifierLimits: Readonly<Partial<Record<'email' | 'phone', number>>>;
}

const defaultRules: readonly MatchRule[] = [
    {
      name: 'DIFFERENT_GIVEN_NAME_AND_BIRTH_DATE',
      decision: 'CANNOT_LINK',
      when: { givenName: ['else'], birthDate: ['else', 'missing'], nationalId: ['else', 'missing'], email: ['else', 'missing'] },
    },
    {
      name: 'SAME_EMAIL_NAME_AND_BIRTH_DATE',
      decision: 'LINK',
      when: { email: ['exact'], givenName: ['exact', 'nickname'], familyName: ['exact'], birthDate: ['exact'] },
    },
];

export const defaultMatchingSettings: MatchingSettings = Object.freeze({
  rules: Object.freeze(defaultRules),
  oneRecordPerPerson: Object.freeze([]) as readonly string[],
  birthDateConflict: true,
  maxClusterSize: 50,
  maxRecordsPerIdentifier: 10,
  identifierLimits: Object.freeze({}),
});

export type PairDecision = 'LINK' | 'REVIEW' | 'NONE';

export interface PairOutcome {
  probability: number;
  matchWeight: number;
  decision: PairDecision;
  /** The deterministic rule that decided, or `THRESHOLD` / `SHARED_RECORD_ID`. */
  decidedBy: string;
}

interface CompiledRule {
  rule: MatchRule;
  checks: { index: number; levels: Set<number> }[];
}

const BIRTH_DATE = comparisons.findIndex((c) => c.name === 'birthDate');

/** A copy of the vector with the birth date taken as missing: the rest of the evidence. */
function withoutBirthDate(vector: Int8Array): Int8Array {
  const copy = Int8Array.from(vector);
  copy[BIRTH_DATE] = -1;
  return copy;
}

/** Whether two records share a source key (their own or a claimed id). */
function shareSourceKey(a: RecordFeatures, b: RecordFeatures): boolean {
  for (const key of a.sourceKeys) if (b.sourceKeys.includes(key)) return true;
  return false;
}

/** Whether a vector meets every check of a rule. */
function holds(checks: CompiledRule['checks'], vector: Int8Array): boolean {
  for (const { index, levels } of checks) if (!levels.has(vector[index]!)) return false;
  return true;
}

/** Two `YYYY-MM-DD` dates that differ in at least 3 of their 8 digits, and by more than two years. */
function distantDates(a: string, b: string): boolean {
  let differing = 0;
  for (let i = 0; i < a.length; i += 1) if (a[i] !== b[i]) differing += 1;
  return differing >= 3 && Math.abs(Number(a.slice(0, 4)) - Number(b.slice(0, 4))) > 2;
}

/** The values whose frequencies adjust exact agreements, once per features object (the comparisons are the same for every matcher). */
const tfValues = derivedInSlot((a: RecordFeatures) => comparisons.map((c) => (c.tfValue ? c.tfValue(a) : null)));

/**
 * Scores and decides record pairs with one model and one set of settings. Create one per model
 * version; it holds no per-request state (only derived features, by record object).
 */
export class Matcher {
  readonly compiled: CompiledModel;
  private readonly rules: CompiledRule[];
  private readonly vector = new Int8Array(comparisons.length);

  constructor(
    readonly model: MatchModel,
    readonly settings: MatchingSettings,
    readonly region: string,
  ) {
    this.compiled = compileModel(model);
    this.rules = settings.rules.map((rule) => ({
      rule,
      checks: Object.entries(rule.when).map(([name, levels]) => {
        const index = comparisons.findIndex((c) => c.name === name);
        if (index < 0) throw new TypeError(`Match rule ${rule.name}: unknown comparison "${name}" (known: ${comparisons.map((c) => c.name).join(', ')})`);
        const known = comparisons[index]!.levels;
        return {
          index,
          levels: new Set(
            levels.map((level) => {
              const i = level === 'missing' ? -1 : known.indexOf(level);
              if (i < 0 && level !== 'missing') throw new TypeError(`Match rule ${rule.name}: ${name} has no level "${level}" (levels: ${known.join(', ')})`);
              return i;
            }),
          ),
        };
      }),
    }));
  }

  /**
   * The record's features, derived once per record object: records are never changed in place
   * (a new version is a new object), and the repository hands out the same object for the same
   * version, so a candidate seen in many batches is normalised once.
   */
  readonly features: (record: StoredRecord) => RecordFeatures = derivedOnce((record) => extractFeatures(record, this.region));

  /**
   * Decides one pair: a shared record id links; two ids of a one-record-per-person source never
   * link; then the rules in order, then the thresholds.
   */
  decide(a: RecordFeatures, b: RecordFeatures): PairOutcome {
    const vector = compareRecords(a, b, this.vector);
    const matchWeight = scoreVector(this.compiled, vector, tfValues(a));
    const probability = toProbability(matchWeight);
    if (shareSourceKey(a, b)) return { probability, matchWeight, decision: 'LINK', decidedBy: 'SHARED_RECORD_ID' };
    const sameSource = this.sameSourceConflict(a, b);
    if (sameSource) return { probability, matchWeight, decision: 'NONE', decidedBy: 'SAME_SOURCE_DIFFERENT_ID' };
    for (const { rule, checks } of this.rules) {
      if (holds(checks, vector)) return { probability, matchWeight, decision: rule.decision === 'LINK' ? 'LINK' : 'NONE', decidedBy: rule.name };
    }
    const { link, review } = this.model.thresholds;
    return { probability, matchWeight, decision: probability >= link ? 'LINK' : probability >= review ? 'REVIEW' : 'NONE', decidedBy: 'THRESHOLD' };
  }

  /** The comparisons of a pair with their weights, and what decided (the waterfall). */
  explain(a: RecordFeatures, b: RecordFeatures): PairScore & { decision: PairDecision; decidedBy: string; priorWeight: number } {
    const vector = compareRecords(a, b);
    const score = explainVector(this.compiled, vector, tfValues(a));
    const { decision, decidedBy } = this.decide(a, b);
    return { ...score, decision, decidedBy, priorWeight: this.compiled.priorWeight };
  }

  /** Two different ids of a source that holds one record per person (own or claimed ids), or null. */
  private sameSourceConflict(a: RecordFeatures, b: RecordFeatures): string | null {
    if (this.settings.oneRecordPerPerson.length === 0) return null;
    if (shareSourceKey(a, b)) return null;
    for (const ka of a.sourceKeys) {
      const system = ka.slice(0, ka.indexOf(':'));
      if (!this.settings.oneRecordPerPerson.includes(system)) continue;
      for (const kb of b.sourceKeys) {
        if (kb.startsWith(`${system}:`)) return `SAME_SOURCE_DIFFERENT_ID: ${system} holds one record per person`;
      }
    }
    return null;
  }

  /**
   * Why two records cannot be in one customer, or null: two ids of a one-record-per-person
   * source, birth dates too far apart for a typo on a pair that is no likely match on the rest of
   * its evidence, or a `CANNOT_LINK` rule.
   */
  conflict(a: RecordFeatures, b: RecordFeatures): string | null {
    const sameSource = this.sameSourceConflict(a, b);
    if (sameSource) return sameSource;
    const vector = compareRecords(a, b, this.vector);
    if (
      this.settings.birthDateConflict &&
      vector[BIRTH_DATE] === comparisons[BIRTH_DATE]!.levels.length - 1 &&
      distantDates(a.birthDate!, b.birthDate!) &&
      toProbability(scoreVector(this.compiled, withoutBirthDate(vector), tfValues(a))) < this.model.thresholds.review
    ) {
      return 'BIRTH_DATES_CONFLICT: birth dates differ in more places than typing errors explain';
    }
    for (const { rule, checks } of this.rules) {
      if (rule.decision === 'CANNOT_LINK' && checks.every(({ index, levels }) => levels.has(vector[index]!))) return rule.name;
    }
    return null;
  }
}
