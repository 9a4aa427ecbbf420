import type { JsonObject } from '../../../lib/audit/canonicalJson.ts';
import { sqlTimestamp } from '../../../lib/dates.ts';
import type { Database } from '../../../lib/db/index.ts';
import { migrate } from '../../../lib/db/index.ts';
import type { ConsentChannel, ConsentEvent, ConsentState, ConsentStatus, LegalBasis, NewConsentEvent, NewPrivacySignal, PrivacySignal } from '../effective/types.ts';
import { consentMigrations } from './migrations.ts';

interface EventRow {
  id: string | number;
  subject_key: string;
  purpose: string;
  channel: ConsentChannel;
  status: ConsentStatus;
  legal_basis: LegalBasis;
  collection_point: string;
  policy_version: string;
  captured_at: Date | string;
  expires_at: Date | string | null;
  evidence: JsonObject | string | null;
}

interface SignalRow {
  id: string | number;
  subject_key: string;
  jurisdiction: string | null;
  gpc: boolean | null;
  collection_point: string;
  captured_at: Date | string;
}

const eventColumns = 'id::text AS id, subject_key, purpose, channel, status, legal_basis, collection_point, policy_version, captured_at, expires_at, evidence';

const toEvent = (row: EventRow): ConsentEvent => ({
  id: String(row.id),
  subjectKey: row.subject_key,
  purpose: row.purpose,
  channel: row.channel,
  status: row.status,
  legalBasis: row.legal_basis,
  collectionPoint: row.collection_point,
  policyVersion: row.policy_version,
  capturedAt: sqlTimestamp(row.captured_at),
  expiresAt: row.expires_at === null ? null : sqlTimestamp(row.expires_at),
  evidence: typeof row.evidence === 'string' ? (JSON.parse(row.evidence) as JsonObject) : row.evidence,
});

const toSignal = (row: SignalRow): PrivacySignal => ({
  id: String(row.id),
  subjectKey: row.subject_key,
  jurisdiction: row.jurisdiction,
  gpc: row.gpc,
  collectionPoint: row.collection_point,
  capturedAt: sqlTimestamp(row.captured_at),
});

/**
 * The consent subgraph's SQL, in schema `consent`. The ledger is append-only: this class offers no
 * update or delete, so a decision is changed only by appending a later one.
 */
export class ConsentStore {
  constructor(readonly db: Database) {}

  migrate(): Promise<number[]> {
    return migrate(this.db, 'consent', consentMigrations);
  }

  /**
   * Appends events in one statement; an event already in the ledger (same subject key, purpose,
   * channel, status and capturedAt) is skipped. Returns how many were new.
   */
  async append(events: readonly NewConsentEvent[]): Promise<number> {
    if (events.length === 0) return 0;
    const column = <K extends keyof NewConsentEvent>(key: K) => events.map((e) => e[key]);
    const { rows } = await this.db.query(
      `INSERT INTO consent.events (subject_key, purpose, channel, status, legal_basis, collection_point, policy_version, captured_at, expires_at, evidence)
       SELECT s, p, c, st, lb, cp, pv, ca, ea, ev::jsonb
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::timestamptz[], $9::timestamptz[], $10::text[])
         AS t(s, p, c, st, lb, cp, pv, ca, ea, ev)
       ON CONFLICT DO NOTHING RETURNING id`,
      [
        column('subjectKey'),
        column('purpose'),
        column('channel'),
        column('status'),
        column('legalBasis'),
        column('collectionPoint'),
        column('policyVersion'),
        column('capturedAt'),
        column('expiresAt'),
        events.map((e) => (e.evidence === null ? null : JSON.stringify(e.evidence))),
      ],
    );
    return rows.length;
  }

  /** Appends privacy signals (jurisdiction, GPC) in one statement; a signal already stored is skipped. Returns how many were new. */
  async appendSignals(signals: readonly NewPrivacySignal[]): Promise<number> {
    if (signals.length === 0) return 0;
    const { rows } = await this.db.query(
      `INSERT INTO consent.privacy_signals (subject_key, jurisdiction, gpc, collection_point, captured_at)
       SELECT * FROM unnest($1::text[], $2::text[], $3::boolean[], $4::text[], $5::timestamptz[])
       ON CONFLICT DO NOTHING RETURNING id`,
      [signals.map((s) => s.subjectKey), signals.map((s) => s.jurisdiction), signals.map((s) => s.gpc), signals.map((s) => s.collectionPoint), signals.map((s) => s.capturedAt)],
    );
    return rows.length;
  }

  /**
   * For the given keys: the latest event per (key, purpose) — ordered as `decideConsent` orders
   * them, so nothing it needs is left out — and the latest jurisdiction and GPC signal per key.
   * One statement, whatever the number of keys.
   */
  async stateByKeys(keys: readonly string[]): Promise<ConsentState> {
    if (keys.length === 0) return { events: [], signals: [] };
    // One statement (one round trip per batch): events and signals come back as two JSON arrays.
    const { rows } = await this.db.query<{ events: EventRow[] | string; signals: SignalRow[] | string }>(
      `WITH latest_events AS (
         SELECT DISTINCT ON (subject_key, purpose) ${eventColumns}
         FROM consent.events WHERE subject_key = ANY($1::text[])
         ORDER BY subject_key, purpose, captured_at DESC,
           CASE status WHEN 'WITHDRAWN' THEN 0 WHEN 'DENIED' THEN 1 ELSE 2 END, id DESC
       ),
       -- Every jurisdiction signal at a key's latest instant: decideConsent breaks such ties itself.
       jurisdictions AS (
         SELECT id, subject_key, jurisdiction, NULL::boolean AS gpc, collection_point, captured_at FROM (
           SELECT id::text AS id, subject_key, jurisdiction, collection_point, captured_at,
             rank() OVER (PARTITION BY subject_key ORDER BY captured_at DESC) AS r
           FROM consent.privacy_signals WHERE subject_key = ANY($1::text[]) AND jurisdiction IS NOT NULL) AS ranked
         WHERE r = 1
       ),
       gpc AS (
         SELECT DISTINCT ON (subject_key) id::text AS id, subject_key, NULL::text AS jurisdiction, gpc, collection_point, captured_at
         FROM consent.privacy_signals WHERE subject_key = ANY($1::text[]) AND gpc IS NOT NULL
         ORDER BY subject_key, captured_at DESC, gpc DESC, id DESC
       )
       SELECT
         (SELECT coalesce(json_agg(e), '[]'::json) FROM latest_events e) AS events,
         (SELECT coalesce(json_agg(s), '[]'::json) FROM (SELECT * FROM jurisdictions UNION ALL SELECT * FROM gpc) s) AS signals`,
      [keys],
    );
    const parse = <T>(value: T[] | string): T[] => (typeof value === 'string' ? (JSON.parse(value) as T[]) : value);
    return { events: parse(rows[0]!.events).map(toEvent), signals: parse(rows[0]!.signals).map(toSignal) };
  }

  /** Every event of the given keys, oldest first (the ledger's history for those keys). */
  async eventsOfKeys(keys: readonly string[]): Promise<ConsentEvent[]> {
    if (keys.length === 0) return [];
    const { rows } = await this.db.query<EventRow>(`SELECT ${eventColumns} FROM consent.events WHERE subject_key = ANY($1::text[]) ORDER BY captured_at, id`, [keys]);
    return rows.map(toEvent);
  }

  async ping(): Promise<void> {
    await this.db.query('SELECT 1');
  }
}
