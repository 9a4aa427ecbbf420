import { buildSchema } from 'graphql';
import { describe, expect, it } from 'vitest';
import { unacknowledgedBreakingChanges } from './schemaChecks.ts';

const baseline = buildSchema(`type Query { customer(id: ID!): Customer } type Customer { id: ID! emails: [String!] birthDate: String }`);

describe('schema contract: breaking changes', () => {
  it('reports a removed field', async () => {
    const next = buildSchema(`type Query { customer(id: ID!): Customer } type Customer { id: ID! emails: [String!] }`);
    expect(await unacknowledgedBreakingChanges(baseline, next, [])).toEqual(["Field 'birthDate' was removed from object type 'Customer' (Customer.birthDate)"]);
  });

  it('accepts an acknowledged breaking change', async () => {
    const next = buildSchema(`type Query { customer(id: ID!): Customer } type Customer { id: ID! emails: [String!] }`);
    const acknowledged = [{ message: "Field 'birthDate' was removed from object type 'Customer'", reason: 'moved to a subgraph of its own' }];
    expect(await unacknowledgedBreakingChanges(baseline, next, acknowledged)).toEqual([]);
  });

  it('does not report an added nullable field', async () => {
    const next = buildSchema(`type Query { customer(id: ID!): Customer } type Customer { id: ID! emails: [String!] birthDate: String phones: [String!] }`);
    expect(await unacknowledgedBreakingChanges(baseline, next, [])).toEqual([]);
  });

  it('reports a nullable field made non-null in an argument', async () => {
    const next = buildSchema(`type Query { customer(id: ID!, region: String!): Customer } type Customer { id: ID! emails: [String!] birthDate: String }`);
    expect(await unacknowledgedBreakingChanges(baseline, next, [])).toHaveLength(1);
  });
});
