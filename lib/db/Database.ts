/** What every store client of c360 runs SQL through: PGlite or a PostgreSQL server alike. */
export interface Queryable {
  /** Runs one parameterised statement (`$1`, `$2`, …) and returns its rows. */
  query<Row extends object = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<{ rows: Row[] }>;
  /** Runs a script of several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
}

export interface Database extends Queryable {
  readonly kind: 'pglite' | 'postgres';
  /**
   * Runs `work` in one transaction: committed when it resolves, rolled back when it throws.
   * Inside `work`, use `tx` only: on PGlite (one connection) a call on the database itself waits
   * for the transaction to end, and so would never run.
   */
  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T>;
  /** Adds a listener called once per statement sent to the store (for round-trip accounting). */
  onQuery(listener: (sql: string) => void): () => void;
  close(): Promise<void>;
}
