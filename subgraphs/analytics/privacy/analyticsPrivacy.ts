import { createHash } from 'node:crypto';
import type { Caller } from '../../../lib/auth/Caller.ts';
import type { RetentionConfig } from '../../../lib/config.ts';
import { sqlTimestamp } from '../../../lib/dates.ts';
import type { Database } from '../../../lib/db/index.ts';
import { badUserInput } from '../../../lib/errors.ts';
import { assertPrivacyCaller, describeFields, type ExportFieldSpec, type InventoryField } from '../../../lib/privacy/index.ts';

const purpose = 'order history and customer analytics (ANALYTICS, SERVICE)';
const source = 'the ordering system, through recordOrders (analytics.orders)';

const exportFields: readonly ExportFieldSpec[] = [
  { path: 'analytics.orders[].orderId', field: 'Order.orderId', purpose, source, dataSet: 'orders' },
  { path: 'analytics.orders[].sourceKey', field: 'Order.sourceKey', purpose, source, dataSet: 'orders' },
  { path: 'analytics.orders[].placedAt', field: 'Order.placedAt', purpose, source, dataSet: 'orders' },
  { path: 'analytics.orders[].amount', field: 'Order.amount', purpose, source, dataSet: 'orders' },
  { path: 'analytics.orders[].currency', field: 'Order.currency', purpose, source, dataSet: 'orders' },
  { path: 'analytics.orders[].itemCount', field: 'Order.itemCount', purpose, source, dataSet: 'orders' },
];

/** `erased:` followed by 8 to 64 lower-case hex or url-safe characters: what the runner generates per request. */
const pseudonymShape = /^erased:[A-Za-z0-9_-]{8,64}$/;

/** The order id that replaces an erased person's order id: stable per request and order, irreversible without both. */
const pseudonymousOrderId = (pseudonym: string, orderId: string) => `erased-${createHash('sha256').update(`${pseudonym}\n${orderId}`).digest('hex').slice(0, 24)}`;

interface Row {
  order_id: string;
  source_key: string;
  placed_at: Date | string;
  amount: number;
  currency: string;
  item_count: number;
  recorded_at: Date | string;
}

/**
 * The analytics subgraph's side of privacy requests and retention (issue 4), reached only through
 * its internal `@inaccessible` fields. Erasure pseudonymises rather than deletes: an erased
 * person's orders keep amount, currency, item count and date (so revenue and cohort figures do not
 * change) while the source key becomes the request's random pseudonym and the order id a hash.
 */
export class AnalyticsPrivacy {
  readonly #inventory: InventoryField[];

  constructor(
    private readonly db: Database,
    sdl: string,
    retention: RetentionConfig['days'],
  ) {
    this.#inventory = describeFields(sdl, exportFields, retention);
  }

  async export(caller: Caller | undefined, keys: readonly string[]) {
    assertPrivacyCaller(caller);
    const { rows } = await this.db.query<Row>(
      `SELECT order_id, source_key, placed_at, amount::float8 AS amount, currency, item_count, recorded_at
       FROM analytics.orders WHERE source_key = ANY($1::text[]) ORDER BY placed_at, order_id`,
      [[...keys]],
    );
    const orders = rows.map((row) => ({
      orderId: row.order_id,
      sourceKey: row.source_key,
      placedAt: sqlTimestamp(row.placed_at),
      amount: Number(row.amount),
      currency: row.currency.trim(),
      itemCount: Number(row.item_count),
      recordedAt: sqlTimestamp(row.recorded_at),
    }));
    return { data: { orders }, inventory: this.#inventory };
  }

  /** Pseudonymises the orders of the keys in one statement; idempotent (a second run finds none). */
  async erase(caller: Caller | undefined, keys: readonly string[], pseudonym: string) {
    assertPrivacyCaller(caller);
    if (!pseudonymShape.test(pseudonym)) throw badUserInput('pseudonym must be "erased:" followed by 8 to 64 letters, digits, _ or -');
    return this.db.transaction(async (tx) => {
      const { rows } = await tx.query<{ order_id: string }>(`SELECT order_id FROM analytics.orders WHERE source_key = ANY($1::text[]) FOR UPDATE`, [[...keys]]);
      if (rows.length === 0) return { ordersPseudonymised: 0 };
      const ids = rows.map((row) => row.order_id);
      await tx.query(
        `UPDATE analytics.orders o SET order_id = m.pseudonymous_id, source_key = $3
         FROM unnest($1::text[], $2::text[]) AS m(order_id, pseudonymous_id) WHERE o.order_id = m.order_id`,
        [ids, ids.map((id) => pseudonymousOrderId(pseudonym, id)), pseudonym],
      );
      return { ordersPseudonymised: ids.length };
    });
  }

  /** Retention: deletes orders placed before `before`. */
  async applyRetention(caller: Caller | undefined, before: Date) {
    assertPrivacyCaller(caller);
    const { rows } = await this.db.query<{ n: number }>(`WITH gone AS (DELETE FROM analytics.orders WHERE placed_at < $1::timestamptz RETURNING 1) SELECT count(*)::int AS n FROM gone`, [before.toISOString()]);
    return { orders: rows[0]?.n ?? 0 };
  }
}
