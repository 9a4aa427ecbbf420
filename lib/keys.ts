import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';

/**
 * Keys are how facts outside identity point at a person (DESIGN §3): a source key
 * `<source>:<id>` (`crm:C-1001`) or an identifier key `email:<address>` / `phone:<E.164>`.
 * Every part builds and reads them through this module, so they agree byte for byte.
 */
/** Systems records come from; `steward` is a data steward's correction (survivorship ranks it first), `web` an anonymous web or app session (`identify`). */
export const sourceSystems = Object.freeze(['crm', 'shop', 'support', 'callcenter', 'steward', 'web'] as const);
export type SourceSystem = (typeof sourceSystems)[number];

export const isSourceSystem = (value: string): value is SourceSystem => (sourceSystems as readonly string[]).includes(value);

// Deliberately plain: one @, a local part without spaces, a dotted domain. The quality subgraph
// reports syntax problems; this only decides whether a value can serve as an identifier.
const emailShape = /^[^\s@]+@[^\s@]+\.[^\s@.]+$/;

/** Trims and lower-cases an e-mail; null when it is not shaped like an address. */
export function normalizeEmail(raw: string): string | null {
  const value = raw.trim().toLowerCase();
  return emailShape.test(value) ? value : null;
}

/** Reads a phone number as E.164 (`+447700900123`), national numbers in `region`; null when it is not a valid number for its region. */
export function normalizePhone(raw: string, region: string): string | null {
  // Parsing is the costliest step of resolving a record, and each number is read several times
  // (validation, matching, every rebuild of its customer's golden record): recent answers are kept.
  const memoKey = `${region}\u0000${raw}`;
  const known = phoneMemo.get(memoKey);
  if (known !== undefined) return known;
  const parsed = parsePhoneNumberFromString(raw.trim(), { defaultCountry: region as CountryCode });
  const phone = parsed && parsed.isValid() ? parsed.number : null;
  if (phoneMemo.size >= phoneMemoSize) phoneMemo.clear();
  phoneMemo.set(memoKey, phone);
  return phone;
}

const phoneMemoSize = 50_000;
const phoneMemo = new Map<string, string | null>();

export const sourceKey = (source: string, sourceId: string) => `${source}:${sourceId}`;
export const emailKey = (email: string) => `email:${email}`;
export const phoneKey = (phone: string) => `phone:${phone}`;

export type ParsedKey = { kind: 'email' | 'phone'; value: string } | { kind: 'source'; source: SourceSystem; value: string };

/**
 * Parses and canonicalises a key as written by a client (`email: Jane@Example.com ` →
 * `email:jane@example.com`). Returns an error message instead of throwing, for batch rejection.
 */
export function canonicalKey(raw: string, region: string): { key: string; parsed: ParsedKey } | { error: string } {
  const colon = raw.indexOf(':');
  if (colon <= 0 || colon === raw.length - 1) return { error: `expected "<kind>:<value>" such as "email:jane@example.com" or "crm:C-1001", got ${JSON.stringify(raw.slice(0, 80))}` };
  const kind = raw.slice(0, colon).trim().toLowerCase();
  const value = raw.slice(colon + 1).trim();
  if (kind === 'email') {
    const email = normalizeEmail(value);
    return email ? { key: emailKey(email), parsed: { kind: 'email', value: email } } : { error: 'the e-mail in the key is not a valid address' };
  }
  if (kind === 'phone') {
    const phone = normalizePhone(value, region);
    return phone ? { key: phoneKey(phone), parsed: { kind: 'phone', value: phone } } : { error: 'the phone number in the key is not a valid number' };
  }
  if (isSourceSystem(kind)) {
    if (value === '') return { error: 'the source id in the key is empty' };
    return { key: sourceKey(kind, value), parsed: { kind: 'source', source: kind, value } };
  }
  return { error: `unknown key kind "${kind}": expected email, phone or one of ${sourceSystems.join(', ')}` };
}
