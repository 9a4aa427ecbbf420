import { loadNicknameTable } from '../../lib/loadNicknameTable.ts';
import { FAMILY_NAMES, FEMALE_GIVEN_NAMES, MALE_GIVEN_NAMES } from './nameLists.ts';
import { CITIES, STREET_TYPES, STREET_WORDS, UK_WIDE_PHONE_RANGE, type City, type PhoneRange } from './placeLists.ts';
import { createRandom, type Random } from './random.ts';

// ---------------------------------------------------------------------------------------------
// Rates. Each is a probability; "per record" rates apply independently to every record written.
// ---------------------------------------------------------------------------------------------

/** Share of people with at least one record in each source, before every record-less person gets one. */
const COVERAGE: Readonly<Record<DemoSource, number>> = { crm: 0.7, shop: 0.6, support: 0.35, callcenter: 0.25 };
/** People with a second record in one of their sources (a duplicate account, a second ticket contact). */
const DUPLICATE_RATE = 0.05;
/** People living in a household of 2–4 that shares one landline and one address. */
const HOUSEHOLD_RATE = 0.08;
/** Per record of a household member that has a phone: the shared landline rather than the person's own number. */
const HOUSEHOLD_LANDLINE_RATE = 0.6;
/** Household members after the first who share the first member's family name. */
const HOUSEHOLD_SHARED_FAMILY_NAME_RATE = 0.75;
/** People (outside households) who moved during the observation window; records seen before the move keep the old address. */
const MOVED_RATE = 0.15;
/** People who changed e-mail during the window; records seen before the change keep the old one. */
const EMAIL_CHANGE_RATE = 0.1;
/** Per CRM record of a person who changed e-mail, seen after the change: both addresses kept, newest first. */
const CRM_EMAIL_HISTORY_RATE = 0.3;
/** Per record: one typo (adjacent transposition, dropped letter or doubled letter) in the given or family name. */
const NAME_TYPO_RATE = 0.04;
/** Per shop, support or call-center record whose given name has nicknames in the table: a nickname instead. */
const NICKNAME_RATE = 0.15;
/** Per CRM record: the same, rarer, since CRM is keyed in from forms with the formal name. */
const CRM_NICKNAME_RATE = 0.03;
/** Per shop or support record: the given name reduced to an initial ('J.' or 'J'). */
const INITIAL_RATE = 0.03;
/** Per record: the whole name in upper or lower case. */
const NAME_CASE_RATE = 0.04;
/** Per non-CRM record whose name has diacritics or an apostrophe: folded to ASCII or the apostrophe changed. */
const NAME_FOLD_RATE = 0.5;
/** Per e-mail written: odd capitals and/or surrounding spaces ('  Jane.Doe@Example.COM '). */
const EMAIL_NOISE_RATE = 0.1;
/** Per address written: one formatting difference (street type abbreviated, postcode squeezed or lower-case, town alias, lower-case line). */
const ADDRESS_FORMAT_RATE = 0.2;
/** Per CRM record whose birth day is 1–12: day and month swapped. */
const BIRTH_DATE_SWAP_RATE = 0.03;
/** Per optional CRM field (e-mail, phone, birth date): left empty. */
const CRM_MISSING_FIELD_RATE = 0.05;
/** Per shop record of a person who has a CRM record: carries that CRM id in externalIds. */
const SHOP_CRM_REFERENCE_RATE = 0.3;
/** Per support record: has a phone. */
const SUPPORT_PHONE_RATE = 0.4;
/** Per call-center record: the name is in fullName rather than givenName/familyName. */
const CALLCENTER_FULL_NAME_RATE = 0.5;
/** Per call-center record: a partial address (line1 only). */
const CALLCENTER_PARTIAL_ADDRESS_RATE = 0.3;
/** Per record: one placeholder or invalid value, for data-quality checks (see INVALID_PHONES, PLACEHOLDER_EMAILS, ...). */
const INVALID_VALUE_RATE = 0.02;
/** People with consent events. */
const CONSENT_COVERAGE = 0.8;
/** People with consent events whose later event reverses an earlier one (same purpose and channel). */
const CONSENT_REVERSAL_RATE = 0.25;

/** Placeholders and garbage that operators type when a field is mandatory; placeholders recur across unrelated people. */
const INVALID_PHONES: readonly string[] = ['12345', '00000000000', '0', '999'];
const PLACEHOLDER_EMAILS: readonly string[] = ['noemail@example.com', 'none@example.org', 'na@example.net'];
const IMPLAUSIBLE_BIRTH_DATES: readonly string[] = ['1890-01-01', '1900-01-01'];

/** Largest supported population: phone numbers come from 15 reserved blocks of 1,000 (see placeLists.ts). */
const MAX_PEOPLE = 10_000;

const DAY_MS = 86_400_000;
const OBSERVATION_WINDOW_MS = 5 * 365 * DAY_MS;
const ORDER_WINDOW_MS = 3 * 365 * DAY_MS;
/** Privacy policy versions by the date they took effect, relative to `now`. */
const POLICY_V2_AGE_MS = 1200 * DAY_MS;
const POLICY_V3_AGE_MS = 480 * DAY_MS;
const BIRTH_FIRST = Date.UTC(1940, 0, 1);
const BIRTH_LAST = Date.UTC(2006, 11, 31);

const DEFAULT_PEOPLE = 2000;
const DEFAULT_SEED = 360;
const DEFAULT_NOW = '2026-11-01T00:00:00.000Z';

// ---------------------------------------------------------------------------------------------
// Public types
// ---------------------------------------------------------------------------------------------

export type DemoSource = 'crm' | 'shop' | 'support' | 'callcenter';

export interface DemoAddress {
  line1: string;
  line2?: string | null;
  city?: string | null;
  region?: string | null;
  postalCode?: string | null;
  country?: string | null;
}

/**
 * One record as a source system holds it. Each source has its own shape: a field the source does not
 * hold is absent; a field it holds but has no value for is `null` (or an empty array).
 * - crm: givenName, familyName, emails, phones, addresses, birthDate
 * - shop: givenName, familyName, emails, addresses, externalIds (sometimes the person's CRM id)
 * - support: givenName, familyName, emails, phones
 * - callcenter: either fullName or givenName/familyName, phones, and sometimes addresses with line1 only
 */
export interface DemoSourceRecord {
  /** Unique within its source: crm 'C-1xxxxx', shop 'nnnnn', support 'T-nnnn', callcenter 'CALL-nnnnnn'. */
  sourceId: string;
  /** ISO 8601 UTC timestamp of when the source last saw or updated the record; before `now`. */
  observedAt: string;
  givenName?: string | null;
  familyName?: string | null;
  fullName?: string | null;
  /** As written by the source: may carry odd case and surrounding spaces, or a placeholder. */
  emails?: string[];
  /** As written by the source, in any common UK format. */
  phones?: string[];
  addresses?: DemoAddress[];
  /** 'YYYY-MM-DD'; about 2% of records carry an implausible date on purpose (1890, or after `now`). */
  birthDate?: string | null;
  /** Cross-references to the same person's records in other sources. */
  externalIds?: { system: DemoSource; value: string }[];
}

export interface DemoOrder {
  /** Unique: 'O-' and seven digits. */
  orderId: string;
  /** `shop:<sourceId>` of an existing shop record. */
  sourceKey: string;
  /** ISO 8601 UTC, within the three years before `now`. */
  placedAt: string;
  /** 5.00 to 400.00, at most two decimals. */
  amount: number;
  currency: string;
  /** 1 to 8. */
  itemCount: number;
}

export type DemoPurpose =
  | 'SERVICE'
  | 'MARKETING_EMAIL'
  | 'MARKETING_SMS'
  | 'ANALYTICS'
  | 'PERSONALIZATION'
  | 'THIRD_PARTY_SHARING';

/**
 * One consent event. `subjectKey` is one of the person's keys: `email:<an e-mail exactly as written in one
 * of their records>`, `phone:<their own phone exactly as written in one of their records>` (never a shared
 * household landline), or a source key of theirs (`crm:C-...`). `channel` is the channel the consent covers.
 * The latest event per person, purpose and channel wins.
 */
export interface DemoConsent {
  subjectKey: string;
  purpose: DemoPurpose;
  channel: 'EMAIL' | 'SMS' | 'PHONE' | 'WEB' | 'POST' | 'IN_STORE';
  status: 'GRANTED' | 'DENIED';
  collectionPoint: string;
  /** 'v1', 'v2' or 'v3': the policy in force at `capturedAt`. */
  policyVersion: string;
  /** ISO 8601 UTC, within the five years before `now`. */
  capturedAt: string;
}

export interface DemoData {
  /** Per source, sorted by sourceId (which is random, so order says nothing about who is who). */
  records: Record<DemoSource, DemoSourceRecord[]>;
  /** Sorted by placedAt, then orderId. */
  orders: DemoOrder[];
  /** Sorted by capturedAt, then subjectKey. */
  consents: DemoConsent[];
  /** One entry per person, in generation order; sourceKey = `${source}:${sourceId}`; every record in exactly one entry. */
  truth: { personId: string; sourceKeys: string[] }[];
}

export interface DemoDataOptions {
  /** Number of people, 1 to 10,000; default 2000. */
  people?: number;
  /** Any integer; default 360. */
  seed?: number;
  /** ISO 8601 timestamp; every generated timestamp is before it. Default '2026-11-01T00:00:00.000Z'. */
  now?: string;
}

/**
 * Generates realistic, conflicting demo records for UK people from four sources, with orders, consent
 * events and the ground truth of who is who.
 *
 * Contract:
 * - Deterministic: the same options give byte-identical `JSON.stringify` output (seeded PRNG; no clock,
 *   no Math.random, no locale-dependent calls). The nickname table is read from
 *   `shared/datasets/identity/nicknames/` beside the repository; a different table changes the output.
 * - Safe to show: e-mails only on example.com/.org/.net (and their subdomains); phone numbers only from
 *   Ofcom's ranges reserved for fiction that libphonenumber-js accepts as valid GB numbers (landlines and
 *   03069 99 0xxx; no mobiles, because Ofcom's fictional mobile range fails libphonenumber-js validation).
 * - Noise is intended: about 2% of records carry an invalid or placeholder value (e-mail without a domain,
 *   phone '12345', birth date 1890-01-01 or after `now`, no name); placeholders such as
 *   'noemail@example.com' recur across unrelated people, as in real data.
 *
 * Throws a TypeError for options outside the documented ranges.
 */
export function generateDemoData(options: DemoDataOptions = {}): DemoData {
  const { people, seed, nowMs } = readOptions(options);
  const nicknames = loadNicknameTable();
  const root = createRandom(seed);
  // Each phase has its own stream, so changing one phase leaves the others' output as it was.
  const peopleRng = root.fork();
  const recordRng = root.fork();
  const orderRng = root.fork();
  const consentRng = root.fork();

  const persons = buildPeople(peopleRng, people, nowMs);
  const drafts = buildRecords(recordRng, persons, nicknames, nowMs);
  const orders = buildOrders(orderRng, drafts, nowMs);
  const consents = buildConsents(consentRng, persons, drafts, nowMs);

  const records: Record<DemoSource, DemoSourceRecord[]> = { crm: [], shop: [], support: [], callcenter: [] };
  const truthByPerson = new Map<Person, string[]>(persons.map((person) => [person, []]));
  for (const draft of drafts) {
    records[draft.source].push(draft.record);
    truthByPerson.get(draft.person)?.push(sourceKeyOf(draft));
  }
  for (const list of Object.values(records)) list.sort((a, b) => compareStrings(a.sourceId, b.sourceId));
  const truth = persons.map((person) => ({
    personId: person.personId,
    sourceKeys: (truthByPerson.get(person) ?? []).sort(compareStrings),
  }));
  return { records, orders, consents, truth };
}

function readOptions(options: DemoDataOptions): { people: number; seed: number; nowMs: number } {
  if (typeof options !== 'object' || options === null) {
    throw new TypeError(`generateDemoData: expected an options object, received ${String(options)}`);
  }
  const people = options.people ?? DEFAULT_PEOPLE;
  if (!Number.isInteger(people) || people < 1 || people > MAX_PEOPLE) {
    throw new TypeError(`generateDemoData: expected people to be an integer from 1 to ${MAX_PEOPLE}, received ${String(people)}`);
  }
  const seed = options.seed ?? DEFAULT_SEED;
  if (!Number.isSafeInteger(seed)) {
    throw new TypeError(`generateDemoData: expected seed to be an integer, received ${String(seed)}`);
  }
  const now = options.now ?? DEFAULT_NOW;
  const nowMs = typeof now === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(now) ? Date.parse(now) : Number.NaN;
  if (!Number.isFinite(nowMs)) {
    throw new TypeError(`generateDemoData: expected now to be an ISO 8601 timestamp, received ${String(now)}`);
  }
  return { people, seed, nowMs };
}

// ---------------------------------------------------------------------------------------------
// People
// ---------------------------------------------------------------------------------------------

interface Phone {
  /** National form with the trunk '0', e.g. '02079460123'. */
  readonly national: string;
  readonly groups: readonly number[];
}

interface Address {
  readonly flat: number | null;
  readonly houseNumber: number;
  readonly streetWord: string;
  readonly streetType: readonly [full: string, abbreviation: string];
  readonly locality: string | null;
  readonly city: City;
  readonly postcode: string;
}

interface Person {
  readonly personId: string;
  readonly gender: 'F' | 'M';
  readonly givenName: string;
  readonly familyName: string;
  readonly birthDate: string;
  readonly address: Address;
  readonly previousAddress: Address | null;
  readonly movedAt: number | null;
  /** Lower case, no spaces: the canonical form of what the person typed. */
  readonly email: string;
  readonly previousEmail: string | null;
  readonly emailChangedAt: number | null;
  readonly phone: Phone;
  readonly householdPhone: Phone | null;
}

function buildPeople(rng: Random, count: number, nowMs: number): Person[] {
  const takenEmails = new Set<string>(PLACEHOLDER_EMAILS);
  const phones = createPhonePool(rng);
  const width = Math.max(5, String(count).length);

  // Units are single people or households; shuffled so households are spread through the population.
  const householdPeople = Math.round(count * HOUSEHOLD_RATE);
  const sizes: number[] = [];
  let placed = 0;
  while (householdPeople - placed >= 2) {
    const size = Math.min(rng.int(2, 4), householdPeople - placed);
    sizes.push(size);
    placed += size;
  }
  for (let i = placed; i < count; i++) sizes.push(1);
  const units = rng.shuffle(sizes);

  const persons: Person[] = [];
  for (const size of units) {
    const household = size > 1;
    const city = pickCity(rng);
    const sharedAddress = makeAddress(rng, city);
    const landline = household ? phones.take(city) : null;
    let first: { familyName: string; birthMs: number } | null = null;
    for (let member = 0; member < size; member++) {
      const gender = rng.chance(0.5) ? 'F' : 'M';
      const givenName = pickRanked(rng, gender === 'F' ? FEMALE_GIVEN_NAMES : MALE_GIVEN_NAMES);
      const familyName: string =
        first && rng.chance(HOUSEHOLD_SHARED_FAMILY_NAME_RATE) ? first.familyName : pickRanked(rng, FAMILY_NAMES);
      const birthMs: number =
        first && member === 1
          ? clamp(first.birthMs + rng.int(-6 * 365, 6 * 365) * DAY_MS, BIRTH_FIRST, BIRTH_LAST)
          : BIRTH_FIRST + rng.int(0, Math.round((BIRTH_LAST - BIRTH_FIRST) / DAY_MS)) * DAY_MS;
      first ??= { familyName, birthMs };

      const moved = !household && rng.chance(MOVED_RATE);
      const address = household ? sharedAddress : makeAddress(rng, city);
      const previousAddress = moved ? makeAddress(rng, rng.chance(0.7) ? city : pickCity(rng)) : null;
      const birthYear = new Date(birthMs).getUTCFullYear();
      const changedEmail = rng.chance(EMAIL_CHANGE_RATE);
      const email = makeEmail(rng, givenName, familyName, birthYear, takenEmails);
      const previousEmail = changedEmail ? makeEmail(rng, givenName, familyName, birthYear, takenEmails) : null;

      persons.push({
        personId: `P-${String(persons.length + 1).padStart(width, '0')}`,
        gender,
        givenName,
        familyName,
        birthDate: isoDate(birthMs),
        address,
        previousAddress,
        movedAt: moved ? randomTime(rng, nowMs - 4 * 365 * DAY_MS, nowMs - 90 * DAY_MS) : null,
        email,
        previousEmail,
        emailChangedAt: changedEmail ? randomTime(rng, nowMs - 4 * 365 * DAY_MS, nowMs - 90 * DAY_MS) : null,
        phone: phones.take(city),
        householdPhone: landline,
      });
    }
  }
  return persons;
}

/** Earlier entries of a name list are more common (a gentle Zipf-like curve). */
function pickRanked(rng: Random, names: readonly string[]): string {
  for (;;) {
    const index = rng.int(0, names.length - 1);
    if (rng.chance(1 / (1 + index / 60))) return names[index] as string;
  }
}

function pickCity(rng: Random): City {
  return rng.pickWeighted(CITIES.map((city) => [city, city.weight] as const));
}

const INWARD_LETTERS = 'ABDEFGHJLNPQRSTUWXYZ';
const DISTRICT_LETTERS = 'ABCDEFGHJKMNPRSTVWXY';

function makeAddress(rng: Random, city: City): Address {
  const area = rng.pick(city.postcodeAreas);
  const district = `${rng.int(area.minDistrict, area.maxDistrict)}${area.districtLetter ? rng.pick([...DISTRICT_LETTERS]) : ''}`;
  const inward = `${rng.int(1, 9)}${rng.pick([...INWARD_LETTERS])}${rng.pick([...INWARD_LETTERS])}`;
  return {
    flat: rng.chance(0.18) ? rng.int(1, 40) : null,
    houseNumber: rng.chance(0.7) ? rng.int(1, 60) : rng.int(61, 240),
    streetWord: rng.pick(STREET_WORDS),
    streetType: rng.pick(STREET_TYPES),
    locality: rng.chance(0.35) ? rng.pick(city.localities) : null,
    city,
    postcode: `${area.area}${district} ${inward}`,
  };
}

const EMAIL_DOMAINS: readonly (readonly [string, number])[] = [
  ['example.com', 40], ['example.org', 15], ['example.net', 15], ['mail.example.com', 10],
  ['post.example.org', 8], ['inbox.example.net', 7], ['webmail.example.com', 5],
];

function makeEmail(rng: Random, givenName: string, familyName: string, birthYear: number, taken: Set<string>): string {
  const g = emailPart(givenName);
  const f = emailPart(familyName);
  const gi = g.slice(0, 1);
  const local = rng.pickWeighted<string>([
    [`${g}.${f}`, 30], [`${g}${f}`, 12], [`${gi}${f}`, 10], [`${gi}.${f}`, 8], [`${g}_${f}`, 6],
    [`${f}.${g}`, 5], [`${g}${String(birthYear % 100).padStart(2, '0')}`, 8], [`${g}.${f}${rng.int(1, 99)}`, 8],
    [`${f}${gi}`, 5], [`${g}${f.slice(0, 1)}`, 4],
  ]);
  const domain = rng.pickWeighted(EMAIL_DOMAINS);
  let email = `${local}@${domain}`;
  while (taken.has(email)) email = `${local}${rng.int(1, 999)}@${domain}`;
  taken.add(email);
  return email;
}

function emailPart(name: string): string {
  const part = foldToAscii(name).toLowerCase().replace(/[^a-z0-9]/g, '');
  return part === '' ? 'user' : part;
}

interface PhonePool {
  /** A number not handed out before: from the city's reserved block, else the UK-wide one, else any with numbers left. */
  take(city: City): Phone;
}

function createPhonePool(rng: Random): PhonePool {
  const ranges: PhoneRange[] = [UK_WIDE_PHONE_RANGE];
  for (const city of CITIES) if (city.phoneRange) ranges.push(city.phoneRange);
  const left = new Map<PhoneRange, number[]>(
    ranges.map((range) => [range, rng.shuffle(Array.from({ length: 1000 }, (_, i) => range.first + i))]),
  );
  const takeFrom = (range: PhoneRange): Phone | null => {
    const suffix = left.get(range)?.pop();
    return suffix === undefined ? null : { national: `${range.prefix}${String(suffix).padStart(4, '0')}`, groups: range.groups };
  };
  return {
    take(city) {
      const phone =
        (city.phoneRange && takeFrom(city.phoneRange)) ||
        takeFrom(UK_WIDE_PHONE_RANGE) ||
        ranges.map(takeFrom).find((found) => found !== null);
      // Unreachable within MAX_PEOPLE: at most one own number per person plus one per household.
      if (!phone) throw new RangeError('generateDemoData: ran out of reserved phone numbers');
      return phone;
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Records
// ---------------------------------------------------------------------------------------------

interface Draft {
  readonly person: Person;
  readonly source: DemoSource;
  readonly sourceId: string;
  observedAt: number;
  record: DemoSourceRecord;
}

const SOURCES: readonly DemoSource[] = ['crm', 'shop', 'support', 'callcenter'];

function sourceKeyOf(draft: { source: DemoSource; sourceId: string }): string {
  return `${draft.source}:${draft.sourceId}`;
}

function buildRecords(
  rng: Random,
  persons: readonly Person[],
  nicknames: ReadonlyMap<string, readonly string[]>,
  nowMs: number,
): Draft[] {
  const ids = createIdAllocator(rng);
  const windowStart = nowMs - OBSERVATION_WINDOW_MS;
  const drafts: Draft[] = [];
  for (const person of persons) {
    const sources = SOURCES.filter((source) => rng.chance(COVERAGE[source]));
    if (sources.length === 0) sources.push(rng.pickWeighted(SOURCES.map((s) => [s, COVERAGE[s]] as const)));
    if (rng.chance(DUPLICATE_RATE)) sources.push(rng.pick(sources));

    const own: Draft[] = sources.map((source) => ({
      person,
      source,
      sourceId: ids.next(source),
      observedAt: randomTime(rng, windowStart, nowMs),
      record: { sourceId: '', observedAt: '' },
    }));
    // Make a move or an e-mail change visible: with two or more records, one on each side of it.
    if (person.emailChangedAt !== null) straddle(rng, own, person.emailChangedAt, windowStart, nowMs);
    if (person.movedAt !== null) straddle(rng, own, person.movedAt, windowStart, nowMs);

    const crmIds = own.filter((d) => d.source === 'crm').map((d) => d.sourceId);
    for (const draft of own) {
      draft.record = renderRecord(rng, draft, crmIds, nicknames, nowMs);
      drafts.push(draft);
    }
  }
  return drafts;
}

function straddle(rng: Random, drafts: Draft[], at: number, windowStart: number, nowMs: number): void {
  if (drafts.length < 2) return;
  const first = drafts[0] as Draft;
  const last = drafts[drafts.length - 1] as Draft;
  if (drafts.every((d) => d.observedAt >= at)) first.observedAt = randomTime(rng, windowStart, at);
  if (drafts.every((d) => d.observedAt < at)) last.observedAt = randomTime(rng, at, nowMs);
}

function createIdAllocator(rng: Random): { next(source: DemoSource): string } {
  const taken = new Set<string>();
  const draw: Record<DemoSource, () => string> = {
    crm: () => `C-${rng.int(100000, 199999)}`,
    shop: () => String(rng.int(10000, 99999)),
    support: () => `T-${rng.int(1000, 99999)}`,
    callcenter: () => `CALL-${String(rng.int(1, 999999)).padStart(6, '0')}`,
  };
  return {
    next(source) {
      let id = draw[source]();
      while (taken.has(`${source}:${id}`)) id = draw[source]();
      taken.add(`${source}:${id}`);
      return id;
    },
  };
}

function renderRecord(
  rng: Random,
  draft: Draft,
  crmIds: readonly string[],
  nicknames: ReadonlyMap<string, readonly string[]>,
  nowMs: number,
): DemoSourceRecord {
  const { person, source, sourceId, observedAt } = draft;
  const name = renderName(rng, person, source, nicknames);
  const address = person.movedAt !== null && observedAt < person.movedAt ? person.previousAddress ?? person.address : person.address;
  const emailChanged = person.emailChangedAt !== null && person.previousEmail !== null;
  const email = emailChanged && observedAt < (person.emailChangedAt as number) ? (person.previousEmail as string) : person.email;
  const phone = () => formatPhone(rng, pickPhone(rng, person), source);
  const base = { sourceId, observedAt: isoTime(observedAt) };

  let record: DemoSourceRecord;
  switch (source) {
    case 'crm': {
      const emails = rng.chance(CRM_MISSING_FIELD_RATE) ? [] : [email];
      if (emails.length > 0 && emailChanged && email === person.email && rng.chance(CRM_EMAIL_HISTORY_RATE)) {
        emails.push(person.previousEmail as string);
      }
      record = {
        ...base,
        givenName: name.givenName,
        familyName: name.familyName,
        emails: emails.map((e) => writeEmail(rng, e)),
        phones: rng.chance(CRM_MISSING_FIELD_RATE) ? [] : [phone()],
        addresses: [renderAddress(rng, address, 'crm')],
        birthDate: rng.chance(CRM_MISSING_FIELD_RATE) ? null : renderBirthDate(rng, person.birthDate),
      };
      break;
    }
    case 'shop':
      record = {
        ...base,
        givenName: name.givenName,
        familyName: name.familyName,
        emails: [writeEmail(rng, email)],
        addresses: [renderAddress(rng, address, 'shop')],
        externalIds:
          crmIds.length > 0 && rng.chance(SHOP_CRM_REFERENCE_RATE) ? [{ system: 'crm', value: rng.pick(crmIds) }] : [],
      };
      break;
    case 'support':
      record = {
        ...base,
        givenName: name.givenName,
        familyName: name.familyName,
        emails: [writeEmail(rng, email)],
        phones: rng.chance(SUPPORT_PHONE_RATE) ? [phone()] : [],
      };
      break;
    case 'callcenter': {
      const named: DemoSourceRecord = rng.chance(CALLCENTER_FULL_NAME_RATE)
        ? { ...base, fullName: renderFullName(rng, person, name) }
        : { ...base, givenName: name.givenName, familyName: name.familyName };
      record = { ...named, phones: [phone()] };
      if (rng.chance(CALLCENTER_PARTIAL_ADDRESS_RATE)) {
        const line1 = `${address.houseNumber} ${address.streetWord} ${address.streetType[rng.chance(0.5) ? 0 : 1]}`;
        record.addresses = [{ line1: rng.chance(0.3) ? line1.toLowerCase() : line1 }];
      }
      break;
    }
  }
  if (rng.chance(INVALID_VALUE_RATE)) plantInvalidValue(rng, record, person, nowMs);
  return record;
}

function pickPhone(rng: Random, person: Person): Phone {
  return person.householdPhone && rng.chance(HOUSEHOLD_LANDLINE_RATE) ? person.householdPhone : person.phone;
}

// --- names -------------------------------------------------------------------------------------

interface RenderedName {
  givenName: string | null;
  familyName: string | null;
}

function renderName(
  rng: Random,
  person: Person,
  source: DemoSource,
  nicknames: ReadonlyMap<string, readonly string[]>,
): RenderedName {
  let givenName = person.givenName;
  let familyName = person.familyName;
  const nicknameList = nicknames.get(givenName.toLowerCase());
  if (nicknameList && nicknameList.length > 0 && rng.chance(source === 'crm' ? CRM_NICKNAME_RATE : NICKNAME_RATE)) {
    // The table includes archaic forms (Hobkin for Robert); shortenings of the name itself are the common ones.
    const shortenings = nicknameList.filter((nickname) => sharesThreeLetters(nickname, givenName.toLowerCase()));
    givenName = capitalize(rng.pick(shortenings.length > 0 && rng.chance(0.8) ? shortenings : nicknameList));
  }
  if (rng.chance(NAME_TYPO_RATE)) {
    if (rng.chance(0.5)) givenName = typo(rng, givenName);
    else familyName = typo(rng, familyName);
  }
  if (source !== 'crm' && rng.chance(NAME_FOLD_RATE)) {
    givenName = foldName(rng, givenName);
    familyName = foldName(rng, familyName);
  }
  if ((source === 'shop' || source === 'support') && rng.chance(INITIAL_RATE)) {
    givenName = `${Array.from(givenName)[0] ?? ''}${rng.chance(0.5) ? '.' : ''}`;
  }
  if (rng.chance(NAME_CASE_RATE)) {
    const upper = rng.chance(0.5);
    givenName = upper ? givenName.toUpperCase() : givenName.toLowerCase();
    familyName = upper ? familyName.toUpperCase() : familyName.toLowerCase();
  }
  return { givenName, familyName };
}

function sharesThreeLetters(a: string, b: string): boolean {
  for (let i = 0; i + 3 <= a.length; i++) if (b.includes(a.slice(i, i + 3))) return true;
  return false;
}

function renderFullName(rng: Random, person: Person, name: RenderedName): string {
  const given = name.givenName ?? '';
  const family = name.familyName ?? '';
  const style = rng.pickWeighted<'given-family' | 'family-given' | 'title-family'>([
    ['given-family', 75], ['family-given', 15], ['title-family', 10],
  ]);
  if (style === 'family-given') return `${family}, ${given}`;
  if (style === 'title-family') {
    const title = person.gender === 'M' ? 'Mr' : rng.pick(['Mrs', 'Ms', 'Miss']);
    return `${title} ${family}`;
  }
  return `${given} ${family}`;
}

/** One keyboard slip that keeps the first letter: adjacent transposition, dropped letter or doubled letter. */
function typo(rng: Random, word: string): string {
  const chars = Array.from(word);
  const letters = chars.map((c, i) => (i > 0 && /\p{L}/u.test(c) ? i : -1)).filter((i) => i > 0);
  if (chars.length < 4 || letters.length < 2) return word;
  const at = rng.pick(letters);
  const kind = rng.pick(['transpose', 'drop', 'double'] as const);
  const next = chars[at + 1];
  if (kind === 'transpose' && next !== undefined && next !== chars[at] && /\p{L}/u.test(next)) {
    chars[at + 1] = chars[at] as string;
    chars[at] = next;
  } else if (kind === 'drop') {
    chars.splice(at, 1);
  } else {
    chars.splice(at, 0, chars[at] as string);
  }
  return chars.join('');
}

function foldName(rng: Random, name: string): string {
  const folded = foldToAscii(name);
  if (!name.includes("'")) return folded;
  return folded.replace(/'/g, rng.pick(['', ' ', '\u2019']));
}

const SPECIAL_FOLDS: Readonly<Record<string, string>> = { ł: 'l', Ł: 'L', ø: 'o', Ø: 'O', ß: 'ss', æ: 'ae', Æ: 'AE' };

function foldToAscii(text: string): string {
  return Array.from(text.normalize('NFD').replace(/[\u0300-\u036f]/g, ''))
    .map((c) => SPECIAL_FOLDS[c] ?? c)
    .join('');
}

function capitalize(word: string): string {
  return word.slice(0, 1).toUpperCase() + word.slice(1);
}

// --- e-mails, phones, addresses, birth dates -------------------------------------------------------

function writeEmail(rng: Random, email: string): string {
  if (!rng.chance(EMAIL_NOISE_RATE)) return email;
  const [local = '', domain = ''] = email.split('@');
  const kind = rng.pick(['capitalised', 'upper-domain', 'mixed', 'spaces', 'mixed-spaces'] as const);
  const capitalised = local.replace(/(^|[._])([a-z])/g, (_, sep: string, c: string) => sep + c.toUpperCase());
  const mixedDomain = domain.replace(/^([a-z])/, (c) => c.toUpperCase()).replace(/\.(com|org|net)$/, (tld) => tld.toUpperCase());
  switch (kind) {
    case 'capitalised':
      return `${capitalised}@${domain}`;
    case 'upper-domain':
      return `${local}@${domain.toUpperCase()}`;
    case 'mixed':
      return `${capitalised}@${mixedDomain}`;
    case 'spaces':
      return `${' '.repeat(rng.int(1, 2))}${email}${' '.repeat(rng.int(0, 1))}`;
    case 'mixed-spaces':
      return `  ${capitalised}@${mixedDomain} `;
  }
}

type PhoneStyle =
  | 'e164'
  | 'international-spaced'
  | 'international-00'
  | 'international-trunk'
  | 'national-spaced'
  | 'national-compact'
  | 'national-brackets'
  | 'national-dashed';

/** How each source tends to write numbers: CRM stores normalised forms, people and agents type anything. */
const PHONE_STYLES: Readonly<Record<DemoSource, readonly (readonly [PhoneStyle, number])[]>> = {
  crm: [['e164', 50], ['international-spaced', 30], ['national-spaced', 20]],
  shop: [['national-compact', 35], ['national-spaced', 30], ['international-spaced', 15], ['national-brackets', 8], ['national-dashed', 6], ['international-trunk', 6]],
  support: [['national-spaced', 35], ['national-compact', 30], ['international-spaced', 15], ['international-trunk', 10], ['national-brackets', 10]],
  callcenter: [['national-spaced', 40], ['national-compact', 30], ['national-brackets', 15], ['international-00', 10], ['international-spaced', 5]],
};

function formatPhone(rng: Random, phone: Phone, source: DemoSource): string {
  const nsn = phone.national.slice(1);
  const parts: string[] = [];
  let at = 0;
  for (const size of phone.groups) {
    parts.push(nsn.slice(at, at + size));
    at += size;
  }
  const [area = '', ...rest] = parts;
  switch (rng.pickWeighted(PHONE_STYLES[source])) {
    case 'e164':
      return `+44${nsn}`;
    case 'international-spaced':
      return `+44 ${parts.join(' ')}`;
    case 'international-00':
      return `0044 ${parts.join(' ')}`;
    case 'international-trunk':
      return `+44 (0)${parts.join(' ')}`;
    case 'national-spaced':
      return `0${parts.join(' ')}`;
    case 'national-compact':
      return phone.national;
    case 'national-brackets':
      return `(0${area}) ${rest.join(' ')}`;
    case 'national-dashed':
      return `0${parts.join('-')}`;
  }
}

function renderAddress(rng: Random, address: Address, source: 'crm' | 'shop'): DemoAddress {
  const variation = rng.chance(ADDRESS_FORMAT_RATE)
    ? rng.pick(['abbreviated', 'postcode', 'city-alias', 'lower-case'] as const)
    : null;
  const streetType = address.streetType[variation === 'abbreviated' ? 1 : 0];
  const street = `${address.houseNumber} ${address.streetWord} ${streetType}`;
  let line1 = street;
  let line2 = address.locality;
  if (address.flat !== null) {
    if (rng.chance(0.5)) {
      line1 = `Flat ${address.flat}, ${street}`;
    } else {
      line1 = `Flat ${address.flat}`;
      line2 = street;
    }
  }
  let city = address.city.city;
  if (variation === 'city-alias') city = address.city.aliases.length > 0 ? rng.pick(address.city.aliases) : city.toUpperCase();
  let postalCode = address.postcode;
  if (variation === 'postcode') {
    postalCode = rng.pick([postalCode.replace(' ', ''), postalCode.toLowerCase(), postalCode.replace(' ', '').toLowerCase()]);
  }
  if (variation === 'lower-case') line1 = line1.toLowerCase();
  return {
    line1,
    line2,
    city,
    region: source === 'crm' ? address.city.region : null,
    postalCode,
    country: source === 'crm' ? 'GB' : rng.chance(0.8) ? 'United Kingdom' : 'UK',
  };
}

function renderBirthDate(rng: Random, birthDate: string): string {
  const [year, month, day] = birthDate.split('-');
  if (day !== undefined && Number(day) <= 12 && day !== month && rng.chance(BIRTH_DATE_SWAP_RATE)) {
    return `${year}-${day}-${month}`;
  }
  return birthDate;
}

/** Replaces one value of the record with a placeholder or an invalid one, choosing among the fields it has. */
function plantInvalidValue(rng: Random, record: DemoSourceRecord, person: Person, nowMs: number): void {
  const kinds: ('email-syntax' | 'email-placeholder' | 'phone' | 'birth-date' | 'no-name')[] = ['no-name'];
  if (record.emails && record.emails.length > 0) kinds.push('email-syntax', 'email-placeholder');
  if (record.phones && record.phones.length > 0) kinds.push('phone');
  if (record.birthDate !== undefined) kinds.push('birth-date');
  switch (rng.pick(kinds)) {
    case 'email-syntax': {
      const local = (person.email.split('@')[0] ?? 'user');
      record.emails = [rng.pick([`${local}@`, `${local}.example.com`, `${local}@@example.com`, `${local} @example.com`])];
      break;
    }
    case 'email-placeholder':
      record.emails = [rng.pick(PLACEHOLDER_EMAILS)];
      break;
    case 'phone':
      record.phones = [rng.pick(INVALID_PHONES)];
      break;
    case 'birth-date':
      record.birthDate = rng.chance(0.6)
        ? rng.pick(IMPLAUSIBLE_BIRTH_DATES)
        : isoDate(nowMs + rng.int(30, 3650) * DAY_MS);
      break;
    case 'no-name':
      if ('fullName' in record) record.fullName = null;
      if ('givenName' in record) record.givenName = null;
      if ('familyName' in record) record.familyName = null;
      break;
  }
}

// ---------------------------------------------------------------------------------------------
// Orders
// ---------------------------------------------------------------------------------------------

type BuyerProfile = 'none' | 'one-time' | 'occasional' | 'loyal' | 'lapsed';

/** Share of shop records per buying pattern, for a wide recency/frequency/monetary spread. */
const BUYER_PROFILES: readonly (readonly [BuyerProfile, number])[] = [
  ['none', 12], ['one-time', 25], ['occasional', 30], ['loyal', 20], ['lapsed', 13],
];

const ITEM_COUNTS: readonly (readonly [number, number])[] = [
  [1, 35], [2, 25], [3, 15], [4, 10], [5, 6], [6, 4], [7, 3], [8, 2],
];

function buildOrders(rng: Random, drafts: readonly Draft[], nowMs: number): DemoOrder[] {
  const start = nowMs - ORDER_WINDOW_MS;
  const takenIds = new Set<string>();
  const orders: DemoOrder[] = [];
  for (const draft of drafts) {
    if (draft.source !== 'shop') continue;
    const times: number[] = [];
    switch (rng.pickWeighted(BUYER_PROFILES)) {
      case 'none':
        break;
      case 'one-time':
        times.push(randomTime(rng, start, nowMs));
        break;
      case 'occasional':
        for (let i = rng.int(2, 5); i > 0; i--) times.push(randomTime(rng, start, nowMs));
        break;
      case 'loyal': {
        const latest = nowMs - rng.int(1, 60) * DAY_MS;
        times.push(latest);
        for (let i = rng.int(5, 14); i > 0; i--) times.push(randomTime(rng, start, latest));
        break;
      }
      case 'lapsed':
        for (let i = rng.int(1, 6); i > 0; i--) times.push(randomTime(rng, start, nowMs - 395 * DAY_MS));
        break;
    }
    // A per-customer typical basket, so customers differ in monetary value as well as frequency.
    const typicalBasket = Math.exp(rng.float(Math.log(12), Math.log(150)));
    for (const time of times) {
      let orderId = `O-${rng.int(1000000, 9999999)}`;
      while (takenIds.has(orderId)) orderId = `O-${rng.int(1000000, 9999999)}`;
      takenIds.add(orderId);
      const spread = Math.exp((rng.next() + rng.next() + rng.next() - 1.5) * 0.8);
      orders.push({
        orderId,
        sourceKey: sourceKeyOf(draft),
        placedAt: isoTime(time),
        amount: Math.round(clamp(typicalBasket * spread, 5, 400) * 100) / 100,
        currency: 'GBP',
        itemCount: rng.pickWeighted(ITEM_COUNTS),
      });
    }
  }
  return orders.sort((a, b) => compareStrings(a.placedAt, b.placedAt) || compareStrings(a.orderId, b.orderId));
}

// ---------------------------------------------------------------------------------------------
// Consents
// ---------------------------------------------------------------------------------------------

const PURPOSES: readonly DemoPurpose[] = [
  'SERVICE', 'MARKETING_EMAIL', 'MARKETING_SMS', 'ANALYTICS', 'PERSONALIZATION', 'THIRD_PARTY_SHARING',
];

const CHANNELS_BY_PURPOSE: Readonly<Record<DemoPurpose, readonly DemoConsent['channel'][]>> = {
  SERVICE: ['EMAIL', 'SMS', 'PHONE', 'POST'],
  MARKETING_EMAIL: ['EMAIL'],
  MARKETING_SMS: ['SMS'],
  ANALYTICS: ['WEB'],
  PERSONALIZATION: ['WEB', 'EMAIL', 'IN_STORE'],
  THIRD_PARTY_SHARING: ['WEB', 'POST'],
};

/** Where a consent is captured, by the kind of key it is filed under. */
const COLLECTION_POINTS: Readonly<Record<string, readonly string[]>> = {
  email: ['web-signup', 'checkout', 'preference-center'],
  phone: ['call-center', 'in-store'],
  crm: ['web-signup', 'in-store', 'preference-center'],
  shop: ['checkout'],
  support: ['support-ticket'],
  callcenter: ['call-center'],
};

/** Where people change their mind. */
const REVERSAL_POINTS: readonly string[] = ['preference-center', 'call-center', 'email-unsubscribe-link'];

function buildConsents(rng: Random, persons: readonly Person[], drafts: readonly Draft[], nowMs: number): DemoConsent[] {
  const keysByPerson = new Map<Person, { key: string; kind: string; weight: number }[]>();
  for (const draft of drafts) {
    const keys = keysByPerson.get(draft.person) ?? [];
    keys.push({ key: sourceKeyOf(draft), kind: draft.source, weight: draft.source === 'crm' ? 3 : 1 });
    for (const email of draft.record.emails ?? []) {
      if (ownEmail(draft.person, email)) keys.push({ key: `email:${email}`, kind: 'email', weight: 5 });
    }
    for (const phone of draft.record.phones ?? []) {
      if (nationalDigits(phone) === draft.person.phone.national) keys.push({ key: `phone:${phone}`, kind: 'phone', weight: 2 });
    }
    keysByPerson.set(draft.person, keys);
  }

  const windowStart = nowMs - OBSERVATION_WINDOW_MS;
  const consents: DemoConsent[] = [];
  for (const person of persons) {
    if (!rng.chance(CONSENT_COVERAGE)) continue;
    const keys = keysByPerson.get(person) ?? [];
    if (keys.length === 0) continue;
    const pickKey = () => rng.pickWeighted(keys.map((k) => [k, k.weight] as const));
    const eventCount = rng.int(1, 4);
    const reversal = eventCount >= 2 && rng.chance(CONSENT_REVERSAL_RATE);
    const own: DemoConsent[] = [];
    for (const purpose of rng.shuffle(PURPOSES).slice(0, reversal ? eventCount - 1 : eventCount)) {
      const key = pickKey();
      const capturedAt = randomTime(rng, windowStart, nowMs);
      own.push({
        subjectKey: key.key,
        purpose,
        channel: rng.pick(CHANNELS_BY_PURPOSE[purpose]),
        status: rng.chance(0.65) ? 'GRANTED' : 'DENIED',
        collectionPoint: rng.pick(COLLECTION_POINTS[key.kind] ?? ['web-signup']),
        policyVersion: policyVersionAt(capturedAt, nowMs),
        capturedAt: isoTime(capturedAt),
      });
    }
    const earlier = reversal ? rng.pick(own) : null;
    const earlierMs = earlier ? Date.parse(earlier.capturedAt) : nowMs;
    if (earlier && nowMs - earlierMs >= 2000) {
      // Often filed under a different key of the same person: only a resolved customer sees both events.
      const key = rng.chance(0.5) ? pickKey() : null;
      const capturedAt = randomTime(rng, earlierMs + Math.min(DAY_MS, Math.floor((nowMs - earlierMs) / 2)), nowMs);
      own.push({
        ...earlier,
        subjectKey: key ? key.key : earlier.subjectKey,
        status: earlier.status === 'GRANTED' ? 'DENIED' : 'GRANTED',
        collectionPoint: rng.pick(REVERSAL_POINTS),
        policyVersion: policyVersionAt(capturedAt, nowMs),
        capturedAt: isoTime(capturedAt),
      });
    }
    consents.push(...own);
  }
  return consents.sort(
    (a, b) =>
      compareStrings(a.capturedAt, b.capturedAt) ||
      compareStrings(a.subjectKey, b.subjectKey) ||
      compareStrings(a.purpose, b.purpose),
  );
}

function ownEmail(person: Person, written: string): boolean {
  const canonical = written.trim().toLowerCase();
  return canonical === person.email || canonical === person.previousEmail;
}

/** National digits of a UK number written in any of the styles above ('+44 (0)20 ...' → '020...'). */
function nationalDigits(written: string): string {
  let digits = written.replace(/\D/g, '');
  if (digits.startsWith('0044')) digits = digits.slice(4);
  else if (digits.startsWith('44') && written.trim().startsWith('+')) digits = digits.slice(2);
  else return digits;
  return digits.startsWith('0') ? digits : `0${digits}`;
}

function policyVersionAt(time: number, nowMs: number): string {
  if (time < nowMs - POLICY_V2_AGE_MS) return 'v1';
  if (time < nowMs - POLICY_V3_AGE_MS) return 'v2';
  return 'v3';
}

// ---------------------------------------------------------------------------------------------
// Small helpers
// ---------------------------------------------------------------------------------------------

/** A whole second in [from, to); callers keep `to - from` at one second or more. */
function randomTime(rng: Random, from: number, to: number): number {
  const seconds = Math.max(1, Math.floor((to - from) / 1000));
  return Math.ceil(from / 1000) * 1000 + rng.int(0, seconds - 1) * 1000;
}

function isoTime(ms: number): string {
  return new Date(ms).toISOString();
}

function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}

/** Code-unit order, independent of locale (localeCompare is not). */
function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
