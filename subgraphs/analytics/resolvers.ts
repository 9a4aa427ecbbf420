import { latestAcceptedTimestamp, toIsoTimestamp } from '../../lib/dates.ts';
import { badUserInput } from '../../lib/errors.ts';
import { DateTime } from '../../lib/graphql/DateTime.ts';
import { JSONScalar } from '../../lib/graphql/JSON.ts';
import { canonicalKey } from '../../lib/keys.ts';
import type { OrderInput, Resolvers } from './generated/resolvers.ts';
import { summarizeOrders } from './metrics/summarizeOrders.ts';
import type { OrderRow } from './store/AnalyticsStore.ts';

const maxBatch = 5000;

/** Checks one order; returns the reason when it is refused. */
export function validateOrder(input: OrderInput, options: { region: string; latest: string }): OrderRow | { reason: string } {
  const orderId = input.orderId.trim();
  if (!orderId || orderId.length > 200) return { reason: 'orderId must be 1 to 200 characters' };
  const key = canonicalKey(input.sourceKey, options.region);
  if ('error' in key) return { reason: `sourceKey: ${key.error}` };
  if (key.parsed.kind !== 'source') return { reason: 'sourceKey must name a source record, e.g. "shop:88231"' };
  const placedAt = toIsoTimestamp(input.placedAt);
  if (!placedAt) return { reason: 'placedAt is not an ISO 8601 timestamp' };
  if (placedAt > options.latest) return { reason: 'placedAt is in the future' };
  if (!Number.isFinite(input.amount) || input.amount <= 0 || input.amount >= 1e12) return { reason: 'amount must be positive' };
  if (Math.round(input.amount * 100) !== Number((input.amount * 100).toFixed(6))) return { reason: 'amount has more than two decimals' };
  const currency = input.currency.trim().toUpperCase();
  if (!/^[A-Z]{3}$/.test(currency)) return { reason: 'currency must be a three-letter ISO 4217 code' };
  if (!Number.isInteger(input.itemCount) || input.itemCount < 1) return { reason: 'itemCount must be a positive integer' };
  return { orderId, sourceKey: key.key, placedAt, amount: input.amount, currency, itemCount: input.itemCount };
}

export const resolvers: Resolvers = {
  DateTime,
  JSON: JSONScalar,
  Query: {
    order: (_parent, { orderId }, { store }) => store.order(orderId),
    analyticsPrivacyExport: (_parent, { keys }, { privacy, caller }) => privacy.export(caller, keys),
  },
  Mutation: {
    analyticsPrivacyErase: (_parent, { keys, pseudonym }, { privacy, caller }) => privacy.erase(caller, keys, pseudonym),
    analyticsRetentionApply: (_parent, { before }, { privacy, caller }) => privacy.applyRetention(caller, new Date(before)),
    async recordOrders(_parent, { orders }, { store, region }) {
      if (orders.length > maxBatch) throw badUserInput(`at most ${maxBatch} orders per call, got ${orders.length}; split the batch`);
      const latest = latestAcceptedTimestamp();
      const rejected: { index: number; orderId: string | null; reason: string }[] = [];
      const valid = new Map<string, OrderRow>();
      orders.forEach((input, index) => {
        const outcome = validateOrder(input, { region, latest });
        if ('reason' in outcome) rejected.push({ index, orderId: input.orderId, reason: outcome.reason });
        else valid.set(outcome.orderId, outcome);
      });
      await store.upsert([...valid.values()]);
      return { accepted: orders.length - rejected.length, rejected };
    },
  },
  Customer: {
    __resolveReference: (reference) => reference,
    async analytics(customer, _args, { ordersBySourceKey, now }) {
      const keys = (customer as { sourceKeys?: string[] }).sourceKeys ?? [];
      const orders = (await ordersBySourceKey.loadMany(keys)).flatMap((result) => {
        if (result instanceof Error) throw result;
        return result;
      });
      return summarizeOrders(orders, now());
    },
  },
};
