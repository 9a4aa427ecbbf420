import { buildSchema, getIntrospectionQuery, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { aliasCount, operationCost, operationDepth, usesIntrospection } from './queryLimits.ts';

const schema = buildSchema(/* GraphQL */ `
  interface Node { id: ID! }
  type Query {
    customer(id: ID!): Customer
    customers(first: Int = 20, after: String): CustomerConnection!
    search(text: String, first: Int): [Customer!]!
    node(id: ID!): Node
    tags: [String!]!
  }
  type CustomerConnection { totalCount: Int! nodes: [Customer!]! edges: [CustomerEdge!]! }
  type CustomerEdge { cursor: String! node: Customer! }
  type Customer implements Node { id: ID! name: String friends(first: Int): [Customer!]! orders: [Order!]! }
  type Order { id: ID! lines: [Line!]! }
  type Line { sku: String }
`);

describe('query limits: depth', () => {
  it('counts a root field as 1 and each level of sub-fields as 1 more', () => {
    expect(operationDepth(parse('{ __typename }'))).toBe(1);
    expect(operationDepth(parse('{ customer(id: "1") { id friends { id friends { name } } } }'))).toBe(4);
  });

  it('adds no level for fragments and inline fragments', () => {
    const document = parse(`
      query { customer(id: "1") { ...A } }
      fragment A on Customer { friends { ... on Customer { friends { id } } } }
    `);
    expect(operationDepth(document)).toBe(4);
  });

  it('measures the named operation of a document with several', () => {
    const document = parse('query Shallow { tags } query Deep { customer(id: "1") { orders { lines { sku } } } }');
    expect(operationDepth(document, 'Shallow')).toBe(1);
    expect(operationDepth(document, 'Deep')).toBe(4);
  });

  it('counts __schema and __type as one level, so the standard introspection query passes', () => {
    expect(operationDepth(parse('{ __type(name: "Customer") { fields { type { ofType { name } } } } }'))).toBe(1);
    expect(operationDepth(parse(getIntrospectionQuery()))).toBe(1);
  });

  it('refuses, with a TypeError, a document whose operation cannot be chosen', () => {
    const document = parse('query A { tags } query B { tags }');
    expect(() => operationDepth(document)).toThrow(new TypeError('Expected a document with one operation or an operation name; got operation name null for operations [A, B]'));
    expect(() => operationDepth(document, 'C')).toThrow(new TypeError('Expected a document with one operation or an operation name; got operation name "C" for operations [A, B]'));
  });
});

describe('query limits: aliases', () => {
  it('counts every aliased field, also inside fragments, once per spread', () => {
    const document = parse(`
      {
        a: customer(id: "1") { id }
        b: customer(id: "2") { ...F }
        c: customer(id: "3") { ...F ... on Customer { n: name } }
      }
      fragment F on Customer { x: id y: name }
    `);
    expect(aliasCount(document)).toBe(8);
  });

  it('counts an alias equal to the field name, and nothing without aliases', () => {
    expect(aliasCount(parse('{ tags: tags }'))).toBe(1);
    expect(aliasCount(parse('{ customer(id: "1") { id name } }'))).toBe(0);
  });

  it('counts fragments spread into fragments without expanding them one by one', () => {
    // 2^30 aliased fields once expanded; measured in linear time.
    const levels = Array.from({ length: 30 }, (_, i) => `fragment F${i} on Customer { ...F${i + 1} ...F${i + 1} }`);
    const document = parse(`{ customer(id: "1") { ...F0 } } ${levels.join(' ')} fragment F30 on Customer { x: id }`);
    expect(aliasCount(document)).toBe(2 ** 30);
  });
});

describe('query limits: fragment cycles', () => {
  const document = parse(`
    query { customer(id: "1") { ...A } }
    fragment A on Customer { x: friends { ...B } }
    fragment B on Customer { y: id ...A }
  `);

  it('treats a fragment spread inside its own expansion as empty instead of recursing forever', () => {
    expect(operationDepth(document)).toBe(3);
    expect(aliasCount(document)).toBe(2);
    // A cycle is cut where a fragment recurs in the same scope; for cost, A first recurs in a new one
    // (directly inside the paginated x): customer 1 + x (1 + 20 × (y 1 + x (1 + 20 × [B: cut]))).
    expect(operationCost(document, undefined, {}, schema)).toBe(42);
    expect(usesIntrospection(document)).toBe(false);
  });
});

describe('query limits: cost', () => {
  it('counts 1 per field', () => {
    expect(operationCost(parse('{ customer(id: "1") { id name } }'), undefined, {}, schema)).toBe(3);
    expect(operationCost(parse('{ tags __typename }'), undefined, {}, schema)).toBe(2);
  });

  it('multiplies the sub-selections of a list by 20 when it has no `first`', () => {
    // customer 1 + orders (1 + 20 × (id 1 + lines (1 + 20 × sku 1)))
    expect(operationCost(parse('{ customer(id: "1") { orders { id lines { sku } } } }'), undefined, {}, schema)).toBe(1 + 1 + 20 * (1 + 1 + 20));
  });

  it('multiplies by `first` as written or from the variables, nested lists included', () => {
    expect(operationCost(parse('{ search(first: 3) { id friends(first: 2) { id } } }'), undefined, {}, schema)).toBe(1 + 3 * (1 + 1 + 2 * 1));
    const document = parse('query Search($n: Int) { search(first: $n) { id } }');
    expect(operationCost(document, 'Search', { n: 7 }, schema)).toBe(1 + 7);
    expect(operationCost(document, 'Search', {}, schema)).toBe(1 + 20);
    expect(operationCost(parse('{ search(first: 0) { id } }'), undefined, {}, schema)).toBe(1);
    expect(operationCost(parse('query ($n: Int = 4) { search(first: $n) { id } }'), undefined, {}, schema)).toBe(1 + 4);
    expect(operationCost(parse('query ($n: Int = 4) { search(first: $n) { id } }'), undefined, { n: 9 }, schema)).toBe(1 + 9);
  });

  it("sizes a connection's nodes and edges by its `first` (or the schema's default), without multiplying them again", () => {
    const document = parse('query Page($first: Int) { customers(first: $first) { totalCount nodes { id orders { id } } edges { cursor node { id } } } }');
    // customers 1 + first × (totalCount 1 + nodes (1 + id 1 + orders (1 + 20 × 1)) + edges (1 + cursor 1 + node (1 + 1)))
    const perItem = 1 + (1 + 1 + 21) + (1 + 1 + 2);
    expect(operationCost(document, undefined, { first: 50 }, schema)).toBe(1 + 50 * perItem);
    expect(operationCost(document, undefined, {}, schema)).toBe(1 + 20 * perItem);
  });

  it('follows fragments and inline fragments on interfaces', () => {
    const document = parse(`
      { node(id: "1") { id ... on Customer { ...Orders } } }
      fragment Orders on Customer { orders { lines { sku } } }
    `);
    // node 1 + id 1 + orders (1 + 20 × lines (1 + 20 × 1))
    expect(operationCost(document, undefined, {}, schema)).toBe(1 + 1 + (1 + 20 * 21));
  });

  it('counts introspection fields 1 each without multiplying their lists', () => {
    // __schema 1 + types (1 + name 1 + fields (1 + name 1))
    expect(operationCost(parse('{ __schema { types { name fields { name } } } }'), undefined, {}, schema)).toBe(5);
    expect(operationCost(parse(getIntrospectionQuery()), undefined, {}, schema)).toBe(220);
  });
});

describe('query limits: introspection', () => {
  it('finds __schema and __type anywhere, fragments included', () => {
    expect(usesIntrospection(parse('{ __schema { queryType { name } } }'))).toBe(true);
    expect(usesIntrospection(parse('{ ...Q } fragment Q on Query { customer(id: "1") { id } ... on Query { __type(name: "Customer") { name } } }'))).toBe(true);
  });

  it('does not count __typename', () => {
    expect(usesIntrospection(parse('{ __typename customer(id: "1") { __typename id } }'))).toBe(false);
  });
});
