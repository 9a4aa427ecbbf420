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
        "CREATE CONSTRAINT customer_id IF NOT EXISTS FOR (c:Customer) REQUIRE c.id IS UNIQUE",
        "CREATE INDEX customer_merged_into IF NOT EXISTS FOR (c:Customer) ON (c.mergedInto)",
        "CREATE CONSTRAINT block_key IF NOT EXISTS FOR (b:BlockKey) REQUIRE b.key IS UNIQUE",
        "CREATE CONSTRAINT review_item_id IF NOT EXISTS FOR (q:ReviewItem) REQUIRE q.id IS UNIQUE",
        "CREATE CONSTRAINT review_item_pair IF NOT EXISTS FOR (q:ReviewItem) REQUIRE q.pair IS UNIQUE",
        "CREATE INDEX review_item_status IF NOT EXISTS FOR (q:ReviewItem) ON (q.status, q.createdAt)",
        "CREATE CONSTRAINT merge_event_id IF NOT EXISTS FOR (e:MergeEvent) REQUIRE e.id IS UNIQUE",
        "CREATE INDEX merge_event_at IF NOT EXISTS FOR (e:MergeEvent) ON (e.at)",
        "CREATE CONSTRAINT match_model_version IF NOT EXISTS FOR (m:MatchModel) REQUIRE m.version IS UNIQUE",
      ]
    `);
  });
});

describe('cypher: statements', () => {
  it('findRecordVersions', () => {
    expect(cypher.findRecordVersions(['crm:1', 'shop:7'])).toMatchInlineSnapshot(`
      {
        "cypher": "CYPHER replan=skip UNWIND CASE $keys WHEN '' THEN [] ELSE split($keys, '') END AS recordKey
            MATCH (r:SourceRecord {key: recordKey}) USING INDEX r:SourceRecord(key)
            RETURN r.key AS key, r.observedAt AS observedAt, [(r)-[:BELONGS_TO]->(c:Customer) | c.id][0] AS customerId",
        "params": {
          "keys": "crm:1shop:7",
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
            MATCH (:BlockKey {key: key})<-[:IN_BLOCK]-(r:SourceRecord)-[:BELONGS_TO]->(c:Customer)
            WHERE key IN r.identifierKeys
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
        "cypher": "UNWIND CASE $keys WHEN '' THEN [] ELSE split($keys, '') END AS key MATCH (r:SourceRecord {key: key})
            OPTIONAL MATCH (r)-[:BELONGS_TO]->(c:Customer)
            RETURN key, r { .key, .source, .sourceId, .observedAt, .ingestedAt, .givenName, .familyName, .fullName, .emails, .phones,
        .addressesJson, .birthDate, .nationalId, .externalIdsJson, .identifierKeys } AS record, c.id AS customerId",
        "params": {
          "keys": "crm:1",
        },
      }
    `);
  });

  it('findRecordsOfCustomers', () => {
    expect(cypher.findRecordsOfCustomers(['c_1'])).toMatchInlineSnapshot(`
      {
        "cypher": "UNWIND $ids AS id MATCH (c:Customer {id: id})<-[:BELONGS_TO]-(r:SourceRecord)
            RETURN id AS customerId, r { .key, .source, .sourceId, .observedAt, .ingestedAt, .givenName, .familyName, .fullName, .emails, .phones,
        .addressesJson, .birthDate, .nationalId, .externalIdsJson, .identifierKeys } AS record ORDER BY r.observedAt DESC, r.key",
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
    const statement = cypher.findRecordVersions([hostile, 'shop:7']);
    expect(statement.params).toEqual({ keys: `${hostile}\u001fshop:7` });
    expectOnlyInParams(statement, hostile);
  });

  it('passes customer ids as parameters only', () => {
    for (const statement of [cypher.findClusterMembers([hostile], [hostile]), cypher.findMergedAliases([hostile], [hostile])]) {
      expect(statement.params).toEqual({ ids: hostile, viaKeys: hostile });
      expectOnlyInParams(statement, hostile);
    }
    for (const statement of [cypher.findCustomersByIds([hostile]), cypher.findRecordsOfCustomers([hostile])]) {
      expect(statement.params).toEqual({ ids: [hostile] });
      expectOnlyInParams(statement, hostile);
    }
  });

  it('passes blocking keys and the block bound as parameters only', () => {
    const statement = cypher.findBlockCandidates([hostile], 100);
    expect(statement.params).toEqual({ blockKeys: hostile, maxBlockSize: 100 });
    expectOnlyInParams(statement, hostile);
    expect(statement.cypher).not.toContain('100');
    expect(cypher.findBlockCandidates([hostile, 'f:lee'], 50).params).toEqual({ blockKeys: `${hostile}\u001ff:lee`, maxBlockSize: 50 });
  });

  it('packs a list as one string, refusing a value that holds the separator', () => {
    expect(cypher.packList([])).toBe('');
    expect(cypher.packList(['a', 'b c'])).toBe('a\u001fb c');
    expect(() => cypher.packList(['a', 'x\u001fy'])).toThrow(/separator U\+001F/);
  });

  it('packs rows as columns: one string each, lists by U+001E, a missing optional value as empty', () => {
    const columns = { key: 'text', name: 'optional', tags: 'list' } as const;
    expect(cypher.packColumns([{ key: 'a', name: 'Ann', tags: ['x', 'y'] }, { key: 'b', name: null, tags: [] }, { key: 'c' }], columns)).toEqual({
      key: 'a\u001fb\u001fc',
      name: 'Ann\u001f\u001f',
      tags: 'x\u001ey\u001f\u001f',
    });
    expect(cypher.packColumns([], columns)).toEqual({ key: '', name: '', tags: '' });
  });

  it('refuses a row it cannot pack faithfully, naming the column', () => {
    const columns = { key: 'text', tags: 'list' } as const;
    expect(() => cypher.packColumns([{ key: 'a', other: 1 }], columns)).toThrow(/no column for 'other'/);
    expect(() => cypher.packColumns([{ key: null }], columns)).toThrow(/'key' is required/);
    expect(() => cypher.packColumns([{ key: 'a', tags: ['x\u001ey'] }], columns)).toThrow(/'tags' holds the item separator/);
    expect(() => cypher.packColumns([{ key: 'a\u001fb' }], columns)).toThrow(/separator U\+001F/);
  });

  it('unpacks columns into one row per index, absent values as null and lists split', () => {
    const { rows, column } = cypher.unpackColumns('$p', { key: 'text', name: 'optional', tags: 'list' });
    expect(rows).toContain("split($p.key, '\u001f') AS col_key");
    expect(rows).toContain('UNWIND range(0, size(col_key) - 1) AS row');
    expect(column('key')).toBe('col_key[row]');
    expect(column('name')).toBe("CASE col_name[row] WHEN '' THEN null ELSE col_name[row] END");
    expect(column('tags')).toBe("CASE col_tags[row] WHEN '' THEN [] ELSE split(col_tags[row], '\u001e') END");
    expect(() => column('other')).toThrow(/no column 'other'/);
  });

  it('passes every written value as a parameter only', () => {
    const statements = cypher.writeResolution({
      records: [Object.fromEntries(Object.entries(cypher.recordColumns).map(([name, kind]) => [name, kind === 'list' ? [hostile] : hostile]))],
      aliases: [{ id: hostile, survivorId: hostile, recordKeys: [hostile] }],
      customers: [Object.fromEntries(Object.entries(cypher.customerColumns).map(([name, kind]) => [name, kind === 'list' ? [hostile] : hostile]))],
      links: [{ a: hostile, b: hostile, probability: 1, matchWeight: 1, decidedBy: hostile }],
      unlinks: [{ a: hostile, b: hostile }],
      cannotLinks: [{ a: hostile, b: hostile, actor: hostile, reason: hostile }],
      reviews: [{ id: hostile, pair: hostile, a: hostile, b: hostile, probability: 0.7, matchWeight: 1, reason: hostile }],
      events: [{ id: hostile, kind: 'MERGE' }],
      at: hostile,
    });
    expect(statements).toHaveLength(8);
    for (const statement of statements) expectOnlyInParams(statement, hostile);
  });

  it('writes nothing for an empty plan', () => {
    expect(cypher.writeResolution({ records: [], aliases: [], customers: [], links: [], unlinks: [], cannotLinks: [], reviews: [], events: [], at: 'x' })).toEqual([]);
  });

  it('passes identifier keys and lookup keys as parameters only', () => {
    expect(cypher.findCustomerIdsByIdentifierKeys([hostile]).params).toEqual({ keys: [hostile] });
    expect(cypher.findRecordsByKeys([hostile]).params).toEqual({ keys: hostile });
    for (const statement of [cypher.findCustomerIdsByIdentifierKeys([hostile]), cypher.findRecordsByKeys([hostile])]) expectOnlyInParams(statement, hostile);
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
    expect(cypher.findBlockCandidates(['a'], 1).cypher).toBe(cypher.findBlockCandidates([hostile], 500).cypher);
  });
});
