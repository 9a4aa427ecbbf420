import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../lib/config.ts';
import { buildCatalog, renderCatalogMarkdown, type CatalogEntry } from './buildCatalog.ts';

/** Two subgraphs: `people` owns Person and its value type Facts; `money` receives Facts through @requires. */
const supergraph = /* GraphQL */ `
  enum join__Graph {
    MONEY @join__graph(name: "money", url: "http://127.0.0.1:4101/graphql")
    PEOPLE @join__graph(name: "people", url: "http://127.0.0.1:4102/graphql")
  }

  type Person @join__type(graph: MONEY, key: "id") @join__type(graph: PEOPLE, key: "id") {
    id: ID!
    """
    E-mails as sent,
    most recent first.

    Not normalised.
    """
    emails: [String!] @join__field(graph: PEOPLE) @sensitive(level: CONFIDENTIAL, mask: EMAIL, category: CONTACT)
    keys: [String!]! @inaccessible @join__field(graph: MONEY, external: true) @join__field(graph: PEOPLE) @sensitive(level: RESTRICTED, category: IDENTIFIER)
    facts: [Facts!]! @inaccessible @join__field(graph: MONEY, external: true) @join__field(graph: PEOPLE) @sensitive(level: RESTRICTED)
    balance: Float @join__field(graph: MONEY, requires: "facts { birthDate }") @sensitive(level: CONFIDENTIAL, category: FINANCIAL)
    nickname: String @join__field(graph: PEOPLE)
  }

  type Facts @join__type(graph: MONEY) @join__type(graph: PEOPLE) @inaccessible {
    birthDate: String @sensitive(level: RESTRICTED, category: DEMOGRAPHIC)
  }

  type Address @join__type(graph: PEOPLE) {
    """The postal code | as written."""
    postalCode: String @sensitive(level: CONFIDENTIAL, mask: POSTCODE, category: LOCATION)
  }

  type Mutation @join__type(graph: MONEY) {
    pay(amount: Float!): Boolean @join__field(graph: MONEY) @sensitive(level: INTERNAL)
  }
`;

const expected: CatalogEntry[] = [
  { coordinate: 'Address.postalCode', type: 'String', subgraph: 'people', level: 'CONFIDENTIAL', mask: 'POSTCODE', category: 'LOCATION', internal: false, description: 'The postal code | as written.' },
  { coordinate: 'Facts.birthDate', type: 'String', subgraph: 'people', level: 'RESTRICTED', mask: null, category: 'DEMOGRAPHIC', internal: true, description: null },
  { coordinate: 'Mutation.pay', type: 'Boolean', subgraph: 'money', level: 'INTERNAL', mask: null, category: null, internal: false, description: null },
  { coordinate: 'Person.balance', type: 'Float', subgraph: 'money', level: 'CONFIDENTIAL', mask: null, category: 'FINANCIAL', internal: false, description: null },
  { coordinate: 'Person.emails', type: '[String!]', subgraph: 'people', level: 'CONFIDENTIAL', mask: 'EMAIL', category: 'CONTACT', internal: false, description: 'E-mails as sent, most recent first.' },
  { coordinate: 'Person.facts', type: '[Facts!]!', subgraph: 'people', level: 'RESTRICTED', mask: null, category: null, internal: true, description: null },
  { coordinate: 'Person.keys', type: '[String!]!', subgraph: 'people', level: 'RESTRICTED', mask: null, category: 'IDENTIFIER', internal: true, description: null },
];

describe('catalog: reading a supergraph', () => {
  it('lists every @sensitive field with its resolving subgraph, sorted by coordinate', () => {
    expect(buildCatalog(supergraph)).toEqual(expected);
  });

  it('names the subgraph that resolves a field, not the ones that only receive it as @external', () => {
    expect(buildCatalog(supergraph).find((e) => e.coordinate === 'Person.keys')?.subgraph).toBe('people');
  });

  it('gives a value type declared by several subgraphs to the one resolving the fields that return it', () => {
    expect(buildCatalog(supergraph).find((e) => e.coordinate === 'Facts.birthDate')?.subgraph).toBe('people');
  });

  it('refuses an unknown mask with a TypeError naming the field', () => {
    const bad = supergraph.replace('mask: POSTCODE', 'mask: BLUR');
    expect(() => buildCatalog(bad)).toThrow(new TypeError('Expected a Mask on Address.postalCode, got "BLUR"'));
  });

  it('refuses a document without join directives: it is not a supergraph', () => {
    expect(() => buildCatalog('type Person { email: String @sensitive(level: INTERNAL) }')).toThrow(
      new TypeError('Expected @join__field or @join__type on Person.email (is this a supergraph?), found neither'),
    );
  });
});

describe('catalog: Markdown', () => {
  const markdown = renderCatalogMarkdown(expected);

  it('explains the levels, the decision rule and the masks before the tables', () => {
    const intro = markdown.slice(0, markdown.indexOf('\n## '));
    expect(intro).toMatch(/^# Sensitive data catalog\n/);
    expect(intro).toContain('PUBLIC < INTERNAL < CONFIDENTIAL < RESTRICTED');
    expect(intro).toContain('exactly one level below, on a field that declares a mask, the caller sees the masked value');
    expect(intro).toContain('null and a FORBIDDEN error');
    for (const mask of ['EMAIL', 'PHONE', 'NAME', 'POSTCODE', 'DATE_YEAR', 'HASH', 'REDACT']) expect(intro).toContain(mask);
  });

  it('writes one table per subgraph, escaping pipes and marking internal fields', () => {
    expect(markdown).toContain(
      [
        '## money (2)',
        '',
        '| Field | Type | Level | Mask | Category | Description |',
        '| --- | --- | --- | --- | --- | --- |',
        '| `Mutation.pay` | `Boolean` | INTERNAL | — | — |  |',
        '| `Person.balance` | `Float` | CONFIDENTIAL | — | FINANCIAL |  |',
        '',
        '## people (5)',
        '',
        '| Field | Type | Level | Mask | Category | Description |',
        '| --- | --- | --- | --- | --- | --- |',
        '| `Address.postalCode` | `String` | CONFIDENTIAL | POSTCODE | LOCATION | The postal code \\| as written. |',
        '| `Facts.birthDate` *(internal)* | `String` | RESTRICTED | — | DEMOGRAPHIC |  |',
        '| `Person.emails` | `[String!]` | CONFIDENTIAL | EMAIL | CONTACT | E-mails as sent, most recent first. |',
        '| `Person.facts` *(internal)* | `[Facts!]!` | RESTRICTED | — | — |  |',
        '| `Person.keys` *(internal)* | `[String!]!` | RESTRICTED | — | IDENTIFIER |  |',
      ].join('\n'),
    );
  });

  it('ends with counts per level and per category', () => {
    expect(markdown.endsWith(
      [
        '## Counts (7 fields)',
        '',
        '| Level | Fields |',
        '| --- | ---: |',
        '| PUBLIC | 0 |',
        '| INTERNAL | 1 |',
        '| CONFIDENTIAL | 3 |',
        '| RESTRICTED | 3 |',
        '',
        '| Category | Fields |',
        '| --- | ---: |',
        '| IDENTIFIER | 1 |',
        '| CONTACT | 1 |',
        '| DEMOGRAPHIC | 1 |',
        '| FINANCIAL | 1 |',
        '| BEHAVIORAL | 0 |',
        '| LOCATION | 1 |',
        '| (none) | 2 |',
        '',
      ].join('\n'),
    )).toBe(true);
  });
});

describe('catalog: the committed supergraph', () => {
  const entries = buildCatalog(readFileSync(resolve(projectRoot, 'gateway/supergraph.graphql'), 'utf8'));

  it('lists Customer.emails as CONFIDENTIAL contact data from identity, masked by EMAIL', () => {
    expect(entries.find((e) => e.coordinate === 'Customer.emails')).toEqual({
      coordinate: 'Customer.emails',
      type: '[String!]',
      subgraph: 'identity',
      level: 'CONFIDENTIAL',
      mask: 'EMAIL',
      category: 'CONTACT',
      internal: false,
      description: 'Distinct normalised e-mails, most recently seen first.',
    });
  });

  it('gives every entry one known subgraph', () => {
    const subgraphs = new Set(['identity', 'consent', 'quality', 'analytics']);
    expect(entries.filter((e) => !subgraphs.has(e.subgraph))).toEqual([]);
  });

  it('marks the keys and facts passed between subgraphs as internal, resolved by identity', () => {
    const internal = entries.filter((e) => e.coordinate.startsWith('Customer.') && e.internal);
    expect(internal.map((e) => [e.coordinate, e.subgraph])).toEqual([
      ['Customer.identifierKeys', 'identity'],
      ['Customer.recordFacts', 'identity'],
      ['Customer.sourceKeys', 'identity'],
    ]);
  });
});
