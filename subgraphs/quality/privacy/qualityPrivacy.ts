import type { Caller } from '../../../lib/auth/Caller.ts';
import type { RetentionConfig } from '../../../lib/config.ts';
import { badUserInput } from '../../../lib/errors.ts';
import { assertPrivacyCaller, describeFields, type ExportFieldSpec, type InventoryField } from '../../../lib/privacy/index.ts';
import { evaluateRules } from '../rules/evaluateRules.ts';
import type { RecordFacts, RuleDefinition } from '../rules/types.ts';

const purpose = 'data quality of the customer records (SERVICE)';
const source = 'quality: evaluated from the source records identity holds, at read time';

const exportFields: readonly ExportFieldSpec[] = [
  { path: 'quality.score', field: 'CustomerQuality.score', purpose, source, dataSet: null },
  { path: 'quality.issues[].rule', field: 'QualityIssue.rule', purpose, source, dataSet: null },
  { path: 'quality.issues[].sourceKey', field: 'QualityIssue.sourceKey', purpose, source, dataSet: null },
  { path: 'quality.issues[].message', field: 'QualityIssue.message', purpose, source, dataSet: null },
];

function facts(value: unknown): RecordFacts[] {
  if (!Array.isArray(value)) throw badUserInput('recordFacts must be a JSON array of record facts');
  return value.map((item, index) => {
    const fact = (typeof item === 'object' && item !== null ? item : {}) as Record<string, unknown>;
    const strings = (name: string) => {
      const list = fact[name] ?? [];
      if (!Array.isArray(list) || !list.every((v) => typeof v === 'string')) throw badUserInput(`recordFacts[${index}].${name} must be a list of strings`);
      return list as string[];
    };
    const optional = (name: string) => (typeof fact[name] === 'string' ? (fact[name] as string) : null);
    if (typeof fact.sourceKey !== 'string') throw badUserInput(`recordFacts[${index}].sourceKey must be a string`);
    return { sourceKey: fact.sourceKey, givenName: optional('givenName'), familyName: optional('familyName'), fullName: optional('fullName'), emails: strings('emails'), phones: strings('phones'), birthDate: optional('birthDate') };
  });
}

/**
 * The quality subgraph's side of privacy requests (issue 4). Quality stores nothing against a
 * person: it evaluates its rules over the record facts identity passes it, at read time. So an
 * export is the issues found in the subject's records (given by the runner from identity's
 * export), and an erasure has nothing to remove, which it reports as such.
 */
export class QualityPrivacy {
  readonly #inventory: InventoryField[];

  constructor(
    private readonly rules: () => Promise<RuleDefinition[]>,
    private readonly region: string,
    sdl: string,
    retention: RetentionConfig['days'],
  ) {
    this.#inventory = describeFields(sdl, exportFields, retention);
  }

  async export(caller: Caller | undefined, recordFacts: unknown) {
    assertPrivacyCaller(caller);
    const evaluated = evaluateRules(facts(recordFacts), await this.rules(), { region: this.region, today: new Date() });
    return { data: evaluated, inventory: this.#inventory };
  }

  erase(caller: Caller | undefined) {
    assertPrivacyCaller(caller);
    return { stored: 0, note: 'quality stores no data against a person; issues are computed from identity records, which identity erased' };
  }
}
