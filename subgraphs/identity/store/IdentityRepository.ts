import type { Driver, ManagedTransaction, Transaction } from 'neo4j-driver';
import { GraphQLError } from 'graphql';
import type { AddressValue, GoldenRecord, ProvenanceEntry, RecordFactsValue, StoredRecord } from '../resolution/types.ts';
import type { PlannedResolution, RecordsWritten, ResolutionReader, StoredLink } from '../resolution/planResolution.ts';
import * as cypher from './cypher.ts';
import type { Statement } from './cypher.ts';
import { RecordCache, recordVersion } from './RecordCache.ts';

/** Records held in memory for resolution: about 1 KiB each with their features, so 200,000 take some 200 MiB. */
export const defaultRecordCacheSize = 200_000;

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
    nationalId: (props.nationalId as string | undefined) ?? null,
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

/**
 * A record's properties with its block keys — its identifier keys and blocking keys, each once
 * (written as IN_BLOCK edges, not a property): a row of `cypher.recordColumns`.
 */
function recordRow(record: StoredRecord, ingestedAt: string, blockingKeys: readonly string[]): Props {
  const { addresses, externalIds, ...rest } = record;
  const blockKeys = [...new Set([...record.identifierKeys, ...blockingKeys])];
  return { ...rest, addressesJson: JSON.stringify(addresses), externalIdsJson: JSON.stringify(externalIds), ingestedAt, blockKeys };
}

function hasWrites(w: PlannedResolution): boolean {
  return [w.records, w.customers, w.aliases, w.links, w.unlinks, w.cannotLinks, w.reviews, w.events].some((list) => list.length > 0);
}

function recordRows(w: RecordsWritten): Props[] {
  return w.records.map((r) => recordRow(r, w.at, w.blockKeys.get(r.key) ?? []));
}

/** The write parameters of a plan; without its records when they were written already (`ResolutionReader.clusterState`). */
function resolutionParams(w: PlannedResolution, recordsWritten = false): cypher.ResolutionWriteParams {
  return {
    records: recordsWritten ? [] : recordRows(w),
    aliases: w.aliases,
    customers: w.customers.map((c) => ({ id: c.id, createdAt: c.createdAt, joiningKeys: c.joiningKeys, ...goldenProps(c.golden) })),
    links: w.links.map((l) => ({ ...l, matchWeight: Number.isFinite(l.matchWeight) ? l.matchWeight : 0 })),
    unlinks: w.unlinks,
    cannotLinks: w.cannotLinks,
    reviews: w.reviews,
    events: w.events,
    at: w.at,
  };
}

export function goldenProps(golden: GoldenRecord): Props {
  const { addresses, provenance, recordFacts, ...rest } = golden;
  return { ...rest, addressesJson: JSON.stringify(addresses), provenanceJson: JSON.stringify(provenance), recordFactsJson: JSON.stringify(recordFacts) };
}

/**
 * Owns the Neo4j sessions and transactions of the identity subgraph. Every statement comes from
 * `cypher.ts`; driver errors become INTERNAL_SERVER_ERROR here and never reach a client verbatim.
 * `onQuery` is called once per statement sent (round-trip accounting in tests and benchmarks).
 */
export class IdentityRepository {
  private readonly listeners = new Set<(cypher: string) => void>();

  /** Source records by version, shared by every resolution through this repository. */
  private readonly recordCache: RecordCache;

  /** Set on a rehearsal (`rehearsal()`): the one transaction all its resolutions run in. */
  private rehearsing: Transaction | null = null;

  constructor(
    private readonly driver: Driver,
    private readonly database: string | null,
    private readonly now: () => string = () => new Date().toISOString(),
    options: { recordCacheSize?: number } = {},
  ) {
    this.recordCache = new RecordCache(options.recordCacheSize ?? defaultRecordCacheSize);
  }

  /**
   * A repository on the same store whose resolutions all run, in full (reads, planning, every
   * write statement), in one transaction that `end()` rolls back: each sees the ones before it,
   * and nothing is ever committed or seen outside. It has its own record cache and its own turn
   * (its resolutions neither wait for nor overlap this repository's). The transaction holds its
   * locks until `end()`, so keep a rehearsal short. For warming up (`resolution/warmUpResolution.ts`).
   */
  rehearsal(): IdentityRepository & { end(): Promise<void> } {
    const rehearsal = new IdentityRepository(this.driver, this.database, this.now, { recordCacheSize: 20_000 });
    const session = rehearsal.session('WRITE');
    const transaction = session.beginTransaction();
    rehearsal.rehearsing = transaction;
    return Object.assign(rehearsal, {
      async end() {
        try {
          if (transaction.isOpen()) await transaction.rollback();
        } finally {
          await session.close();
        }
      },
    });
  }

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

  /**
   * The given records at the given versions: from the cache where it holds that version, the rest
   * read in one statement (and cached).
   */
  private async currentRecords(tx: ManagedTransaction, keys: readonly string[], versions: readonly string[]): Promise<Map<string, StoredRecord>> {
    const found = new Map<string, StoredRecord>();
    const missing: string[] = [];
    keys.forEach((key, i) => {
      const cached = this.recordCache.get(key, versions[i]!);
      if (cached) found.set(key, cached);
      else missing.push(key);
    });
    if (missing.length > 0) {
      for (const row of await this.run(tx, cypher.findRecords(missing))) {
        const props = row.record as Props;
        const record = toStoredRecord(props);
        this.recordCache.set(record.key, recordVersion(record.observedAt, props.ingestedAt as string | undefined), record);
        found.set(record.key, record);
      }
    }
    return found;
  }

  /** Drops records from memory (erased records must not outlive their erasure here). */
  forgetRecords(keys: readonly string[]): void {
    for (const key of keys) this.recordCache.delete(key);
  }

  /** Creates constraints and indexes, and brings an older store's keys to the current shape (`cypher.legacyKeyMigration`); idempotent. */
  async ensureSchema(): Promise<void> {
    const session = this.session('WRITE');
    try {
      for (const statement of [...cypher.schemaStatements, ...cypher.legacyKeyMigration]) await session.run(statement);
    } finally {
      await session.close();
    }
  }

  async ping(): Promise<void> {
    await this.driver.verifyConnectivity(this.database ? { database: this.database } : {});
  }

  /**
   * Runs a whole resolution in one write transaction: `plan` reads what it needs through the
   * reader and returns the planned writes, applied in one pipelined round trip before commit.
   * Neo4j retries the whole function on transient errors (deadlocks between concurrent batches),
   * so `plan` must be pure apart from its reads.
   *
   * Resolutions in this process run in turn, each overlapping the one before it: once the
   * previous one has planned (and is writing), this one reads its candidates and scores them,
   * counting the previous one's records as stored; it reads cluster state only after the
   * previous one has committed. Each therefore sees every record resolved before it, as if they
   * had run one after the other. If the previous one fails, this one plans again on the store
   * alone.
   */
  async resolveInTransaction<T>(plan: (reader: ResolutionReader) => Promise<{ write: PlannedResolution | null; result: T }>): Promise<T> {
    const previous = this.inFlight;
    const turn = new ResolutionTurn();
    this.inFlight = turn;
    try {
      let ahead = previous ? await previous.plannedWrite : null;
      for (;;) {
        try {
          const outcome = await this.resolveOnce(plan, turn, ahead, previous);
          turn.settle(true);
          return outcome;
        } catch (error) {
          if (!(error instanceof AheadFailed)) throw error;
          ahead = null;
        }
      }
    } catch (error) {
      turn.settle(false);
      throw storeError(error);
    } finally {
      if (this.inFlight === turn) this.inFlight = null;
    }
  }

  /** The resolution started last in this process: the next one overlaps it. */
  private inFlight: ResolutionTurn | null = null;

  private async resolveOnce<T>(
    plan: (reader: ResolutionReader) => Promise<{ write: PlannedResolution | null; result: T }>,
    turn: ResolutionTurn,
    aheadPlan: PlannedResolution | null,
    previous: ResolutionTurn | null,
  ): Promise<T> {
    // A rehearsal runs every resolution in its one transaction, rolled back at its end.
    const session = this.rehearsing ? null : this.session('WRITE');
    const inTransaction = <R>(work: (tx: ManagedTransaction) => Promise<R>): Promise<R> =>
      session ? session.executeWrite(work) : work(this.rehearsing as unknown as ManagedTransaction);
    let written = null as PlannedResolution | null;
    try {
      const outcome = await inTransaction(async (tx) => {
        // The previous resolution's records, counted as stored until it has committed.
        let ahead = aheadPlan;
        // Waits for the previous resolution to commit; if it failed, its records were counted as stored: plan again.
        const untilPreviousCommitted = async () => {
          if (!ahead) return;
          if (previous && !(await previous.committed) && ahead.records.length > 0) throw new AheadFailed();
          ahead = null;
        };
        // The records, when written with the cluster-state reads.
        let recordsWritten = null as { records: readonly StoredRecord[]; done: Promise<unknown> } | null;
        const reader: ResolutionReader = {
          candidates: async (recordKeys, blockKeys, maxBlockSize) => {
            // A record the previous resolution also wrote: its stored version and customer must be the committed ones.
            if (ahead && recordKeys.some((key) => ahead!.blockKeys.has(key))) await untilPreviousCommitted();
            // Both statements go out together (Bolt pipelines them within the transaction): one wait, not two.
            const [versionRows, [blocks]] = await Promise.all([this.run(tx, cypher.findRecordVersions(recordKeys)), this.run(tx, cypher.findBlockCandidates(blockKeys, maxBlockSize))]);
            const versions = new Map(versionRows.map((row) => [row.key as string, { observedAt: row.observedAt as string, customerId: (row.customerId as string | null) ?? null }]));
            const sizeList = blocks!.sizes as unknown[];
            const blockSizes = new Map((blocks!.keys as string[]).map((key, i) => [key, Number(sizeList[i])]));
            const memberKeys = blocks!.memberKeys as string[];
            const records = await this.currentRecords(tx, memberKeys, blocks!.memberVersions as string[]);
            const candidates = memberKeys.map((key) => records.get(key)!);
            return ahead ? withAhead(ahead, blockKeys, { versions, blockSizes, candidates }) : { versions, blockSizes, candidates };
          },
          clusterState: async (customerIds, viaRecordKeys, recordKeys, written) => {
            await untilPreviousCommitted();
            const anyCustomer = customerIds.length > 0 || viaRecordKeys.length > 0;
            const reads = Promise.all([
              anyCustomer ? this.run(tx, cypher.findClusterMembers(customerIds, viaRecordKeys)) : [],
              recordKeys.length > 0 ? this.run(tx, cypher.findCannotLinks(recordKeys)) : [],
              anyCustomer ? this.run(tx, cypher.findMergedAliases(customerIds, viaRecordKeys)) : [],
            ]);
            // Sent right behind the reads (the server runs a transaction's statements in order): the
            // store writes the records while this process plans the rest, which waits for it.
            if (written.records.length > 0) {
              recordsWritten = { records: written.records, done: this.run(tx, cypher.writeRecords(recordRows(written), written.at)) };
              recordsWritten.done.catch(() => {}); // awaited with the rest of the writes; a failure fails the transaction there
            }
            const [rows, extraCannotLinks, aliasRows] = await reads;
            // A member read here (not held at its version) is read after the records write: a changed
            // record then comes back at its new version, which the plan uses for it in any case.
            const records = await this.currentRecords(tx, rows.map((row) => row.key as string), rows.map((row) => row.version as string));
            const members = rows.map((row) => ({ customerId: row.customerId as string, customerCreatedAt: row.customerCreatedAt as string, record: records.get(row.key as string)! }));
            const links: StoredLink[] = rows.flatMap((row) =>
              (row.links as { b: string; probability: number; matchWeight: number; decidedBy: string }[]).map((l) => ({
                a: row.key as string,
                b: l.b,
                probability: Number(l.probability),
                matchWeight: Number(l.matchWeight),
                decidedBy: l.decidedBy,
              })),
            );
            const cannotLinks: [string, string][] = rows.flatMap((row) => (row.cannotLinks as string[]).map((b) => [row.key as string, b] as [string, string]));
            for (const row of extraCannotLinks) cannotLinks.push([row.a as string, row.b as string]);
            const aliases = aliasRows.map((row) => ({ id: row.id as string, createdAt: row.createdAt as string, recordKeys: row.recordKeys as string[] }));
            return { members, links, cannotLinks, aliases };
          },
        };
        const { write, result } = await plan(reader);
        // Reads that never reached cluster state still wait: this resolution must commit after the previous one.
        await untilPreviousCommitted();
        written = write;
        turn.markPlanned(write);
        // Pipelined: sent together, run in order by the server, one wait for all.
        if (recordsWritten && recordsWritten.records !== write?.records) throw new Error('resolution planned other records than it wrote with the cluster state');
        if (write && hasWrites(write)) {
          const rest = cypher.writeResolution(resolutionParams(write, recordsWritten !== null)).map((statement) => this.run(tx, statement));
          await Promise.all([recordsWritten?.done, ...rest]);
        }
        return result;
      });
      // Committed (or, in a rehearsal, current in its transaction): the records just written are current at the version the write gave them.
      for (const record of written?.records ?? []) this.recordCache.set(record.key, recordVersion(record.observedAt, written!.at), record);
      return outcome;
    } finally {
      await session?.close();
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

  private async write(statement: Statement): Promise<Props[]> {
    const session = this.session('WRITE');
    try {
      return await session.executeWrite((tx) => this.run(tx, statement));
    } catch (error) {
      throw storeError(error);
    } finally {
      await session.close();
    }
  }

  async saveMatchModel(model: { version: string; createdAt: string }, activate: boolean): Promise<void> {
    await this.write(cypher.saveMatchModel(model.version, JSON.stringify(model), model.createdAt, activate));
  }

  /** Stored models, newest first, with which one is active. */
  async matchModels(): Promise<{ version: string; createdAt: string; active: boolean; json: string }[]> {
    return (await this.read(cypher.findMatchModels())).map((row) => ({
      version: row.version as string,
      createdAt: row.createdAt as string,
      active: Boolean(row.active),
      json: row.json as string,
    }));
  }

  async reviewItems(status: string | null, first: number, after: string | null): Promise<{ items: ReviewItemRow[]; hasNextPage: boolean }> {
    const rows = await this.read(cypher.findReviewItems(status, first, after ?? ''));
    return {
      items: rows.slice(0, first).map((row) => ({ ...toReviewItem(row.item as Props), customerA: (row.customerA as string | null) ?? null, customerB: (row.customerB as string | null) ?? null })),
      hasNextPage: rows.length > first,
    };
  }

  async reviewItem(id: string): Promise<ReviewItemRow | null> {
    const [row] = await this.read(cypher.findReviewItem(id));
    return row ? { ...toReviewItem(row.item as Props), customerA: null, customerB: null } : null;
  }

  /** Marks an open item decided; null when it is not open (decided already, or unknown). */
  async decideReviewItem(id: string, status: 'APPROVED' | 'REJECTED', actor: string, note: string | null, at: string = this.now()): Promise<ReviewItemRow | null> {
    const [row] = await this.write(cypher.decideReviewItem(id, status, actor, note, at));
    return row ? { ...toReviewItem(row.item as Props), customerA: null, customerB: null } : null;
  }

  async countReviewItems(status: string): Promise<number> {
    const [row] = await this.read(cypher.countReviewItems(status));
    return Number(row?.total ?? 0);
  }

  /** Every stored record, read in pages of `pageSize` (for training). */
  async allRecords(pageSize = 5000): Promise<StoredRecord[]> {
    const records: StoredRecord[] = [];
    let after = '';
    for (;;) {
      const rows = await this.read(cypher.findRecordPage(after, pageSize));
      for (const row of rows) records.push(toStoredRecord(row.record as Props));
      if (rows.length < pageSize) return records;
      after = records.at(-1)!.key;
    }
  }

  async reviewDecisions(since: string): Promise<{ day: string; status: string; count: number }[]> {
    return (await this.read(cypher.findReviewDecisions(since))).map((row) => ({ day: row.day as string, status: row.status as string, count: Number(row.n) }));
  }

  /** Each customer's history events, newest first, in input order. */
  async historyOfCustomers(ids: readonly string[]): Promise<HistoryEventRow[][]> {
    const rows = await this.read(cypher.findHistory(ids));
    const grouped = new Map<string, HistoryEventRow[]>();
    for (const row of rows) grouped.set(row.id as string, [...(grouped.get(row.id as string) ?? []), toHistoryEvent(row.event as Props)]);
    return ids.map((id) => grouped.get(id) ?? []);
  }

  async mergeEvent(id: string): Promise<HistoryEventRow | null> {
    const [row] = await this.read(cypher.findMergeEvent(id));
    return row ? toHistoryEvent(row.event as Props) : null;
  }

  /** Each customer's stored links, in input order. */
  async linksOfCustomers(ids: readonly string[]): Promise<StoredLink[][]> {
    const rows = await this.read(cypher.findLinksOfCustomers(ids));
    const grouped = new Map<string, StoredLink[]>();
    for (const row of rows) {
      const link = { a: row.a as string, b: row.b as string, probability: Number(row.probability), matchWeight: Number(row.matchWeight), decidedBy: row.decidedBy as string };
      grouped.set(row.customerId as string, [...(grouped.get(row.customerId as string) ?? []), link]);
    }
    return ids.map((id) => grouped.get(id) ?? []);
  }
}

export interface ReviewItemRow {
  id: string;
  a: string;
  b: string;
  probability: number;
  matchWeight: number;
  reason: string;
  status: 'OPEN' | 'APPROVED' | 'REJECTED';
  createdAt: string;
  decidedAt: string | null;
  decidedBy: string | null;
  note: string | null;
  customerA: string | null;
  customerB: string | null;
}

function toReviewItem(props: Props): Omit<ReviewItemRow, 'customerA' | 'customerB'> {
  return {
    id: props.id as string,
    a: props.a as string,
    b: props.b as string,
    probability: Number(props.probability),
    matchWeight: Number(props.matchWeight),
    reason: props.reason as string,
    status: props.status as ReviewItemRow['status'],
    createdAt: props.createdAt as string,
    decidedAt: (props.decidedAt as string | undefined) ?? null,
    decidedBy: (props.decidedBy as string | undefined) ?? null,
    note: (props.note as string | undefined) ?? null,
  };
}

export interface HistoryEventRow {
  id: string;
  kind: string;
  at: string;
  actor: string;
  reason: string | null;
  customerIds: string[];
  survivorId: string | null;
  recordKeys: string[];
  evidence: unknown;
}

function toHistoryEvent(props: Props): HistoryEventRow {
  return {
    id: props.id as string,
    kind: props.kind as string,
    at: props.at as string,
    actor: props.actor as string,
    reason: (props.reason as string | undefined) ?? null,
    customerIds: (props.customerIds as string[] | undefined) ?? [],
    survivorId: (props.survivorId as string | undefined) ?? null,
    recordKeys: (props.recordKeys as string[] | undefined) ?? [],
    evidence: parseJson(props.evidenceJson, []),
  };
}

/** One resolution's place in the process's sequence: when it has planned its writes, and whether they committed. */
class ResolutionTurn {
  readonly markPlanned: (write: PlannedResolution | null) => void;
  readonly settle: (committed: boolean) => void;
  /** Its planned writes, once planned (null if it failed first or writes nothing). */
  readonly plannedWrite: Promise<PlannedResolution | null>;
  readonly committed: Promise<boolean>;

  constructor() {
    let planned!: (write: PlannedResolution | null) => void;
    let settle!: (committed: boolean) => void;
    this.plannedWrite = new Promise((resolve) => (planned = resolve));
    this.committed = new Promise((resolve) => (settle = resolve));
    this.markPlanned = planned;
    this.settle = (committed) => {
      planned(null);
      settle(committed);
    };
  }
}

/** The previous resolution, whose records this one counted as stored, failed: plan again. */
class AheadFailed extends Error {}

/**
 * Candidates with the previous resolution's records counted as stored: its records that hold
 * a probe key join (or replace) the store's, the versions of this batch's records are unchanged
 * (a record in both waits for the commit instead), and each probe block's size counts them too.
 */
function withAhead(ahead: PlannedResolution, probeKeys: readonly string[], found: Awaited<ReturnType<ResolutionReader['candidates']>>): typeof found {
  const probes = new Set(probeKeys);
  const stored = new Set(found.candidates.map((c) => c.key));
  const joining = ahead.records.filter((r) => (ahead.blockKeys.get(r.key) ?? []).some((k) => probes.has(k)));
  const replaced = new Set(joining.map((r) => r.key));
  const blockSizes = new Map(found.blockSizes);
  for (const record of joining) {
    for (const key of ahead.blockKeys.get(record.key) ?? []) {
      // A small block's members are all candidates: a record among them is counted already.
      if (probes.has(key) && !stored.has(record.key)) blockSizes.set(key, (blockSizes.get(key) ?? 0) + 1);
    }
  }
  return { versions: found.versions, blockSizes, candidates: [...found.candidates.filter((c) => !replaced.has(c.key)), ...joining] };
}

/** A driver failure: formatError turns it into INTERNAL_SERVER_ERROR, logs it and hides the message from clients. */
function storeError(error: unknown): Error {
  if (error instanceof GraphQLError) return error;
  return new Error(`identity store: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
}
