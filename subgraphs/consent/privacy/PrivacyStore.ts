import { sqlTimestamp } from '../../../lib/dates.ts';
import { migrate, type Database, type Queryable } from '../../../lib/db/index.ts';
import { badUserInput, c360Error, ErrorCode } from '../../../lib/errors.ts';
import type { SubgraphName } from '../../../lib/config.ts';
import type { PrivacyRequestStatus, PrivacyRequestType, PrivacyTaskStatus } from './lifecycle.ts';
import { privacyMigrations } from './migrations.ts';

/** The identifiers of a request as given, canonical; `erased` once an erasure completed. */
export type PrivacySubjectValue = { emails: string[]; phones: string[]; sourceKeys: string[]; erased?: false } | { erased: true };

/** The corrected attributes of a rectification request. */
export type Correction = Record<string, unknown>;

export interface PrivacyRequestRow {
  id: string;
  type: PrivacyRequestType;
  status: PrivacyRequestStatus;
  jurisdiction: string;
  receivedAt: string;
  dueAt: string;
  verification: 'PENDING' | 'VERIFIED';
  verificationMethod: string | null;
  verifiedAt: string | null;
  rejectionReason: string | null;
  startedAt: string | null;
  completedAt: string | null;
  subject: PrivacySubjectValue;
  subjectKeys: string[];
  subjectHashes: string[];
  resolvedKeys: string[];
  customerIds: string[];
  pseudonym: string;
  correction: Correction | null;
  note: string | null;
  requestedBy: string;
  client: string;
  createdAt: string;
  updatedAt: string;
}

export interface PrivacyTaskRow {
  requestId: string;
  subgraph: SubgraphName;
  status: PrivacyTaskStatus;
  attempts: number;
  lastError: string | null;
  nextAttemptAt: string | null;
  startedAt: string | null;
  finishedAt: string | null;
  summary: Record<string, unknown> | null;
  result: Record<string, unknown> | null;
}

export interface PrivacyRequestFilter {
  status?: PrivacyRequestStatus | null;
  type?: PrivacyRequestType | null;
  jurisdiction?: string | null;
  /** Open (not COMPLETED or REJECTED) and past its due date. */
  overdue?: boolean | null;
}

type SqlRow = Record<string, unknown>;
const time = (value: unknown) => (value === null || value === undefined ? null : sqlTimestamp(value as Date | string));

function toRequest(row: SqlRow): PrivacyRequestRow {
  return {
    id: row.id as string,
    type: row.type as PrivacyRequestType,
    status: row.status as PrivacyRequestStatus,
    jurisdiction: row.jurisdiction as string,
    receivedAt: time(row.received_at)!,
    dueAt: time(row.due_at)!,
    verification: row.verification as PrivacyRequestRow['verification'],
    verificationMethod: (row.verification_method as string | null) ?? null,
    verifiedAt: time(row.verified_at),
    rejectionReason: (row.rejection_reason as string | null) ?? null,
    startedAt: time(row.started_at),
    completedAt: time(row.completed_at),
    subject: row.subject as PrivacySubjectValue,
    subjectKeys: row.subject_keys as string[],
    subjectHashes: row.subject_hashes as string[],
    resolvedKeys: row.resolved_keys as string[],
    customerIds: row.customer_ids as string[],
    pseudonym: row.pseudonym as string,
    correction: (row.correction as Correction | null) ?? null,
    note: (row.note as string | null) ?? null,
    requestedBy: row.requested_by as string,
    client: row.client as string,
    createdAt: time(row.created_at)!,
    updatedAt: time(row.updated_at)!,
  };
}

function toTask(row: SqlRow): PrivacyTaskRow {
  return {
    requestId: row.request_id as string,
    subgraph: row.subgraph as SubgraphName,
    status: row.status as PrivacyTaskStatus,
    attempts: Number(row.attempts),
    lastError: (row.last_error as string | null) ?? null,
    nextAttemptAt: time(row.next_attempt_at),
    startedAt: time(row.started_at),
    finishedAt: time(row.finished_at),
    summary: (row.summary as Record<string, unknown> | null) ?? null,
    result: (row.result as Record<string, unknown> | null) ?? null,
  };
}

const subgraphOrder = `array_position(ARRAY['identity', 'consent', 'quality', 'analytics'], subgraph)`;
/** A task claimed this long ago and not finished is taken to have died with its process, and may be claimed again. */
const leaseSeconds = 300;
const maxPageSize = 500;

const encodeCursor = (id: string) => Buffer.from(`privacy:${id}`, 'utf8').toString('base64url');
function decodeCursor(cursor: string): string {
  const decoded = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!decoded.startsWith('privacy:') || encodeCursor(decoded.slice(8)) !== cursor) throw badUserInput(`Expected a cursor returned by privacyRequests as \`after\`, got ${JSON.stringify(cursor.slice(0, 60))}`);
  return decoded.slice(8);
}

/**
 * The SQL of privacy requests and their tasks (schema `consent`, migrations 10 and up). Status
 * changes are conditional on the status read before (`expected`), so two officers or two runner
 * replicas cannot both move one request; the loser gets BAD_USER_INPUT and reads it again.
 */
export class PrivacyStore {
  constructor(readonly db: Database) {}

  migrate(): Promise<number[]> {
    return migrate(this.db, 'consent', privacyMigrations);
  }

  async insert(request: PrivacyRequestRow, subgraphs: readonly SubgraphName[]): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.query(
        `INSERT INTO consent.privacy_requests (id, type, status, jurisdiction, received_at, due_at, verification, subject, subject_keys, subject_hashes,
           pseudonym, correction, note, requested_by, client, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9::text[], $10::text[], $11, $12::jsonb, $13, $14, $15, $16, $16)`,
        [
          request.id, request.type, request.status, request.jurisdiction, request.receivedAt, request.dueAt, request.verification,
          JSON.stringify(request.subject), request.subjectKeys, request.subjectHashes, request.pseudonym,
          request.correction === null ? null : JSON.stringify(request.correction), request.note, request.requestedBy, request.client, request.createdAt,
        ],
      );
      await tx.query(`INSERT INTO consent.privacy_tasks (request_id, subgraph) SELECT $1, unnest($2::text[])`, [request.id, [...subgraphs]]);
    });
  }

  async get(id: string): Promise<PrivacyRequestRow | null> {
    const { rows } = await this.db.query(`SELECT * FROM consent.privacy_requests WHERE id = $1`, [id]);
    return rows[0] ? toRequest(rows[0]) : null;
  }

  /** Tasks of each request, in input order, each list identity, consent, quality, analytics. */
  async tasksOf(requestIds: readonly string[]): Promise<PrivacyTaskRow[][]> {
    const { rows } = await this.db.query(`SELECT * FROM consent.privacy_tasks WHERE request_id = ANY($1::text[]) ORDER BY request_id, ${subgraphOrder}`, [[...requestIds]]);
    const grouped = new Map<string, PrivacyTaskRow[]>();
    for (const row of rows.map(toTask)) grouped.set(row.requestId, [...(grouped.get(row.requestId) ?? []), row]);
    return requestIds.map((id) => grouped.get(id) ?? []);
  }

  /**
   * Sets columns of a request whose status is still `expected`; returns the updated request.
   * BAD_USER_INPUT when the status changed meanwhile (someone else moved it).
   */
  async update(id: string, expected: PrivacyRequestStatus, changes: Record<string, unknown>, at: Date, tx: Queryable = this.db): Promise<PrivacyRequestRow> {
    const columns = Object.keys(changes);
    if (columns.some((column) => !/^[a-z_]+$/.test(column))) throw new TypeError(`Expected snake_case column names, got ${columns.join(', ')}`);
    const values = Object.values(changes).map((value) => (value !== null && typeof value === 'object' && !Array.isArray(value) ? JSON.stringify(value) : value));
    const assignments = columns.map((column, index) => `${column} = $${index + 4}`);
    const { rows } = await tx.query(
      `UPDATE consent.privacy_requests SET ${[...assignments, 'updated_at = $3'].join(', ')} WHERE id = $1 AND status = $2 RETURNING *`,
      [id, expected, at.toISOString(), ...values],
    );
    if (!rows[0]) throw badUserInput(`Privacy request ${id} is no longer ${expected}: it changed meanwhile; read it again`);
    return toRequest(rows[0]);
  }

  /** Adds keys and customer ids the identity task found (a union: a retry never forgets what an earlier try found). */
  async addResolved(id: string, keys: readonly string[], customerIds: readonly string[]): Promise<void> {
    await this.db.query(
      `UPDATE consent.privacy_requests SET
         resolved_keys = ARRAY(SELECT DISTINCT k FROM unnest(resolved_keys || $2::text[]) AS k ORDER BY k),
         customer_ids = ARRAY(SELECT DISTINCT c FROM unnest(customer_ids || $3::text[]) AS c ORDER BY c)
       WHERE id = $1`,
      [id, [...keys], [...customerIds]],
    );
  }

  async list(filter: PrivacyRequestFilter, first: number, after: string | null, now: Date): Promise<{ nodes: PrivacyRequestRow[]; totalCount: number; hasNextPage: boolean; endCursor: string | null }> {
    if (!Number.isInteger(first) || first < 1 || first > maxPageSize) throw badUserInput(`Expected \`first\` to be an integer from 1 to ${maxPageSize}, got ${first}`);
    const params: unknown[] = [];
    const where: string[] = [];
    const add = (clause: (param: string) => string, value: unknown) => {
      params.push(value);
      where.push(clause(`$${params.length}`));
    };
    if (filter.status != null) add((p) => `status = ${p}`, filter.status);
    if (filter.type != null) add((p) => `type = ${p}`, filter.type);
    if (filter.jurisdiction != null) add((p) => `jurisdiction = ${p}`, filter.jurisdiction.trim().toUpperCase());
    if (filter.overdue === true) add((p) => `status IN ('RECEIVED', 'VERIFIED', 'IN_PROGRESS') AND due_at < ${p}::timestamptz`, now.toISOString());
    if (filter.overdue === false) add((p) => `NOT (status IN ('RECEIVED', 'VERIFIED', 'IN_PROGRESS') AND due_at < ${p}::timestamptz)`, now.toISOString());
    const matching = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
    const { rows: counted } = await this.db.query<{ total: number }>(`SELECT count(*)::int AS total FROM consent.privacy_requests ${matching}`, params);
    if (after !== null) add((p) => `id < ${p}`, decodeCursor(after));
    params.push(first + 1);
    const { rows } = await this.db.query(
      `SELECT * FROM consent.privacy_requests ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT $${params.length}`,
      params,
    );
    const nodes = rows.slice(0, first).map(toRequest);
    return { nodes, totalCount: Number(counted[0]?.total ?? 0), hasNextPage: rows.length > first, endCursor: nodes.length > 0 ? encodeCursor(nodes.at(-1)!.id) : null };
  }

  /** Open requests past their due date, the most overdue first. */
  async overdue(now: Date, first: number): Promise<PrivacyRequestRow[]> {
    if (!Number.isInteger(first) || first < 1 || first > maxPageSize) throw badUserInput(`Expected \`first\` to be an integer from 1 to ${maxPageSize}, got ${first}`);
    const { rows } = await this.db.query(
      `SELECT * FROM consent.privacy_requests WHERE status IN ('RECEIVED', 'VERIFIED', 'IN_PROGRESS') AND due_at < $1::timestamptz ORDER BY due_at, id LIMIT $2`,
      [now.toISOString(), first],
    );
    return rows.map(toRequest);
  }

  /** Requests in progress with a task due now: pending, failed and past its backoff, or claimed by a process that died. */
  async dueRequestIds(now: Date, limit: number): Promise<string[]> {
    const { rows } = await this.db.query<{ id: string }>(
      `SELECT DISTINCT r.id FROM consent.privacy_requests r JOIN consent.privacy_tasks t ON t.request_id = r.id
       WHERE r.status = 'IN_PROGRESS' AND (
         (t.status IN ('PENDING', 'FAILED') AND (t.next_attempt_at IS NULL OR t.next_attempt_at <= $1::timestamptz))
         OR (t.status = 'IN_PROGRESS' AND t.started_at < $1::timestamptz - make_interval(secs => ${leaseSeconds})))
       ORDER BY r.id LIMIT $2`,
      [now.toISOString(), limit],
    );
    return rows.map((row) => row.id);
  }

  /**
   * Claims a task for one try: it must be due (see {@link dueRequestIds}). Counts the attempt and
   * returns it; null when the task is not due or another runner holds it.
   */
  async claimTask(requestId: string, subgraph: SubgraphName, now: Date): Promise<number | null> {
    const { rows } = await this.db.query<{ attempts: number }>(
      `UPDATE consent.privacy_tasks SET status = 'IN_PROGRESS', attempts = attempts + 1, started_at = $3::timestamptz, next_attempt_at = NULL
       WHERE request_id = $1 AND subgraph = $2 AND (
         (status IN ('PENDING', 'FAILED') AND (next_attempt_at IS NULL OR next_attempt_at <= $3::timestamptz))
         OR (status = 'IN_PROGRESS' AND started_at < $3::timestamptz - make_interval(secs => ${leaseSeconds})))
       RETURNING attempts`,
      [requestId, subgraph, now.toISOString()],
    );
    return rows[0] ? Number(rows[0].attempts) : null;
  }

  async finishTask(requestId: string, subgraph: SubgraphName, at: Date, outcome: { summary: Record<string, unknown>; result: Record<string, unknown> | null }): Promise<void> {
    await this.db.query(
      `UPDATE consent.privacy_tasks SET status = 'DONE', finished_at = $3::timestamptz, last_error = NULL, next_attempt_at = NULL, summary = $4::jsonb, result = $5::jsonb
       WHERE request_id = $1 AND subgraph = $2`,
      [requestId, subgraph, at.toISOString(), JSON.stringify(outcome.summary), outcome.result === null ? null : JSON.stringify(outcome.result)],
    );
  }

  async failTask(requestId: string, subgraph: SubgraphName, error: string, nextAttemptAt: Date): Promise<void> {
    await this.db.query(
      `UPDATE consent.privacy_tasks SET status = 'FAILED', last_error = $3, next_attempt_at = $4::timestamptz WHERE request_id = $1 AND subgraph = $2`,
      [requestId, subgraph, error.slice(0, 1000), nextAttemptAt.toISOString()],
    );
  }

  /** Makes the request's pending and failed tasks due at once (a manual retry). Returns how many. */
  async makeDue(requestId: string, now: Date): Promise<number> {
    const { rows } = await this.db.query(
      `UPDATE consent.privacy_tasks SET next_attempt_at = $2::timestamptz WHERE request_id = $1 AND status IN ('PENDING', 'FAILED') RETURNING subgraph`,
      [requestId, now.toISOString()],
    );
    return rows.length;
  }

  /**
   * Erasure reaches the privacy team's own records too: every other finished (COMPLETED or
   * REJECTED) request about any of `keys` loses its identifiers, note, correction and export parts;
   * its hashes and audit trail stay. Returns how many requests were scrubbed.
   */
  async scrubOtherRequests(requestId: string, keys: readonly string[], at: Date): Promise<number> {
    return this.db.transaction(async (tx) => {
      const { rows } = await tx.query<{ id: string }>(
        `UPDATE consent.privacy_requests SET subject = '{"erased": true}'::jsonb, subject_keys = '{}', resolved_keys = '{}', note = NULL, correction = NULL, updated_at = $3::timestamptz
         WHERE id <> $1 AND status IN ('COMPLETED', 'REJECTED') AND (subject_keys && $2::text[] OR resolved_keys && $2::text[])
         RETURNING id`,
        [requestId, [...keys], at.toISOString()],
      );
      if (rows.length > 0) await tx.query(`UPDATE consent.privacy_tasks SET result = NULL WHERE request_id = ANY($1::text[])`, [rows.map((row) => row.id)]);
      return rows.length;
    });
  }

  /** Retention: drops the export parts of requests completed before `before`. Returns how many tasks lost theirs. */
  async purgeExports(before: Date): Promise<number> {
    const { rows } = await this.db.query<{ n: number }>(
      `WITH purged AS (
         UPDATE consent.privacy_tasks t SET result = NULL FROM consent.privacy_requests r
         WHERE t.request_id = r.id AND t.result IS NOT NULL AND r.completed_at < $1::timestamptz RETURNING 1)
       SELECT count(*)::int AS n FROM purged`,
      [before.toISOString()],
    );
    return rows[0]?.n ?? 0;
  }

  async ping(): Promise<void> {
    await this.db.query('SELECT 1');
  }
}

/** NOT_FOUND for an unknown request id. */
export const requestNotFound = (id: string) => c360Error(ErrorCode.NOT_FOUND, `No privacy request ${JSON.stringify(id.slice(0, 80))}`);
