import { inspect } from 'node:util';
import { sqlTimestamp } from '../dates.ts';
import { badUserInput } from '../errors.ts';
import { migrate, type Database } from '../db/index.ts';
import { auditDecisions, type AuditEntry, type AuditField, type AuditRecord } from './AuditRecord.ts';
import { canonicalJson, type JsonObject } from './canonicalJson.ts';
import { chainHash, genesisHash, sha256Hex, type AuditPayload } from './chainHash.ts';
import { auditMigrations } from './migrations.ts';

export interface AuditStoreOptions {
  /** Where `recordedAt` comes from; the system clock by default. Read under the append lock. */
  readonly clock?: () => Date;
}

/** Filters of {@link AuditStore.list}; absent or null means no filter. */
export interface AuditFilter {
  readonly subject?: string | null;
  readonly client?: string | null;
  /** Records whose `customerIds` contain this id. */
  readonly customerId?: string | null;
  /** Recorded at or after this instant (ISO 8601). */
  readonly from?: string | null;
  /** Recorded before this instant (ISO 8601), exclusive. */
  readonly to?: string | null;
  readonly kind?: string | null;
  readonly requestId?: string | null;
  /** Records whose `customerIds` contain any of these ids (a person's several customer ids). */
  readonly anyCustomerId?: readonly string[] | null;
}

export interface AuditPage {
  /** Newest first. */
  readonly records: AuditRecord[];
  readonly hasNextPage: boolean;
  /** The cursor of the last record of the page; pass it as `after` for the next page. Null when the page is empty. */
  readonly endCursor: string | null;
  /** Records matching the filter, on all pages. */
  readonly totalCount: number;
}

export type AuditProblem = 'changed' | 'removed' | 'reordered' | 'broken-link';

/**
 * The verifier's finding. `count` is the number of records found intact, in order, from the first:
 * on success all of them, on failure those before `firstBadSeq`.
 */
export type AuditVerification =
  | { readonly ok: true; readonly count: number }
  | { readonly ok: false; readonly count: number; readonly firstBadSeq: number; readonly problem: AuditProblem };

interface RecordRow {
  seq: string | number | bigint;
  recorded_at: Date | string;
  request_id: string;
  subject: string;
  client: string;
  purpose: string;
  operation_name: string | null;
  operation_hash: string;
  fields: AuditField[];
  customer_ids: string[];
  kind: string;
  details: JsonObject | null;
  prev_hash: string;
  hash: string;
}

const columns = 'seq, recorded_at, request_id, subject, client, purpose, operation_name, operation_hash, fields, customer_ids, kind, details, prev_hash, hash';
const lockKey = 'c360:audit';
const verifyPageSize = 1000;
/** How far from its place {@link AuditStore.verify} looks for the seq a moved record was hashed under. */
const moveSearchWindow = 1024;
const maxPageSize = 500;

function toRecord(row: RecordRow): AuditRecord {
  return {
    seq: Number(row.seq),
    recordedAt: sqlTimestamp(row.recorded_at),
    requestId: row.request_id,
    subject: row.subject,
    client: row.client,
    purpose: row.purpose,
    operationName: row.operation_name,
    operationHash: row.operation_hash,
    fields: row.fields,
    customerIds: row.customer_ids,
    kind: row.kind,
    details: row.details,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

function payloadOf(record: AuditRecord, seq: number): AuditPayload {
  const { prevHash: _prevHash, hash: _hash, ...payload } = record;
  return { ...payload, seq };
}

/** Whether the record's stored hash is what its content gives when hashed as record number `seq`. */
function hashesAs(record: AuditRecord, seq: number): boolean {
  try {
    return chainHash(record.prevHash, payloadOf(record, seq)) === record.hash;
  } catch {
    return false;
  }
}

const show = (value: unknown) => inspect(value, { depth: 3, breakLength: Infinity });

function text(entry: AuditEntry, key: 'requestId' | 'subject' | 'client' | 'purpose' | 'operationText'): string {
  const value: unknown = entry[key];
  if (typeof value !== 'string') throw new TypeError(`Expected AuditEntry.${key} to be a string, got ${show(value)}`);
  return value;
}

function field(value: unknown, index: number): AuditField {
  const candidate = (typeof value === 'object' && value !== null ? value : {}) as Partial<Record<keyof AuditField, unknown>>;
  const { path, decision, level } = candidate;
  if (typeof path !== 'string' || typeof level !== 'string' || !(auditDecisions as readonly unknown[]).includes(decision)) {
    throw new TypeError(`Expected AuditEntry.fields[${index}] to be { path: string, decision: ${auditDecisions.join(' | ')}, level: string }, got ${show(value)}`);
  }
  // Only the three documented keys are kept, so what is hashed is exactly what is stored.
  return { path, decision: decision as AuditField['decision'], level };
}

/** Validates an entry and turns it into the payload of a record, without `seq` and `recordedAt`. */
function entryPayload(entry: AuditEntry): Omit<AuditPayload, 'seq' | 'recordedAt'> {
  const { operationName, fields, customerIds, kind = 'READ', details = null } = entry;
  if (operationName !== null && typeof operationName !== 'string') throw new TypeError(`Expected AuditEntry.operationName to be a string or null, got ${show(operationName)}`);
  if (!Array.isArray(fields)) throw new TypeError(`Expected AuditEntry.fields to be an array, got ${show(fields)}`);
  if (!Array.isArray(customerIds) || !customerIds.every((id) => typeof id === 'string')) {
    throw new TypeError(`Expected AuditEntry.customerIds to be an array of strings, got ${show(customerIds)}`);
  }
  if (typeof kind !== 'string' || kind === '') throw new TypeError(`Expected AuditEntry.kind to be a non-empty string, got ${show(kind)}`);
  if (details !== null && (typeof details !== 'object' || Array.isArray(details))) {
    throw new TypeError(`Expected AuditEntry.details to be a JSON object or null, got ${show(details)}`);
  }
  const payload = {
    requestId: text(entry, 'requestId'),
    subject: text(entry, 'subject'),
    client: text(entry, 'client'),
    purpose: text(entry, 'purpose'),
    operationName,
    operationHash: sha256Hex(text(entry, 'operationText')),
    fields: fields.map(field),
    customerIds: [...customerIds],
    kind,
    details,
  };
  // Refuses, before taking the lock, what could not be stored exactly as hashed (NaN, NUL, a Date…).
  canonicalJson(payload);
  return payload;
}

const cursorPrefix = 'audit:';
const encodeCursor = (seq: number) => Buffer.from(`${cursorPrefix}${seq}`, 'utf8').toString('base64url');

function decodeCursor(cursor: string): number {
  const match = /^audit:([1-9][0-9]{0,15})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match || encodeCursor(Number(match[1])) !== cursor) throw badUserInput(`Expected a cursor returned by an audit query as \`after\`, got ${JSON.stringify(cursor)}`);
  return Number(match[1]);
}

function instant(value: string, name: 'from' | 'to'): string {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw badUserInput(`Expected \`${name}\` to be an ISO 8601 date-time, got ${JSON.stringify(value)}`);
  // Resolved here, not by PostgreSQL: a bare date would otherwise be read in the session's time zone.
  return date.toISOString();
}

/**
 * The gateway's audit log (DESIGN §4) in schema `audit`: one record per operation, append-only
 * and hash-chained, so that a changed, removed or moved record is detected by {@link verify}.
 * Several gateways may append to one PostgreSQL at once: an advisory lock orders them.
 */
export class AuditStore {
  readonly #clock: () => Date;

  constructor(
    readonly db: Database,
    options: AuditStoreOptions = {},
  ) {
    this.#clock = options.clock ?? (() => new Date());
  }

  migrate(): Promise<number[]> {
    return migrate(this.db, 'audit', auditMigrations);
  }

  /**
   * Appends one record and returns its `seq` and `hash`. In one transaction, under an advisory
   * lock that every appender takes, it reads the last record, numbers the new one after it (gapless)
   * and chains its hash to the last one's. Only the SHA-256 of `operationText` is kept.
   * Throws a `TypeError` for an entry of the wrong shape, or holding what JSON or PostgreSQL cannot
   * keep exactly (NaN, a NUL character, a `Date` in `details`), before anything is written.
   */
  async append(entry: AuditEntry): Promise<{ seq: number; hash: string }> {
    const base = entryPayload(entry);
    return this.db.transaction(async (tx) => {
      await tx.query(`SELECT pg_advisory_xact_lock(hashtext('${lockKey}'))`);
      const { rows } = await tx.query<{ seq: string | number | bigint; hash: string }>('SELECT seq, hash FROM audit.records ORDER BY seq DESC LIMIT 1');
      const last = rows[0];
      const now = this.#clock();
      if (!(now instanceof Date) || Number.isNaN(now.getTime())) throw new TypeError(`Expected the audit clock to return a valid Date, got ${String(now)}`);
      const payload: AuditPayload = { ...base, seq: last ? Number(last.seq) + 1 : 1, recordedAt: now.toISOString() };
      const prevHash = last ? last.hash : genesisHash;
      const hash = chainHash(prevHash, payload);
      await tx.query(
        `INSERT INTO audit.records (${columns})
         VALUES ($1, $2::timestamptz, $3, $4, $5, $6, $7, $8, $9::jsonb, $10::text[], $11, $12::jsonb, $13, $14)`,
        [
          payload.seq,
          payload.recordedAt,
          payload.requestId,
          payload.subject,
          payload.client,
          payload.purpose,
          payload.operationName,
          payload.operationHash,
          JSON.stringify(payload.fields),
          payload.customerIds,
          payload.kind,
          payload.details === null ? null : JSON.stringify(payload.details),
          prevHash,
          hash,
        ],
      );
      return { seq: payload.seq, hash };
    });
  }

  /**
   * One page of records matching `filter`, newest first. `first` is 1 to 500; `after` is the
   * `endCursor` of the previous page, or null for the first page. `from` is inclusive, `to`
   * exclusive. Throws BAD_USER_INPUT for a `first` out of range, a cursor this store did not make,
   * or a `from`/`to` that is not a date-time.
   */
  async list(filter: AuditFilter, first: number, after: string | null): Promise<AuditPage> {
    if (!Number.isInteger(first) || first < 1 || first > maxPageSize) throw badUserInput(`Expected \`first\` to be an integer from 1 to ${maxPageSize}, got ${first}`);
    const params: unknown[] = [];
    const where: string[] = [];
    const add = (clause: (param: string) => string, value: unknown) => {
      params.push(value);
      where.push(clause(`$${params.length}`));
    };
    if (filter.subject != null) add((p) => `subject = ${p}`, filter.subject);
    if (filter.client != null) add((p) => `client = ${p}`, filter.client);
    if (filter.kind != null) add((p) => `kind = ${p}`, filter.kind);
    if (filter.requestId != null) add((p) => `request_id = ${p}`, filter.requestId);
    if (filter.anyCustomerId != null) add((p) => `customer_ids && ${p}::text[]`, [...filter.anyCustomerId]);
    // `@>` rather than `= ANY(customer_ids)`: same rows, and it can use the GIN index.
    if (filter.customerId != null) add((p) => `customer_ids @> ARRAY[${p}::text]`, filter.customerId);
    if (filter.from != null) add((p) => `recorded_at >= ${p}::timestamptz`, instant(filter.from, 'from'));
    if (filter.to != null) add((p) => `recorded_at < ${p}::timestamptz`, instant(filter.to, 'to'));
    const matching = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
    const { rows: counted } = await this.db.query<{ total: string | number | bigint }>(`SELECT count(*) AS total FROM audit.records ${matching}`, params);

    if (after !== null) add((p) => `seq < ${p}`, decodeCursor(after));
    params.push(first + 1);
    const { rows } = await this.db.query<RecordRow>(
      `SELECT ${columns} FROM audit.records ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY seq DESC LIMIT $${params.length}`,
      params,
    );
    const records = rows.slice(0, first).map(toRecord);
    const last = records.at(-1);
    return { records, hasNextPage: rows.length > first, endCursor: last ? encodeCursor(last.seq) : null, totalCount: Number(counted[0]?.total ?? 0) };
  }

  /**
   * Walks the whole chain in `seq` order, 1000 records at a time, recomputing every hash, and stops
   * at the first problem:
   * - `removed`: a `seq` is missing (or records were removed and the rest renumbered);
   * - `changed`: a record's content, `prevHash` or `hash` no longer hash together;
   * - `reordered`: an intact record sits at another record's place (`seq`s swapped);
   * - `broken-link`: a record hashes correctly but does not point at its predecessor's hash
   *   (someone recomputed hashes after a change).
   * Telling `reordered` from `changed` and `removed` is best effort; that there is a problem, and at
   * which `seq`, is exact. Records cut off at the end of the chain leave an intact, shorter chain:
   * to catch that, compare `count` with a count kept elsewhere.
   */
  async verify(): Promise<AuditVerification> {
    let count = 0;
    let prevHash = genesisHash;
    for (;;) {
      const { rows } = await this.db.query<RecordRow & { whole_ms: boolean }>(
        // Milliseconds are all that was hashed: a finer change to `recorded_at` is a change too.
        `SELECT ${columns}, recorded_at = date_trunc('milliseconds', recorded_at) AS whole_ms
         FROM audit.records WHERE seq > $1 ORDER BY seq LIMIT ${verifyPageSize}`,
        [count],
      );
      if (rows.length === 0) return { ok: true, count };
      for (const row of rows) {
        const record = toRecord(row);
        if (record.seq !== count + 1) return { ok: false, count, firstBadSeq: count + 1, problem: 'removed' };
        const problem = row.whole_ms ? await this.#problemAt(record, prevHash) : 'changed';
        if (problem) return { ok: false, count, firstBadSeq: record.seq, problem };
        prevHash = record.hash;
        count += 1;
      }
    }
  }

  /** What is wrong with `record` at its place, its predecessor's hash being `prevHash`; null when nothing. */
  async #problemAt(record: AuditRecord, prevHash: string): Promise<AuditProblem | null> {
    if (hashesAs(record, record.seq)) return record.prevHash === prevHash ? null : 'broken-link';
    if (!this.#hashedElsewhere(record)) return 'changed';
    // An intact record from another place sits here. If the one that belongs here is elsewhere in
    // the table, records were swapped; if it is gone, records were removed and the rest renumbered.
    const { rows } = await this.db.query<RecordRow>(`SELECT ${columns} FROM audit.records WHERE prev_hash = $1 AND seq <> $2`, [prevHash, record.seq]);
    return rows.some((row) => hashesAs(toRecord(row), record.seq)) ? 'reordered' : 'removed';
  }

  /** Whether the record hashes correctly as another record number near its own. */
  #hashedElsewhere(record: AuditRecord): boolean {
    for (let distance = 1; distance <= moveSearchWindow; distance += 1) {
      if (hashesAs(record, record.seq + distance)) return true;
      if (record.seq - distance >= 1 && hashesAs(record, record.seq - distance)) return true;
    }
    return false;
  }

  async ping(): Promise<void> {
    await this.db.query('SELECT 1');
  }
}
