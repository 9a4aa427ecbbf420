import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { buildSchema, getNamedType, isLeafType, isObjectType, parse, validate, type GraphQLObjectType } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sensitivityLevels, type SensitivityLevel } from '../../lib/config.ts';
import { decideAccess, readSensitivity } from '../../lib/sensitivity/index.ts';
import { IngestSourceRecordsDocument, RecordConsentsDocument, RecordOrdersDocument } from '../generated/operations.ts';
import type { GraphQLResponse } from '../support/graphqlClient.ts';
import { startTestSystem, type TestSystem } from '../support/system.ts';

/**
 * No value above the caller's clearance reaches the caller in clear (DESIGN §4), whatever the
 * shape of the operation: fast-check builds valid operations over the API schema (aliases, named
 * and inline fragments, duplicated selections, nesting, pagination) and the whole response text
 * (data, errors, extensions) is searched for the seeded personal values the caller may not see.
 */
const supergraph = readFileSync(new URL('../../gateway/supergraph.graphql', import.meta.url), 'utf8');
const api = buildSchema(readFileSync(new URL('../../gateway/api-schema.graphql', import.meta.url), 'utf8'));
const sensitive = readSensitivity(supergraph);

// ---------------------------------------------------------------------------------------------
// Seed data: personal values long and unusual enough that finding one as a substring of the
// response means that value (a mask never contains it: `X.`, `z***@example.org`, `***0999`,
// `1961`, `KY16`, `h_…`, `[REDACTED]`).
// ---------------------------------------------------------------------------------------------

const person = {
  given: 'Xanthippe',
  family: 'Zbrzezniak',
  email: 'zq.rutherford-7@example.org',
  phone: '020 7946 0999',
  phoneE164: '+442079460999',
  birthDate: '1961-11-23',
  line1: '77 Quillfeather Lane',
  line2: 'Wyvernmoor House',
  city: 'Little Snoddington',
  region: 'Ostrogothia',
  postalCode: 'KY16 9XQ',
  crmId: 'C-PROP-1',
  shopId: 'S-PROP-1',
} as const;

const order = { orderId: 'ORD-PROP-77', placedAt: '2023-07-19T08:15', amount: '4321.99' } as const;

const consents = [
  { subjectKey: `email:${person.email}`, purpose: 'MARKETING_EMAIL', channel: 'WEB', collectionPoint: 'kiosk-zephyrine-42', capturedAt: '2024-02-29T13:37' },
  { subjectKey: `phone:${person.phone}`, purpose: 'MARKETING_SMS', channel: 'SMS', collectionPoint: 'shortcode-zephyrine-43', capturedAt: '2024-03-01T14:41' },
  { subjectKey: `crm:${person.crmId}`, purpose: 'ANALYTICS', channel: 'IN_STORE', collectionPoint: 'till-zephyrine-44', capturedAt: '2024-03-02T15:43' },
] as const;

/** Other customers, so that pages and cursors have something to page over. */
const decoys = [
  { crmId: 'C-DECOY-1', given: 'Bartholomew', family: 'Quenneville', email: 'bq.lindqvist-3@example.net', phone: '0161 496 0777', phoneE164: '+441614960777', birthDate: '1955-04-17', line1: '12 Thistlewhite Road', postalCode: 'YO31 7PQ' },
  { crmId: 'C-DECOY-2', given: 'Perpetua', family: 'Vandersloot', email: 'pv-88.lakemoor@example.com', phone: '0113 496 0555', phoneE164: '+441134960555', birthDate: '1973-09-08', line1: '5 Marrowbone Close', postalCode: 'EH8 9YL' },
  { crmId: 'C-DECOY-3', given: 'Ignatius', family: 'Wrenfield', email: 'iwo-41@example.co.uk', phone: '0117 496 0333', phoneE164: '+441174960333', birthDate: '1988-02-14', line1: '301 Kestrelgate Avenue', postalCode: 'PL4 6DX' },
] as const;

// ---------------------------------------------------------------------------------------------
// Which `@sensitive` fields carry each seeded value. A value may appear in a response only if the
// caller may read at least one of its carriers in clear; checked against the data itself in
// 'the carrier map matches the data' below, so a wrong or missing entry fails there.
// ---------------------------------------------------------------------------------------------

const givenName = ['PersonName.given', 'PersonName.full', 'SourceRecord.givenName', 'SourceRecord.fullName'];
const familyName = ['PersonName.family', 'PersonName.full', 'SourceRecord.familyName', 'SourceRecord.fullName'];
const email = ['Customer.emails', 'SourceRecord.emails', 'Identifier.value', 'Identifier.key'];
/** Phones as normalised (E.164); the source record keeps the number as the source sent it. */
const phone = ['Customer.phones', 'Identifier.value', 'Identifier.key'];
const phoneAsSent = ['SourceRecord.phones'];
const birthDate = ['Customer.birthDate', 'SourceRecord.birthDate'];
const recordId = ['SourceRecord.sourceId', 'SourceRecord.key', 'Identifier.value', 'Identifier.key', 'Provenance.sourceKey'];

interface SeededValue {
  value: string;
  carriers: readonly string[];
}

const seeded: SeededValue[] = [
  { value: person.given, carriers: givenName },
  { value: person.family, carriers: familyName },
  { value: person.email, carriers: [...email, 'Consent.subjectKey'] },
  { value: person.phoneE164, carriers: [...phone, 'Consent.subjectKey'] },
  { value: person.phone, carriers: phoneAsSent },
  { value: person.birthDate, carriers: birthDate },
  { value: person.line1, carriers: ['Address.line1'] },
  { value: person.line2, carriers: ['Address.line2'] },
  { value: person.city, carriers: ['Address.city'] },
  { value: person.region, carriers: ['Address.region'] },
  { value: person.postalCode, carriers: ['Address.postalCode'] },
  // The shop record links to the CRM record: the link and its explanation name both records.
  { value: person.crmId, carriers: [...recordId, 'Consent.subjectKey', 'RecordLink.recordA', 'MatchExplanation.recordA'] },
  // The CRM record names the shop account (ExternalId), the order was placed by it, and the shop
  // record has a quality issue (given name only); the newer CRM record supplies every golden
  // attribute, so no provenance points at the shop record.
  {
    value: person.shopId,
    carriers: ['SourceRecord.sourceId', 'SourceRecord.key', 'Identifier.value', 'Identifier.key', 'ExternalId.value', 'Order.sourceKey', 'QualityIssue.sourceKey', 'RecordLink.recordB', 'MatchExplanation.recordB'],
  },
  { value: order.placedAt, carriers: ['Order.placedAt', 'CustomerAnalytics.firstOrderAt', 'CustomerAnalytics.lastOrderAt'] },
  { value: order.amount, carriers: ['Order.amount', 'CustomerAnalytics.totalSpend', 'CustomerAnalytics.averageOrderValue', 'Rfm.monetary'] },
  ...consents.flatMap((c) => [
    { value: c.collectionPoint, carriers: ['Consent.collectionPoint'] },
    { value: c.capturedAt, carriers: ['Consent.capturedAt'] },
  ]),
  ...decoys.flatMap((d) => [
    { value: d.given, carriers: givenName },
    { value: d.family, carriers: familyName },
    { value: d.email, carriers: email },
    { value: d.phoneE164, carriers: phone },
    { value: d.phone, carriers: phoneAsSent },
    { value: d.birthDate, carriers: birthDate },
    { value: d.line1, carriers: ['Address.line1'] },
    { value: d.postalCode, carriers: ['Address.postalCode'] },
    { value: d.crmId, carriers: recordId },
    // Without consents, a decoy's identifier keys are only in Identifier.key (RESTRICTED, HASH):
    // the one kind of value a CONFIDENTIAL caller may not see in clear.
    { value: `email:${d.email}`, carriers: ['Identifier.key'] },
    { value: `phone:${d.phoneE164}`, carriers: ['Identifier.key'] },
  ]),
];

/** The seeded values a caller of this clearance may not see in clear: none of their carriers is CLEAR to it. */
function forbiddenAt(clearance: SensitivityLevel): string[] {
  return seeded.filter((s) => s.carriers.every((c) => decideAccess(clearance, sensitive.get(c)!) !== 'CLEAR')).map((s) => s.value);
}

// ---------------------------------------------------------------------------------------------
// Operations as data: a plan tree that `printOperation` turns into a document. Alias and fragment
// names are given while printing, so they are unique however the plan was shrunk.
// ---------------------------------------------------------------------------------------------

type Directive = '' | ' @include(if: true)' | ' @skip(if: false)' | ' @skip(if: true)';

type Plan =
  | { kind: 'field'; name: string; args: string; alias: boolean; directive: Directive; sub: Plan[] | null }
  | { kind: 'inline'; on: string | null; directive: Directive; sub: Plan[] }
  | { kind: 'spread'; on: string; directive: Directive; sub: Plan[] };

type Wrapper = { kind: 'inline' | 'untyped' | 'spread' | 'spreadInline' | 'spreadAndDirect' | 'spreadTwice'; directive: Directive };

function printOperation(roots: Plan[]): string {
  const definitions: string[] = [];
  const byBody = new Map<string, string>();
  const byPlan = new Map<Plan, string>();
  let aliases = 0;
  // Root fields take arguments: two with one response name and different arguments would not
  // merge, so a root field that occurs more than once is always aliased.
  const rootNames = new Map<string, number>();
  const countRoots = (plans: Plan[]) => {
    for (const p of plans) {
      if (p.kind === 'field') rootNames.set(p.name, (rootNames.get(p.name) ?? 0) + 1);
      else countRoots(p.sub);
    }
  };
  countRoots(roots);

  const printSet = (plans: Plan[], root: boolean): string => plans.map((p) => printOne(p, root)).join(' ');
  function printOne(plan: Plan, root: boolean): string {
    switch (plan.kind) {
      case 'field': {
        const aliased = plan.alias || (root && (rootNames.get(plan.name) ?? 0) > 1);
        const alias = aliased ? `a${++aliases}: ` : '';
        const sub = plan.sub ? ` { ${printSet(plan.sub, false)} }` : '';
        return `${alias}${plan.name}${plan.args}${plan.directive}${sub}`;
      }
      case 'inline':
        return `...${plan.on ? ` on ${plan.on}` : ''}${plan.directive} { ${printSet(plan.sub, root)} }`;
      case 'spread': {
        let name = byPlan.get(plan);
        if (!name) {
          const body = printSet(plan.sub, root);
          const key = `${plan.on} { ${body} }`;
          name = byBody.get(key);
          if (!name) {
            name = `F${byBody.size + 1}`;
            byBody.set(key, name);
            definitions.push(`fragment ${name} on ${key}`);
          }
          byPlan.set(plan, name);
        }
        return `...${name}${plan.directive}`;
      }
    }
  }
  const operation = `query NoLeak { ${printSet(roots, true)} }`;
  return [operation, ...definitions].join('\n');
}

/**
 * Groups a selection set's items by tag: tag 0 stays as it is; the items of tag 1–3 go, in order,
 * into one wrapper (`wrappers[tag - 1]`) placed where the first of them stood.
 */
function wrap(typeName: string, items: [Plan, number][], wrappers: Wrapper[]): Plan[] {
  const groups = new Map<number, Plan[]>();
  const slots: (Plan | number)[] = [];
  for (const [plan, tag] of items) {
    if (tag === 0) {
      slots.push(plan);
    } else if (groups.has(tag)) {
      groups.get(tag)!.push(plan);
    } else {
      groups.set(tag, [plan]);
      slots.push(tag);
    }
  }
  return slots.flatMap((slot): Plan[] => {
    if (typeof slot !== 'number') return [slot];
    const sub = groups.get(slot)!;
    const { kind, directive } = wrappers[slot - 1]!;
    const spread: Plan = { kind: 'spread', on: typeName, directive, sub };
    switch (kind) {
      case 'inline':
        return [{ kind: 'inline', on: typeName, directive, sub }];
      case 'untyped':
        return [{ kind: 'inline', on: null, directive, sub }];
      case 'spread':
        return [spread];
      case 'spreadInline':
        return [{ kind: 'spread', on: typeName, directive, sub: [{ kind: 'inline', on: typeName, directive: '', sub }] }];
      case 'spreadAndDirect':
        return [spread, ...sub];
      case 'spreadTwice':
        return [spread, spread];
    }
  });
}

const maxDepth = 5;

/** Mostly none; sometimes one that keeps the selection, rarely one that drops it. */
const directiveArb: fc.Arbitrary<Directive> = fc.oneof(
  { weight: 24, arbitrary: fc.constant<Directive>('') },
  { weight: 4, arbitrary: fc.constantFrom<Directive>(' @include(if: true)', ' @skip(if: false)') },
  { weight: 1, arbitrary: fc.constant<Directive>(' @skip(if: true)') },
);
const wrapperArb: fc.Arbitrary<Wrapper> = fc.record({
  kind: fc.constantFrom<Wrapper['kind']>('inline', 'untyped', 'spread', 'spreadInline', 'spreadAndDirect', 'spreadTwice'),
  directive: directiveArb,
});
const tagArb = fc.oneof({ weight: 5, arbitrary: fc.constant(0) }, { weight: 3, arbitrary: fc.integer({ min: 1, max: 3 }) });

/** What the root fields' arguments may name: found in the seeded system. */
interface Targets {
  customerIds: string[];
  cursors: string[];
}

function operationArb(targets: Targets): fc.Arbitrary<string> {
  const sets = new Map<string, fc.Arbitrary<Plan[]>>();
  const quoted = (value: string) => JSON.stringify(value);

  /**
   * A selection set on `type` whose fields stand at `depth` (a root field is at 1): 1–5 fields,
   * repeats allowed, some grouped into fragments; object fields only above `maxDepth`. Memoised
   * per type and depth, so the arbitrary is built once per pair rather than once per path.
   */
  function selectionSet(type: GraphQLObjectType, depth: number): fc.Arbitrary<Plan[]> {
    const key = `${type.name}@${depth}`;
    const known = sets.get(key);
    if (known) return known;
    const fields: fc.WeightedArbitrary<Plan>[] = [{ weight: 1, arbitrary: leaf('__typename') }];
    for (const field of Object.values(type.getFields())) {
      const named = getNamedType(field.type);
      if (isLeafType(named)) fields.push({ weight: 3, arbitrary: leaf(field.name) });
      else if (depth < maxDepth && isObjectType(named)) fields.push({ weight: 2, arbitrary: object(field.name, '', named, depth) });
    }
    const arb = fc
      .tuple(fc.array(fc.tuple(fc.oneof(...fields), tagArb), { minLength: 1, maxLength: 5 }), fc.array(wrapperArb, { minLength: 3, maxLength: 3 }))
      .map(([items, wrappers]) => wrap(type.name, items, wrappers));
    sets.set(key, arb);
    return arb;
  }

  function leaf(name: string): fc.Arbitrary<Plan> {
    return fc.record({ alias: fc.boolean(), directive: directiveArb }).map(({ alias, directive }) => ({ kind: 'field', name, args: '', alias, directive, sub: null }));
  }

  function object(name: string, args: string | fc.Arbitrary<string>, type: GraphQLObjectType, depth: number): fc.Arbitrary<Plan> {
    return fc
      .record({ args: typeof args === 'string' ? fc.constant(args) : args, alias: fc.boolean(), directive: directiveArb, sub: selectionSet(type, depth + 1) })
      .map(({ args, alias, directive, sub }) => ({ kind: 'field', name, args, alias, directive, sub }));
  }

  const query = api.getQueryType()!;
  const objectType = (name: string) => api.getType(name) as GraphQLObjectType;
  const identifiers: [string, string][] = [
    ['EMAIL', person.email],
    ['EMAIL', decoys[0].email],
    ['PHONE', person.phone],
    ['CRM_ID', person.crmId],
    ['SHOP_ID', person.shopId],
  ];
  const records: [string, string][] = [['crm', person.crmId], ['shop', person.shopId], ['crm', decoys[1].crmId]];
  const roots: fc.WeightedArbitrary<Plan>[] = [
    {
      weight: 3,
      arbitrary: object(
        'customers',
        fc
          .tuple(fc.integer({ min: 1, max: 5 }), fc.option(fc.constantFrom(...targets.cursors), { freq: 2 }))
          .map(([first, after]) => (after === null ? `(first: ${first})` : `(first: ${first}, after: ${quoted(after)})`)),
        objectType('CustomerConnection'),
        1,
      ),
    },
    { weight: 3, arbitrary: object('customer', fc.constantFrom(...targets.customerIds).map((id) => `(id: ${quoted(id)})`), objectType('Customer'), 1) },
    {
      weight: 3,
      arbitrary: object('customerByIdentifier', fc.constantFrom(...identifiers).map(([type, value]) => `(type: ${type}, value: ${quoted(value)})`), objectType('Customer'), 1),
    },
    {
      weight: 3,
      arbitrary: object('sourceRecord', fc.constantFrom(...records).map(([source, id]) => `(source: ${quoted(source)}, sourceId: ${quoted(id)})`), objectType('SourceRecord'), 1),
    },
    { weight: 2, arbitrary: object('order', `(orderId: ${quoted(order.orderId)})`, objectType('Order'), 1) },
    { weight: 1, arbitrary: object('auditLog', fc.integer({ min: 1, max: 3 }).map((n) => `(first: ${n})`), objectType('AuditLogConnection'), 1) },
    { weight: 1, arbitrary: object('qualityRules', '', objectType('QualityRule'), 1) },
    { weight: 1, arbitrary: object('consentPurposes', '', objectType('ConsentPurposeDefinition'), 1) },
    {
      weight: 2,
      arbitrary: object('canCollect', fc.constantFrom(...consents).map((c) => `(keys: [${quoted(c.subjectKey)}], purpose: ${quoted(c.purpose)})`), objectType('CollectionDecision'), 1),
    },
  ];
  return fc
    .tuple(fc.array(fc.tuple(fc.oneof(...roots), tagArb), { minLength: 1, maxLength: 4 }), fc.array(wrapperArb, { minLength: 3, maxLength: 3 }))
    .map(([items, wrappers]) => printOperation(wrap(query.name, items, wrappers)));
}

// ---------------------------------------------------------------------------------------------
// Looking for values in a response.
// ---------------------------------------------------------------------------------------------

/** Every string in a JSON value, depth first. */
function* strings(value: unknown): Generator<string> {
  if (typeof value === 'string') yield value;
  else if (Array.isArray(value)) for (const item of value) yield* strings(item);
  else if (value && typeof value === 'object') for (const item of Object.values(value)) yield* strings(item);
}

/**
 * The forbidden values found in the response: in its JSON text, or inside a string that decodes
 * from base64url (cursors are; a value smuggled into one would otherwise pass unseen).
 */
function leaksIn(response: GraphQLResponse<unknown>, forbidden: readonly string[]): string[] {
  const body = { data: response.data, errors: response.errors, extensions: response.extensions };
  const texts = [JSON.stringify(body).toLowerCase()];
  for (const s of strings(body)) {
    if (/^[A-Za-z0-9_-]{12,}={0,2}$/.test(s)) texts.push(Buffer.from(s, 'base64url').toString('latin1').toLowerCase());
  }
  return forbidden.filter((value) => texts.some((text) => text.includes(value.toLowerCase())));
}

// ---------------------------------------------------------------------------------------------

let system: TestSystem;
let targets: Targets;
/** Operations sent, and those in which the caller was refused or masked at least one field. */
const checked = new Map<SensitivityLevel, number>();
const withheld = new Map<SensitivityLevel, number>();
const started = Date.now();

beforeAll(async () => {
  // The limits are checked elsewhere; here they would refuse deep or wide operations before any
  // data is read, and 240 operations from one caller would exceed the rate limit.
  system = await startTestSystem({ env: { C360_MAX_COST: '100000000', C360_MAX_ALIASES: '10000', C360_RATE_LIMIT: '100000/60' } });
  const crm = await system.query(IngestSourceRecordsDocument, {
    source: 'crm',
    records: [
      {
        sourceId: person.crmId, observedAt: '2025-06-01T10:00:00Z', givenName: person.given, familyName: person.family, fullName: `${person.given} ${person.family}`,
        emails: [person.email], phones: [person.phone], birthDate: person.birthDate,
        addresses: [{ line1: person.line1, line2: person.line2, city: person.city, region: person.region, postalCode: person.postalCode, country: 'GB' }],
        externalIds: [{ system: 'shop', value: person.shopId }],
      },
      ...decoys.map((d) => ({
        sourceId: d.crmId, observedAt: '2025-06-02T10:00:00Z', givenName: d.given, familyName: d.family, fullName: `${d.given} ${d.family}`,
        emails: [d.email], phones: [d.phone], birthDate: d.birthDate, addresses: [{ line1: d.line1, postalCode: d.postalCode, country: 'GB' }],
      })),
    ],
  });
  expect(crm.errors).toBeUndefined();
  expect(crm.data?.ingestSourceRecords).toMatchObject({ accepted: 4, rejected: [] });
  // Given name only: the shop record fails NAME_PRESENT, so a quality issue points at it.
  const shop = await system.query(IngestSourceRecordsDocument, {
    source: 'shop', records: [{ sourceId: person.shopId, observedAt: '2025-05-01T10:00:00Z', givenName: person.given, emails: [person.email] }],
  });
  expect(shop.data?.ingestSourceRecords).toMatchObject({ accepted: 1, rejected: [] });
  const recorded = await system.query(RecordConsentsDocument, {
    consents: consents.map((c) => ({ subjectKey: c.subjectKey, purpose: c.purpose, channel: c.channel, status: 'GRANTED' as const, collectionPoint: c.collectionPoint, policyVersion: 'v7', capturedAt: `${c.capturedAt}:00Z` })),
  });
  expect(recorded.data?.recordConsents).toMatchObject({ accepted: 3, rejected: [] });
  const orders = await system.query(RecordOrdersDocument, {
    orders: [{ orderId: order.orderId, sourceKey: `shop:${person.shopId}`, placedAt: `${order.placedAt}:00Z`, amount: Number(order.amount), currency: 'GBP', itemCount: 7 }],
  });
  expect(orders.data?.recordOrders).toMatchObject({ accepted: 1, rejected: [] });

  const page = await system.query<{ customers: { edges: { cursor: string; node: { id: string } }[] } }, undefined>('{ customers(first: 10) { edges { cursor node { id } } } }');
  expect(page.errors).toBeUndefined();
  const edges = page.data!.customers.edges;
  expect(edges).toHaveLength(4);
  const merged = await system.query<{ byEmail: { id: string } | null; shop: { customer: { id: string } | null } | null }, undefined>(
    `{ byEmail: customerByIdentifier(type: EMAIL, value: ${JSON.stringify(person.email)}) { id } shop: sourceRecord(source: "shop", sourceId: ${JSON.stringify(person.shopId)}) { customer { id } } }`,
  );
  expect(merged.data?.byEmail?.id).toBeDefined();
  expect(merged.data?.shop?.customer?.id).toBe(merged.data?.byEmail?.id);
  targets = { customerIds: edges.map((e) => e.node.id), cursors: edges.map((e) => e.cursor) };
});

afterAll(async () => {
  await system?.stop();
  const total = [...checked.values()].reduce((a, b) => a + b, 0);
  const per = [...checked].map(([c, n]) => `${c} ${n} (${withheld.get(c)} with fields withheld)`).join(', ');
  console.log(`noLeak: ${total} operations checked: ${per}; ${((Date.now() - started) / 1000).toFixed(1)} s`);
});

/** Every field of every object type below `type`, each type once per path, with `__typename`. */
function everything(type: GraphQLObjectType, seen: ReadonlySet<string> = new Set()): string {
  const inner = new Set([...seen, type.name]);
  const selections = ['__typename'];
  for (const field of Object.values(type.getFields())) {
    const named = getNamedType(field.type);
    if (isLeafType(named)) selections.push(field.name);
    else if (isObjectType(named) && !inner.has(named.name)) selections.push(`${field.name} { ${everything(named, inner)} }`);
  }
  return selections.join(' ');
}

const isLeafValue = (value: unknown): boolean => (Array.isArray(value) ? value.every(isLeafValue) : value === null || typeof value !== 'object');

/** `Type.field` → the JSON text of each leaf value found there, from objects that carry `__typename`. */
function valuesByCoordinate(value: unknown, into = new Map<string, string[]>()): Map<string, string[]> {
  if (Array.isArray(value)) {
    for (const item of value) valuesByCoordinate(item, into);
  } else if (value && typeof value === 'object') {
    const typename = (value as { __typename?: unknown }).__typename;
    for (const [key, item] of Object.entries(value)) {
      if (typeof typename === 'string' && key !== '__typename' && item !== null && isLeafValue(item)) {
        const coordinate = `${typename}.${key}`;
        into.set(coordinate, [...(into.get(coordinate) ?? []), JSON.stringify(item).toLowerCase()]);
      }
      valuesByCoordinate(item, into);
    }
  }
  return into;
}

describe('no leak: the seed', () => {
  it('names only accessible @sensitive fields as carriers', () => {
    for (const { value, carriers } of seeded) {
      for (const coordinate of carriers) {
        const field = sensitive.get(coordinate);
        expect(field, `${coordinate} (carrier of ${value}) is not @sensitive in the supergraph`).toBeDefined();
        expect(field!.inaccessible, `${coordinate} is not part of the API`).toBe(false);
      }
    }
    expect(forbiddenAt('PUBLIC').length).toBeGreaterThan(forbiddenAt('INTERNAL').length);
    expect(forbiddenAt('INTERNAL').length).toBeGreaterThan(0);
    expect(forbiddenAt('CONFIDENTIAL')).toEqual(decoys.flatMap((d) => [`email:${d.email}`, `phone:${d.phoneE164}`]));
    expect(forbiddenAt('RESTRICTED')).toEqual([]);
  });

  it('the carrier map matches the data: each value is in exactly its carriers, and in no field that is not @sensitive', async () => {
    const text = [
      `customers(first: 10) { nodes { ${everything(api.getType('Customer') as GraphQLObjectType)} } }`,
      `order(orderId: ${JSON.stringify(order.orderId)}) { ${everything(api.getType('Order') as GraphQLObjectType)} }`,
      ...[['crm', person.crmId], ['shop', person.shopId], ...decoys.map((d) => ['crm', d.crmId])].map(
        ([source, id], i) => `r${i}: sourceRecord(source: "${source}", sourceId: "${id}") { ${everything(api.getType('SourceRecord') as GraphQLObjectType)} }`,
      ),
    ].join(' ');
    const response = await system.query(`{ ${text} }`, undefined, { clearance: 'RESTRICTED' });
    expect(response.errors).toBeUndefined();
    const found = valuesByCoordinate(response.data);
    const holders = (value: string) => [...found].filter(([, texts]) => texts.some((t) => t.includes(value.toLowerCase()))).map(([coordinate]) => coordinate);
    const unprotected = seeded.flatMap(({ value }) => holders(value).filter((c) => !sensitive.has(c)).map((c) => `${c} holds ${value}`));
    expect(unprotected, 'seeded values in fields that are not @sensitive').toEqual([]);
    expect(Object.fromEntries(seeded.map(({ value }) => [value, holders(value).sort()]))).toEqual(
      Object.fromEntries(seeded.map(({ value, carriers }) => [value, [...new Set(carriers)].sort()])),
    );
  });
});

describe.each(sensitivityLevels.map((l) => [l]))('no leak: as %s', (clearance: SensitivityLevel) => {
  const numRuns = 60;

  it(`no generated operation returns a value above ${clearance} in clear`, async () => {
    const forbidden = forbiddenAt(clearance);
    checked.set(clearance, 0);
    withheld.set(clearance, 0);
    await fc.assert(
      fc.asyncProperty(operationArb(targets), async (operation) => {
        const invalid = validate(api, parse(operation));
        if (invalid.length > 0) throw new Error(`the generator produced an invalid operation: ${invalid.map((e) => e.message).join('; ')}`);
        const response = await system.query(operation, undefined, { clearance });
        checked.set(clearance, checked.get(clearance)! + 1);
        const codes = (response.errors ?? []).map((e) => e.extensions?.code);
        expect(codes, JSON.stringify(response.errors)).not.toContain('GRAPHQL_VALIDATION_FAILED');
        // Denials are the only errors the seeded data gives: any other means the operation did
        // not run as generated, and checked less than it seems.
        expect(codes.filter((code) => code !== 'FORBIDDEN'), JSON.stringify(response.errors)).toEqual([]);
        expect(response.status).toBe(200);
        expect(response.data, JSON.stringify(response.errors)).toBeTypeOf('object');
        for (const error of response.errors ?? []) {
          expect(error.path, `FORBIDDEN without a path: ${JSON.stringify(error)}`).toBeInstanceOf(Array);
          expect(error.path!.length).toBeGreaterThan(0);
        }
        const access = response.extensions?.access as { masked: unknown[]; denied: unknown[] } | undefined;
        if ((access?.masked.length ?? 0) + (access?.denied.length ?? 0) > 0) withheld.set(clearance, withheld.get(clearance)! + 1);
        const leaks = leaksIn(response, forbidden);
        expect(leaks, `values above ${clearance} in clear in the response:\n${JSON.stringify(response, null, 1)}`).toEqual([]);
      }),
      { numRuns, seed: 360 },
    );
    // A property that never meets a withheld field proves nothing.
    if (clearance !== 'RESTRICTED') expect(withheld.get(clearance), 'operations in which a field was masked or denied').toBeGreaterThan(numRuns / 10);
  });
});
