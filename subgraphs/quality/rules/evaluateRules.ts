import { isValidPhoneNumber, type CountryCode } from 'libphonenumber-js';
import type { QualityIssue, RecordFacts, RuleDefinition, Severity } from './types.ts';

export interface EvaluationOptions {
  region: string;
  /** Today, for birth-date plausibility. */
  today: Date;
}

type Check = (facts: RecordFacts, options: EvaluationOptions) => string[];

// RFC 5322's common subset: a dot-atom local part and a domain of LDH labels with a 2+ letter TLD.
const emailSyntax = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*@([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$/;

/** Messages name the position of a value, never the value: quality issues must not echo personal data. */
const checks: Record<string, Check> = {
  EMAIL_SYNTAX: (facts) =>
    facts.emails.flatMap((email, i) => (emailSyntax.test(email.trim()) ? [] : [`e-mail #${i + 1} is not a valid address`])),
  PHONE_VALID: (facts, { region }) =>
    facts.phones.flatMap((phone, i) =>
      isValidPhoneNumber(phone.trim(), region as CountryCode) ? [] : [`phone #${i + 1} is not a valid number for its region (default ${region})`],
    ),
  NAME_PRESENT: (facts) => {
    const full = facts.fullName?.trim();
    const given = facts.givenName?.trim();
    const family = facts.familyName?.trim();
    if (full || (given && family)) return [];
    if (given || family) return [`only the ${given ? 'given' : 'family'} name is present`];
    return ['no name is present'];
  },
  BIRTH_DATE_PLAUSIBLE: (facts, { today }) => {
    const value = facts.birthDate?.trim();
    if (!value) return [];
    const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
    const date = match ? new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))) : null;
    if (!match || !date || date.getUTCMonth() !== Number(match[2]) - 1 || date.getUTCDate() !== Number(match[3])) {
      return ['birth date is not a calendar date in YYYY-MM-DD form'];
    }
    if (date > today) return ['birth date is in the future'];
    const age = (today.getTime() - date.getTime()) / (365.2425 * 24 * 3600_000);
    return age > 120 ? ['birth date is more than 120 years ago'] : [];
  },
};

/** Ids of the rules this code can evaluate; the store's catalog must not name others. */
export const builtInRuleIds = Object.freeze(Object.keys(checks));

const penalty: Record<Severity, number> = { ERROR: 20, WARNING: 10, INFO: 2 };

/**
 * Evaluates the enabled rules over every record of one customer. Returns the issues (in record,
 * then rule order) and a score: 100 less 20 per error, 10 per warning, 2 per info, never below 0.
 * A rule id without a built-in check throws a TypeError: the catalog and the code disagree.
 */
export function evaluateRules(records: readonly RecordFacts[], rules: readonly RuleDefinition[], options: EvaluationOptions): { score: number; issues: QualityIssue[] } {
  const issues: QualityIssue[] = [];
  for (const record of records) {
    for (const rule of rules) {
      if (!rule.enabled) continue;
      const check = Object.hasOwn(checks, rule.id) ? checks[rule.id] : undefined;
      if (!check) throw new TypeError(`Expected a built-in quality rule id (${builtInRuleIds.join(', ')}), got ${JSON.stringify(rule.id)}`);
      for (const message of check(record, options)) {
        issues.push({ rule: rule.id, field: rule.field, sourceKey: record.sourceKey, severity: rule.severity, message });
      }
    }
  }
  const score = Math.max(0, 100 - issues.reduce((sum, issue) => sum + penalty[issue.severity], 0));
  return { score, issues };
}
