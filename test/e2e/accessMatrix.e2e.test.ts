import { readFileSync } from 'node:fs';
import { buildSchema, getNamedType, isListType, isNonNullType, isObjectType, type GraphQLObjectType, type GraphQLOutputType } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sensitivityLevels, type SensitivityLevel } from '../../lib/config.ts';
import { decideAccess, maskResolved, readSensitivity, type SensitiveField } from '../../lib/sensitivity/index.ts';
import { IngestSourceRecordsDocument, RecordConsentsDocument, RecordOrdersDocument } from '../generated/operations.ts';
import { startTestSystem, type TestSystem } from '../support/system.ts';

/**
 * The clearance × field matrix over every `@sensitive` field of the committed supergraph (DESIGN §4):
 * generated from the supergraph, so a new sensitive field without a route here fails the suite.
 */
const supergraph = readFileSync(new URL('../../gateway/supergraph.graphql', import.meta.url), 'utf8');
const api = buildSchema(readFileSync(new URL('../../gateway/api-schema.graphql', import.meta.url), 'utf8'));
const fields = [...readSensitivity(supergraph).values()].filter((f) => !f.inaccessible);

/** Root fields the matrix enters through, with the arguments that reach the seeded data. */
const entries: Record<string, string> = { customers: '(first: 5)', order: '(orderId: "O-M1")', privacyRequests: '(first: 1)' };
/** Arguments of sensitive root fields that need some, known only once the data is seeded. */
const rootArguments: Record<string, () => string> = { privacyRequest: () => `(id: "${privacyRequestId}")` };
let privacyRequestId = '';
/** Arguments of sensitive root fields that require some. */
const rootArgs: Record<string, string> = {
  canCollect: '(keys: ["email:maria.okafor@example.com"], purpose: "MARKETING_EMAIL")',
  explainMatch: '(recordA: "crm:C-M1", recordB: "shop:S-M1")',
};

interface Step {
  field: string;
  args: string;
  list: boolean;
}

const isList = (type: GraphQLOutputType) => isListType(isNonNullType(type) ? type.ofType : type);

/** Shortest selection path from a root (Query, or Mutation) to each object type, breadth first. */
function routes(rootType: GraphQLObjectType = api.getQueryType()!): Map<string, Step[]> {
  const found = new Map<string, Step[]>([[rootType.name, []]]);
  const queue: GraphQLObjectType[] = [rootType];
  while (queue.length > 0) {
    const type = queue.shift()!;
    for (const field of Object.values(type.getFields())) {
      if (type.name === 'Query' && !(field.name in entries)) continue;
      if (type.name === 'Mutation') {
        const named = getNamedType(field.type);
        if (isObjectType(named) && !found.has(named.name)) {
          found.set(named.name, []);
          queue.push(named);
        }
        continue;
      }
      if (field.args.some((a) => isNonNullType(a.type)) && type.name !== 'Query') continue;
      const named = getNamedType(field.type);
      if (!isObjectType(named) || found.has(named.name)) continue;
      found.set(named.name, [...found.get(type.name)!, { field: field.name, args: type.name === 'Query' ? entries[field.name]! : '', list: isList(field.type) }]);
      queue.push(named);
    }
  }
  return found;
}

function selection(steps: Step[], leaf: string, leafIsObject: boolean): string {
  const inner = leafIsObject ? `${leaf} { __typename }` : leaf;
  return steps.reduceRight((acc, step) => `${step.field}${step.args} { ${acc} }`, inner);
}

function responsePath(steps: Step[], leaf: string): (string | number)[] {
  return [...steps.flatMap((s) => (s.list ? [s.field, 0] : [s.field])), leaf];
}

const at = (data: unknown, path: (string | number)[]): unknown => path.reduce<unknown>((value, key) => (value == null ? undefined : (value as Record<string | number, unknown>)[key]), data);

let system: TestSystem;
const clear = new Map<string, unknown>();

beforeAll(async () => {
  system = await startTestSystem();
  const crm = await system.query(IngestSourceRecordsDocument, {
    source: 'crm',
    records: [{
      sourceId: 'C-M1', observedAt: '2025-06-01T10:00:00Z', givenName: 'Maria', familyName: 'Okafor', fullName: 'Maria Okafor',
      emails: ['maria.okafor@example.com'], phones: ['020 7946 0111'], birthDate: '1979-03-04', nationalId: 'QQ123456C',
      addresses: [{ line1: '12 Garden Row', line2: 'Flat 3', city: 'London', region: 'Greater London', postalCode: 'SW1A 1AA', country: 'GB' }],
      externalIds: [{ system: 'shop', value: 'S-M1' }],
    }],
  });
  expect(crm.data?.ingestSourceRecords?.accepted).toBe(1);
  const shop = await system.query(IngestSourceRecordsDocument, {
    source: 'shop', records: [{ sourceId: 'S-M1', observedAt: '2025-05-01T10:00:00Z', fullName: 'M Okafor', emails: ['maria.okafor@'] }],
  });
  expect(shop.data?.ingestSourceRecords?.accepted).toBe(1);
  // A support ticket nothing links to, merged in by a steward: the customer gets a history.
  const support = await system.query(IngestSourceRecordsDocument, { source: 'support', records: [{ sourceId: 'T-M1', observedAt: '2025-04-01T10:00:00Z', fullName: 'Mrs Okafor-Reid' }] });
  expect(support.data?.ingestSourceRecords?.accepted).toBe(1);
  const ids = await system.query<{ a: { customer: { id: string } }; b: { customer: { id: string } } }, never>(
    '{ a: sourceRecord(source: "crm", sourceId: "C-M1") { customer { id } } b: sourceRecord(source: "support", sourceId: "T-M1") { customer { id } } }',
  );
  const merged = await system.query(`mutation { mergeCustomers(survivorId: "${ids.data!.a.customer.id}", mergedId: "${ids.data!.b.customer.id}", reason: "ticket signed Maria Okafor-Reid") { id } }`);
  expect(merged.errors).toBeUndefined();
  await system.query(RecordConsentsDocument, {
    consents: [{
      subjectKey: 'email:maria.okafor@example.com', purpose: 'MARKETING_EMAIL', channel: 'WEB', status: 'GRANTED', collectionPoint: 'web-signup', policyVersion: 'v2', capturedAt: '2025-01-01T00:00:00Z',
      expiresAt: '2099-01-01T00:00:00Z', evidence: { formId: 'web-signup-v2', ipHash: 'h_3f9a' },
    }],
  });
  await system.query(RecordOrdersDocument, { orders: [{ orderId: 'O-M1', sourceKey: 'shop:S-M1', placedAt: '2025-08-01T00:00:00Z', amount: 42.5, currency: 'GBP', itemCount: 2 }] });
  // A completed access request, so that every field of a privacy request has a value.
  const created = await system.query<{ createPrivacyRequest: { id: string } }, never>(
    'mutation { createPrivacyRequest(input: { type: ACCESS, jurisdiction: "GDPR", subject: { emails: ["maria.okafor@example.com"], phones: ["020 7946 0111"], sourceKeys: ["crm:C-M1"] } }) { id } }',
  );
  privacyRequestId = created.data!.createPrivacyRequest.id;
  await system.query(`mutation { verifyPrivacyRequest(id: "${privacyRequestId}", method: "test") { status } }`);
  const processed = await system.query<{ processPrivacyRequest: { status: string } }, never>(`mutation { processPrivacyRequest(id: "${privacyRequestId}") { status } }`);
  expect(processed.data?.processPrivacyRequest.status).toBe('COMPLETED');
});
afterAll(() => system?.stop());

const routeTable = routes();
const mutationResults = routes(api.getMutationType()!);
const typeOf = (f: SensitiveField) => f.coordinate.split('.')[0]!;
/** Fields only a mutation's result holds; checked in 'mutations' below. */
const mutationOnly = fields.filter((f) => typeOf(f) === 'Mutation' || (!routeTable.has(typeOf(f)) && mutationResults.has(typeOf(f))));
const queryFields = fields.filter((f) => !mutationOnly.includes(f));

describe('access matrix: every sensitive field is routed', () => {
  it.each(queryFields.map((f) => [f.coordinate]))('%s is reachable from a query entry', (coordinate) => {
    expect(routeTable.has(coordinate.split('.')[0]!), `no route to ${coordinate}: add an entry in accessMatrix.e2e.test.ts`).toBe(true);
  });
});

describe.each(queryFields.map((f) => [f.coordinate, f] as const))('access matrix: %s', (coordinate, field: SensitiveField) => {
  const [typeName, fieldName] = coordinate.split('.') as [string, string];
  const steps = routeTable.get(typeName) ?? [];
  const leafType = (api.getType(typeName) as GraphQLObjectType).getFields()[fieldName]!.type;
  const path = responsePath(steps, fieldName);
  // A field under a sensitive root field (the privacy requests, RESTRICTED) is refused at the root first.
  const root = steps[0] ? fields.find((f) => f.coordinate === `Query.${steps[0]!.field}`) : undefined;

  it.each(sensitivityLevels.map((l) => [l]))('as %s', async (clearance: SensitivityLevel) => {
    const args = steps.length === 0 ? (rootArguments[fieldName]?.() ?? rootArgs[fieldName] ?? '') : '';
    const query = `{ ${selection(steps, `${fieldName}${args}`, isObjectType(getNamedType(leafType)))} }`;
    if (!clear.has(coordinate)) {
      const full = await system.query(query, undefined, { clearance: 'RESTRICTED' });
      expect(full.errors).toBeUndefined();
      const value = at(full.data, path);
      expect(value, `seed data must give ${coordinate} a value`).not.toBeNull();
      expect(value).not.toBeUndefined();
      clear.set(coordinate, value);
    }
    const expected = clear.get(coordinate);
    const response = await system.query(query, undefined, { clearance });
    const decision = decideAccess(clearance, field);
    const access = response.extensions?.access as { masked: unknown[]; denied: unknown[] } | undefined;
    if (root && decideAccess(clearance, root) === 'DENIED') {
      const rootPath = [steps[0]!.field];
      expect(at(response.data, rootPath)).toBeNull();
      expect(response.errors).toContainEqual(expect.objectContaining({ path: rootPath, extensions: expect.objectContaining({ code: 'FORBIDDEN' }) }));
      expect(JSON.stringify(response.data ?? null)).not.toContain(JSON.stringify(expected));
    } else if (decision === 'CLEAR') {
      expect(at(response.data, path)).toEqual(expected);
      expect(response.errors).toBeUndefined();
    } else if (decision === 'MASKED') {
      const masked = maskResolved(field.mask!, expected, system.keys.hash);
      expect(masked).not.toEqual(expected);
      expect(at(response.data, path)).toEqual(masked);
      expect(access?.masked).toContainEqual(path);
    } else {
      expect(at(response.data, path)).toBeNull();
      expect(response.errors).toContainEqual(expect.objectContaining({ path, extensions: expect.objectContaining({ code: 'FORBIDDEN' }) }));
      expect(access?.denied).toContainEqual(path);
    }
  });
});

describe('access matrix: mutations', () => {
  const mutationFields = fields.filter((f) => f.coordinate.startsWith('Mutation.'));
  it('covers every sensitive mutation and mutation result', () => {
    expect(mutationOnly.map((f) => f.coordinate).sort()).toEqual([
      'Mutation.activateMatchModel',
      'Mutation.applyRetention',
      'Mutation.createPrivacyRequest',
      'Mutation.decideIdentityReview',
      'Mutation.identify',
      'Mutation.ingestSourceRecords',
      'Mutation.mergeCustomers',
      'Mutation.processPrivacyRequest',
      'Mutation.recordConsents',
      'Mutation.recordOrders',
      'Mutation.recordPrivacySignals',
      'Mutation.rejectPrivacyRequest',
      'Mutation.retryPrivacyTasks',
      'Mutation.splitCustomerRecords',
      'Mutation.trainMatchModel',
      'Mutation.verifyPrivacyRequest',
      'RejectedRecord.sourceId',
      'ReviewItem.decidedBy',
    ]);
  });

  it.each(sensitivityLevels.map((l) => [l]))('lets %s call them only from their level', async (clearance: SensitivityLevel) => {
    const response = await system.query(IngestSourceRecordsDocument, { source: 'support', records: [{ sourceId: ' ', observedAt: '2025-01-01T00:00:00Z', fullName: 'X' }] }, { clearance });
    const field = mutationFields.find((f) => f.coordinate === 'Mutation.ingestSourceRecords')!;
    if (decideAccess(clearance, field) === 'DENIED') {
      expect(response.data?.ingestSourceRecords ?? null).toBeNull();
      expect(response.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    } else {
      const rejected = response.data?.ingestSourceRecords?.rejected[0];
      const sourceId = fields.find((f) => f.coordinate === 'RejectedRecord.sourceId')!;
      const decision = decideAccess(clearance, sourceId);
      expect(rejected?.sourceId).toBe(decision === 'CLEAR' ? ' ' : decision === 'MASKED' ? maskResolved(sourceId.mask!, ' ', system.keys.hash) : null);
    }
  });
});
