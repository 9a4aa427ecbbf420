import { emailKey, normalizeEmail, normalizePhone, phoneKey } from '../../../lib/keys.ts';
import type { AddressValue, GoldenRecord, ProvenanceEntry, StoredRecord } from './types.ts';

/**
 * Survivorship rules, applied in the order configured until one tells the candidates apart:
 * `SOURCE_PRIORITY` (the source's rank in `sourcePriority`), `MOST_RECENT` (observedAt),
 * `MOST_COMPLETE` (more filled-in parts: given and family name, a full address), `MOST_FREQUENT`
 * (the value most records agree on). A steward's record (`steward` source, a rectification)
 * always ranks first, with rule `STEWARD`.
 */
export type SurvivorshipRule = 'SOURCE_PRIORITY' | 'MOST_RECENT' | 'MOST_COMPLETE' | 'MOST_FREQUENT';
export const survivorshipRules: readonly SurvivorshipRule[] = Object.freeze(['SOURCE_PRIORITY', 'MOST_RECENT', 'MOST_COMPLETE', 'MOST_FREQUENT']);

export type SurvivorshipAttribute = 'name' | 'birthDate' | 'emails' | 'phones' | 'addresses';

export interface SurvivorshipConfig {
  /** Most reliable first; sources not listed rank last. */
  sourcePriority: readonly string[];
  attributes: Readonly<Record<SurvivorshipAttribute, readonly SurvivorshipRule[]>>;
}

export const defaultSurvivorship: SurvivorshipConfig = Object.freeze({
  sourcePriority: Object.freeze(['steward', 'crm', 'shop', 'support', 'callcenter', 'web']),
  attributes: Object.freeze({
    name: Object.freeze(['MOST_RECENT', 'MOST_COMPLETE'] as SurvivorshipRule[]),
    birthDate: Object.freeze(['MOST_RECENT'] as SurvivorshipRule[]),
    emails: Object.freeze(['MOST_RECENT'] as SurvivorshipRule[]),
    phones: Object.freeze(['MOST_RECENT'] as SurvivorshipRule[]),
    addresses: Object.freeze(['MOST_RECENT'] as SurvivorshipRule[]),
  }),
});

/** Checks a survivorship config; throws a TypeError naming the first bad entry. */
export function assertSurvivorshipConfig(config: SurvivorshipConfig): SurvivorshipConfig {
  for (const attribute of ['name', 'birthDate', 'emails', 'phones', 'addresses'] as const) {
    const rules = config.attributes?.[attribute];
    if (!Array.isArray(rules) || rules.length === 0) throw new TypeError(`survivorship.attributes.${attribute} must be a non-empty list of rules, got ${JSON.stringify(rules)}`);
    for (const rule of rules) {
      if (!survivorshipRules.includes(rule)) throw new TypeError(`survivorship.attributes.${attribute}: unknown rule ${JSON.stringify(rule)} (rules: ${survivorshipRules.join(', ')})`);
    }
  }
  if (!Array.isArray(config.sourcePriority)) throw new TypeError(`survivorship.sourcePriority must be a list of sources, got ${JSON.stringify(config.sourcePriority)}`);
  return config;
}

interface Candidate<T> {
  record: StoredRecord;
  value: T;
  identity: string;
  completeness: number;
}

/** Orders candidates by the rules; returns them best first, each with the rule that placed it above the next one. */
function rank<T>(candidates: Candidate<T>[], rules: readonly SurvivorshipRule[], config: SurvivorshipConfig): { ordered: Candidate<T>[]; rule: string } {
  const frequency = new Map<string, number>();
  for (const c of candidates) frequency.set(c.identity, (frequency.get(c.identity) ?? 0) + 1);
  const priority = (c: Candidate<T>) => {
    const i = config.sourcePriority.indexOf(c.record.source);
    return i < 0 ? config.sourcePriority.length : i;
  };
  const compareBy = (rule: SurvivorshipRule, a: Candidate<T>, b: Candidate<T>): number => {
    switch (rule) {
      case 'SOURCE_PRIORITY':
        return priority(a) - priority(b);
      case 'MOST_RECENT':
        return a.record.observedAt === b.record.observedAt ? 0 : a.record.observedAt > b.record.observedAt ? -1 : 1;
      case 'MOST_COMPLETE':
        return b.completeness - a.completeness;
      case 'MOST_FREQUENT':
        return frequency.get(b.identity)! - frequency.get(a.identity)!;
    }
  };
  const steward = (c: Candidate<T>) => (c.record.source === 'steward' ? 0 : 1);
  const ordered = [...candidates].sort((a, b) => {
    const s = steward(a) - steward(b);
    if (s !== 0) return s;
    for (const rule of rules) {
      const d = compareBy(rule, a, b);
      if (d !== 0) return d;
    }
    return a.record.key < b.record.key ? -1 : a.record.key > b.record.key ? 1 : 0;
  });
  const [first, second] = ordered;
  let rule: string = rules[0]!;
  if (first && first.record.source === 'steward') rule = 'STEWARD';
  else if (first && second && first.identity !== second.identity) rule = rules.find((r) => compareBy(r, first, second) !== 0) ?? rules[0]!;
  return { ordered, rule };
}

/**
 * Survivorship: each golden attribute is chosen among the customer's records by the configured
 * rules (default: the most recent non-empty value; a steward's correction first) and remembers
 * which record gave it and which rule decided. Lists (e-mails, phones, addresses) keep every
 * distinct normalised value, best first; their provenance names the record of the first value.
 */
export function buildGoldenRecord(records: readonly StoredRecord[], region: string, config: SurvivorshipConfig = defaultSurvivorship): GoldenRecord {
  if (records.length === 0) throw new TypeError('Expected at least one record to build a golden record, got none');
  const provenance: ProvenanceEntry[] = [];
  const ordered = [...records].sort((a, b) => (a.observedAt === b.observedAt ? (a.key < b.key ? -1 : 1) : a.observedAt > b.observedAt ? -1 : 1));

  const nameCandidates: Candidate<StoredRecord>[] = ordered
    .filter((r) => r.givenName || r.familyName || r.fullName)
    .map((r) => ({ record: r, value: r, identity: [r.givenName, r.familyName, r.fullName].map((v) => v?.toLowerCase() ?? '').join('|'), completeness: Number(Boolean(r.givenName)) + Number(Boolean(r.familyName)) + Number(Boolean(r.fullName)) }));
  const nameRank = rank(nameCandidates, config.attributes.name, config);
  const named = nameRank.ordered[0]?.record;
  if (named) provenance.push({ attribute: 'name', sourceKey: named.key, rule: nameRank.rule });

  const dateRank = rank(
    ordered.filter((r) => r.birthDate).map((r) => ({ record: r, value: r.birthDate!, identity: r.birthDate!, completeness: 1 })),
    config.attributes.birthDate,
    config,
  );
  const dated = dateRank.ordered[0];
  if (dated) provenance.push({ attribute: 'birthDate', sourceKey: dated.record.key, rule: dateRank.rule });

  const collect = <T>(attribute: SurvivorshipAttribute, values: (r: StoredRecord) => T[], identity: (v: T) => string, completeness: (v: T) => number): T[] => {
    const candidates = ordered.flatMap((record) => values(record).map((value) => ({ record, value, identity: identity(value), completeness: completeness(value) })));
    const { ordered: best, rule } = rank(candidates, config.attributes[attribute], config);
    const seen = new Map<string, T>();
    for (const candidate of best) {
      if (seen.has(candidate.identity)) continue;
      if (seen.size === 0) provenance.push({ attribute, sourceKey: candidate.record.key, rule });
      seen.set(candidate.identity, candidate.value);
    }
    return [...seen.values()];
  };
  const emails = collect('emails', (r) => r.emails.map(normalizeEmail).filter((e): e is string => e !== null), (e) => e, () => 1);
  const phones = collect('phones', (r) => r.phones.map((p) => normalizePhone(p, region)).filter((p): p is string => p !== null), (p) => p, () => 1);
  const addresses = collect<AddressValue>(
    'addresses',
    (r) => r.addresses,
    (a) => JSON.stringify(Object.values(a).map((v) => v?.toLowerCase() ?? null)),
    (a) => Object.values(a).filter((v) => v !== null).length,
  );

  const fullName = named?.fullName ?? ([named?.givenName, named?.familyName].filter(Boolean).join(' ') || null);
  return {
    givenName: named?.givenName ?? null,
    familyName: named?.familyName ?? null,
    fullName,
    emails,
    phones,
    addresses,
    birthDate: dated?.value ?? null,
    provenance,
    sourceKeys: ordered.map((r) => r.key).sort(),
    identifierKeys: [...new Set([...emails.map(emailKey), ...phones.map(phoneKey)])].sort(),
    recordFacts: [...ordered]
      .sort((a, b) => (a.key < b.key ? -1 : 1))
      .map((r) => ({ sourceKey: r.key, givenName: r.givenName, familyName: r.familyName, fullName: r.fullName, emails: r.emails, phones: r.phones, birthDate: r.birthDate })),
  };
}
