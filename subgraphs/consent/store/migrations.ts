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
];
