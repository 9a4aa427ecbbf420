import { describe, expect, it } from 'vitest';
import { builtInRuleIds, evaluateRules } from './evaluateRules.ts';
import type { RecordFacts, RuleDefinition, Severity } from './types.ts';

const options = { region: 'GB', today: new Date('2024-06-01T12:00:00.000Z') };

const rule = (id: string, severity: Severity = 'WARNING', enabled = true): RuleDefinition => ({
  id,
  description: `${id} rule`,
  field: id === 'EMAIL_SYNTAX' ? 'emails' : id === 'PHONE_VALID' ? 'phones' : id === 'NAME_PRESENT' ? 'name' : 'birthDate',
  severity,
  enabled,
});

/** A record that every built-in rule accepts; tests change one fact at a time. */
const clean: RecordFacts = {
  sourceKey: 'crm:C-1001',
  givenName: 'Jane',
  familyName: 'Doe',
  fullName: null,
  emails: ['jane.doe@example.com'],
  phones: ['07400 123456'],
  birthDate: '1980-04-12',
};

/** The messages one rule gives for one record. */
const messages = (id: string, facts: Partial<RecordFacts>) => evaluateRules([{ ...clean, ...facts }], [rule(id)], options).issues.map((issue) => issue.message);

describe('evaluateRules: EMAIL_SYNTAX', () => {
  it('passes well-formed addresses, surrounding blanks ignored', () => {
    expect(messages('EMAIL_SYNTAX', { emails: ['jane.doe@example.com', ' j.o.smith+news@mail.example.co.uk ', "o'brien@example.ie"] })).toEqual([]);
  });

  it('passes a record without e-mails', () => {
    expect(messages('EMAIL_SYNTAX', { emails: [] })).toEqual([]);
  });

  it('names each malformed address by its position', () => {
    expect(messages('EMAIL_SYNTAX', { emails: ['jane@example.com', 'jane@example', 'jane..doe@example.com', 'jane doe@example.com', 'jane@example.c'] })).toEqual([
      'e-mail #2 is not a valid address',
      'e-mail #3 is not a valid address',
      'e-mail #4 is not a valid address',
      'e-mail #5 is not a valid address',
    ]);
  });
});

describe('evaluateRules: PHONE_VALID', () => {
  it('passes valid national and international numbers', () => {
    expect(messages('PHONE_VALID', { phones: ['07400 123456', '(020) 7946 0123', '+1 415 555 2671'] })).toEqual([]);
  });

  it('names each invalid number by its position and the default region', () => {
    expect(messages('PHONE_VALID', { phones: ['07400 123456', '12345', '0000000000'] })).toEqual([
      'phone #2 is not a valid number for its region (default GB)',
      'phone #3 is not a valid number for its region (default GB)',
    ]);
  });

  it('reads national numbers in the region given', () => {
    const facts = { ...clean, phones: ['(415) 555-2671'] };
    expect(evaluateRules([facts], [rule('PHONE_VALID')], { ...options, region: 'US' }).issues).toEqual([]);
    expect(evaluateRules([facts], [rule('PHONE_VALID')], options).issues.map((i) => i.message)).toEqual(['phone #1 is not a valid number for its region (default GB)']);
  });
});

describe('evaluateRules: NAME_PRESENT', () => {
  it('passes a full name alone, or a given and a family name', () => {
    expect(messages('NAME_PRESENT', { givenName: null, familyName: null, fullName: 'Jane Doe' })).toEqual([]);
    expect(messages('NAME_PRESENT', { givenName: 'Jane', familyName: 'Doe', fullName: null })).toEqual([]);
  });

  it('reports a given name without a family name', () => {
    expect(messages('NAME_PRESENT', { givenName: 'Jane', familyName: '  ', fullName: null })).toEqual(['only the given name is present']);
  });

  it('reports a family name without a given name', () => {
    expect(messages('NAME_PRESENT', { givenName: null, familyName: 'Doe', fullName: '' })).toEqual(['only the family name is present']);
  });

  it('reports a record without any name', () => {
    expect(messages('NAME_PRESENT', { givenName: null, familyName: undefined, fullName: ' ' })).toEqual(['no name is present']);
  });
});

describe('evaluateRules: BIRTH_DATE_PLAUSIBLE', () => {
  it('passes a plausible date, today, and a record without a birth date', () => {
    expect(messages('BIRTH_DATE_PLAUSIBLE', { birthDate: '1980-04-12' })).toEqual([]);
    expect(messages('BIRTH_DATE_PLAUSIBLE', { birthDate: '2024-06-01' })).toEqual([]);
    expect(messages('BIRTH_DATE_PLAUSIBLE', { birthDate: '1905-01-01' })).toEqual([]);
    expect(messages('BIRTH_DATE_PLAUSIBLE', { birthDate: null })).toEqual([]);
    expect(messages('BIRTH_DATE_PLAUSIBLE', { birthDate: '  ' })).toEqual([]);
  });

  it('reports a date not in YYYY-MM-DD form', () => {
    expect(messages('BIRTH_DATE_PLAUSIBLE', { birthDate: '12/04/1980' })).toEqual(['birth date is not a calendar date in YYYY-MM-DD form']);
    expect(messages('BIRTH_DATE_PLAUSIBLE', { birthDate: '1980-4-12' })).toEqual(['birth date is not a calendar date in YYYY-MM-DD form']);
  });

  it('reports a day that the calendar does not have', () => {
    expect(messages('BIRTH_DATE_PLAUSIBLE', { birthDate: '1981-02-29' })).toEqual(['birth date is not a calendar date in YYYY-MM-DD form']);
    expect(messages('BIRTH_DATE_PLAUSIBLE', { birthDate: '1980-13-01' })).toEqual(['birth date is not a calendar date in YYYY-MM-DD form']);
  });

  it('reports a date after today', () => {
    expect(messages('BIRTH_DATE_PLAUSIBLE', { birthDate: '2024-06-02' })).toEqual(['birth date is in the future']);
  });

  it('reports a date more than 120 years ago', () => {
    expect(messages('BIRTH_DATE_PLAUSIBLE', { birthDate: '1903-01-01' })).toEqual(['birth date is more than 120 years ago']);
  });
});

describe('evaluateRules: issues', () => {
  it('describes each issue with the rule, field, record and severity, in record then rule order', () => {
    const records: RecordFacts[] = [
      { sourceKey: 'crm:1', givenName: 'Jane', emails: ['jane@'], phones: [] },
      { sourceKey: 'shop:7', fullName: 'Jane Doe', emails: ['x@y'], phones: ['12345'] },
    ];
    const rules = [rule('NAME_PRESENT', 'INFO'), rule('EMAIL_SYNTAX', 'ERROR'), rule('PHONE_VALID', 'WARNING')];
    expect(evaluateRules(records, rules, options).issues).toEqual([
      { rule: 'NAME_PRESENT', field: 'name', sourceKey: 'crm:1', severity: 'INFO', message: 'only the given name is present' },
      { rule: 'EMAIL_SYNTAX', field: 'emails', sourceKey: 'crm:1', severity: 'ERROR', message: 'e-mail #1 is not a valid address' },
      { rule: 'EMAIL_SYNTAX', field: 'emails', sourceKey: 'shop:7', severity: 'ERROR', message: 'e-mail #1 is not a valid address' },
      { rule: 'PHONE_VALID', field: 'phones', sourceKey: 'shop:7', severity: 'WARNING', message: 'phone #1 is not a valid number for its region (default GB)' },
    ]);
  });

  it('never puts the offending value in a message', () => {
    const facts: RecordFacts = {
      sourceKey: 'crm:1',
      givenName: 'Zebedee',
      familyName: null,
      emails: ['zebedee.quux@invalid'],
      phones: ['0799 99'],
      birthDate: '2199-07-14',
    };
    const rules = builtInRuleIds.map((id) => rule(id));
    const { issues } = evaluateRules([facts], rules, options);
    expect(issues.map((i) => i.message)).toEqual([
      'e-mail #1 is not a valid address',
      'phone #1 is not a valid number for its region (default GB)',
      'only the given name is present',
      'birth date is in the future',
    ]);
    for (const { message } of issues) {
      for (const value of ['Zebedee', 'zebedee', 'quux', '0799', '2199', '07-14']) expect(message).not.toContain(value);
    }
  });

  it('skips disabled rules', () => {
    const facts: RecordFacts = { sourceKey: 'crm:1', emails: ['bad'], phones: ['12345'] };
    const { score, issues } = evaluateRules([facts], [rule('EMAIL_SYNTAX', 'ERROR', false), rule('PHONE_VALID', 'ERROR', true), rule('NAME_PRESENT', 'ERROR', false)], options);
    expect(issues.map((i) => i.rule)).toEqual(['PHONE_VALID']);
    expect(score).toBe(80);
  });

  it('knows the four built-in rules', () => {
    expect(builtInRuleIds).toEqual(['EMAIL_SYNTAX', 'PHONE_VALID', 'NAME_PRESENT', 'BIRTH_DATE_PLAUSIBLE']);
  });
});

describe('evaluateRules: score', () => {
  const bad = (n: number): RecordFacts => ({ ...clean, emails: Array.from({ length: n }, () => 'not-an-address') });

  it('is 100 without issues', () => {
    expect(evaluateRules([clean], builtInRuleIds.map((id) => rule(id, 'ERROR')), options)).toEqual({ score: 100, issues: [] });
  });

  it('is 100 for no records', () => {
    expect(evaluateRules([], [rule('EMAIL_SYNTAX')], options)).toEqual({ score: 100, issues: [] });
  });

  it('takes 20 per error, 10 per warning and 2 per info', () => {
    expect(evaluateRules([bad(1)], [rule('EMAIL_SYNTAX', 'ERROR')], options).score).toBe(80);
    expect(evaluateRules([bad(1)], [rule('EMAIL_SYNTAX', 'WARNING')], options).score).toBe(90);
    expect(evaluateRules([bad(1)], [rule('EMAIL_SYNTAX', 'INFO')], options).score).toBe(98);
  });

  it('adds up the penalties of every issue of every record', () => {
    const records: RecordFacts[] = [
      { sourceKey: 'crm:1', emails: ['a', 'b'], phones: ['1'], fullName: 'Jane Doe' },
      { sourceKey: 'shop:7', emails: ['c'], phones: [], givenName: 'Jane' },
    ];
    // 3 bad e-mails as errors (60), 1 bad phone as a warning (10), 1 half name as info (2).
    const rules = [rule('EMAIL_SYNTAX', 'ERROR'), rule('PHONE_VALID', 'WARNING'), rule('NAME_PRESENT', 'INFO')];
    expect(evaluateRules(records, rules, options).score).toBe(28);
  });

  it('reaches 0 exactly at five errors and never goes below it', () => {
    expect(evaluateRules([bad(5)], [rule('EMAIL_SYNTAX', 'ERROR')], options).score).toBe(0);
    const many = evaluateRules([bad(9)], [rule('EMAIL_SYNTAX', 'ERROR')], options);
    expect(many.score).toBe(0);
    expect(many.issues).toHaveLength(9);
  });
});

describe('evaluateRules: catalog mismatch', () => {
  it('throws a TypeError for an enabled rule without a built-in check', () => {
    expect(() => evaluateRules([clean], [rule('EMAIL_SYNTAX'), rule('POSTCODE_VALID')], options)).toThrow(
      new TypeError('Expected a built-in quality rule id (EMAIL_SYNTAX, PHONE_VALID, NAME_PRESENT, BIRTH_DATE_PLAUSIBLE), got "POSTCODE_VALID"'),
    );
    expect(() => evaluateRules([clean], [rule('POSTCODE_VALID')], options)).toThrow(TypeError);
  });

  it.each(['toString', 'constructor', 'hasOwnProperty', '__proto__'])('treats the Object property name %s as an unknown rule id', (id) => {
    expect(() => evaluateRules([clean], [rule(id)], options)).toThrow(
      new TypeError(`Expected a built-in quality rule id (EMAIL_SYNTAX, PHONE_VALID, NAME_PRESENT, BIRTH_DATE_PLAUSIBLE), got "${id}"`),
    );
  });
});
