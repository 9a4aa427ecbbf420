import { sqlTimestamp } from '../../../lib/dates.ts';
import type { Database } from '../../../lib/db/index.ts';
import { consentMigrations } from './migrations.ts';
import { migrate } from '../../../lib/db/index.ts';

export type ConsentPurpose = 'SERVICE' | 'MARKETING_EMAIL' | 'MARKETING_SMS' | 'ANALYTICS' | 'PERSONALIZATION' | 'THIRD_PARTY_SHARING';
export type ConsentStatus = 'GRANTED' | 'DENIED';
export type ConsentChannel = 'EMAIL' | 'SMS' | 'PHONE' | 'WEB' | 'POST' | 'IN_STORE';

/** One event of the append-only ledger, with a canonical subject key. */
export interface ConsentEvent {
  subjectKey: string;
  purpose: ConsentPurpose;
  channel: ConsentChannel;
  status: ConsentStatus;
  collectionPoint: string;
  policyVersion: string;
  capturedAt: string;
}

export type EffectiveConsent = ConsentEvent;

interface EventRow {
  subject_key: string;
  purpose: ConsentPurpose;
  channel: ConsentChannel;
  status: ConsentStatus;
  collection_point: string;
  policy_version: string;
  captured_at: Date | string;
  id: string | number;
}

/**
 * The latest decision per purpose over a set of events: the latest `capturedAt` wins; at the same
 * instant a denial wins, so ambiguity never grants. Purposes never decided are absent. Sorted by purpose.
 */
export function effectiveConsents(events: readonly ConsentEvent[]): EffectiveConsent[] {
  const latest = new Map<ConsentPurpose, ConsentEvent>();
  for (const event of events) {
    const current = latest.get(event.purpose);
    const later = !current || event.capturedAt > current.capturedAt || (event.capturedAt === current.capturedAt && event.status === 'DENIED' && current.status === 'GRANTED');
    if (later) latest.set(event.purpose, event);
  }
  return [...latest.values()].sort((a, b) => (a.purpose < b.purpose ? -1 : 1));
}

/** The consent subgraph's SQL, in schema `consent`. */
export class ConsentStore {
  constructor(readonly db: Database) {}

  migrate(): Promise<number[]> {
    return migrate(this.db, 'consent', consentMigrations);
  }

  /** Appends events; an event already in the ledger is skipped. Returns how many were new. */
  async append(events: readonly ConsentEvent[]): Promise<number> {
    if (events.length === 0) return 0;
    const column = <K extends keyof ConsentEvent>(key: K) => events.map((e) => e[key]);
    const { rows } = await this.db.query(
      `INSERT INTO consent.events (subject_key, purpose, channel, status, collection_point, policy_version, captured_at)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::timestamptz[])
       ON CONFLICT DO NOTHING RETURNING id`,
      [column('subjectKey'), column('purpose'), column('channel'), column('status'), column('collectionPoint'), column('policyVersion'), column('capturedAt')],
    );
    return rows.length;
  }

  /** The latest event per (subject key, purpose) for the given keys: one round trip. */
  async latestByKeys(keys: readonly string[]): Promise<ConsentEvent[]> {
    if (keys.length === 0) return [];
    const { rows } = await this.db.query<EventRow>(
      `SELECT DISTINCT ON (subject_key, purpose) id, subject_key, purpose, channel, status, collection_point, policy_version, captured_at
       FROM consent.events WHERE subject_key = ANY($1::text[])
       ORDER BY subject_key, purpose, captured_at DESC, (status = 'DENIED') DESC, id DESC`,
      [keys],
    );
    return rows.map((row) => ({
      subjectKey: row.subject_key,
      purpose: row.purpose,
      channel: row.channel,
      status: row.status,
      collectionPoint: row.collection_point,
      policyVersion: row.policy_version,
      capturedAt: sqlTimestamp(row.captured_at),
    }));
  }

  async ping(): Promise<void> {
    await this.db.query('SELECT 1');
  }
}
