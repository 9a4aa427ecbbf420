import { sqlTimestamp } from '../../../lib/dates.ts';
import { migrate, type Database, type Migration } from '../../../lib/db/index.ts';

const migrations: readonly Migration[] = [
  {
    version: 1,
    name: 'orders',
    sql: `
      CREATE TABLE analytics.orders (
        order_id text PRIMARY KEY,
        source_key text NOT NULL,
        placed_at timestamptz NOT NULL,
        amount numeric(14, 2) NOT NULL CHECK (amount > 0),
        currency char(3) NOT NULL,
        item_count integer NOT NULL CHECK (item_count > 0),
        recorded_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX orders_source_key ON analytics.orders (source_key, placed_at);
    `,
  },
];

export interface OrderRow {
  orderId: string;
  sourceKey: string;
  placedAt: string;
  amount: number;
  currency: string;
  itemCount: number;
}

interface SqlOrderRow {
  order_id: string;
  source_key: string;
  placed_at: Date | string;
  amount: number;
  currency: string;
  item_count: number;
}

const fromSql = (row: SqlOrderRow): OrderRow => ({
  orderId: row.order_id,
  sourceKey: row.source_key,
  placedAt: sqlTimestamp(row.placed_at),
  amount: Number(row.amount),
  currency: row.currency,
  itemCount: Number(row.item_count),
});

const columns = `order_id, source_key, placed_at, amount::float8 AS amount, currency, item_count`;

/** The analytics subgraph's SQL, in schema `analytics`. */
export class AnalyticsStore {
  constructor(readonly db: Database) {}

  migrate(): Promise<number[]> {
    return migrate(this.db, 'analytics', migrations);
  }

  /** Inserts or replaces orders by id, in one statement (so all or none). Returns how many were written. */
  async upsert(orders: readonly OrderRow[]): Promise<number> {
    if (orders.length === 0) return 0;
    const column = <K extends keyof OrderRow>(key: K) => orders.map((o) => o[key]);
    const { rows } = await this.db.query(
      `INSERT INTO analytics.orders (order_id, source_key, placed_at, amount, currency, item_count)
       SELECT * FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::numeric[], $5::text[], $6::int[])
       ON CONFLICT (order_id) DO UPDATE SET source_key = excluded.source_key, placed_at = excluded.placed_at,
         amount = excluded.amount, currency = excluded.currency, item_count = excluded.item_count
       RETURNING order_id`,
      [column('orderId'), column('sourceKey'), column('placedAt'), column('amount'), column('currency'), column('itemCount')],
    );
    return rows.length;
  }

  /** Every order of the given source keys, oldest first: one round trip. */
  async ordersBySourceKeys(keys: readonly string[]): Promise<OrderRow[]> {
    if (keys.length === 0) return [];
    const { rows } = await this.db.query<SqlOrderRow>(
      `SELECT ${columns} FROM analytics.orders WHERE source_key = ANY($1::text[]) ORDER BY placed_at, order_id`,
      [keys],
    );
    return rows.map(fromSql);
  }

  async order(orderId: string): Promise<OrderRow | null> {
    const { rows } = await this.db.query<SqlOrderRow>(`SELECT ${columns} FROM analytics.orders WHERE order_id = $1`, [orderId]);
    return rows[0] ? fromSql(rows[0]) : null;
  }

  async ping(): Promise<void> {
    await this.db.query('SELECT 1');
  }
}
