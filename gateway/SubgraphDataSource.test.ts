import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { unavailablePaths } from './SubgraphDataSource.ts';

const representations = [
  { __typename: 'Customer', id: 'c_1', sourceKeys: ['shop:1'] },
  { __typename: 'Customer', id: 'c_2', sourceKeys: ['shop:2'] },
  { __typename: 'Customer', id: 'c_3', sourceKeys: ['shop:3'] },
];

describe('unavailablePaths: entity fetch', () => {
  const document = parse(`
    query Customer360__analytics__1($representations: [_Any!]!) {
      _entities(representations: $representations) {
        __typename
        ... on Customer {
          analytics { orderCount }
          spend: analytics { totalSpend currency }
        }
      }
    }
  `);

  it('gives each requested field of each representation by its response name, without __typename', () => {
    expect(unavailablePaths(document, { representations })).toEqual([
      ['_entities', 0, 'analytics'],
      ['_entities', 0, 'spend'],
      ['_entities', 1, 'analytics'],
      ['_entities', 1, 'spend'],
      ['_entities', 2, 'analytics'],
      ['_entities', 2, 'spend'],
    ]);
  });

  it('gives a field selected in two inline fragments once per representation', () => {
    const twice = parse(`
      query ($representations: [_Any!]!) {
        _entities(representations: $representations) {
          ... on Customer { analytics { orderCount } }
          ... on Customer { analytics { totalSpend } }
        }
      }
    `);
    expect(unavailablePaths(twice, { representations: representations.slice(0, 2) })).toEqual([
      ['_entities', 0, 'analytics'],
      ['_entities', 1, 'analytics'],
    ]);
  });

  it('gives no path without representations', () => {
    expect(unavailablePaths(document, { representations: [] })).toEqual([]);
    expect(unavailablePaths(document, undefined)).toEqual([]);
    expect(unavailablePaths(document, { representations: 'not a list' })).toEqual([]);
  });
});

describe('unavailablePaths: root fetch', () => {
  it('gives each root field by its response name', () => {
    const document = parse(`
      query Customer360__identity__0 {
        customer(id: "c_1") { id fullName }
        page: customers(first: 10) { totalCount }
        ingestStatus
      }
    `);
    expect(unavailablePaths(document, {})).toEqual([['customer'], ['page'], ['ingestStatus']]);
  });

  it('gives the root fields of a mutation', () => {
    const document = parse(`mutation ($orders: [OrderInput!]!) { recordOrders(orders: $orders) { accepted } }`);
    expect(unavailablePaths(document, { orders: [] })).toEqual([['recordOrders']]);
  });

  it('gives no path for a document without an operation', () => {
    expect(unavailablePaths(parse('fragment F on Customer { id }'), undefined)).toEqual([]);
  });
});
