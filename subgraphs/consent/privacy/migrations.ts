import type { Migration } from '../../../lib/db/index.ts';

/**
 * Privacy requests and their tasks (issue 4), in schema `consent`. Versions 10 and up: the consent
 * ledger's own migrations use 1 to 9. Applied by `PrivacyStore.migrate` with the same migration
 * table, so the two lists apply independently.
 */
export const privacyMigrations: readonly Migration[] = [
  {
    version: 10,
    name: 'privacy requests and tasks',
    sql: `
      CREATE TABLE consent.privacy_requests (
        id text PRIMARY KEY,
        type text NOT NULL CHECK (type IN ('ACCESS', 'PORTABILITY', 'ERASURE', 'RECTIFICATION')),
        status text NOT NULL CHECK (status IN ('RECEIVED', 'VERIFIED', 'IN_PROGRESS', 'COMPLETED', 'REJECTED')),
        jurisdiction text NOT NULL,
        received_at timestamptz NOT NULL,
        due_at timestamptz NOT NULL,
        verification text NOT NULL DEFAULT 'PENDING' CHECK (verification IN ('PENDING', 'VERIFIED')),
        verification_method text,
        verified_at timestamptz,
        rejection_reason text,
        started_at timestamptz,
        completed_at timestamptz,
        -- The identifiers as given (canonical); replaced by {"erased": true} when an erasure completes.
        subject jsonb NOT NULL,
        subject_keys text[] NOT NULL,
        -- Keyed hashes of subject_keys (the identity subgraph's suppression hashes): kept for ever.
        subject_hashes text[] NOT NULL,
        -- Keys and customers the identity task found; keys are cleared when an erasure completes.
        resolved_keys text[] NOT NULL DEFAULT '{}',
        customer_ids text[] NOT NULL DEFAULT '{}',
        -- The random pseudonym an erasure gives the person's remaining facts (orders, consents).
        pseudonym text NOT NULL,
        correction jsonb,
        note text,
        requested_by text NOT NULL,
        client text NOT NULL,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL
      );
      CREATE INDEX privacy_requests_open_due ON consent.privacy_requests (due_at) WHERE status IN ('RECEIVED', 'VERIFIED', 'IN_PROGRESS');

      CREATE TABLE consent.privacy_tasks (
        request_id text NOT NULL REFERENCES consent.privacy_requests (id) ON DELETE CASCADE,
        subgraph text NOT NULL CHECK (subgraph IN ('identity', 'consent', 'quality', 'analytics')),
        status text NOT NULL DEFAULT 'PENDING' CHECK (status IN ('PENDING', 'IN_PROGRESS', 'DONE', 'FAILED')),
        attempts integer NOT NULL DEFAULT 0,
        last_error text,
        next_attempt_at timestamptz,
        started_at timestamptz,
        finished_at timestamptz,
        -- Counts only, no personal data.
        summary jsonb,
        -- The subgraph's part of an access export (personal data): purged by retention (privacyExports).
        result jsonb,
        PRIMARY KEY (request_id, subgraph)
      );
      CREATE INDEX privacy_tasks_due ON consent.privacy_tasks (next_attempt_at) WHERE status IN ('PENDING', 'FAILED', 'IN_PROGRESS');
    `,
  },
];
