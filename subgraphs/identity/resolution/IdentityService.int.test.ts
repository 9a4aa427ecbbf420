import type { Driver } from 'neo4j-driver';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createNeo4jDriver } from '../../../lib/neo4j/createNeo4jDriver.ts';
import { emptyNeo4j, testConfig } from '../../../test/support/stores.ts';
import { MatchModelRegistry } from '../matching/MatchModelRegistry.ts';
import { defaultMatchingSettings } from '../matching/Matcher.ts';
import { IdentityRepository } from '../store/IdentityRepository.ts';
import { defaultSurvivorship } from './buildGoldenRecord.ts';
import { IdentityService } from './IdentityService.ts';

let driver: Driver;
let repository: IdentityRepository;
const region = 'GB';
let clock = new Date('2026-06-01T00:00:00.000Z');
const tick = () => (clock = new Date(clock.getTime() + 1000));

function service(settings = defaultMatchingSettings, survivorship = defaultSurvivorship) {
  return new IdentityService(repository, new MatchModelRegistry(repository, settings, region), { region, survivorship, now: tick });
}

beforeAll(async () => {
  const uri = await emptyNeo4j();
  driver = createNeo4jDriver({ uri, user: 'neo4j', password: testConfig().neo4j.password });
  repository = new IdentityRepository(driver, null);
  await repository.ensureSchema();
});
afterAll(() => driver.close());
beforeEach(() => emptyNeo4j());

async function customerOf(key: string) {
  const [found] = await repository.recordsByKeys([key]);
  return found?.customerId ?? null;
}

const jane = { givenName: 'Jane', familyName: 'Whitfield', birthDate: '1984-03-09', addresses: [{ line1: '12 Orchard Road', city: 'Leeds', postalCode: 'LS6 2AB' }] };

describe('identity: probabilistic linking through blocking keys', () => {
  it('links a call-center record with only a name and a phone to the CRM record, despite a typo and a nickname', async () => {
    const identity = service();
    await identity.ingest('crm', [{ sourceId: 'C-1', observedAt: '2026-01-01T00:00:00Z', ...jane, givenName: 'Jennifer', phones: ['0113 496 0123'] }], 'test');
    await identity.ingest('callcenter', [{ sourceId: 'K-1', observedAt: '2026-01-02T00:00:00Z', givenName: 'Jenny', familyName: 'Whitfeld', phones: ['+44 113 496 0123'] }], 'test');
    expect(await customerOf('callcenter:K-1')).toBe(await customerOf('crm:C-1'));
    const explanation = await identity.explain('crm:C-1', 'callcenter:K-1');
    expect(explanation.decision).toBe('LINK');
    expect(explanation.sameCustomer).toBe(true);
    expect(explanation.comparisons.find((c) => c.comparison === 'givenName')!.level).toBe('nickname');
    expect(explanation.comparisons.find((c) => c.comparison === 'familyName')!.level).toBe('jw92');
    expect(explanation.comparisons.find((c) => c.comparison === 'phone')!.level).toBe('exact');
    expect(explanation.comparisons.find((c) => c.comparison === 'email')!.level).toBe('missing');
    const total = explanation.priorWeight + explanation.comparisons.reduce((sum, c) => sum + c.weight, 0);
    expect(total).toBeCloseTo(explanation.matchWeight, 6);
  });

  it('never links through a placeholder e-mail or phone', async () => {
    const identity = service();
    await identity.ingest('shop', [
      { sourceId: 'S-1', observedAt: '2026-01-01T00:00:00Z', givenName: 'Amir', familyName: 'Haddad', emails: ['noemail@example.com'], phones: ['0000000000'] },
      { sourceId: 'S-2', observedAt: '2026-01-01T00:00:00Z', givenName: 'Lucy', familyName: 'Osei', emails: ['noemail@example.com'], phones: ['0000000000'] },
    ], 'test');
    expect(await customerOf('shop:S-1')).not.toBe(await customerOf('shop:S-2'));
    const explanation = await identity.explain('shop:S-1', 'shop:S-2');
    expect(explanation.comparisons.filter((c) => c.comparison === 'email' || c.comparison === 'phone').map((c) => c.level)).toEqual(['missing', 'missing']);
  });

  it('queues a pair between the thresholds for review instead of linking it, and a steward approval merges it', async () => {
    const identity = service();
    // Same family name, given names one letter apart, nothing else to compare: uncertain.
    await identity.ingest('crm', [{ sourceId: 'C-7', observedAt: '2026-01-01T00:00:00Z', givenName: 'Tom', familyName: 'Ashdown' }], 'test');
    const outcome = await identity.ingest('support', [{ sourceId: 'T-7', observedAt: '2026-01-02T00:00:00Z', givenName: 'Tim', familyName: 'Ashdown' }], 'test');
    const explanation = await identity.explain('crm:C-7', 'support:T-7');
    expect(explanation.decision).toBe('REVIEW');
    expect(outcome.queuedForReview).toBe(1);
    expect(await customerOf('crm:C-7')).not.toBe(await customerOf('support:T-7'));
    const { items } = await repository.reviewItems('OPEN', 10, null);
    expect(items.map((i) => [i.a, i.b, i.status])).toEqual([['crm:C-7', 'support:T-7', 'OPEN']]);
    const decided = await identity.decideReview(items[0]!.id, true, 'steward/ann', 'same person: phoned in');
    expect(decided.status).toBe('APPROVED');
    expect(await customerOf('support:T-7')).toBe(await customerOf('crm:C-7'));
    await expect(identity.decideReview(items[0]!.id, false, 'steward/ann', null)).rejects.toThrow(/already APPROVED/);
    const history = (await repository.historyOfCustomers([(await customerOf('crm:C-7'))!]))[0]!;
    expect(history.map((e) => e.kind)).toContain('REVIEW_MERGE');
    expect(await repository.reviewDecisions('2000-01-01T00:00:00.000Z')).toEqual([{ day: clock.toISOString().slice(0, 10), status: 'APPROVED', count: 1 }]);
  });
});

describe('identity: clustering safeguards', () => {
  it('keeps two ids of a one-record-per-person source apart even when a third record links to both', async () => {
    const identity = service({ ...defaultMatchingSettings, oneRecordPerPerson: ['shop'] });
    await identity.ingest('shop', [
      { sourceId: 'A', observedAt: '2026-01-01T00:00:00Z', ...jane, emails: ['jane.w@example.com'] },
      { sourceId: 'B', observedAt: '2026-01-01T00:00:00Z', ...jane, emails: ['jwhitfield@example.org'] },
    ], 'test');
    await identity.ingest('crm', [{ sourceId: 'C-9', observedAt: '2026-01-02T00:00:00Z', ...jane, emails: ['jane.w@example.com', 'jwhitfield@example.org'] }], 'test');
    expect(await customerOf('shop:A')).not.toBe(await customerOf('shop:B'));
    const { items } = await repository.reviewItems('OPEN', 10, null);
    expect(items.some((i) => i.reason.startsWith('SAME_SOURCE_DIFFERENT_ID'))).toBe(true);
  });

  it('refuses a transitive merge through a record whose birth date and given name contradict the other side', async () => {
    const identity = service();
    const home = { line1: '3 Beck Lane', city: 'York', postalCode: 'YO1 7HH' };
    // Parent and child share a household phone and address; a record with only the phone and
    // the family name could link to either, but must not join them.
    await identity.ingest('crm', [
      { sourceId: 'P', observedAt: '2026-01-01T00:00:00Z', givenName: 'Margaret', familyName: 'Lowe', birthDate: '1952-08-14', phones: ['01904 496 011'], addresses: [home] },
      { sourceId: 'K', observedAt: '2026-01-01T00:00:00Z', givenName: 'Daniel', familyName: 'Lowe', birthDate: '1989-02-27', phones: ['01904 496 011'], addresses: [home] },
    ], 'test');
    expect(await customerOf('crm:P')).not.toBe(await customerOf('crm:K'));
    await identity.ingest('callcenter', [{ sourceId: 'X', observedAt: '2026-01-02T00:00:00Z', familyName: 'Lowe', phones: ['01904 496 011'], addresses: [home] }], 'test');
    expect(await customerOf('crm:P')).not.toBe(await customerOf('crm:K'));
  });
});

describe('identity: steward merge and split', () => {
  it('merges two customers with history; the survivor keeps its id, the other resolves to it; splitting restores the merged-away id', async () => {
    const identity = service();
    await identity.ingest('crm', [{ sourceId: 'M-1', observedAt: '2026-01-01T00:00:00Z', givenName: 'Priya', familyName: 'Nair', emails: ['priya@example.com'] }], 'test');
    await identity.ingest('shop', [{ sourceId: 'M-2', observedAt: '2026-01-02T00:00:00Z', givenName: 'P', familyName: 'Shah', emails: ['pshah@example.org'] }], 'test');
    const survivor = (await customerOf('crm:M-1'))!;
    const merged = (await customerOf('shop:M-2'))!;
    expect(survivor).not.toBe(merged);
    await expect(identity.merge(survivor, survivor, 'steward/ann', 'x')).rejects.toThrow(/same customer/);
    await expect(identity.merge(survivor, 'c_unknown', 'steward/ann', 'x')).rejects.toThrow(/No customer c_unknown/);

    expect(await identity.merge(survivor, merged, 'steward/ann', 'married name, confirmed by phone')).toBe(survivor);
    expect(await customerOf('shop:M-2')).toBe(survivor);
    const [viaAlias] = await repository.customersByIds([merged]);
    expect(viaAlias!.id).toBe(survivor);
    expect(viaAlias!.sourceKeys).toEqual(['crm:M-1', 'shop:M-2']);
    const [history] = await repository.historyOfCustomers([survivor]);
    expect(history![0]).toMatchObject({ kind: 'STEWARD_MERGE', actor: 'steward/ann', reason: 'married name, confirmed by phone', survivorId: survivor });
    expect(history![0]!.customerIds.sort()).toEqual([merged, survivor].sort());

    const after = await identity.split(['shop:M-2'], 'steward/bo', 'different people after all');
    expect(after.sort()).toEqual([merged, survivor].sort());
    expect(await customerOf('crm:M-1')).toBe(survivor);
    expect(await customerOf('shop:M-2')).toBe(merged);
    const [restored] = await repository.customersByIds([merged]);
    expect(restored!.id).toBe(merged);
    // The split holds: re-ingesting the record does not merge it back.
    await identity.ingest('shop', [{ sourceId: 'M-2', observedAt: '2026-03-01T00:00:00Z', givenName: 'P', familyName: 'Shah', emails: ['pshah@example.org'] }], 'test');
    expect(await customerOf('shop:M-2')).toBe(merged);
    const [survivorHistory] = await repository.historyOfCustomers([survivor]);
    expect(survivorHistory!.map((e) => e.kind)).toEqual(['STEWARD_SPLIT', 'STEWARD_MERGE']);
  });

  it('refuses a split that names records of two customers or every record of one', async () => {
    const identity = service();
    await identity.ingest('crm', [
      { sourceId: 'Q-1', observedAt: '2026-01-01T00:00:00Z', givenName: 'Ola', familyName: 'Berg', emails: ['ola@example.com'] },
      { sourceId: 'Q-2', observedAt: '2026-01-01T00:00:00Z', givenName: 'Kai', familyName: 'Moss', emails: ['kai@example.com'] },
    ], 'test');
    await expect(identity.split(['crm:Q-1', 'crm:Q-2'], 'steward', 'x')).rejects.toThrow(/all belong to one customer/);
    await expect(identity.split(['crm:Q-1'], 'steward', 'x')).rejects.toThrow(/every record/);
    await expect(identity.split(['crm:nope'], 'steward', 'x')).rejects.toThrow(/No source record crm:nope/);
  });
});

describe('identity: survivorship and stitching', () => {
  it('applies configured survivorship, and a steward correction ranks first', async () => {
    const identity = service(defaultMatchingSettings, { ...defaultSurvivorship, attributes: { ...defaultSurvivorship.attributes, name: ['SOURCE_PRIORITY'] } });
    await identity.ingest('crm', [{ sourceId: 'R-1', observedAt: '2026-01-01T00:00:00Z', givenName: 'Sam', familyName: 'Reed', emails: ['sam.reed@example.com'] }], 'test');
    await identity.ingest('support', [{ sourceId: 'R-2', observedAt: '2026-02-01T00:00:00Z', givenName: 'Samuel', familyName: 'Reed', emails: ['sam.reed@example.com'] }], 'test');
    const id = (await customerOf('crm:R-1'))!;
    let [customer] = await repository.customersByIds([id]);
    expect(customer!.givenName).toBe('Sam');
    expect(customer!.provenance).toContainEqual({ attribute: 'name', sourceKey: 'crm:R-1', rule: 'SOURCE_PRIORITY' });
    await identity.ingest('steward', [{ sourceId: 'fix-1', observedAt: '2026-01-15T00:00:00Z', givenName: 'Samantha', familyName: 'Reed', externalIds: [{ system: 'crm', value: 'R-1' }] }], 'test');
    [customer] = await repository.customersByIds([id]);
    expect(customer!.givenName).toBe('Samantha');
    expect(customer!.provenance).toContainEqual({ attribute: 'name', sourceKey: 'steward:fix-1', rule: 'STEWARD' });
  });

  it('stitches an anonymous session to the customer that owns its e-mail, and its history follows', async () => {
    const identity = service();
    await identity.ingest('crm', [{ sourceId: 'W-1', observedAt: '2026-01-01T00:00:00Z', givenName: 'Noor', familyName: 'Aziz', emails: ['noor.aziz@example.com'] }], 'test');
    const id = (await customerOf('crm:W-1'))!;
    expect(await identity.identify('sess-42', { emails: [' Noor.Aziz@Example.com'], phones: [] }, 'web')).toEqual({ customerId: id, linked: true });
    const [customer] = await repository.customersByIds([id]);
    expect(customer!.sourceKeys).toEqual(['crm:W-1', 'web:sess-42']);
    expect((await repository.historyOfCustomers([id]))[0]!.map((e) => e.kind)).toContain('IDENTIFY');
    const unknown = await identity.identify('sess-43', { emails: ['someone.else@example.org'], phones: [] }, 'web');
    expect(unknown.linked).toBe(false);
    expect(unknown.customerId).not.toBe(id);
    await expect(identity.identify('bad id!', { emails: ['x@example.com'], phones: [] }, 'web')).rejects.toThrow(/anonymousId/);
    await expect(identity.identify('sess-44', { emails: ['not an e-mail'], phones: [] }, 'web')).rejects.toThrow(/at least one valid e-mail or phone/);
  });
});

describe('identity: model versions', () => {
  it('trains a model on the stored records, stores it and activates it', async () => {
    const identity = service();
    const people = ['Ada Byrne', 'Ben Cole', 'Cara Dunn', 'Dev Ellis', 'Eve Ford', 'Finn Gray'];
    await identity.ingest('crm', people.map((name, i) => ({ sourceId: `T-${i}`, observedAt: '2026-01-01T00:00:00Z', fullName: name, birthDate: `198${i}-0${i + 1}-1${i}` })), 'test');
    await identity.ingest('shop', people.map((name, i) => ({ sourceId: `S-${i}`, observedAt: '2026-01-02T00:00:00Z', fullName: name, birthDate: `198${i}-0${i + 1}-1${i}` })), 'test');
    const before = (await identity.models.current()).model.version;
    const trained = await identity.train(true);
    expect(trained.version).not.toBe(before);
    expect(trained.model.training.records).toBe(12);
    expect((await identity.models.current()).model.version).toBe(trained.version);
    const listed = await identity.models.list();
    expect(listed.filter((m) => m.active).map((m) => m.version)).toEqual([trained.version]);
    expect(await identity.models.activate('fs-none')).toBe(false);
  });
});
