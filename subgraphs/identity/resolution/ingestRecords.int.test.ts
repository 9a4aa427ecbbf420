import type { Driver } from 'neo4j-driver';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createNeo4jDriver } from '../../../lib/neo4j/createNeo4jDriver.ts';
import { emptyNeo4j, testConfig } from '../../../test/support/stores.ts';
import { loadDefaultModel } from '../matching/MatchModelRegistry.ts';
import { defaultMatchingSettings, Matcher } from '../matching/Matcher.ts';
import { IdentityRepository } from '../store/IdentityRepository.ts';
import { ingestRecords } from './ingestRecords.ts';
import { planResolution } from './planResolution.ts';
import { validateRecord } from './validateRecord.ts';
import { warmUpResolution } from './warmUpResolution.ts';

let driver: Driver;
let repository: IdentityRepository;
const region = 'GB';
const matcher = new Matcher(loadDefaultModel(), defaultMatchingSettings, region);
const at = (iso: string) => ({ region, matcher, now: () => new Date(iso) });
const now = at('2026-11-01T00:00:00.000Z');

beforeAll(async () => {
  const uri = await emptyNeo4j();
  driver = createNeo4jDriver({ uri, user: 'neo4j', password: testConfig().neo4j.password });
  repository = new IdentityRepository(driver, null);
  await repository.ensureSchema();
});
afterAll(() => driver.close());
beforeEach(() => emptyNeo4j());

/** Rows of a statement run straight on the store, as objects. */
async function run(cypherText: string, params: Record<string, unknown> = {}) {
  const session = driver.session();
  try {
    return (await session.run(cypherText, params)).records.map((r) => r.toObject());
  } finally {
    await session.close();
  }
}

async function customerOf(key: string) {
  const [found] = await repository.recordsByKeys([key]);
  return found?.customerId ?? null;
}

describe('identity resolution: linking', () => {
  it('links records of different sources that share a normalised e-mail into one customer', async () => {
    await ingestRecords(repository, 'crm', [{ sourceId: 'C-1', observedAt: '2026-01-01T00:00:00Z', givenName: 'Jane', familyName: 'Doe', emails: ['Jane.Doe@Example.com '] }], now);
    const outcome = await ingestRecords(repository, 'shop', [{ sourceId: '88', observedAt: '2026-02-01T00:00:00Z', fullName: 'J. Doe', emails: ['jane.doe@example.com'] }], now);
    expect(outcome).toEqual({ accepted: 1, unchanged: 0, rejected: [], customersAffected: 1, queuedForReview: 0 });
    const crm = await customerOf('crm:C-1');
    expect(crm).not.toBeNull();
    expect(await customerOf('shop:88')).toBe(crm);
    const [customer] = await repository.customersByIds([crm!]);
    expect(customer!.sourceKeys).toEqual(['crm:C-1', 'shop:88']);
    expect(customer!.identifierKeys).toEqual(['email:jane.doe@example.com']);
    expect(customer!.emails).toEqual(['jane.doe@example.com']);
    // The shop record is newer, so its name survives; it only has a full name.
    expect([customer!.givenName, customer!.familyName, customer!.fullName]).toEqual([null, null, 'J. Doe']);
    expect(customer!.provenance).toContainEqual({ attribute: 'name', sourceKey: 'shop:88', rule: 'MOST_RECENT' });
  });

  it('links through a phone in national format and through an external id', async () => {
    await ingestRecords(repository, 'crm', [{ sourceId: 'C-2', observedAt: '2026-01-01T00:00:00Z', fullName: 'Ann Lee', phones: ['+44 20 7946 0123'] }], now);
    await ingestRecords(repository, 'callcenter', [{ sourceId: 'CALL-1', observedAt: '2026-01-02T00:00:00Z', fullName: 'Ann Lee', phones: ['020 7946 0123'] }], now);
    await ingestRecords(repository, 'shop', [{ sourceId: '99', observedAt: '2026-01-03T00:00:00Z', fullName: 'Ann Lee', externalIds: [{ system: 'crm', value: 'C-2' }] }], now);
    const id = await customerOf('crm:C-2');
    expect(await customerOf('callcenter:CALL-1')).toBe(id);
    expect(await customerOf('shop:99')).toBe(id);
  });

  it('keeps apart records whose given names and birth dates disagree, though they share an address and a landline', async () => {
    const home = { line1: '14 Mill Lane', city: 'Leeds', postalCode: 'LS1 4AB' };
    await ingestRecords(repository, 'crm', [
      { sourceId: 'C-3', observedAt: '2026-01-01T00:00:00Z', givenName: 'Bo', familyName: 'Kim', birthDate: '1961-03-04', phones: ['0113 496 0000'], addresses: [home] },
      { sourceId: 'C-4', observedAt: '2026-01-01T00:00:00Z', givenName: 'Mina', familyName: 'Kim', birthDate: '1994-11-20', phones: ['0113 496 0000'], addresses: [home] },
    ], now);
    expect(await customerOf('crm:C-3')).not.toBe(await customerOf('crm:C-4'));
    expect(await repository.countCustomers()).toBe(2);
  });
});

describe('identity resolution: versions and idempotency', () => {
  const record = { sourceId: 'C-5', observedAt: '2026-03-01T00:00:00Z', fullName: 'Cy Ray', emails: ['cy@example.com'] };

  it('stores a repeated batch once', async () => {
    await ingestRecords(repository, 'crm', [record], now);
    const again = await ingestRecords(repository, 'crm', [record], now);
    expect(again).toEqual({ accepted: 0, unchanged: 1, rejected: [], customersAffected: 0, queuedForReview: 0 });
    expect(await repository.countCustomers()).toBe(1);
  });

  it('ignores an older version and applies a newer one', async () => {
    await ingestRecords(repository, 'crm', [record], now);
    const older = await ingestRecords(repository, 'crm', [{ ...record, observedAt: '2026-02-01T00:00:00Z', fullName: 'Old Name' }], now);
    expect(older.unchanged).toBe(1);
    const newer = await ingestRecords(repository, 'crm', [{ ...record, observedAt: '2026-04-01T00:00:00Z', fullName: 'Cy Ray-Smith' }], now);
    expect(newer.accepted).toBe(1);
    const [stored] = await repository.recordsByKeys(['crm:C-5']);
    expect(stored!.record.fullName).toBe('Cy Ray-Smith');
    expect(stored!.record.observedAt).toBe('2026-04-01T00:00:00.000Z');
  });

  it('keeps the latest of two versions in one batch', async () => {
    const outcome = await ingestRecords(repository, 'crm', [{ ...record, observedAt: '2026-05-01T00:00:00Z', fullName: 'Later' }, record], now);
    expect(outcome).toMatchObject({ accepted: 1, unchanged: 1 });
    const [stored] = await repository.recordsByKeys(['crm:C-5']);
    expect(stored!.record.fullName).toBe('Later');
  });
});

describe('identity resolution: bad records', () => {
  it('rejects each bad record with its index and reason and stores the others', async () => {
    const outcome = await ingestRecords(repository, 'support', [
      { sourceId: 'T-1', observedAt: '2026-01-01T00:00:00Z', fullName: 'Di Fox', emails: ['di@example.com'] },
      { sourceId: ' ', observedAt: '2026-01-01T00:00:00Z', fullName: 'No Id' },
      { sourceId: 'T-3', observedAt: 'yesterday', fullName: 'Bad Date' },
      { sourceId: 'T-4', observedAt: '2026-01-01T00:00:00Z', fullName: 'Ed Hall' },
    ], now);
    expect(outcome.accepted).toBe(2);
    expect(outcome.rejected).toEqual([
      { index: 1, sourceId: ' ', reason: 'sourceId is empty' },
      { index: 2, sourceId: 'T-3', reason: 'observedAt is not an ISO 8601 timestamp: "yesterday"' },
    ]);
    expect((await repository.recordsByKeys(['support:T-1', 'support:T-4'])).every((r) => r !== null)).toBe(true);
  });
});

describe('identity resolution: merges and splits', () => {
  it('merges two customers that a new record bridges; the older id survives and the other resolves to it', async () => {
    await ingestRecords(repository, 'crm', [{ sourceId: 'C-10', observedAt: '2026-01-01T00:00:00Z', fullName: 'Fay Gill', emails: ['fay@example.com'] }], at('2026-01-01T00:00:00Z'));
    // A support ticket with a family name and a phone: too little to tie it to the CRM record.
    await ingestRecords(repository, 'support', [{ sourceId: 'T-10', observedAt: '2026-01-02T00:00:00Z', familyName: 'Gill', phones: ['020 7946 0456'] }], at('2026-01-02T00:00:00Z'));
    const older = (await customerOf('crm:C-10'))!;
    const younger = (await customerOf('support:T-10'))!;
    expect(older).not.toBe(younger);
    const outcome = await ingestRecords(repository, 'shop', [{ sourceId: '10', observedAt: '2026-01-03T00:00:00Z', fullName: 'Fay Gill', emails: ['fay@example.com'], phones: ['+442079460456'] }], at('2026-01-03T00:00:00Z'));
    expect(outcome.customersAffected).toBe(2);
    expect(await customerOf('support:T-10')).toBe(older);
    const [survivor, alias] = await repository.customersByIds([older, younger]);
    expect(survivor!.id).toBe(older);
    expect(alias!.id).toBe(older);
    expect(survivor!.sourceKeys).toEqual(['crm:C-10', 'shop:10', 'support:T-10']);
    expect(await repository.countCustomers()).toBe(1);
  });

  it('writes the membership only of the records that join a customer: new ones and those moved from another, not those it holds', async () => {
    await ingestRecords(repository, 'crm', [{ sourceId: 'C-30', observedAt: '2026-01-01T00:00:00Z', fullName: 'Fay Gill', emails: ['fay@example.com'] }], at('2026-01-01T00:00:00Z'));
    await ingestRecords(repository, 'support', [{ sourceId: 'T-30', observedAt: '2026-01-02T00:00:00Z', familyName: 'Gill', phones: ['020 7946 0456'] }], at('2026-01-02T00:00:00Z'));
    const older = (await customerOf('crm:C-30'))!;
    const bridge = validateRecord('shop', { sourceId: '30', observedAt: '2026-01-03T00:00:00Z', fullName: 'Fay Gill', emails: ['fay@example.com'], phones: ['+442079460456'] }, { region, latestObservedAt: '2026-01-04T00:00:00Z' });
    if ('reason' in bridge) throw new Error(bridge.reason);
    const plan = await repository.resolveInTransaction(async (reader) => {
      const write = await planResolution(reader, { records: [bridge], actor: 'test', reason: null }, { matcher, region, at: new Date('2026-01-03T00:00:00Z') });
      return { write, result: write };
    });
    expect(plan.customers.map((c) => ({ id: c.id, recordKeys: c.golden.sourceKeys, joiningKeys: [...c.joiningKeys].sort() }))).toEqual([
      { id: older, recordKeys: ['crm:C-30', 'shop:30', 'support:T-30'], joiningKeys: ['shop:30', 'support:T-30'] },
    ]);
    // Each record belongs to the survivor, once.
    expect(await run('MATCH (r:SourceRecord)-[:BELONGS_TO]->(c:Customer) RETURN r.key AS key, c.id AS customer ORDER BY key')).toEqual([
      { key: 'crm:C-30', customer: older },
      { key: 'shop:30', customer: older },
      { key: 'support:T-30', customer: older },
    ]);
  });

  it('splits a customer when the record that bridged it no longer does', async () => {
    await ingestRecords(repository, 'crm', [
      { sourceId: 'C-20', observedAt: '2026-01-01T00:00:00Z', fullName: 'Gus Hay', emails: ['gus@example.com'] },
      { sourceId: 'C-21', observedAt: '2026-01-01T00:00:00Z', familyName: 'Hay', emails: ['gus@example.com'], phones: ['020 7946 0789'] },
      { sourceId: 'C-22', observedAt: '2026-01-01T00:00:00Z', familyName: 'Hay', phones: ['020 7946 0789'] },
    ], now);
    const id = (await customerOf('crm:C-20'))!;
    expect(await customerOf('crm:C-22')).toBe(id);
    await ingestRecords(repository, 'crm', [{ sourceId: 'C-21', observedAt: '2026-02-01T00:00:00Z', familyName: 'Hay', emails: ['gus@example.com'] }], now);
    expect(await customerOf('crm:C-20')).toBe(id);
    expect(await customerOf('crm:C-21')).toBe(id);
    const split = await customerOf('crm:C-22');
    expect(split).not.toBe(id);
    expect(await repository.countCustomers()).toBe(2);
  });
});

describe('identity resolution: batches sent together', () => {
  const jane = (sourceId: string, observedAt = '2026-01-01T00:00:00Z', extra: Record<string, unknown> = {}) => ({
    sourceId,
    observedAt,
    givenName: 'Jane',
    familyName: 'Doe',
    emails: ['jane.doe@example.com'],
    ...extra,
  });

  it('resolves each batch with the records of the one sent before it, as if one ran after the other', async () => {
    const [first, second] = await Promise.all([ingestRecords(repository, 'crm', [jane('C-1')], now), ingestRecords(repository, 'shop', [jane('S-1')], now)]);
    expect(first.accepted).toBe(1);
    expect(second.accepted).toBe(1);
    const crm = await customerOf('crm:C-1');
    expect(crm).not.toBeNull();
    expect(await customerOf('shop:S-1')).toBe(crm);
    expect(await repository.countCustomers()).toBe(1);
  });

  it('applies two versions of one record sent in consecutive batches in order', async () => {
    await Promise.all([
      ingestRecords(repository, 'crm', [jane('C-1')], now),
      ingestRecords(repository, 'crm', [jane('C-1', '2026-03-01T00:00:00Z', { familyName: 'Smith', emails: ['jane.smith@example.com'] })], now),
      ingestRecords(repository, 'shop', [jane('S-1', '2026-02-01T00:00:00Z', { familyName: 'Smith', emails: ['jane.smith@example.com'] })], now),
    ]);
    const [found] = await repository.recordsByKeys(['crm:C-1']);
    expect(found!.record.familyName).toBe('Smith');
    expect(found!.customerId).toBe(await customerOf('shop:S-1'));
    expect(await repository.countCustomers()).toBe(1);
  });

  it('writes the records right behind the cluster-state reads, while it plans the rest', async () => {
    await ingestRecords(repository, 'crm', [jane('C-1')], now);
    await ingestRecords(repository, 'support', [jane('T-1')], now);
    const sent: string[] = [];
    // Joining the new record to the stored two, clustering asks the matcher whether it conflicts with the one it did not link to: that is planning.
    const watching: Matcher = Object.assign(Object.create(matcher) as Matcher, {
      conflict: (...pair: Parameters<Matcher['conflict']>) => {
        sent.push('planning: conflict check');
        return matcher.conflict(...pair);
      },
    });
    const stop = repository.onQuery((text) => sent.push(text));
    try {
      await ingestRecords(repository, 'shop', [jane('S-1')], { ...now, matcher: watching });
    } finally {
      stop();
    }
    const at = (marker: string) => sent.findIndex((text) => text.includes(marker));
    const [members, records, planning, customers] = [at('[(r)-[l:LINKED]->(o:SourceRecord)'), at('MERGE (r:SourceRecord'), at('planning:'), at('MERGE (c:Customer')];
    expect(members).toBeGreaterThan(-1);
    expect(records).toBeGreaterThan(members);
    expect(planning).toBeGreaterThan(records);
    expect(customers).toBeGreaterThan(planning);
    expect(sent.filter((text) => text.includes('MERGE (r:SourceRecord'))).toHaveLength(1);
    expect(await customerOf('shop:S-1')).toBe(await customerOf('crm:C-1'));
    const [customer] = await repository.customersByIds([(await customerOf('shop:S-1'))!]);
    expect(customer!.sourceKeys).toEqual(['crm:C-1', 'shop:S-1', 'support:T-1']);
  });

  it('resolves a batch on the store alone when the batch before it fails to write', async () => {
    let failed = false;
    const stop = repository.onQuery((text) => {
      if (!failed && text.includes('MERGE (r:SourceRecord')) {
        failed = true;
        throw new Error('injected write failure');
      }
    });
    try {
      const [first, second] = await Promise.allSettled([ingestRecords(repository, 'crm', [jane('C-1')], now), ingestRecords(repository, 'shop', [jane('S-1')], now)]);
      expect(first.status).toBe('rejected');
      expect(second).toEqual({ status: 'fulfilled', value: expect.objectContaining({ accepted: 1 }) });
    } finally {
      stop();
    }
    expect(await repository.recordsByKeys(['crm:C-1'])).toEqual([null]);
    const shop = await customerOf('shop:S-1');
    expect(shop).not.toBeNull();
    const [customer] = await repository.customersByIds([shop!]);
    expect(customer!.sourceKeys).toEqual(['shop:S-1']);
    expect(await repository.countCustomers()).toBe(1);
  });
});

describe('identity store: keys', () => {
  /** The keys a record is stored under (its block keys), sorted. */
  async function storedKeys(recordKey: string): Promise<string[]> {
    const rows = await run('MATCH (:SourceRecord {key: $recordKey})-[:IN_BLOCK]->(b:BlockKey) RETURN b.key AS key ORDER BY key', { recordKey });
    return rows.map((row) => row.key as string);
  }

  const ada = { sourceId: 'C-1', observedAt: '2026-01-01T00:00:00Z', givenName: 'Ada', familyName: 'Lovelace', emails: ['Ada.Lovelace@gmail.com'], phones: ['020 7946 0100'] };

  it('stores each key of a record once, identifiers and blocking keys alike', async () => {
    await ingestRecords(repository, 'crm', [ada], now);
    const keys = await storedKeys('crm:C-1');
    expect(keys).toEqual(expect.arrayContaining(['crm:C-1', 'email:ada.lovelace@gmail.com', 'email:adalovelace@gmail.com', 'phone:+442079460100', 'f:lovelace']));
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('finds a customer by an identifier the record carries, not by a key that only blocks it', async () => {
    await ingestRecords(repository, 'crm', [ada], now);
    const customer = await customerOf('crm:C-1');
    // The dotless form is the address's blocking key (Gmail ignores dots), not an identifier the record carries.
    expect(await repository.customerIdsByIdentifierKeys(['email:ada.lovelace@gmail.com', 'email:adalovelace@gmail.com', 'phone:+442079460100'])).toEqual([customer, null, customer]);
  });

  it('brings a store of the earlier shape (identifier nodes, e:/p:/k: blocking keys) to the current one', async () => {
    await ingestRecords(repository, 'crm', [ada], now);
    const customer = await customerOf('crm:C-1');
    const current = await storedKeys('crm:C-1');
    // Rewrite the record as the earlier version stored it.
    await run('CREATE CONSTRAINT identifier_key IF NOT EXISTS FOR (i:Identifier) REQUIRE i.key IS UNIQUE');
    await run(`MATCH (r:SourceRecord)-[edge:IN_BLOCK]->(b:BlockKey) WHERE b.key IN r.identifierKeys OR b.key STARTS WITH 'email:'
      FOREACH (_ IN CASE WHEN b.key IN r.identifierKeys THEN [1] ELSE [] END | MERGE (i:Identifier {key: b.key}) CREATE (r)-[:HAS_IDENTIFIER]->(i))
      MERGE (old:BlockKey {key: CASE WHEN b.key STARTS WITH 'email:' THEN 'e:' + substring(b.key, 6) WHEN b.key STARTS WITH 'phone:' THEN 'p:' + substring(b.key, 6) ELSE 'k:' + b.key END})
      CREATE (r)-[:IN_BLOCK]->(old)
      DELETE edge`);
    await run('MATCH (b:BlockKey) WHERE NOT (b)<-[:IN_BLOCK]-() DELETE b');
    expect(await storedKeys('crm:C-1')).toEqual(expect.arrayContaining(['e:ada.lovelace@gmail.com', 'e:adalovelace@gmail.com', 'k:crm:C-1', 'p:+442079460100']));

    await repository.ensureSchema();
    expect(await storedKeys('crm:C-1')).toEqual(current);
    expect(await run('MATCH (i:Identifier) RETURN count(i) AS n')).toEqual([{ n: 0 }]);
    expect(await run(`SHOW CONSTRAINTS YIELD name WHERE name = 'identifier_key' RETURN name`)).toEqual([]);
    expect(await repository.customerIdsByIdentifierKeys(['email:ada.lovelace@gmail.com'])).toEqual([customer]);
    await ingestRecords(repository, 'shop', [{ sourceId: 'S-1', observedAt: '2026-02-01T00:00:00Z', fullName: 'Ada Lovelace', emails: ['adalovelace@gmail.com'] }], now);
    expect(await customerOf('shop:S-1')).toBe(customer);
    await repository.ensureSchema();
    expect(await storedKeys('crm:C-1')).toEqual(current);
  });
});

describe('identity resolution: warm-up', () => {
  it('resolves through a rehearsal: each resolution sees the ones before it, and nothing is stored', async () => {
    const sent: string[] = [];
    const rehearsal = repository.rehearsal();
    rehearsal.onQuery((text) => sent.push(text));
    const jane = { sourceId: '1', observedAt: '2026-01-01T00:00:00Z', givenName: 'Jane', familyName: 'Doe', birthDate: '1980-07-04', emails: ['jane.doe@example.com'] };
    try {
      expect(await ingestRecords(rehearsal, 'crm', [jane], now)).toEqual({ accepted: 1, unchanged: 0, rejected: [], customersAffected: 1, queuedForReview: 0 });
      expect(sent.some((text) => text.includes('MERGE (r:SourceRecord'))).toBe(true);
      expect(sent.some((text) => text.includes('MERGE (a)-[l:LINKED]->(b)'))).toBe(false);
      expect(await ingestRecords(rehearsal, 'shop', [jane], now)).toEqual({ accepted: 1, unchanged: 0, rejected: [], customersAffected: 1, queuedForReview: 0 });
      // The shop record found the crm one, written earlier in the rehearsal, and linked to it.
      expect(sent.some((text) => text.includes('MERGE (a)-[l:LINKED]->(b)'))).toBe(true);
      // Not committed: outside the rehearsal nothing is there.
      expect(await repository.recordsByKeys(['crm:1', 'shop:1'])).toEqual([null, null]);
    } finally {
      await rehearsal.end();
    }
    expect(await repository.recordsByKeys(['crm:1'])).toEqual([null]);
    expect((await ingestRecords(repository, 'crm', [jane], now)).accepted).toBe(1);
  });

  it('warms up on synthetic people and leaves the store as it was', async () => {
    const warm = await warmUpResolution(repository, { rehearsed: 600, committed: 600 }, { region, matcher });
    // No warm-up store: nothing is committed anywhere.
    expect(warm).toEqual(expect.objectContaining({ rehearsed: 600, committed: 0, accepted: 600 }));
    expect(warm.batches).toBeGreaterThanOrEqual(4);
    expect(await run('MATCH (n) RETURN count(n) AS n')).toEqual([{ n: 0 }]);
  });
});
