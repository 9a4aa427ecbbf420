import type { Migration } from '../db/index.ts';

export const auditMigrations: readonly Migration[] = [
  {
    version: 1,
    name: 'hash-chained audit records',
    // `seq` is assigned by AuditStore.append under an advisory lock, not by a sequence: a sequence
    // leaves gaps on rollback, and a gap is how the verifier recognises a removed record.
    // `recorded_at` holds milliseconds only (the hashed ISO text has no more), so reading it back
    // gives exactly the text that was hashed.
    sql: `
      CREATE TABLE audit.records (
        seq bigint PRIMARY KEY CHECK (seq > 0),
        recorded_at timestamptz NOT NULL,
        request_id text NOT NULL,
        subject text NOT NULL,
        client text NOT NULL,
        purpose text NOT NULL,
        operation_name text,
        operation_hash text NOT NULL,
        fields jsonb NOT NULL,
        customer_ids text[] NOT NULL,
        kind text NOT NULL DEFAULT 'READ',
        details jsonb,
        prev_hash text NOT NULL,
        hash text NOT NULL
      );
      CREATE INDEX records_subject ON audit.records (subject, seq);
      CREATE INDEX records_client ON audit.records (client, seq);
      CREATE INDEX records_kind ON audit.records (kind, seq);
      CREATE INDEX records_recorded_at ON audit.records (recorded_at);
      CREATE INDEX records_customer_ids ON audit.records USING gin (customer_ids);

      -- Append-only. Revoking UPDATE and DELETE is not possible where everything runs as one role
      -- (PGlite), so a trigger refuses them; whoever drops it is still caught by the hash chain.
      CREATE FUNCTION audit.refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit.records is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
      END
      $$;
      CREATE TRIGGER records_append_only BEFORE UPDATE OR DELETE ON audit.records
        FOR EACH ROW EXECUTE FUNCTION audit.refuse_change();
      CREATE TRIGGER records_no_truncate BEFORE TRUNCATE ON audit.records
        FOR EACH STATEMENT EXECUTE FUNCTION audit.refuse_change();
    `,
  },
];
