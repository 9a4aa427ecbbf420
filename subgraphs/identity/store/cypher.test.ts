import { describe, expect, it } from 'vitest';
import * as cypher from './cypher.ts';

/** A value that would break out of a Cypher string or identifier if it were ever interpolated. */
const hostile = `crm:x' }) DETACH DELETE n //"\`$limit`;
const hostileMarkers = [`x'`, 'DETACH DELETE', '//"', '`$limit'];

function expectOnlyInParams(statement: cypher.Statement, value: unknown) {
  for (const marker of hostileMarkers) expect(statement.cypher).not.toContain(marker);
  expect(JSON.stringify(statement.params)).toContain(JSON.stringify(value).slice(1, -1));
}

describe('cypher: schema', () => {
  it('creates the constraints and the index only when missing', () => {
    expect(cypher.schemaStatements).toMatchInlineSnapshot(`
      [
        "CREATE CONSTRAINT source_record_key IF NOT EXISTS FOR (r:SourceRecord) REQUIRE r.key IS UNIQUE",
        "CREATE CONSTRAINT identifier_key IF NOT EXISTS FOR (i:Identifier) REQUIRE i.key IS UNIQUE",
        "CREATE CONSTRAINT customer_id IF NOT EXISTS FOR (c:Customer) REQUIRE c.id IS UNIQUE",
        "CREATE INDEX customer_merged_into IF NOT EXISTS FOR (c:Customer) ON (c.mergedInto)",
      ]
    `);
  });
});

describe('cypher: statements', () => {
  it('findRecordVersions', () => {
    expect(cypher.findRecordVersions(['crm:1', 'shop:7'])).toMatchInlineSnapshot(`
      {
        "cypher": "UNWIND $keys AS key MATCH (r:SourceRecord {key: key}) RETURN r.key AS key, r.observedAt AS observedAt",
        "params": {
          "keys": [
            "crm:1",
            "shop:7",
          ],
        },
      }
    `);
  });

  it('findAffectedCustomerIds', () => {
    expect(cypher.findAffectedCustomerIds(['crm:1'], ['email:jane@example.com'])).toMatchInlineSnapshot(`
      {
        "cypher": "CALL {
              UNWIND $recordKeys AS key MATCH (:SourceRecord {key: key})-[:BELONGS_TO]->(c:Customer) RETURN c.id AS id
            UNION
              UNWIND $identifierKeys AS key MATCH (:Identifier {key: key})<-[:HAS_IDENTIFIER]-(:SourceRecord)-[:BELONGS_TO]->(c:Customer) RETURN c.id AS id
            }
            RETURN DISTINCT id",
        "params": {
          "identifierKeys": [
            "email:jane@example.com",
          ],
          "recordKeys": [
            "crm:1",
          ],
        },
      }
    `);
  });

  it('findCustomerRecords', () => {
    expect(cypher.findCustomerRecords(['c_1'])).toMatchInlineSnapshot(`
      {
        "cypher": "UNWIND $ids AS id MATCH (c:Customer {id: id})<-[:BELONGS_TO]-(r:SourceRecord)
            RETURN c.id AS customerId, c.createdAt AS customerCreatedAt, r { .key, .source, .sourceId, .observedAt, .givenName, .familyName, .fullName, .emails, .phones,
        .addressesJson, .birthDate, .externalIdsJson, .identifierKeys } AS record",
        "params": {
          "ids": [
            "c_1",
          ],
        },
      }
    `);
  });

  it('writeRecords', () => {
    expect(cypher.writeRecords([{ key: 'crm:1', identifierKeys: ['crm:1'] }])).toMatchInlineSnapshot(`
      {
        "cypher": "UNWIND $records AS rec
            MERGE (r:SourceRecord {key: rec.key})
            SET r += rec
            WITH r, rec
            CALL { WITH r MATCH (r)-[old:HAS_IDENTIFIER]->() DELETE old }
            WITH r, rec
            UNWIND rec.identifierKeys AS ik
            MERGE (i:Identifier {key: ik})
              ON CREATE SET i.type = split(ik, ':')[0], i.value = substring(ik, size(split(ik, ':')[0]) + 1)
            MERGE (r)-[:HAS_IDENTIFIER]->(i)",
        "params": {
          "records": [
            {
              "identifierKeys": [
                "crm:1",
              ],
              "key": "crm:1",
            },
          ],
        },
      }
    `);
  });

  it('writeCustomers', () => {
    expect(cypher.writeCustomers([{ id: 'c_1', createdAt: '2024-06-01T00:00:00.000Z', golden: {}, recordKeys: ['crm:1'] }])).toMatchInlineSnapshot(`
      {
        "cypher": "UNWIND $customers AS cus
            MERGE (c:Customer {id: cus.id})
              ON CREATE SET c.createdAt = cus.createdAt
            SET c += cus.golden, c.updatedAt = cus.updatedAt, c.mergedInto = null
            WITH c, cus
            UNWIND cus.recordKeys AS key
            MATCH (r:SourceRecord {key: key})
            OPTIONAL MATCH (r)-[old:BELONGS_TO]->(other:Customer) WHERE other.id <> c.id
            DELETE old
            MERGE (r)-[:BELONGS_TO]->(c)",
        "params": {
          "customers": [
            {
              "createdAt": "2024-06-01T00:00:00.000Z",
              "golden": {},
              "id": "c_1",
              "recordKeys": [
                "crm:1",
              ],
            },
          ],
        },
      }
    `);
  });

  it('writeAliases', () => {
    expect(cypher.writeAliases([{ id: 'c_2', survivorId: 'c_1' }], '2024-06-01T00:00:00.000Z')).toMatchInlineSnapshot(`
      {
        "cypher": "UNWIND $aliases AS alias
            MATCH (c:Customer {id: alias.id})
            OPTIONAL MATCH (c)<-[old:BELONGS_TO]-() DELETE old
            WITH c, alias
            SET c.mergedInto = alias.survivorId, c.updatedAt = $at,
                c.givenName = null, c.familyName = null, c.fullName = null, c.emails = null, c.phones = null,
                c.addressesJson = null, c.birthDate = null, c.provenanceJson = null, c.recordFactsJson = null, c.sourceKeys = [], c.identifierKeys = []
            WITH alias
            MATCH (earlier:Customer {mergedInto: alias.id})
            SET earlier.mergedInto = alias.survivorId",
        "params": {
          "aliases": [
            {
              "id": "c_2",
              "survivorId": "c_1",
            },
          ],
          "at": "2024-06-01T00:00:00.000Z",
        },
      }
    `);
  });

  it('findCustomersByIds', () => {
    expect(cypher.findCustomersByIds(['c_1', 'c_2'])).toMatchInlineSnapshot(`
      {
        "cypher": "UNWIND $ids AS requestedId
            MATCH (found:Customer {id: requestedId})
            OPTIONAL MATCH (survivor:Customer {id: found.mergedInto})
            WITH requestedId, coalesce(survivor, found) AS c
            WHERE c.mergedInto IS NULL
            RETURN requestedId, c { .id, .createdAt, .updatedAt, .givenName, .familyName, .fullName, .emails, .phones, .addressesJson,
        .birthDate, .provenanceJson, .recordFactsJson, .sourceKeys, .identifierKeys, .mergedInto } AS customer",
        "params": {
          "ids": [
            "c_1",
            "c_2",
          ],
        },
      }
    `);
  });

  it('findCustomerIdsByIdentifierKeys', () => {
    expect(cypher.findCustomerIdsByIdentifierKeys(['email:jane@example.com'])).toMatchInlineSnapshot(`
      {
        "cypher": "UNWIND $keys AS key
            MATCH (:Identifier {key: key})<-[:HAS_IDENTIFIER]-(:SourceRecord)-[:BELONGS_TO]->(c:Customer)
            RETURN key, min(c.id) AS customerId",
        "params": {
          "keys": [
            "email:jane@example.com",
          ],
        },
      }
    `);
  });

  it('findCustomerPage', () => {
    expect(cypher.findCustomerPage(10, 'c_1')).toMatchInlineSnapshot(`
      {
        "cypher": "MATCH (c:Customer) WHERE c.id > $after
            WITH c ORDER BY c.id
            WHERE c.mergedInto IS NULL
            RETURN c { .id, .createdAt, .updatedAt, .givenName, .familyName, .fullName, .emails, .phones, .addressesJson,
        .birthDate, .provenanceJson, .recordFactsJson, .sourceKeys, .identifierKeys, .mergedInto } AS customer LIMIT toInteger($limit)",
        "params": {
          "after": "c_1",
          "limit": 11,
        },
      }
    `);
  });

  it('countCustomers', () => {
    expect(cypher.countCustomers()).toMatchInlineSnapshot(`
      {
        "cypher": "MATCH (c:Customer) WHERE c.mergedInto IS NULL RETURN count(c) AS total",
        "params": {},
      }
    `);
  });

  it('findRecordsByKeys', () => {
    expect(cypher.findRecordsByKeys(['crm:1'])).toMatchInlineSnapshot(`
      {
        "cypher": "UNWIND $keys AS key MATCH (r:SourceRecord {key: key})
            OPTIONAL MATCH (r)-[:BELONGS_TO]->(c:Customer)
            RETURN key, r { .key, .source, .sourceId, .observedAt, .givenName, .familyName, .fullName, .emails, .phones,
        .addressesJson, .birthDate, .externalIdsJson, .identifierKeys } AS record, c.id AS customerId",
        "params": {
          "keys": [
            "crm:1",
          ],
        },
      }
    `);
  });

  it('findRecordsOfCustomers', () => {
    expect(cypher.findRecordsOfCustomers(['c_1'])).toMatchInlineSnapshot(`
      {
        "cypher": "UNWIND $ids AS id MATCH (c:Customer {id: id})<-[:BELONGS_TO]-(r:SourceRecord)
            RETURN id AS customerId, r { .key, .source, .sourceId, .observedAt, .givenName, .familyName, .fullName, .emails, .phones,
        .addressesJson, .birthDate, .externalIdsJson, .identifierKeys } AS record ORDER BY r.observedAt DESC, r.key",
        "params": {
          "ids": [
            "c_1",
          ],
        },
      }
    `);
  });
});

describe('cypher: parameters', () => {
  it('passes record keys as parameters only', () => {
    const statement = cypher.findRecordVersions([hostile]);
    expect(statement.params).toEqual({ keys: [hostile] });
    expectOnlyInParams(statement, hostile);
  });

  it('passes record and identifier keys as parameters only', () => {
    const statement = cypher.findAffectedCustomerIds([hostile], [`email:${hostile}`]);
    expect(statement.params).toEqual({ recordKeys: [hostile], identifierKeys: [`email:${hostile}`] });
    expectOnlyInParams(statement, hostile);
  });

  it('passes customer ids as parameters only', () => {
    for (const statement of [cypher.findCustomerRecords([hostile]), cypher.findCustomersByIds([hostile]), cypher.findRecordsOfCustomers([hostile])]) {
      expect(statement.params).toEqual({ ids: [hostile] });
      expectOnlyInParams(statement, hostile);
    }
  });

  it('passes whole records as parameters only', () => {
    const records = [{ key: hostile, givenName: hostile, identifierKeys: [hostile] }];
    const statement = cypher.writeRecords(records);
    expect(statement.params).toEqual({ records });
    expectOnlyInParams(statement, hostile);
  });

  it('passes whole customers as parameters only', () => {
    const customers = [{ id: hostile, createdAt: hostile, updatedAt: hostile, golden: { fullName: hostile }, recordKeys: [hostile] }];
    const statement = cypher.writeCustomers(customers);
    expect(statement.params).toEqual({ customers });
    expectOnlyInParams(statement, hostile);
  });

  it('passes aliases and the time as parameters only', () => {
    const aliases = [{ id: hostile, survivorId: hostile }];
    const statement = cypher.writeAliases(aliases, hostile);
    expect(statement.params).toEqual({ aliases, at: hostile });
    expectOnlyInParams(statement, hostile);
  });

  it('passes identifier keys and lookup keys as parameters only', () => {
    for (const statement of [cypher.findCustomerIdsByIdentifierKeys([hostile]), cypher.findRecordsByKeys([hostile])]) {
      expect(statement.params).toEqual({ keys: [hostile] });
      expectOnlyInParams(statement, hostile);
    }
  });

  it('passes the page cursor and size as parameters only, fetching one extra row', () => {
    const statement = cypher.findCustomerPage(25, hostile);
    expect(statement.params).toEqual({ after: hostile, limit: 26 });
    expectOnlyInParams(statement, hostile);
    expect(statement.cypher).not.toContain('25');
    expect(statement.cypher).not.toContain('26');
  });

  it('starts the first page after the empty string, which sorts below every id (an index range seek)', () => {
    expect(cypher.findCustomerPage(10, null).params).toEqual({ after: '', limit: 11 });
  });

  it('gives the same cypher text whatever the values, so the server can cache the plan', () => {
    expect(cypher.findRecordVersions(['a']).cypher).toBe(cypher.findRecordVersions([hostile, 'b']).cypher);
    expect(cypher.findCustomerPage(1, null).cypher).toBe(cypher.findCustomerPage(100, hostile).cypher);
    expect(cypher.writeAliases([], 'x').cypher).toBe(cypher.writeAliases([{ id: hostile, survivorId: 'y' }], hostile).cypher);
  });
});
