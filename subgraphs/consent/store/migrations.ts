import type { Migration } from '../../../lib/db/index.ts';

export const consentMigrations: readonly Migration[] = [
  {
    version: 1,
    name: 'consent ledger',
    sql: `
      CREATE TABLE consent.events (
        id bigserial PRIMARY KEY,
        subject_key text NOT NULL,
        purpose text NOT NULL,
        channel text NOT NULL,
        status text NOT NULL CHECK (status IN ('GRANTED', 'DENIED')),
        collection_point text NOT NULL,
        policy_version text NOT NULL,
        captured_at timestamptz NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (subject_key, purpose, channel, status, captured_at)
      );
      CREATE INDEX events_subject_purpose ON consent.events (subject_key, purpose, captured_at DESC);
    `,
  },
  {
    version: 2,
    name: 'consent ledger: withdrawal, legal basis, expiry, evidence; privacy signals (issue 4)',
    sql: `
      ALTER TABLE consent.events DROP CONSTRAINT events_status_check;
      ALTER TABLE consent.events ADD CONSTRAINT events_status_check CHECK (status IN ('GRANTED', 'DENIED', 'WITHDRAWN'));
      ALTER TABLE consent.events ADD COLUMN legal_basis text NOT NULL DEFAULT 'CONSENT'
        CHECK (legal_basis IN ('CONSENT', 'CONTRACT', 'LEGAL_OBLIGATION', 'VITAL_INTEREST', 'PUBLIC_TASK', 'LEGITIMATE_INTEREST'));
      ALTER TABLE consent.events ADD COLUMN expires_at timestamptz;
      ALTER TABLE consent.events ADD COLUMN evidence jsonb;
      ALTER TABLE consent.events ADD CONSTRAINT events_expiry CHECK (expires_at IS NULL OR (status = 'GRANTED' AND expires_at > captured_at));
      ALTER TABLE consent.events ADD CONSTRAINT events_evidence_object CHECK (evidence IS NULL OR jsonb_typeof(evidence) = 'object');

      CREATE TABLE consent.privacy_signals (
        id bigserial PRIMARY KEY,
        subject_key text NOT NULL,
        jurisdiction text,
        gpc boolean,
        collection_point text NOT NULL,
        captured_at timestamptz NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        CHECK (jurisdiction IS NOT NULL OR gpc IS NOT NULL),
        UNIQUE NULLS NOT DISTINCT (subject_key, jurisdiction, gpc, captured_at)
      );
      CREATE INDEX privacy_signals_subject ON consent.privacy_signals (subject_key, captured_at DESC);
    `,
  },
];
