import { describe, expect, it } from 'vitest';
import type { OrderInput } from './generated/resolvers.ts';
import { validateOrder } from './resolvers.ts';

const options = { region: 'GB', latest: '2024-06-02T00:00:00.000Z' };

const input: OrderInput = {
  orderId: 'SO-1001',
  sourceKey: 'shop:88231',
  placedAt: '2024-06-01T08:00:00Z',
  amount: 42.5,
  currency: 'GBP',
  itemCount: 2,
};

describe('validateOrder: accepted order', () => {
  it('trims the id, canonicalises the source key, the time and the currency', () => {
    expect(
      validateOrder({ ...input, orderId: '  SO-1001 ', sourceKey: ' SHOP: 88231 ', placedAt: '2024-06-01T09:00:00+01:00', currency: ' gbp ' }, options),
    ).toEqual({
      orderId: 'SO-1001',
      sourceKey: 'shop:88231',
      placedAt: '2024-06-01T08:00:00.000Z',
      amount: 42.5,
      currency: 'GBP',
      itemCount: 2,
    });
  });

  it('accepts amounts with one, two or no decimals', () => {
    for (const amount of [19.99, 0.01, 0.1, 1.1, 100, 1234567.89]) expect(validateOrder({ ...input, amount }, options)).toMatchObject({ amount });
  });

  it('accepts an id of 200 characters and an order placed at the latest time allowed', () => {
    expect(validateOrder({ ...input, orderId: 'o'.repeat(200), placedAt: '2024-06-02T00:00:00Z' }, options)).toMatchObject({
      orderId: 'o'.repeat(200),
      placedAt: '2024-06-02T00:00:00.000Z',
    });
  });

  it('accepts a source key of any source system', () => {
    expect(validateOrder({ ...input, sourceKey: 'callcenter:K-7' }, options)).toMatchObject({ sourceKey: 'callcenter:K-7' });
  });
});

describe('validateOrder: rejection', () => {
  it('refuses an empty or too long order id', () => {
    expect(validateOrder({ ...input, orderId: '  ' }, options)).toEqual({ reason: 'orderId must be 1 to 200 characters' });
    expect(validateOrder({ ...input, orderId: 'o'.repeat(201) }, options)).toEqual({ reason: 'orderId must be 1 to 200 characters' });
  });

  it('refuses a malformed source key', () => {
    expect(validateOrder({ ...input, sourceKey: '88231' }, options)).toEqual({
      reason: 'sourceKey: expected "<kind>:<value>" such as "email:jane@example.com" or "crm:C-1001", got "88231"',
    });
    expect(validateOrder({ ...input, sourceKey: 'erp:88231' }, options)).toEqual({
      reason: 'sourceKey: unknown key kind "erp": expected email, phone or one of crm, shop, support, callcenter, steward',
    });
  });

  it('refuses an e-mail or phone key, which names no source record', () => {
    expect(validateOrder({ ...input, sourceKey: 'email:jane@example.com' }, options)).toEqual({ reason: 'sourceKey must name a source record, e.g. "shop:88231"' });
    expect(validateOrder({ ...input, sourceKey: 'phone:07400 123456' }, options)).toEqual({ reason: 'sourceKey must name a source record, e.g. "shop:88231"' });
  });

  it('refuses a placedAt that is not a timestamp', () => {
    expect(validateOrder({ ...input, placedAt: '01/06/2024' }, options)).toEqual({ reason: 'placedAt is not an ISO 8601 timestamp' });
  });

  it('refuses a placedAt later than the latest time allowed', () => {
    expect(validateOrder({ ...input, placedAt: '2024-06-02T00:00:00.001Z' }, options)).toEqual({ reason: 'placedAt is in the future' });
  });

  it('refuses an amount that is not positive, not finite or absurdly large', () => {
    for (const amount of [0, -5, Number.NaN, Number.POSITIVE_INFINITY, 1e12]) {
      expect(validateOrder({ ...input, amount }, options)).toEqual({ reason: 'amount must be positive' });
    }
  });

  it('refuses an amount with more than two decimals', () => {
    for (const amount of [0.001, 19.999, 10.125]) {
      expect(validateOrder({ ...input, amount }, options)).toEqual({ reason: 'amount has more than two decimals' });
    }
  });

  it('refuses a currency that is not three letters', () => {
    for (const currency of ['GB', 'POUND', '£', '12A', '']) {
      expect(validateOrder({ ...input, currency }, options)).toEqual({ reason: 'currency must be a three-letter ISO 4217 code' });
    }
  });

  it('refuses an item count below 1 or not whole', () => {
    for (const itemCount of [0, -1, 1.5]) {
      expect(validateOrder({ ...input, itemCount }, options)).toEqual({ reason: 'itemCount must be a positive integer' });
    }
  });
});
