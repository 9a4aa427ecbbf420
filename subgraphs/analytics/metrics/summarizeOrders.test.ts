import { describe, expect, it } from 'vitest';
import type { OrderRow } from '../store/AnalyticsStore.ts';
import { rfmScores, rfmSegment, summarizeOrders } from './summarizeOrders.ts';

const now = new Date('2024-06-01T00:00:00.000Z');

const order = (orderId: string, placedAt: string, amount: number, currency = 'GBP'): OrderRow => ({ orderId, sourceKey: 'shop:7', placedAt, amount, currency, itemCount: 1 });

describe('rfm: scores', () => {
  it.each([
    [0, 5],
    [30, 5],
    [31, 4],
    [90, 4],
    [91, 3],
    [180, 3],
    [181, 2],
    [365, 2],
    [366, 1],
    [2000, 1],
  ])('scores a recency of %i days as %i', (days, score) => {
    expect(rfmScores(days, 1, 0)[0]).toBe(score);
  });

  it.each([
    [0, 1],
    [1, 1],
    [2, 2],
    [3, 3],
    [5, 3],
    [6, 4],
    [9, 4],
    [10, 5],
    [250, 5],
  ])('scores a frequency of %i orders as %i', (orders, score) => {
    expect(rfmScores(0, orders, 0)[1]).toBe(score);
  });

  it.each([
    [0, 1],
    [49.99, 1],
    [50, 2],
    [199.99, 2],
    [200, 3],
    [499.99, 3],
    [500, 4],
    [999.99, 4],
    [1000, 5],
    [25000, 5],
  ])('scores a spend of %d as %i', (spend, score) => {
    expect(rfmScores(0, 1, spend)[2]).toBe(score);
  });

  it('returns recency, frequency and monetary in that order', () => {
    expect(rfmScores(100, 6, 60)).toEqual([3, 4, 2]);
  });
});

describe('rfm: segments', () => {
  it.each([
    [5, 5, 'CHAMPION'],
    [4, 4, 'CHAMPION'],
    [3, 5, 'LOYAL'],
    [3, 4, 'LOYAL'],
    [5, 1, 'NEW'],
    [4, 1, 'NEW'],
    [5, 3, 'POTENTIAL'],
    [4, 2, 'POTENTIAL'],
    [3, 3, 'POTENTIAL'],
    [3, 1, 'POTENTIAL'],
    [2, 5, 'AT_RISK'],
    [2, 3, 'AT_RISK'],
    [1, 4, 'AT_RISK'],
    [2, 2, 'HIBERNATING'],
    [2, 1, 'HIBERNATING'],
    [1, 2, 'LOST'],
    [1, 1, 'LOST'],
  ])('puts R=%i F=%i in %s', (r, f, segment) => {
    expect(rfmSegment(r, f)).toBe(segment);
  });
});

describe('summarizeOrders: no orders', () => {
  it('gives a count of 0 and nothing else', () => {
    expect(summarizeOrders([], now)).toEqual({
      orderCount: 0,
      totalSpend: null,
      averageOrderValue: null,
      currency: null,
      firstOrderAt: null,
      lastOrderAt: null,
      rfm: null,
    });
  });
});

describe('summarizeOrders: one order', () => {
  it('describes the order and scores it as a new customer', () => {
    expect(summarizeOrders([order('o1', '2024-05-02T10:00:00.000Z', 42.5)], now)).toEqual({
      orderCount: 1,
      totalSpend: 42.5,
      averageOrderValue: 42.5,
      currency: 'GBP',
      firstOrderAt: '2024-05-02T10:00:00.000Z',
      lastOrderAt: '2024-05-02T10:00:00.000Z',
      rfm: { recency: 29, frequency: 1, monetary: 42.5, score: '511', segment: 'NEW' },
    });
  });
});

describe('summarizeOrders: recency', () => {
  it('counts whole days since the last order, rounding down', () => {
    expect(summarizeOrders([order('o1', '2024-05-02T00:00:00.000Z', 10)], now).rfm?.recency).toBe(30);
    expect(summarizeOrders([order('o1', '2024-05-02T00:00:00.001Z', 10)], now).rfm?.recency).toBe(29);
    expect(summarizeOrders([order('o1', '2024-05-31T00:00:01.000Z', 10)], now).rfm?.recency).toBe(0);
  });

  it('moves the recency score at the 30-day edge', () => {
    expect(summarizeOrders([order('o1', '2024-05-02T00:00:00.000Z', 10)], now).rfm?.score).toBe('511');
    expect(summarizeOrders([order('o1', '2024-05-01T00:00:00.000Z', 10)], now).rfm?.score).toBe('411');
  });

  it('never goes below 0 for an order placed after now', () => {
    expect(summarizeOrders([order('o1', '2024-06-03T00:00:00.000Z', 10)], now).rfm?.recency).toBe(0);
  });
});

describe('summarizeOrders: many orders', () => {
  it('adds up spend, averages it, and dates the first and last order', () => {
    const orders = [
      order('o2', '2024-03-15T12:00:00.000Z', 80.1),
      order('o1', '2023-12-01T00:00:00.000Z', 120),
      order('o3', '2024-05-20T08:30:00.000Z', 19.99),
    ];
    expect(summarizeOrders(orders, now)).toEqual({
      orderCount: 3,
      totalSpend: 220.09,
      averageOrderValue: 73.36,
      currency: 'GBP',
      firstOrderAt: '2023-12-01T00:00:00.000Z',
      lastOrderAt: '2024-05-20T08:30:00.000Z',
      rfm: { recency: 11, frequency: 3, monetary: 220.09, score: '533', segment: 'POTENTIAL' },
    });
  });

  it('scores a frequent, recent, big spender as a champion', () => {
    const orders = Array.from({ length: 10 }, (_, i) => order(`o${i}`, `2024-05-${String(10 + i).padStart(2, '0')}T12:00:00.000Z`, 125));
    expect(summarizeOrders(orders, now)).toMatchObject({
      orderCount: 10,
      totalSpend: 1250,
      averageOrderValue: 125,
      firstOrderAt: '2024-05-10T12:00:00.000Z',
      lastOrderAt: '2024-05-19T12:00:00.000Z',
      rfm: { recency: 12, frequency: 10, monetary: 1250, score: '555', segment: 'CHAMPION' },
    });
  });

  it('counts an order id given twice once', () => {
    const o1 = order('o1', '2024-05-20T00:00:00.000Z', 100);
    const o2 = order('o2', '2024-05-21T00:00:00.000Z', 50);
    expect(summarizeOrders([o1, o2, o1, { ...o2 }], now)).toMatchObject({
      orderCount: 2,
      totalSpend: 150,
      averageOrderValue: 75,
      rfm: { recency: 11, frequency: 2, monetary: 150, score: '522', segment: 'POTENTIAL' },
    });
  });
});

describe('summarizeOrders: currencies', () => {
  it('uses only the currency with the most orders for spend, but all orders for counts and dates', () => {
    const orders = [
      order('o1', '2024-01-10T00:00:00.000Z', 5000, 'USD'),
      order('o2', '2024-05-01T00:00:00.000Z', 20, 'EUR'),
      order('o3', '2024-05-10T00:00:00.000Z', 30, 'EUR'),
      order('o4', '2024-05-31T00:00:00.000Z', 70, 'GBP'),
    ];
    expect(summarizeOrders(orders, now)).toEqual({
      orderCount: 4,
      totalSpend: 50,
      averageOrderValue: 25,
      currency: 'EUR',
      firstOrderAt: '2024-01-10T00:00:00.000Z',
      lastOrderAt: '2024-05-31T00:00:00.000Z',
      rfm: { recency: 1, frequency: 4, monetary: 50, score: '532', segment: 'POTENTIAL' },
    });
  });

  it('breaks a tie between currencies alphabetically', () => {
    const orders = [order('o1', '2024-05-01T00:00:00.000Z', 70, 'USD'), order('o2', '2024-05-02T00:00:00.000Z', 30, 'GBP'), order('o3', '2024-05-03T00:00:00.000Z', 900, 'EUR')];
    expect(summarizeOrders(orders, now)).toMatchObject({ currency: 'EUR', totalSpend: 900, averageOrderValue: 900 });
    expect(summarizeOrders([...orders].reverse(), now)).toMatchObject({ currency: 'EUR', totalSpend: 900, averageOrderValue: 900 });
  });
});

describe('summarizeOrders: rounding', () => {
  it('rounds spend to 2 decimals, free of floating-point noise', () => {
    expect(summarizeOrders([order('o1', '2024-05-01T00:00:00.000Z', 0.1), order('o2', '2024-05-02T00:00:00.000Z', 0.2)], now)).toMatchObject({
      totalSpend: 0.3,
      averageOrderValue: 0.15,
      rfm: { monetary: 0.3 },
    });
  });

  it('rounds the average to 2 decimals', () => {
    const orders = [order('o1', '2024-05-01T00:00:00.000Z', 10), order('o2', '2024-05-02T00:00:00.000Z', 10), order('o3', '2024-05-03T00:00:00.000Z', 10.01)];
    expect(summarizeOrders(orders, now)).toMatchObject({ totalSpend: 30.01, averageOrderValue: 10 });
    const thirds = [order('o1', '2024-05-01T00:00:00.000Z', 50), order('o2', '2024-05-02T00:00:00.000Z', 50), order('o3', '2024-05-03T00:00:00.000Z', 100)];
    expect(summarizeOrders(thirds, now)).toMatchObject({ totalSpend: 200, averageOrderValue: 66.67 });
  });
});
