import { isValidPhoneNumber, parsePhoneNumberFromString } from 'libphonenumber-js';
import { describe, expect, it } from 'vitest';
import { generateDemoData, type DemoSource, type DemoSourceRecord } from './generateDemoData.ts';
import { loadNicknameTable } from '../../lib/loadNicknameTable.ts';

const NOW = '2026-11-01T00:00:00.000Z';
const SOURCES: DemoSource[] = ['crm', 'shop', 'support', 'callcenter'];
const YEAR_MS = 365 * 86_400_000;
const PLANTED_PHONES = ['12345', '00000000000', '0', '999'];
const PLACEHOLDER_EMAILS = ['noemail@example.com', 'none@example.org', 'na@example.net'];

const data = generateDemoData();

interface Keyed {
  key: string;
  source: DemoSource;
  record: DemoSourceRecord;
  personId: string;
}

const personBySourceKey = new Map<string, string>();
for (const entity of data.truth) for (const key of entity.sourceKeys) personBySourceKey.set(key, entity.personId);

const allRecords: Keyed[] = SOURCES.flatMap((source) =>
  data.records[source].map((record) => {
    const key = `${source}:${record.sourceId}`;
    return { key, source, record, personId: personBySourceKey.get(key) ?? 'none' };
  }),
);

const recordsByPerson = new Map<string, Keyed[]>();
for (const keyed of allRecords) recordsByPerson.set(keyed.personId, [...(recordsByPerson.get(keyed.personId) ?? []), keyed]);

const people = data.truth.length;
const share = (count: number, total: number) => count / total;

function isPlantedEmail(email: string): boolean {
  const trimmed = email.trim().toLowerCase();
  return PLACEHOLDER_EMAILS.includes(trimmed) || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(trimmed);
}

function hasName(record: DemoSourceRecord): boolean {
  return Boolean(record.givenName || record.familyName || record.fullName);
}

function isPlanted(record: DemoSourceRecord): boolean {
  return (
    (record.emails ?? []).some(isPlantedEmail) ||
    (record.phones ?? []).some((phone) => PLANTED_PHONES.includes(phone)) ||
    (typeof record.birthDate === 'string' && (record.birthDate < '1940-01-01' || record.birthDate > NOW.slice(0, 10))) ||
    !hasName(record)
  );
}

/** True when b is a one-letter slip of a: adjacent transposition, dropped or doubled letter. */
function isOneSlipApart(a: string, b: string): boolean {
  if (a === b) return false;
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  if (long.length - short.length === 1) {
    for (let i = 0; i < long.length; i++) if (long.slice(0, i) + long.slice(i + 1) === short) return true;
    return false;
  }
  if (a.length !== b.length) return false;
  for (let i = 0; i + 1 < a.length; i++) {
    if (a[i] !== b[i]) return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
  }
  return false;
}

describe('demo data: determinism', () => {
  it('gives byte-identical JSON for the same options', () => {
    const again = generateDemoData({ people: 2000, seed: 360, now: NOW });
    expect(again).toEqual(data);
    expect(JSON.stringify(again)).toBe(JSON.stringify(data));
  });

  it('gives different data for a different seed', () => {
    const a = generateDemoData({ people: 200, seed: 1 });
    const b = generateDemoData({ people: 200, seed: 2 });
    expect(JSON.stringify(a)).not.toBe(JSON.stringify(b));
  });

  it('keeps every timestamp before a custom now', () => {
    const now = '2020-06-01T12:00:00.000Z';
    const custom = generateDemoData({ people: 300, seed: 7, now });
    const stamps = [
      ...SOURCES.flatMap((source) => custom.records[source].map((record) => record.observedAt)),
      ...custom.orders.map((order) => order.placedAt),
      ...custom.consents.map((consent) => consent.capturedAt),
    ];
    expect(stamps.length).toBeGreaterThan(300);
    expect(stamps.every((stamp) => stamp < now)).toBe(true);
  });
});

describe('demo data: options', () => {
  it.each([
    [{ people: 0 }],
    [{ people: 1.5 }],
    [{ people: 10_001 }],
    [{ seed: 1.5 }],
    [{ now: 'yesterday' }],
  ])('rejects %j with a TypeError', (options) => {
    expect(() => generateDemoData(options)).toThrow(TypeError);
  });

  it('generates a single person', () => {
    const one = generateDemoData({ people: 1 });
    expect(one.truth).toHaveLength(1);
    expect(one.truth[0]?.sourceKeys.length).toBeGreaterThanOrEqual(1);
  });
});

describe('demo data: ground truth', () => {
  it('has one entity per person asked for', () => {
    expect(people).toBe(2000);
    expect(new Set(data.truth.map((entity) => entity.personId)).size).toBe(2000);
  });

  it('puts every record in exactly one entity, and lists no record that does not exist', () => {
    const truthKeys = data.truth.flatMap((entity) => entity.sourceKeys);
    expect(new Set(truthKeys).size).toBe(truthKeys.length);
    expect([...truthKeys].sort()).toEqual(allRecords.map((keyed) => keyed.key).sort());
  });

  it('gives every person at least one record', () => {
    expect(data.truth.every((entity) => entity.sourceKeys.length >= 1)).toBe(true);
  });

  it('keeps sourceIds unique within each source and in each source format', () => {
    const formats: Record<DemoSource, RegExp> = {
      crm: /^C-1\d{5}$/,
      shop: /^\d{5}$/,
      support: /^T-\d{4,5}$/,
      callcenter: /^CALL-\d{6}$/,
    };
    for (const source of SOURCES) {
      const ids = data.records[source].map((record) => record.sourceId);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids.every((id) => formats[source].test(id))).toBe(true);
    }
  });
});

describe('demo data: coverage', () => {
  const coverage = (source: DemoSource) =>
    share(data.truth.filter((entity) => entity.sourceKeys.some((key) => key.startsWith(`${source}:`))).length, people);

  it('has CRM records for about 70% of people', () => {
    expect(coverage('crm')).toBeGreaterThan(0.6);
    expect(coverage('crm')).toBeLessThan(0.8);
  });

  it('has shop records for about 60% of people', () => {
    expect(coverage('shop')).toBeGreaterThan(0.5);
    expect(coverage('shop')).toBeLessThan(0.7);
  });

  it('has support records for about 35% of people', () => {
    expect(coverage('support')).toBeGreaterThan(0.27);
    expect(coverage('support')).toBeLessThan(0.43);
  });

  it('has call-center records for about 25% of people', () => {
    expect(coverage('callcenter')).toBeGreaterThan(0.18);
    expect(coverage('callcenter')).toBeLessThan(0.32);
  });

  it('gives about 5% of people two records in the same source', () => {
    const withDuplicate = data.truth.filter((entity) => {
      const sources = entity.sourceKeys.map((key) => key.split(':')[0]);
      return new Set(sources).size < sources.length;
    }).length;
    expect(share(withDuplicate, people)).toBeGreaterThan(0.03);
    expect(share(withDuplicate, people)).toBeLessThan(0.08);
  });
});

describe('demo data: source shapes', () => {
  it('gives call-center records only a name, a phone and sometimes a line1-only address', () => {
    const records = data.records.callcenter;
    const allowed = new Set(['sourceId', 'observedAt', 'givenName', 'familyName', 'fullName', 'phones', 'addresses']);
    expect(records.every((record) => Object.keys(record).every((key) => allowed.has(key)))).toBe(true);
    expect(records.every((record) => (record.phones ?? []).length === 1)).toBe(true);
    const withAddress = records.filter((record) => record.addresses);
    expect(withAddress.every((record) => record.addresses?.every((a) => Object.keys(a).join() === 'line1'))).toBe(true);
    expect(share(withAddress.length, records.length)).toBeGreaterThan(0.15);
    expect(records.some((record) => 'fullName' in record)).toBe(true);
    expect(records.some((record) => 'givenName' in record)).toBe(true);
  });

  it('lets a shop record carry the CRM id of the same person, for about 30% of people with a CRM record', () => {
    const shopOfCrmPeople = allRecords.filter(
      (keyed) =>
        keyed.source === 'shop' &&
        (recordsByPerson.get(keyed.personId) ?? []).some((other) => other.source === 'crm'),
    );
    const referencing = shopOfCrmPeople.filter((keyed) => (keyed.record.externalIds ?? []).length > 0);
    expect(share(referencing.length, shopOfCrmPeople.length)).toBeGreaterThan(0.2);
    expect(share(referencing.length, shopOfCrmPeople.length)).toBeLessThan(0.4);
    const crossPerson = allRecords.filter((keyed) =>
      (keyed.record.externalIds ?? []).some((ref) => personBySourceKey.get(`${ref.system}:${ref.value}`) !== keyed.personId),
    );
    expect(crossPerson).toEqual([]);
  });

  it('keeps CRM birth dates between 1940 and 2006 unless planted', () => {
    const dates = data.records.crm
      .filter((record) => !isPlanted(record))
      .map((record) => record.birthDate)
      .filter((date): date is string => typeof date === 'string');
    expect(dates.length).toBeGreaterThan(1000);
    expect(dates.every((date) => /^\d{4}-\d{2}-\d{2}$/.test(date) && date >= '1940-01-01' && date <= '2006-12-31')).toBe(true);
  });
});

describe('demo data: e-mails', () => {
  const emails = allRecords.flatMap((keyed) => keyed.record.emails ?? []);

  it('uses only example.com, example.org, example.net and their subdomains', () => {
    expect(emails.length).toBeGreaterThan(2000);
    // A planted e-mail with broken syntax may have no domain at all ('jane.doe@', 'jane.doe.example.com').
    const domains = emails.filter((email) => email.includes('@')).map((email) => email.trim().toLowerCase().split('@').pop() ?? '');
    expect(domains.filter((domain) => domain !== '' && !/(^|\.)example\.(com|org|net)$/.test(domain))).toEqual([]);
  });

  it('writes some e-mails with odd capitals or surrounding spaces', () => {
    expect(emails.some((email) => email !== email.trim())).toBe(true);
    expect(emails.some((email) => email.trim() !== email.trim().toLowerCase())).toBe(true);
  });

  it('shows some people with an older and a newer e-mail', () => {
    const changed = [...recordsByPerson.values()].filter((records) => {
      const distinct = new Set(
        records.flatMap((keyed) => keyed.record.emails ?? []).filter((e) => !isPlantedEmail(e)).map((e) => e.trim().toLowerCase()),
      );
      return distinct.size >= 2;
    });
    expect(share(changed.length, people)).toBeGreaterThan(0.02);
  });
});

describe('demo data: phones', () => {
  const phones = allRecords.flatMap((keyed) => keyed.record.phones ?? []);

  it('writes only numbers that libphonenumber-js accepts for GB, apart from planted placeholders', () => {
    expect(phones.length).toBeGreaterThan(1500);
    const invalid = phones.filter((phone) => !isValidPhoneNumber(phone, 'GB'));
    expect(invalid.every((phone) => PLANTED_PHONES.includes(phone))).toBe(true);
  });

  it('mixes national, international and bracketed formats', () => {
    expect(phones.some((phone) => /^\+44\d{10}$/.test(phone))).toBe(true);
    expect(phones.some((phone) => phone.startsWith('+44 ') && !phone.includes('(0)'))).toBe(true);
    expect(phones.some((phone) => phone.startsWith('+44 (0)'))).toBe(true);
    expect(phones.some((phone) => phone.startsWith('0044 '))).toBe(true);
    expect(phones.some((phone) => /^\(0\d+\) /.test(phone))).toBe(true);
    expect(phones.some((phone) => /^0\d{10}$/.test(phone))).toBe(true);
    expect(phones.some((phone) => /^0\d+ \d+/.test(phone))).toBe(true);
  });
});

describe('demo data: households', () => {
  const peopleByNumber = new Map<string, Set<string>>();
  for (const keyed of allRecords) {
    for (const phone of keyed.record.phones ?? []) {
      const e164 = parsePhoneNumberFromString(phone, 'GB');
      if (!e164?.isValid()) continue;
      peopleByNumber.set(e164.number, (peopleByNumber.get(e164.number) ?? new Set()).add(keyed.personId));
    }
  }
  const shared = [...peopleByNumber.values()].filter((owners) => owners.size >= 2);

  it('shares one landline between two people', () => {
    expect(shared.length).toBeGreaterThan(0);
  });

  it('never shares a number among more than four people', () => {
    expect(shared.every((owners) => owners.size <= 4)).toBe(true);
  });

  it('puts people who share a landline at the same address', () => {
    const postcodesOf = (personId: string) =>
      new Set(
        (recordsByPerson.get(personId) ?? []).flatMap((keyed) =>
          (keyed.record.addresses ?? []).map((a) => (a.postalCode ?? '').replace(/\s/g, '').toUpperCase()).filter(Boolean),
        ),
      );
    const sameAddress = shared.filter((owners) => {
      const [a, b] = [...owners];
      const pa = postcodesOf(a ?? '');
      return [...postcodesOf(b ?? '')].some((postcode) => pa.has(postcode));
    });
    expect(sameAddress.length).toBeGreaterThan(0);
  });
});

describe('demo data: names', () => {
  it('gives one person a formal name in one record and a nickname from the table in another', () => {
    const table = loadNicknameTable();
    const withNickname = [...recordsByPerson.values()].filter((records) => {
      const names = records.map((keyed) => keyed.record.givenName?.toLowerCase()).filter((n): n is string => Boolean(n));
      return names.some((formal) => names.some((other) => table.get(formal)?.includes(other)));
    });
    expect(withNickname.length).toBeGreaterThan(10);
  });

  it('has typos: a family name one letter slip away from the same person\'s other record', () => {
    const withTypo = [...recordsByPerson.values()].filter((records) => {
      const names = records.map((keyed) => keyed.record.familyName?.toLowerCase()).filter((n): n is string => Boolean(n));
      return names.some((a) => names.some((b) => isOneSlipApart(a, b)));
    });
    expect(withTypo.length).toBeGreaterThan(5);
  });

  it('has call-center full names, some written family name first', () => {
    const fullNames = data.records.callcenter.map((record) => record.fullName).filter((n): n is string => Boolean(n));
    expect(fullNames.length).toBeGreaterThan(100);
    expect(fullNames.some((name) => name.includes(', '))).toBe(true);
  });
});

describe('demo data: addresses', () => {
  const addresses = allRecords.flatMap((keyed) => keyed.record.addresses ?? []);

  it('writes UK-shaped postcodes, sometimes without the space or in lower case', () => {
    const postcodes = addresses.map((a) => a.postalCode).filter((p): p is string => Boolean(p));
    expect(postcodes.length).toBeGreaterThan(2000);
    expect(postcodes.every((p) => /^[A-Z]{1,2}\d[A-Z\d]? ?\d[ABD-HJLNP-UW-Z]{2}$/i.test(p))).toBe(true);
    expect(postcodes.some((p) => !p.includes(' '))).toBe(true);
    expect(postcodes.some((p) => p !== p.toUpperCase())).toBe(true);
  });

  it('keeps a previous address on older records of people who moved', () => {
    const moved = [...recordsByPerson.values()].filter((records) => {
      const dated = records
        .flatMap((keyed) =>
          (keyed.record.addresses ?? [])
            .filter((a) => a.postalCode)
            .map((a) => ({ at: keyed.record.observedAt, postcode: (a.postalCode ?? '').replace(/\s/g, '').toUpperCase() })),
        )
        .sort((x, y) => (x.at < y.at ? -1 : 1));
      return dated.length >= 2 && dated[0]?.postcode !== dated[dated.length - 1]?.postcode;
    });
    expect(share(moved.length, people)).toBeGreaterThan(0.02);
  });
});

describe('demo data: data-quality traps', () => {
  const records = allRecords.map((keyed) => keyed.record);

  it('plants an invalid or placeholder value in about 2% of records', () => {
    const planted = records.filter(isPlanted).length;
    expect(share(planted, records.length)).toBeGreaterThan(0.01);
    expect(share(planted, records.length)).toBeLessThan(0.04);
  });

  it('includes e-mails with broken syntax, invalid phones, implausible birth dates and missing names', () => {
    expect(records.some((r) => (r.emails ?? []).some((e) => !PLACEHOLDER_EMAILS.includes(e) && isPlantedEmail(e)))).toBe(true);
    expect(records.some((r) => (r.phones ?? []).some((p) => PLANTED_PHONES.includes(p)))).toBe(true);
    expect(records.some((r) => typeof r.birthDate === 'string' && (r.birthDate < '1940' || r.birthDate > NOW))).toBe(true);
    expect(records.some((r) => !hasName(r))).toBe(true);
  });
});

describe('demo data: orders', () => {
  const shopKeys = new Set(data.records.shop.map((record) => `shop:${record.sourceId}`));
  const ordersByRecord = new Map<string, string[]>();
  for (const order of data.orders) ordersByRecord.set(order.sourceKey, [...(ordersByRecord.get(order.sourceKey) ?? []), order.placedAt]);
  const nowMs = Date.parse(NOW);

  it('references only existing shop records', () => {
    expect(data.orders.length).toBeGreaterThan(1000);
    expect(data.orders.every((order) => shopKeys.has(order.sourceKey))).toBe(true);
  });

  it('has unique ids, amounts from 5 to 400 in pence, GBP, 1 to 8 items, placed in the last three years', () => {
    expect(new Set(data.orders.map((o) => o.orderId)).size).toBe(data.orders.length);
    const wrong = data.orders.filter((order) => {
      const placed = Date.parse(order.placedAt);
      return (
        !/^O-\d{7}$/.test(order.orderId) ||
        !(order.amount >= 5 && order.amount <= 400) ||
        Math.abs(order.amount * 100 - Math.round(order.amount * 100)) > 1e-6 ||
        order.currency !== 'GBP' ||
        !(Number.isInteger(order.itemCount) && order.itemCount >= 1 && order.itemCount <= 8) ||
        !(placed < nowMs && placed >= nowMs - 3 * YEAR_MS)
      );
    });
    expect(wrong).toEqual([]);
  });

  it('spreads buyers: none, one-time, loyal, lapsed, recent', () => {
    const counts = [...shopKeys].map((key) => ordersByRecord.get(key)?.length ?? 0);
    const lastOrders = [...ordersByRecord.values()].map((times) => Date.parse([...times].sort().pop() ?? ''));
    expect(counts.every((count) => count <= 15)).toBe(true);
    expect(share(counts.filter((c) => c === 0).length, counts.length)).toBeGreaterThan(0.05);
    expect(share(counts.filter((c) => c === 1).length, counts.length)).toBeGreaterThan(0.15);
    expect(share(counts.filter((c) => c >= 10).length, counts.length)).toBeGreaterThan(0.05);
    expect(share(lastOrders.filter((t) => t < nowMs - YEAR_MS).length, lastOrders.length)).toBeGreaterThan(0.1);
    expect(share(lastOrders.filter((t) => t > nowMs - 60 * 86_400_000).length, lastOrders.length)).toBeGreaterThan(0.15);
  });
});

describe('demo data: consents', () => {
  const ownersByKey = new Map<string, Set<string>>();
  const addKey = (key: string, personId: string) => ownersByKey.set(key, (ownersByKey.get(key) ?? new Set()).add(personId));
  for (const keyed of allRecords) {
    addKey(keyed.key, keyed.personId);
    for (const email of keyed.record.emails ?? []) addKey(`email:${email}`, keyed.personId);
    for (const phone of keyed.record.phones ?? []) addKey(`phone:${phone}`, keyed.personId);
  }
  const personOf = (subjectKey: string) => [...(ownersByKey.get(subjectKey) ?? [])];
  const byPerson = new Map<string, typeof data.consents>();
  for (const consent of data.consents) {
    const [personId = 'none'] = personOf(consent.subjectKey);
    byPerson.set(personId, [...(byPerson.get(personId) ?? []), consent]);
  }

  it('files every event under a key that belongs to exactly one person', () => {
    expect(data.consents.every((consent) => personOf(consent.subjectKey).length === 1)).toBe(true);
  });

  it('uses e-mail, phone and source keys', () => {
    for (const prefix of ['email:', 'phone:', 'crm:']) {
      expect(data.consents.some((consent) => consent.subjectKey.startsWith(prefix))).toBe(true);
    }
  });

  it('gives about 80% of people one to four events', () => {
    expect(share(byPerson.size, people)).toBeGreaterThan(0.7);
    expect(share(byPerson.size, people)).toBeLessThan(0.9);
    expect([...byPerson.values()].every((events) => events.length >= 1 && events.length <= 4)).toBe(true);
  });

  it('has people who later reverse an earlier decision', () => {
    const reversed = [...byPerson.values()].filter((events) => {
      const seen = new Map<string, string>();
      for (const event of [...events].sort((a, b) => (a.capturedAt < b.capturedAt ? -1 : 1))) {
        const slot = `${event.purpose}/${event.channel}`;
        if (seen.has(slot) && seen.get(slot) !== event.status) return true;
        seen.set(slot, event.status);
      }
      return false;
    });
    expect(share(reversed.length, byPerson.size)).toBeGreaterThan(0.05);
  });

  it('uses the documented vocabularies and timestamps within five years', () => {
    const points = ['web-signup', 'checkout', 'call-center', 'preference-center', 'in-store', 'support-ticket', 'email-unsubscribe-link'];
    const nowMs = Date.parse(NOW);
    const wrong = data.consents.filter((consent) => {
      const at = Date.parse(consent.capturedAt);
      return (
        !['v1', 'v2', 'v3'].includes(consent.policyVersion) ||
        !points.includes(consent.collectionPoint) ||
        !['GRANTED', 'DENIED'].includes(consent.status) ||
        !(at < nowMs && at >= nowMs - 5 * YEAR_MS)
      );
    });
    expect(wrong).toEqual([]);
    expect(new Set(data.consents.map((consent) => consent.policyVersion))).toEqual(new Set(['v1', 'v2', 'v3']));
  });
});

describe('demo data: timestamps', () => {
  it('observes every record within the five years before now, as ISO 8601 UTC', () => {
    const nowMs = Date.parse(NOW);
    const wrong = allRecords.filter((keyed) => {
      const at = Date.parse(keyed.record.observedAt);
      return !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.000Z$/.test(keyed.record.observedAt) || !(at < nowMs && at >= nowMs - 5 * YEAR_MS);
    });
    expect(wrong).toEqual([]);
  });
});
