import type { Driver, ManagedTransaction } from 'neo4j-driver';
import { GraphQLError } from 'graphql';
import type { AddressValue, GoldenRecord, ProvenanceEntry, RecordFactsValue, StoredRecord } from '../resolution/types.ts';
import * as cypher from './cypher.ts';
import type { Statement } from './cypher.ts';

/** A current customer as stored on its node. */
export interface CustomerRow {
  id: string;
  createdAt: string;
  updatedAt: string;
  givenName: string | null;
  familyName: string | null;
  fullName: string | null;
  emails: string[];
  phones: string[];
  addresses: AddressValue[];
  birthDate: string | null;
  provenance: ProvenanceEntry[];
  sourceKeys: string[];
  identifierKeys: string[];
  recordFacts: RecordFactsValue[];
}

/** A source record with the id of the customer it resolved into. */
export type RecordWithCustomer = StoredRecord & { customerId: string | null };

type Props = Record<string, unknown>;

function parseJson<T>(value: unknown, fallback: T): T {
  return typeof value === 'string' ? (JSON.parse(value) as T) : fallback;
}

export function toStoredRecord(props: Props): StoredRecord {
  return {
    key: props.key as string,
    source: props.source as StoredRecord['source'],
    sourceId: props.sourceId as string,
    observedAt: props.observedAt as string,
    givenName: (props.givenName as string | undefined) ?? null,
    familyName: (props.familyName as string | undefined) ?? null,
    fullName: (props.fullName as string | undefined) ?? null,
    emails: (props.emails as string[] | undefined) ?? [],
    phones: (props.phones as string[] | undefined) ?? [],
    addresses: parseJson(props.addressesJson, []),
    birthDate: (props.birthDate as string | undefined) ?? null,
    externalIds: parseJson(props.externalIdsJson, []),
    identifierKeys: (props.identifierKeys as string[] | undefined) ?? [],
  };
}

function toCustomerRow(props: Props): CustomerRow {
  return {
    id: props.id as string,
    createdAt: props.createdAt as string,
    updatedAt: props.updatedAt as string,
    givenName: (props.givenName as string | undefined) ?? null,
    familyName: (props.familyName as string | undefined) ?? null,
    fullName: (props.fullName as string | undefined) ?? null,
    emails: (props.emails as string[] | undefined) ?? [],
    phones: (props.phones as string[] | undefined) ?? [],
    addresses: parseJson(props.addressesJson, []),
    birthDate: (props.birthDate as string | undefined) ?? null,
    provenance: parseJson(props.provenanceJson, []),
    sourceKeys: (props.sourceKeys as string[] | undefined) ?? [],
    identifierKeys: (props.identifierKeys as string[] | undefined) ?? [],
    recordFacts: parseJson(props.recordFactsJson, []),
  };
}

function recordProps(record: StoredRecord, ingestedAt: string): Props {
  const { addresses, externalIds, ...rest } = record;
  return { ...rest, addressesJson: JSON.stringify(addresses), externalIdsJson: JSON.stringify(externalIds), ingestedAt };
}

export function goldenProps(golden: GoldenRecord): Props {
  const { addresses, provenance, recordFacts, ...rest } = golden;
  return { ...rest, addressesJson: JSON.stringify(addresses), provenanceJson: JSON.stringify(provenance), recordFactsJson: JSON.stringify(recordFacts) };
}

/** The writes of one resolved batch, applied in one transaction. */
export interface ResolutionWrite {
  records: StoredRecord[];
  customers: { id: string; createdAt: string; golden: GoldenRecord; recordKeys: string[] }[];
  aliases: { id: string; survivorId: string }[];
  at: string;
}

/** Reads inside the resolution transaction (see {@link IdentityRepository.resolveInTransaction}). */
export interface ResolutionReader {
  recordVersions(keys: readonly string[]): Promise<Map<string, string>>;
  affectedCustomerIds(recordKeys: readonly string[], identifierKeys: readonly string[]): Promise<string[]>;
  customerRecords(customerIds: readonly string[]): Promise<{ customerId: string; customerCreatedAt: string; record: StoredRecord }[]>;
}

/**
 * Owns the Neo4j sessions and transactions of the identity subgraph. Every statement comes from
 * `cypher.ts`; driver errors become INTERNAL_SERVER_ERROR here and never reach a client verbatim.
 * `onQuery` is called once per statement sent (round-trip accounting in tests and benchmarks).
 */
export class IdentityRepository {
  private readonly listeners = new Set<(cypher: string) => void>();

  constructor(
    private readonly driver: Driver,
    private readonly database: string | null,
  ) {}

  onQuery(listener: (cypher: string) => void): () => void {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }

  private session(mode: 'READ' | 'WRITE') {
    return this.driver.session({ defaultAccessMode: mode, ...(this.database ? { database: this.database } : {}) });
  }

  private async run(tx: ManagedTransaction, statement: Statement): Promise<Props[]> {
    this.listeners.forEach((listener) => listener(statement.cypher));
    const result = await tx.run(statement.cypher, statement.params);
    return result.records.map((record) => record.toObject() as Props);
  }

  private async read(statement: Statement): Promise<Props[]> {
    const session = this.session('READ');
    try {
      return await session.executeRead((tx) => this.run(tx, statement));
    } catch (error) {
      throw storeError(error);
    } finally {
      await session.close();
    }
  }

  /** Creates constraints and indexes; idempotent. */
  async ensureSchema(): Promise<void> {
    const session = this.session('WRITE');
    try {
      for (const statement of cypher.schemaStatements) await session.run(statement);
    } finally {
      await session.close();
    }
  }

  async ping(): Promise<void> {
    await this.driver.verifyConnectivity(this.database ? { database: this.database } : {});
  }

  /**
   * Runs a whole resolution in one write transaction: `plan` reads what it needs through the
   * reader and returns the writes, which are applied before commit. Neo4j retries the whole
   * function on transient errors (deadlocks between concurrent batches), so `plan` must be pure
   * apart from its reads.
   */
  async resolveInTransaction<T>(plan: (reader: ResolutionReader) => Promise<{ write: ResolutionWrite; result: T }>): Promise<T> {
    const session = this.session('WRITE');
    try {
      return await session.executeWrite(async (tx) => {
        const reader: ResolutionReader = {
          recordVersions: async (keys) =>
            new Map((await this.run(tx, cypher.findRecordVersions(keys))).map((row) => [row.key as string, row.observedAt as string])),
          affectedCustomerIds: async (recordKeys, identifierKeys) =>
            (await this.run(tx, cypher.findAffectedCustomerIds(recordKeys, identifierKeys))).map((row) => row.id as string),
          customerRecords: async (ids) =>
            (await this.run(tx, cypher.findCustomerRecords(ids))).map((row) => ({
              customerId: row.customerId as string,
              customerCreatedAt: row.customerCreatedAt as string,
              record: toStoredRecord(row.record as Props),
            })),
        };
        const { write, result } = await plan(reader);
        if (write.records.length > 0) await this.run(tx, cypher.writeRecords(write.records.map((r) => recordProps(r, write.at))));
        if (write.aliases.length > 0) await this.run(tx, cypher.writeAliases(write.aliases, write.at));
        if (write.customers.length > 0) {
          await this.run(
            tx,
            cypher.writeCustomers(
              write.customers.map((c) => ({ id: c.id, createdAt: c.createdAt, updatedAt: write.at, golden: goldenProps(c.golden), recordKeys: c.recordKeys })),
            ),
          );
        }
        return result;
      });
    } catch (error) {
      throw storeError(error);
    } finally {
      await session.close();
    }
  }

  /** Customers by id in input order; an alias resolves to its survivor; null for unknown ids. */
  async customersByIds(ids: readonly string[]): Promise<(CustomerRow | null)[]> {
    const rows = await this.read(cypher.findCustomersByIds(ids));
    const found = new Map(rows.map((row) => [row.requestedId as string, toCustomerRow(row.customer as Props)]));
    return ids.map((id) => found.get(id) ?? null);
  }

  /** Customer id per identifier key in input order; null where no record carries it. */
  async customerIdsByIdentifierKeys(keys: readonly string[]): Promise<(string | null)[]> {
    const rows = await this.read(cypher.findCustomerIdsByIdentifierKeys(keys));
    const found = new Map(rows.map((row) => [row.key as string, row.customerId as string]));
    return keys.map((key) => found.get(key) ?? null);
  }

  async customerPage(first: number, afterId: string | null): Promise<{ customers: CustomerRow[]; hasNextPage: boolean }> {
    const rows = await this.read(cypher.findCustomerPage(first, afterId));
    return { customers: rows.slice(0, first).map((row) => toCustomerRow(row.customer as Props)), hasNextPage: rows.length > first };
  }

  async countCustomers(): Promise<number> {
    const [row] = await this.read(cypher.countCustomers());
    return Number(row?.total ?? 0);
  }

  /** Records by key in input order, each with its customer's id; null for unknown keys. */
  async recordsByKeys(keys: readonly string[]): Promise<({ record: StoredRecord; customerId: string | null } | null)[]> {
    const rows = await this.read(cypher.findRecordsByKeys(keys));
    const found = new Map(rows.map((row) => [row.key as string, { record: toStoredRecord(row.record as Props), customerId: (row.customerId as string | null) ?? null }]));
    return keys.map((key) => found.get(key) ?? null);
  }

  /** Each customer's records (most recent first), in input order. */
  async recordsOfCustomers(customerIds: readonly string[]): Promise<StoredRecord[][]> {
    const rows = await this.read(cypher.findRecordsOfCustomers(customerIds));
    const grouped = new Map<string, StoredRecord[]>();
    for (const row of rows) {
      const id = row.customerId as string;
      grouped.set(id, [...(grouped.get(id) ?? []), toStoredRecord(row.record as Props)]);
    }
    return customerIds.map((id) => grouped.get(id) ?? []);
  }
}

/** A driver failure: formatError turns it into INTERNAL_SERVER_ERROR, logs it and hides the message from clients. */
function storeError(error: unknown): Error {
  if (error instanceof GraphQLError) return error;
  return new Error(`identity store: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
}
