import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import pg from 'pg';
import type { Database, Queryable } from './Database.ts';

export interface DatabaseOptions {
  /** A PostgreSQL server; when null, embedded PGlite is used. */
  databaseUrl: string | null;
  /** PGlite's data directory, or `memory://` for a throw-away store. Ignored with `databaseUrl`. */
  pgliteDir: string;
  /** Pool size for a server connection. */
  maxConnections?: number;
}

type Listener = (sql: string) => void;

function listeners() {
  const set = new Set<Listener>();
  return {
    notify: (sql: string) => set.forEach((listener) => listener(sql)),
    add(listener: Listener) {
      set.add(listener);
      return () => void set.delete(listener);
    },
  };
}

async function createPgliteDatabase(dir: string): Promise<Database> {
  const { PGlite } = await import('@electric-sql/pglite');
  if (!dir.startsWith('memory://')) await mkdir(dir, { recursive: true });
  const db = await PGlite.create(dir);
  const events = listeners();
  // PGlite is one connection: statements outside a transaction must wait for a running
  // transaction, or they would run inside it. A promise chain serialises them.
  let tail: Promise<unknown> = Promise.resolve();
  const exclusive = <T>(work: () => Promise<T>): Promise<T> => {
    const next = tail.then(work, work);
    tail = next.catch(() => undefined);
    return next;
  };
  const wrap = (target: Pick<typeof db, 'query' | 'exec'>): Queryable => ({
    async query(sql, params = []) {
      events.notify(sql);
      const result = await target.query(sql, params as unknown[]);
      return { rows: result.rows as never[] };
    },
    async exec(sql) {
      events.notify(sql);
      await target.exec(sql);
    },
  });
  return {
    kind: 'pglite',
    query: (sql, params) => exclusive(() => wrap(db).query(sql, params)),
    exec: (sql) => exclusive(() => wrap(db).exec(sql)),
    transaction: (work) => exclusive(() => db.transaction((tx) => work(wrap(tx)))),
    onQuery: events.add,
    close: () => exclusive(() => db.close()),
  };
}

function createPostgresDatabase(url: string, max: number): Database {
  const pool = new pg.Pool({ connectionString: url, max });
  // A dropped idle connection must not crash the process; the next query reconnects.
  pool.on('error', () => undefined);
  const events = listeners();
  const wrap = (target: pg.Pool | pg.PoolClient): Queryable => ({
    async query(sql, params = []) {
      events.notify(sql);
      const result = await target.query(sql, params as unknown[]);
      return { rows: result.rows };
    },
    async exec(sql) {
      events.notify(sql);
      await target.query(sql);
    },
  });
  return {
    kind: 'postgres',
    query: (sql, params) => wrap(pool).query(sql, params),
    exec: (sql) => wrap(pool).exec(sql),
    async transaction(work) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await work(wrap(client));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    onQuery: events.add,
    close: () => pool.end(),
  };
}

/**
 * Opens the SQL store: a PostgreSQL server when `databaseUrl` is set, embedded PGlite otherwise.
 * Both speak the same SQL (PGlite is PostgreSQL 18, Debian's server 15: use what both run).
 * A PGlite directory can be opened by one process at a time; share one `Database` per process.
 */
export async function createDatabase(options: DatabaseOptions): Promise<Database> {
  if (options.databaseUrl) return createPostgresDatabase(options.databaseUrl, options.maxConnections ?? 10);
  return createPgliteDatabase(options.pgliteDir);
}

/** PGlite's directory under the configured data directory. */
export const pgliteDirIn = (dataDir: string) => join(dataDir, 'postgres');
