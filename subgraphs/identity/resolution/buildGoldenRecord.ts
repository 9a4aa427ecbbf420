import { emailKey, normalizeEmail, normalizePhone, phoneKey } from '../../../lib/keys.ts';
import type { AddressValue, GoldenRecord, ProvenanceEntry, StoredRecord } from './types.ts';

const MOST_RECENT = 'MOST_RECENT';

const byRecency = (a: StoredRecord, b: StoredRecord) => (a.observedAt === b.observedAt ? (a.key < b.key ? -1 : 1) : a.observedAt > b.observedAt ? -1 : 1);

/**
 * Survivorship v1: each attribute takes the most recent non-empty value among the customer's
 * records (ties: the smaller record key) and remembers which record gave it. Lists (e-mails,
 * phones, addresses) keep every distinct normalised value, most recently seen first; their
 * provenance names the record of the first value.
 */
export function buildGoldenRecord(records: readonly StoredRecord[], region: string): GoldenRecord {
  if (records.length === 0) throw new TypeError('Expected at least one record to build a golden record, got none');
  const ordered = [...records].sort(byRecency);
  const provenance: ProvenanceEntry[] = [];

  const named = ordered.find((r) => r.givenName || r.familyName || r.fullName);
  if (named) provenance.push({ attribute: 'name', sourceKey: named.key, rule: MOST_RECENT });
  const dated = ordered.find((r) => r.birthDate);
  if (dated) provenance.push({ attribute: 'birthDate', sourceKey: dated.key, rule: MOST_RECENT });

  const collect = <T>(attribute: string, values: (r: StoredRecord) => T[], identity: (v: T) => string): T[] => {
    const seen = new Map<string, T>();
    for (const record of ordered) {
      for (const value of values(record)) {
        const id = identity(value);
        if (seen.has(id)) continue;
        if (seen.size === 0) provenance.push({ attribute, sourceKey: record.key, rule: MOST_RECENT });
        seen.set(id, value);
      }
    }
    return [...seen.values()];
  };
  const emails = collect('emails', (r) => r.emails.map(normalizeEmail).filter((e): e is string => e !== null), (e) => e);
  const phones = collect('phones', (r) => r.phones.map((p) => normalizePhone(p, region)).filter((p): p is string => p !== null), (p) => p);
  const addresses = collect<AddressValue>('addresses', (r) => r.addresses, (a) => JSON.stringify(Object.values(a).map((v) => v?.toLowerCase() ?? null)));

  const fullName = named?.fullName ?? ([named?.givenName, named?.familyName].filter(Boolean).join(' ') || null);
  return {
    givenName: named?.givenName ?? null,
    familyName: named?.familyName ?? null,
    fullName,
    emails,
    phones,
    addresses,
    birthDate: dated?.birthDate ?? null,
    provenance,
    sourceKeys: ordered.map((r) => r.key).sort(),
    identifierKeys: [...new Set([...emails.map(emailKey), ...phones.map(phoneKey)])].sort(),
    recordFacts: [...ordered]
      .sort((a, b) => (a.key < b.key ? -1 : 1))
      .map((r) => ({ sourceKey: r.key, givenName: r.givenName, familyName: r.familyName, fullName: r.fullName, emails: r.emails, phones: r.phones, birthDate: r.birthDate })),
  };
}
