import { checkCollection, type CollectionVerdict } from '../../lib/consent/index.ts';
import { latestAcceptedTimestamp, toIsoTimestamp } from '../../lib/dates.ts';
import { badUserInput } from '../../lib/errors.ts';
import { DateTime } from '../../lib/graphql/DateTime.ts';
import { JSONScalar } from '../../lib/graphql/JSON.ts';
import { canonicalKey } from '../../lib/keys.ts';
import { describeError } from '../../lib/logger.ts';
import type { OrderInput, Resolvers } from './generated/resolvers.ts';
import { summarizeOrders } from './metrics/summarizeOrders.ts';
import type { OrderRow } from './store/AnalyticsStore.ts';

const maxBatch = 5000;
const maxConsentKeys = 20;

interface Gated {
  index: number;
  orderId: string;
  keys: string[];
  purpose: string;
}

/** Checks an order's consent fields; returns the keys to ask consent about, or the reason it is refused. */
function consentRequest(input: OrderInput, sourceKey: string, region: string): { keys: string[]; purpose: string } | { reason: string } | null {
  if (input.purpose === undefined || input.purpose === null) {
    if (input.consentKeys?.length) return { reason: 'consentKeys given without a purpose' };
    return null;
  }
  const purpose = input.purpose.trim();
  if (!/^[A-Z][A-Z0-9_]{1,63}$/.test(purpose)) return { reason: 'purpose must be a consent purpose such as ANALYTICS' };
  const extra = input.consentKeys ?? [];
  if (extra.length > maxConsentKeys) return { reason: `at most ${maxConsentKeys} consentKeys per order` };
  const keys = [sourceKey];
  for (const [i, raw] of extra.entries()) {
    const key = canonicalKey(raw, region);
    if ('error' in key) return { reason: `consentKeys[${i}]: ${key.error}` };
    keys.push(key.key);
  }
  return { keys: [...new Set(keys)], purpose };
}

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
    async recordOrders(_parent, { orders }, { store, region, consentUrl, callerContext, logger }) {
      if (orders.length > maxBatch) throw badUserInput(`at most ${maxBatch} orders per call, got ${orders.length}; split the batch`);
      const latest = latestAcceptedTimestamp();
      const rejected: { index: number; orderId: string | null; reason: string }[] = [];
      const valid = new Map<string, { index: number; row: OrderRow }>();
      const gated: Gated[] = [];
      orders.forEach((input, index) => {
        const outcome = validateOrder(input, { region, latest });
        if ('reason' in outcome) return rejected.push({ index, orderId: input.orderId, reason: outcome.reason });
        const consent = consentRequest(input, outcome.sourceKey, region);
        if (consent && 'reason' in consent) return rejected.push({ index, orderId: input.orderId, reason: consent.reason });
        if (consent) gated.push({ index, orderId: outcome.orderId, ...consent });
        valid.set(outcome.orderId, { index, row: outcome });
      });
      // Consent-gated ingestion (issue 4): ask the consent subgraph, never collect what it does not allow.
      let verdicts: CollectionVerdict[];
      try {
        verdicts = gated.length === 0 ? [] : await checkCollection({ url: consentUrl, callerContext, checks: gated });
      } catch (error) {
        logger.warn({ err: describeError(error), orders: gated.length }, 'consent unavailable: purpose-carrying orders rejected');
        verdicts = gated.map(() => ({ allowed: false, reason: 'consent could not be checked (the consent subgraph is unavailable); retry later' }));
      }
      let withoutConsent = 0;
      gated.forEach((order, i) => {
        const verdict = verdicts[i]!;
        if (verdict.allowed) return;
        withoutConsent += 1;
        // A later order with the same id may have replaced this one in `valid`; only drop this one.
        if (valid.get(order.orderId)?.index === order.index) valid.delete(order.orderId);
        rejected.push({ index: order.index, orderId: order.orderId, reason: `no consent for ${order.purpose}: ${verdict.reason}` });
      });
      rejected.sort((a, b) => a.index - b.index);
      await store.upsert([...valid.values()].map((v) => v.row));
      return { accepted: orders.length - rejected.length, rejected, withoutConsent };
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
