import { normalizePhone } from '../../../lib/keys.ts';
import type { StoredRecord } from '../resolution/types.ts';
import { doubleMetaphone } from './compare/index.ts';
import { isPlaceholder, matchEmail, normalizeAddressLine, normalizeName, normalizePostcode, parseDate } from './normalize/index.ts';

/**
 * What matching reads of one record: every attribute normalised once, placeholders removed.
 * Built by {@link extractFeatures}; compared by the comparisons in `comparisons.ts`.
 */
export interface RecordFeatures {
  key: string;
  source: string;
  /** Normalised given name(s) and family name; a full name alone is split at its first and last token. */
  given: string | null;
  /** First token of `given`, for nickname equivalence. */
  givenFirst: string | null;
  family: string | null;
  givenCode: string;
  familyCode: string;
  /** `YYYY-MM-DD`. */
  birthDate: string | null;
  /** Provider-canonical e-mails (dots and tags dropped where the provider ignores them). */
  emails: string[];
  /** E.164 phones. */
  phones: string[];
  /** Normalised first address line (number and street, abbreviations canonical). */
  street: string | null;
  city: string | null;
  postcode: string | null;
  region: string | null;
  nationalId: string | null;
  /** `<system>:<value>` record ids this record claims or is: conflicting ones mean different people. */
  sourceKeys: string[];
  /**
   * Values derived from these features, each worked out once (`derivedOnce.ts`, `derivedInSlot`), by slot.
   * A copy with other values (`{ ...f, given: … }`) must start its own, empty list.
   */
  derived: unknown[];
}

const usable = (kind: 'name' | 'text', value: string | null): string | null => (value !== null && !isPlaceholder(kind, value) ? value : null);

/**
 * Normalises a record for matching. Pure and deterministic; values that are placeholders
 * (`unknown`, `test@test.com`, `0000000000`) become missing, so they can neither link nor
 * count against a link.
 */
export function extractFeatures(record: StoredRecord, region: string): RecordFeatures {
  let given = usable('name', normalizeName(record.givenName));
  let family = usable('name', normalizeName(record.familyName));
  if (!given && !family && record.fullName) {
    const full = usable('name', normalizeName(record.fullName));
    const tokens = full ? full.split(' ') : [];
    given = tokens.length > 1 ? tokens.slice(0, -1).join(' ') : null;
    family = tokens.length > 0 ? tokens[tokens.length - 1]! : null;
  }
  const address = record.addresses[0];
  const emails = [...new Set(record.emails.map(matchEmail).filter((e): e is string => e !== null && !isPlaceholder('email', e)))];
  const phones = [...new Set(record.phones.filter((p) => !isPlaceholder('phone', p)).map((p) => normalizePhone(p, region)).filter((p): p is string => p !== null))];
  return {
    key: record.key,
    source: record.source,
    given,
    givenFirst: given ? given.split(' ')[0]! : null,
    family,
    givenCode: given ? doubleMetaphone(given.split(' ')[0]!)[0] : '',
    familyCode: family ? doubleMetaphone(family.replace(/ /g, ''))[0] : '',
    birthDate: parseDate(record.birthDate),
    emails,
    phones,
    street: usable('text', normalizeAddressLine(address?.line1 ?? null)),
    city: usable('text', normalizeName(address?.city ?? null)),
    postcode: usable('text', normalizePostcode(address?.postalCode ?? null)),
    region: usable('text', normalizeName(address?.region ?? null)),
    nationalId: record.nationalId && !isPlaceholder('text', record.nationalId) ? record.nationalId.replace(/[\s-]/g, '').toUpperCase() || null : null,
    sourceKeys: record.identifierKeys.filter((k) => !k.startsWith('email:') && !k.startsWith('phone:')),
    derived: [],
  };
}
