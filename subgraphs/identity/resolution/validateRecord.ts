import { toIsoTimestamp } from '../../../lib/dates.ts';
import { emailKey, isSourceSystem, normalizeEmail, normalizePhone, phoneKey, sourceKey, sourceSystems, type SourceSystem } from '../../../lib/keys.ts';
import type { AddressValue, StoredRecord } from './types.ts';

/** The record as received through `SourceRecordInput`. */
export interface SourceRecordInput {
  sourceId: string;
  observedAt: string;
  givenName?: string | null;
  familyName?: string | null;
  fullName?: string | null;
  emails?: readonly string[] | null;
  phones?: readonly string[] | null;
  addresses?: readonly Partial<Record<keyof AddressValue, string | null>>[] | null;
  birthDate?: string | null;
  nationalId?: string | null;
  externalIds?: readonly { system: string; value: string }[] | null;
}

export interface ValidateOptions {
  region: string;
  /** Records observed later than this are refused (clock skew allowance included). */
  latestObservedAt: string;
}

const maxText = 500;
const maxListItems = 50;

function text(value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const trimmed = value.trim().replace(/\s+/g, ' ');
  return trimmed === '' ? null : trimmed;
}

function distinct(values: readonly string[]): string[] {
  return [...new Set(values)];
}

const controlCharacter = /[\u0000-\u001f\u007f]/;

/** The first field (a path such as `addresses[0].city`) holding a control character, which no name, address or id has. */
function firstControlCharacterField(value: unknown, path = ''): string | null {
  if (typeof value === 'string') return controlCharacter.test(value) ? path : null;
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      const found = firstControlCharacterField(item, `${path}[${i}]`);
      if (found) return found;
    }
  } else if (value && typeof value === 'object') {
    for (const [name, item] of Object.entries(value)) {
      const found = firstControlCharacterField(item, path ? `${path}.${name}` : name);
      if (found) return found;
    }
  }
  return null;
}

/**
 * Checks one record and derives its identifier keys. Returns the stored form, or the reason it is
 * refused. Values that are present but unusable as identifiers (an e-mail without a domain, an
 * impossible phone) are kept as data for the quality rules and simply link nothing.
 */
export function validateRecord(source: SourceSystem, input: SourceRecordInput, options: ValidateOptions): StoredRecord | { reason: string } {
  const sourceId = text(input.sourceId);
  if (!sourceId) return { reason: 'sourceId is empty' };
  if (sourceId.length > 200) return { reason: 'sourceId is longer than 200 characters' };
  const observedAt = toIsoTimestamp(input.observedAt);
  if (!observedAt) return { reason: `observedAt is not an ISO 8601 timestamp: ${JSON.stringify(String(input.observedAt).slice(0, 40))}` };
  if (observedAt > options.latestObservedAt) return { reason: 'observedAt is in the future' };

  const lists = { emails: input.emails ?? [], phones: input.phones ?? [], addresses: input.addresses ?? [], externalIds: input.externalIds ?? [] };
  for (const [name, list] of Object.entries(lists)) {
    if (list.length > maxListItems) return { reason: `${name} has more than ${maxListItems} entries` };
  }
  const scalars = { givenName: text(input.givenName), familyName: text(input.familyName), fullName: text(input.fullName), birthDate: text(input.birthDate), nationalId: text(input.nationalId) };
  for (const [name, value] of Object.entries(scalars)) {
    if (value && value.length > maxText) return { reason: `${name} is longer than ${maxText} characters` };
  }
  const emails = distinct(lists.emails.map(text).filter((v): v is string => v !== null));
  const phones = distinct(lists.phones.map(text).filter((v): v is string => v !== null));
  if ([...emails, ...phones].some((v) => v.length > maxText)) return { reason: `an e-mail or phone is longer than ${maxText} characters` };
  const addresses: AddressValue[] = lists.addresses
    .map((a) => ({
      line1: text(a.line1), line2: text(a.line2), city: text(a.city), region: text(a.region), postalCode: text(a.postalCode), country: text(a.country),
    }))
    .filter((a) => Object.values(a).some((v) => v !== null));
  const externalIds: { system: string; value: string }[] = [];
  for (const [i, ext] of lists.externalIds.entries()) {
    const system = text(ext.system)?.toLowerCase() ?? '';
    const value = text(ext.value);
    if (!isSourceSystem(system)) return { reason: `externalIds[${i}].system must be one of ${sourceSystems.join(', ')}` };
    if (!value) return { reason: `externalIds[${i}].value is empty` };
    externalIds.push({ system, value });
  }
  const controlled = firstControlCharacterField({ sourceId, ...scalars, emails, phones, addresses, externalIds });
  if (controlled) return { reason: `${controlled} contains a control character` };
  const hasName = scalars.givenName || scalars.familyName || scalars.fullName;
  if (!hasName && emails.length === 0 && phones.length === 0 && addresses.length === 0) {
    return { reason: 'record has no name, e-mail, phone or address' };
  }

  const key = sourceKey(source, sourceId);
  const identifierKeys = distinct([
    key,
    ...externalIds.map((e) => sourceKey(e.system, e.value)),
    ...emails.map((e) => normalizeEmail(e)).filter((e): e is string => e !== null).map(emailKey),
    ...phones.map((p) => normalizePhone(p, options.region)).filter((p): p is string => p !== null).map(phoneKey),
  ]);
  return { key, source, sourceId, observedAt, ...scalars, emails, phones, addresses, externalIds, identifierKeys };
}
