import type { Database } from './Database.ts';

export interface Migration {
  /** Increasing, never reused; applied in order. */
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

const identifier = /^[a-z_][a-z0-9_]*$/;

/**
 * Applies the pending migrations of one schema, together in one transaction, and records them in
 * `<schema>.schema_migrations`. Idempotent: running it again applies nothing. Concurrent callers
 * (several replicas starting at once) are serialised by an advisory lock on the schema name.
 * Returns the versions it applied.
 */
export async function migrate(db: Database, schema: string, migrations: readonly Migration[]): Promise<number[]> {
  if (!identifier.test(schema)) throw new TypeError(`Expected a lower-case SQL identifier as schema name, got ${JSON.stringify(schema)}`);
  const versions = migrations.map((m) => m.version);
  if (new Set(versions).size !== versions.length || versions.some((v, i) => i > 0 && v <= versions[i - 1]!)) {
    throw new TypeError(`Expected migrations of ${schema} in strictly increasing version order, got ${versions.join(', ')}`);
  }
  const applied: number[] = [];
  await db.transaction(async (tx) => {
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`c360:migrate:${schema}`]);
    await tx.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    await tx.query(
      `CREATE TABLE IF NOT EXISTS ${schema}.schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`,
    );
    const { rows } = await tx.query<{ version: number }>(`SELECT version FROM ${schema}.schema_migrations`);
    const done = new Set(rows.map((row) => Number(row.version)));
    for (const migration of migrations) {
      if (done.has(migration.version)) continue;
      await tx.exec(migration.sql);
      await tx.query(`INSERT INTO ${schema}.schema_migrations (version, name) VALUES ($1, $2)`, [migration.version, migration.name]);
      applied.push(migration.version);
    }
  });
  return applied;
}
