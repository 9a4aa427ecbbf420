import type { OrderRow } from '../store/AnalyticsStore.ts';

export type RfmSegment = 'CHAMPION' | 'LOYAL' | 'POTENTIAL' | 'NEW' | 'AT_RISK' | 'HIBERNATING' | 'LOST';

export interface CustomerAnalytics {
  orderCount: number;
  totalSpend: number | null;
  averageOrderValue: number | null;
  currency: string | null;
  firstOrderAt: string | null;
  lastOrderAt: string | null;
  rfm: { recency: number; frequency: number; monetary: number; score: string; segment: RfmSegment } | null;
}

const dayMs = 24 * 3600_000;
const round2 = (value: number) => Math.round(value * 100) / 100;

/** Scores 1–5 from fixed bands: recency in days (lower is better), frequency in orders, monetary in currency units. */
export function rfmScores(recencyDays: number, frequency: number, monetary: number): [number, number, number] {
  const r = recencyDays <= 30 ? 5 : recencyDays <= 90 ? 4 : recencyDays <= 180 ? 3 : recencyDays <= 365 ? 2 : 1;
  const f = frequency >= 10 ? 5 : frequency >= 6 ? 4 : frequency >= 3 ? 3 : frequency === 2 ? 2 : 1;
  const m = monetary >= 1000 ? 5 : monetary >= 500 ? 4 : monetary >= 200 ? 3 : monetary >= 50 ? 2 : 1;
  return [r, f, m];
}

/** The segment of an R and F score pair (the usual RFM grid, simplified to seven segments). */
export function rfmSegment(r: number, f: number): RfmSegment {
  if (r >= 4 && f >= 4) return 'CHAMPION';
  if (r >= 3 && f >= 4) return 'LOYAL';
  if (r >= 4 && f === 1) return 'NEW';
  if (r >= 3) return 'POTENTIAL';
  if (f >= 3) return 'AT_RISK';
  if (r === 2) return 'HIBERNATING';
  return 'LOST';
}

/**
 * Order metrics of one customer. Amounts in different currencies are never added: spend, average
 * and monetary use the currency with the most orders (ties: alphabetical), and `currency` names it;
 * the counts and dates cover all orders. Orders are deduplicated by id.
 */
export function summarizeOrders(orders: readonly OrderRow[], now: Date): CustomerAnalytics {
  const unique = [...new Map(orders.map((o) => [o.orderId, o])).values()];
  if (unique.length === 0) {
    return { orderCount: 0, totalSpend: null, averageOrderValue: null, currency: null, firstOrderAt: null, lastOrderAt: null, rfm: null };
  }
  const perCurrency = new Map<string, OrderRow[]>();
  for (const order of unique) perCurrency.set(order.currency, [...(perCurrency.get(order.currency) ?? []), order]);
  const [currency, inCurrency] = [...perCurrency.entries()].sort((a, b) => b[1].length - a[1].length || (a[0] < b[0] ? -1 : 1))[0]!;
  const totalSpend = round2(inCurrency.reduce((sum, o) => sum + o.amount, 0));
  const placed = unique.map((o) => o.placedAt).sort();
  const lastOrderAt = placed.at(-1)!;
  const recency = Math.max(0, Math.floor((now.getTime() - new Date(lastOrderAt).getTime()) / dayMs));
  const [r, f, m] = rfmScores(recency, unique.length, totalSpend);
  return {
    orderCount: unique.length,
    totalSpend,
    averageOrderValue: round2(totalSpend / inCurrency.length),
    currency,
    firstOrderAt: placed[0]!,
    lastOrderAt,
    rfm: { recency, frequency: unique.length, monetary: totalSpend, score: `${r}${f}${m}`, segment: rfmSegment(r, f) },
  };
}
