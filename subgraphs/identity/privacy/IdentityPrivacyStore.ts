import type { Driver, ManagedTransaction } from 'neo4j-driver';
import { suppressionHash } from '../../../lib/privacy/index.ts';
import type { AddressValue, ProvenanceEntry, StoredRecord } from '../resolution/types.ts';
import type { Statement } from '../store/cypher.ts';
import { toStoredRecord } from '../store/IdentityRepository.ts';
import * as cypher from './privacyCypher.ts';

type Props = Record<string, unknown>;

/** Everything the subject's identifiers reach (issue 4): their records and the customers those resolved into. */
export interface Subject {
  records: (StoredRecord & { customerId: string | null; ingestedAt: string | null })[];
  customers: {
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
    /** Ids merged into this customer, which resolve to it. */
    mergedIds: string[];
  }[];
  /** Every key of the subject: the keys asked for, every record's own key and identifier keys. Sorted. */
  keys: string[];
  customerIds: string[];
}

export interface ErasureCounts {
  records: number;
  customers: number;
  identifiers: number;
  suppressions: number;
}

const parseJson = <T>(value: unknown, fallback: T): T => (typeof value === 'string' ? (JSON.parse(value) as T) : fallback);
const text = (value: unknown) => (typeof value === 'string' ? value : null);

/**
 * The identity subgraph's privacy store: finds a subject through identity resolution, erases
 * them, keeps the suppression list, and purges customers past retention. Owns its sessions
 * like `IdentityRepository`; driver errors become plain Errors (INTERNAL_SERVER_ERROR, logged,
 * hidden from clients). Suppression hashes are keyed with the part's hash key.
 */
export class IdentityPrivacyStore {
  constructor(
    private readonly driver: Driver,
    private readonly database: string | null,
    private readonly hashKey: string,
  ) {}

  private session(mode: 'READ' | 'WRITE') {
    return this.driver.session({ defaultAccessMode: mode, ...(this.database ? { database: this.database } : {}) });
  }

  private static async run(tx: ManagedTransaction, statement: Statement): Promise<Props[]> {
    const result = await tx.run(statement.cypher, statement.params);
    return result.records.map((record) => record.toObject() as Props);
  }

  private async work<T>(mode: 'READ' | 'WRITE', body: (tx: ManagedTransaction) => Promise<T>): Promise<T> {
    const session = this.session(mode);
    try {
      return mode === 'READ' ? await session.executeRead(body) : await session.executeWrite(body);
    } catch (error) {
      throw new Error(`identity privacy store: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    } finally {
      await session.close();
    }
  }

  async ensureSchema(): Promise<void> {
    const session = this.session('WRITE');
    try {
      for (const statement of cypher.privacySchemaStatements) await session.run(statement);
    } finally {
      await session.close();
    }
  }

  /** The suppression hash of a canonical key under this part's key. */
  hash(key: string): string {
    return suppressionHash(this.hashKey, key);
  }

  private static async findIn(tx: ManagedTransaction, keys: readonly string[]): Promise<Subject> {
    const reached = await IdentityPrivacyStore.run(tx, cypher.findRecordsReachedBy(keys));
    const customerIds = [...new Set(reached.map((row) => text(row.customerId)).filter((id): id is string => id !== null))].sort();
    const recordKeys = [...new Set(reached.map((row) => row.key as string))];
    const recordRows = await IdentityPrivacyStore.run(tx, cypher.findSubjectRecords(customerIds, recordKeys));
    const seen = new Set<string>();
    const records: Subject['records'] = [];
    for (const row of recordRows) {
      const props = row.record as Props;
      if (seen.has(props.key as string)) continue;
      seen.add(props.key as string);
      records.push({ ...toStoredRecord(props), customerId: text(row.customerId), ingestedAt: text(props.ingestedAt) });
    }
    const customerRows = await IdentityPrivacyStore.run(tx, cypher.findSubjectCustomers(customerIds));
    const customers = customerRows.map((row) => {
      const c = row.customer as Props;
      return {
        id: c.id as string,
        createdAt: c.createdAt as string,
        updatedAt: c.updatedAt as string,
        givenName: text(c.givenName),
        familyName: text(c.familyName),
        fullName: text(c.fullName),
        emails: (c.emails as string[] | null) ?? [],
        phones: (c.phones as string[] | null) ?? [],
        addresses: parseJson<AddressValue[]>(c.addressesJson, []),
        birthDate: text(c.birthDate),
        provenance: parseJson<ProvenanceEntry[]>(c.provenanceJson, []),
        mergedIds: ((row.aliases as string[] | null) ?? []).sort(),
      };
    });
    const allKeys = new Set<string>(keys);
    for (const record of records) {
      allKeys.add(record.key);
      for (const key of record.identifierKeys) allKeys.add(key);
    }
    return { records, customers, keys: [...allKeys].sort(), customerIds };
  }

  /** Runs counting statements in order; each returns one row with one count. */
  private static async runCounts(tx: ManagedTransaction, statements: readonly Statement[]): Promise<number[]> {
    const counts: number[] = [];
    for (const statement of statements) {
      const [row] = await IdentityPrivacyStore.run(tx, statement);
      counts.push(Number(Object.values(row ?? {})[0] ?? 0));
    }
    return counts;
  }

  /**
   * Everything the canonical keys reach: each record that carries one of them, and every record of
   * each customer those records resolved into (one hop: a customer is one person by resolution).
   */
  findSubject(keys: readonly string[]): Promise<Subject> {
    return this.work('READ', (tx) => IdentityPrivacyStore.findIn(tx, keys));
  }

  /**
   * Erases the subject in one transaction: finds them, deletes their records, customers (with
   * aliases) and the identifiers nobody else carries, and suppresses every key (salted hashes).
   * Idempotent: run again, it finds nothing more to delete and the suppressions exist. Returns the
   * subject as found (its keys are what the other subgraphs erase) and the counts.
   */
  erase(keys: readonly string[], requestId: string, at: Date): Promise<{ subject: Subject; counts: ErasureCounts }> {
    return this.work('WRITE', async (tx) => {
      const subject = await IdentityPrivacyStore.findIn(tx, keys);
      const [identifiers, records, customers] = await IdentityPrivacyStore.runCounts(tx, cypher.eraseSubject(subject.records.map((r) => r.key), subject.customerIds, subject.keys));
      const [suppressed] = await IdentityPrivacyStore.run(tx, cypher.addSuppressions(subject.keys.map((key) => this.hash(key)), requestId, at.toISOString()));
      return {
        subject,
        counts: { records: records ?? 0, customers: customers ?? 0, identifiers: identifiers ?? 0, suppressions: Number(suppressed?.suppressions ?? 0) },
      };
    });
  }

  /** The keys among `keys` whose person was erased. */
  async suppressedAmong(keys: readonly string[]): Promise<Set<string>> {
    if (keys.length === 0) return new Set();
    const byHash = new Map(keys.map((key) => [this.hash(key), key]));
    const rows = await this.work('READ', (tx) => IdentityPrivacyStore.run(tx, cypher.findSuppressions([...byHash.keys()])));
    return new Set(rows.map((row) => byHash.get(row.hash as string)).filter((key): key is string => key !== undefined));
  }

  /**
   * Retention: deletes every current customer none of whose records any source observed at or
   * after `before`, with its records and identifiers (no suppression: the person may come back).
   * Works in batches of 500, each its own transaction. Returns the counts.
   */
  async purgeStale(before: Date): Promise<{ customers: number; records: number; identifiers: number }> {
    const totals = { customers: 0, records: 0, identifiers: 0 };
    for (;;) {
      // The transaction function may be retried by the driver: it returns its counts, added here once.
      const batch = await this.work('WRITE', async (tx) => {
        const ids = (await IdentityPrivacyStore.run(tx, cypher.findStaleCustomers(before.toISOString(), 500))).map((row) => row.id as string);
        if (ids.length === 0) return null;
        const rows = await IdentityPrivacyStore.run(tx, cypher.findSubjectRecords(ids, []));
        const records = rows.map((row) => toStoredRecord(row.record as Props));
        const keys = [...new Set(records.flatMap((r) => [r.key, ...r.identifierKeys]))];
        const [identifiers, deletedRecords] = await IdentityPrivacyStore.runCounts(tx, cypher.eraseSubject(records.map((r) => r.key), ids, keys));
        return { customers: ids.length, records: deletedRecords ?? 0, identifiers: identifiers ?? 0 };
      });
      if (batch === null) return totals;
      totals.customers += batch.customers;
      totals.records += batch.records;
      totals.identifiers += batch.identifiers;
    }
  }
}
