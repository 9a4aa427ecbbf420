import { withContactPermission } from '../../lib/consent/index.ts';
import { DateTime } from '../../lib/graphql/DateTime.ts';
import { badUserInput } from '../../lib/errors.ts';
import { emailKey, isSourceSystem, normalizeEmail, normalizePhone, phoneKey, sourceKey, sourceSystems } from '../../lib/keys.ts';
import type { IdentifierType, Resolvers } from './generated/resolvers.ts';
import { ingestRecords } from './resolution/ingestRecords.ts';
import type { StoredRecord } from './resolution/types.ts';

const maxPageSize = 500;
const maxBatch = 1000;


const identifierPrefixes: Record<IdentifierType, string> = {
  EMAIL: 'email',
  PHONE: 'phone',
  CRM_ID: 'crm',
  SHOP_ID: 'shop',
  SUPPORT_ID: 'support',
  CALLCENTER_ID: 'callcenter',
};

function identifierOf(key: string) {
  const colon = key.indexOf(':');
  const prefix = key.slice(0, colon);
  const type = (Object.entries(identifierPrefixes).find(([, p]) => p === prefix)?.[0] ?? 'EMAIL') as IdentifierType;
  return { type, value: key.slice(colon + 1), key };
}

/** Normalises a looked-up identifier exactly as ingestion does; null when it cannot match anything. */
function identifierKeyFor(type: IdentifierType, value: string, region: string): string | null {
  if (type === 'EMAIL') {
    const email = normalizeEmail(value);
    return email && emailKey(email);
  }
  if (type === 'PHONE') {
    const phone = normalizePhone(value, region);
    return phone && phoneKey(phone);
  }
  const trimmed = value.trim();
  return trimmed === '' ? null : sourceKey(identifierPrefixes[type], trimmed);
}

const encodeCursor = (id: string) => Buffer.from(`customer:${id}`).toString('base64url');
function decodeCursor(cursor: string): string {
  const decoded = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!decoded.startsWith('customer:')) throw badUserInput(`after is not a cursor from this API: ${JSON.stringify(cursor.slice(0, 60))}`);
  return decoded.slice('customer:'.length);
}

const recordIdentifiers = (record: StoredRecord) => record.identifierKeys.map(identifierOf);

export const resolvers: Resolvers = {
  DateTime,
  Query: {
    customer: (_parent, { id }, { loaders }) => loaders.customerById.load(id),
    async customerByIdentifier(_parent, { type, value }, { loaders, region }) {
      const key = identifierKeyFor(type, value, region);
      if (!key) return null;
      const id = await loaders.customerIdByIdentifierKey.load(key);
      return id ? loaders.customerById.load(id) : null;
    },
    async customers(_parent, { first, after }, { repository, loaders }) {
      const size = first ?? 20;
      if (!Number.isInteger(size) || size < 1 || size > maxPageSize) throw badUserInput(`first must be from 1 to ${maxPageSize}, got ${size}`);
      const page = await repository.customerPage(size, after ? decodeCursor(after) : null);
      for (const customer of page.customers) loaders.customerById.prime(customer.id, customer);
      const last = page.customers.at(-1);
      return {
        nodes: page.customers,
        edges: page.customers.map((node) => ({ cursor: encodeCursor(node.id), node })),
        pageInfo: { hasNextPage: page.hasNextPage, endCursor: last ? encodeCursor(last.id) : null },
        // Counted only when asked for: see CustomerConnection.totalCount.
        totalCount: 0,
      };
    },
    async sourceRecord(_parent, { source, sourceId }, { loaders }) {
      const found = await loaders.recordByKey.load(sourceKey(source.trim().toLowerCase(), sourceId.trim()));
      return found && { ...found.record, customerId: found.customerId };
    },
  },
  CustomerConnection: {
    totalCount: (_parent, _args, { repository }) => repository.countCustomers(),
  },
  Mutation: {
    async ingestSourceRecords(_parent, { source, records }, { repository, region }) {
      const system = source.trim().toLowerCase();
      if (!isSourceSystem(system)) throw badUserInput(`source must be one of ${sourceSystems.join(', ')}, got ${JSON.stringify(source)}`);
      if (records.length > maxBatch) throw badUserInput(`at most ${maxBatch} records per call, got ${records.length}; split the batch`);
      return ingestRecords(repository, system, records, { region });
    },
  },
  Customer: {
    // The representation carries consent's contactPermission (@requires of the CONTACT fields).
    __resolveReference: async (reference, { loaders }) => withContactPermission(await loaders.customerById.load(reference.id), reference),
    recordFacts: (customer) => customer.recordFacts,
    name: (customer) =>
      customer.givenName || customer.familyName || customer.fullName ? { given: customer.givenName, family: customer.familyName, full: customer.fullName } : null,
    identifiers: (customer) => [...customer.sourceKeys, ...customer.identifierKeys].map(identifierOf),
    sourceRecords: async (customer, _args, { loaders }) =>
      (await loaders.recordsByCustomerId.load(customer.id)).map((record) => withContactPermission({ ...record, customerId: customer.id }, customer)),
  },
  SourceRecord: {
    identifiers: (record) => recordIdentifiers(record),
    customer: (record, _args, { loaders }) => (record.customerId ? loaders.customerById.load(record.customerId) : null),
  },
};
