import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../lib/config.ts';
import { maskValue } from '../lib/sensitivity/index.ts';
import { startTestSystem, type TestSystem } from '../test/support/system.ts';
import { buildCatalog } from './buildCatalog.ts';
import { exportMasked, type ExportManifest } from './exportMasked.ts';

const hashKey = 'export-masked-test-hash-key-0123456789';

const ingest = /* GraphQL */ `
  mutation Ingest($source: String!, $records: [SourceRecordInput!]!) {
    ingestSourceRecords(source: $source, records: $records) { accepted rejected { index reason } }
  }
`;
const recordConsents = /* GraphQL */ `
  mutation Consents($consents: [ConsentInput!]!) {
    recordConsents(consents: $consents) { accepted rejected { index reason } }
  }
`;
const recordOrders = /* GraphQL */ `
  mutation Orders($orders: [OrderInput!]!) {
    recordOrders(orders: $orders) { accepted rejected { index reason } }
  }
`;
const customerByEmail = /* GraphQL */ `
  query ByEmail($value: String!) {
    customerByIdentifier(type: EMAIL, value: $value) { sourceRecords { source sourceId } consents { purpose status subjectKey } analytics { orderCount totalSpend } }
  }
`;

interface Result {
  accepted: number;
  rejected: { index: number; reason: string }[];
}

/** Every personal string the fixtures contain, as sent and as the stores normalise it. */
const originals = [
  'Jessamine.Okonkwo@Example.com',
  'jessamine.okonkwo@example.com',
  'jessamine@',
  'example.com',
  'tobiah.vantreeck@example.org',
  'example.org',
  '020 7946 0001',
  '+442079460001',
  '2079460001',
  'Jessamine',
  'Okonkwo',
  'Tobiah',
  'Vantreeck',
  '17 Larkspur Crescent',
  'Larkspur',
  'Flat 4b',
  'Maidstone',
  'ME14 1XX',
  'CRM-778812',
  'CRM-778813',
  'SHOP-55121',
  'ORD-90001',
  'ORD-90002',
  '1985-04-12',
];

let system: TestSystem;
let outDir: string;
let manifest: ExportManifest;
let text: Record<string, string>;
let lines: { records: Record<string, unknown>[]; consents: Record<string, unknown>[]; orders: Record<string, unknown>[] };

const parseLines = (content: string) =>
  content
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);

async function mutate(document: string, variables: Record<string, unknown>, field: string): Promise<Result> {
  const response = await system.query<Record<string, Result>, Record<string, unknown>>(document, variables);
  expect(response.errors).toBeUndefined();
  return response.data![field]!;
}

beforeAll(async () => {
  system = await startTestSystem({ env: { C360_HASH_KEY: hashKey } });
  outDir = await mkdtemp(join(tmpdir(), 'c360-export-masked-'));
  const crm = await mutate(ingest, {
    source: 'crm',
    records: [
      {
        sourceId: 'CRM-778812', observedAt: '2025-06-01T10:00:00Z', givenName: 'Jessamine', familyName: 'Okonkwo', fullName: 'Jessamine Okonkwo',
        emails: ['Jessamine.Okonkwo@Example.com'], phones: ['020 7946 0001'], birthDate: '1985-04-12',
        addresses: [{ line1: '17 Larkspur Crescent', line2: 'Flat 4b', city: 'Maidstone', region: 'Kent', postalCode: 'ME14 1XX', country: 'GB' }],
      },
      { sourceId: 'CRM-778813', observedAt: '2025-06-02T10:00:00Z', givenName: 'Tobiah', familyName: 'Vantreeck', emails: ['tobiah.vantreeck@example.org'] },
    ],
  }, 'ingestSourceRecords');
  expect(crm).toEqual({ accepted: 2, rejected: [] });
  const shop = await mutate(ingest, {
    source: 'shop',
    records: [{ sourceId: 'SHOP-55121', observedAt: '2025-09-01T10:00:00Z', fullName: 'Jessamine Okonkwo', emails: ['jessamine.okonkwo@example.com', 'jessamine@'], externalIds: [{ system: 'crm', value: 'CRM-778812' }] }],
  }, 'ingestSourceRecords');
  expect(shop).toEqual({ accepted: 1, rejected: [] });
  const consents = await mutate(recordConsents, {
    consents: [
      { subjectKey: 'email:Jessamine.Okonkwo@example.com', purpose: 'MARKETING_EMAIL', channel: 'WEB', status: 'GRANTED', collectionPoint: 'web-signup', policyVersion: 'v1', capturedAt: '2025-01-01T00:00:00Z' },
      { subjectKey: 'crm:CRM-778812', purpose: 'ANALYTICS', channel: 'EMAIL', status: 'DENIED', collectionPoint: 'preference-center', policyVersion: 'v2', capturedAt: '2025-07-01T00:00:00Z' },
      { subjectKey: 'phone:020 7946 0001', purpose: 'MARKETING_SMS', channel: 'PHONE', status: 'GRANTED', collectionPoint: 'call-center', policyVersion: 'v2', capturedAt: '2025-03-01T00:00:00Z' },
    ],
  }, 'recordConsents');
  expect(consents).toEqual({ accepted: 3, rejected: [] });
  const orders = await mutate(recordOrders, {
    orders: [
      { orderId: 'ORD-90001', sourceKey: 'shop:SHOP-55121', placedAt: '2025-09-01T12:00:00Z', amount: 40.5, currency: 'GBP', itemCount: 2 },
      { orderId: 'ORD-90002', sourceKey: 'shop:SHOP-55121', placedAt: '2025-10-01T12:00:00Z', amount: 0.4, currency: 'GBP', itemCount: 1 },
    ],
  }, 'recordOrders');
  expect(orders).toEqual({ accepted: 2, rejected: [] });

  const progress: string[] = [];
  // A page of two makes every kind of data span several pages.
  manifest = await exportMasked({ driver: system.driver, db: system.db, hashKey: system.keys.hash, outDir, log: (m) => progress.push(m), pageSize: 2 });
  expect(progress).toContain('source records: 3 written to source-records.jsonl');
  const names = await readdir(outDir);
  text = Object.fromEntries(await Promise.all(names.map(async (name) => [name, await readFile(join(outDir, name), 'utf8')] as const)));
  lines = { records: parseLines(text['source-records.jsonl']!), consents: parseLines(text['consents.jsonl']!), orders: parseLines(text['orders.jsonl']!) };
});
afterAll(async () => {
  await system?.stop();
  if (outDir) await rm(outDir, { recursive: true, force: true });
});

const recordOf = (source: string, originalId: string) => lines.records.find((r) => r.source === source && r.sourceId === maskValue('HASH', originalId, hashKey))!;

describe('export:masked', () => {
  it('writes the three data files and a manifest whose counts match them', () => {
    expect(Object.keys(text).sort()).toEqual(['consents.jsonl', 'manifest.json', 'orders.jsonl', 'source-records.jsonl']);
    expect(manifest.counts).toEqual({ sourceRecords: 3, consents: 3, orders: 2 });
    expect([lines.records.length, lines.consents.length, lines.orders.length]).toEqual([3, 3, 2]);
    expect(JSON.parse(text['manifest.json']!)).toEqual(manifest);
    expect(manifest.pseudonyms).toContain("keyed by the source environment's HASH-mask key");
    expect(manifest.pseudonyms).toContain('cannot be reversed or recomputed without that key');
  });

  it('leaves no original e-mail, phone, name, street, source id or order id anywhere in the output', () => {
    for (const [name, content] of Object.entries(text)) {
      for (const original of originals) expect(content.toLowerCase(), `${original} in ${name}`).not.toContain(original.toLowerCase());
    }
  });

  it('gives the same e-mail the same token in both records and in the consent key', () => {
    const crm = recordOf('crm', 'CRM-778812');
    const shop = recordOf('shop', 'SHOP-55121');
    const token = `${maskValue('HASH', 'jessamine.okonkwo@example.com', hashKey)}@pseudonym.invalid`;
    expect(crm.emails).toEqual([token]);
    expect(shop.emails).toEqual([token, maskValue('HASH', 'jessamine@', hashKey)]);
    expect(lines.consents.map((c) => c.subjectKey)).toEqual([`email:${token}`, `crm:${crm.sourceId as string}`, `phone:${(crm.phones as string[])[0]!}`]);
    expect(shop.externalIds).toEqual([{ system: 'crm', value: crm.sourceId }]);
    expect(lines.orders.map((o) => o.sourceKey)).toEqual([`shop:${shop.sourceId as string}`, `shop:${shop.sourceId as string}`]);
  });

  it('keeps only the year of birth dates, the outward postcode, rounded amounts and the timestamps', () => {
    const crm = recordOf('crm', 'CRM-778812');
    expect(lines.records.map((r) => r.birthDate)).toEqual(expect.arrayContaining(['1985-01-01', null]));
    expect(lines.records.every((r) => r.birthDate === null || /^\d{4}-01-01$/.test(r.birthDate as string))).toBe(true);
    expect(crm).toEqual({
      source: 'crm',
      sourceId: maskValue('HASH', 'CRM-778812', hashKey),
      observedAt: '2025-06-01T10:00:00.000Z',
      givenName: maskValue('HASH', 'Jessamine', hashKey),
      familyName: maskValue('HASH', 'Okonkwo', hashKey),
      fullName: maskValue('HASH', 'Jessamine Okonkwo', hashKey),
      emails: [`${maskValue('HASH', 'jessamine.okonkwo@example.com', hashKey)}@pseudonym.invalid`],
      phones: [maskValue('HASH', '+442079460001', hashKey)],
      addresses: [{
        line1: maskValue('HASH', '17 Larkspur Crescent', hashKey), line2: maskValue('HASH', 'Flat 4b', hashKey), city: maskValue('HASH', 'Maidstone', hashKey),
        region: 'Kent', postalCode: 'ME14', country: 'GB',
      }],
      birthDate: '1985-01-01',
      externalIds: [],
    });
    expect(lines.orders).toEqual([
      { orderId: maskValue('HASH', 'ORD-90001', hashKey), sourceKey: expect.any(String), placedAt: '2025-09-01T12:00:00.000Z', amount: 41, currency: 'GBP', itemCount: 2 },
      { orderId: maskValue('HASH', 'ORD-90002', hashKey), sourceKey: expect.any(String), placedAt: '2025-10-01T12:00:00.000Z', amount: 1, currency: 'GBP', itemCount: 1 },
    ]);
  });

  it('writes the same files whatever the page size', async () => {
    const again = await mkdtemp(join(tmpdir(), 'c360-export-masked-'));
    try {
      await exportMasked({ driver: system.driver, db: system.db, hashKey: system.keys.hash, outDir: again });
      for (const name of ['source-records.jsonl', 'consents.jsonl', 'orders.jsonl']) expect(await readFile(join(again, name), 'utf8')).toBe(text[name]);
    } finally {
      await rm(again, { recursive: true, force: true });
    }
  });

  it('names in its manifest only fields the sensitivity catalog knows', async () => {
    const catalog = new Set(buildCatalog(await readFile(resolve(projectRoot, 'gateway/supergraph.graphql'), 'utf8')).map((e) => e.coordinate));
    const unknown = manifest.fields.filter((f) => !catalog.has(f.feeds) && f.feeds !== 'Order.orderId');
    expect(unknown).toEqual([]);
  });

  it('replays through the public mutations, and the pseudonymised customer keeps its links by e-mail and source id', async () => {
    const bySource = new Map<string, Record<string, unknown>[]>();
    for (const { source, ...record } of lines.records) bySource.set(source as string, [...(bySource.get(source as string) ?? []), record]);
    for (const [source, records] of bySource) expect(await mutate(ingest, { source, records }, 'ingestSourceRecords')).toEqual({ accepted: records.length, rejected: [] });
    // A phone pseudonym is no valid number: that one event is refused, the others stored.
    expect(await mutate(recordConsents, { consents: lines.consents }, 'recordConsents')).toEqual({
      accepted: 2,
      rejected: [{ index: 2, reason: 'subjectKey: the phone number in the key is not a valid number' }],
    });
    expect(await mutate(recordOrders, { orders: lines.orders }, 'recordOrders')).toEqual({ accepted: 2, rejected: [] });

    const token = `${maskValue('HASH', 'jessamine.okonkwo@example.com', hashKey)}@pseudonym.invalid`;
    const response = await system.query<{ customerByIdentifier: { sourceRecords: unknown[]; consents: unknown[]; analytics: { orderCount: number; totalSpend: number } } }, { value: string }>(customerByEmail, { value: token });
    expect(response.errors).toBeUndefined();
    const customer = response.data!.customerByIdentifier;
    expect(customer.sourceRecords).toHaveLength(2);
    expect(customer.consents).toEqual([
      { purpose: 'ANALYTICS', status: 'DENIED', subjectKey: `crm:${maskValue('HASH', 'CRM-778812', hashKey)}` },
      { purpose: 'MARKETING_EMAIL', status: 'GRANTED', subjectKey: `email:${token.toLowerCase()}` },
    ]);
    expect(customer.analytics).toEqual({ orderCount: 2, totalSpend: 42 });
  });
});
