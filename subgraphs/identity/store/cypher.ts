/**
 * Cypher for the identity graph, as data: each function returns `{ cypher, params }`, always
 * parameterised (STYLE: neo4j/graphql). Run by `IdentityRepository`.
 *
 * Graph: (:SourceRecord)-[:HAS_IDENTIFIER]->(:Identifier), (:SourceRecord)-[:BELONGS_TO]->(:Customer).
 * A customer merged away keeps its node with `mergedInto` set to the survivor's id (one hop: aliases
 * are re-pointed when their survivor is merged in turn).
 */
export interface Statement {
  cypher: string;
  params: Record<string, unknown>;
}

/** Constraints and indexes; idempotent (`IF NOT EXISTS`). */
export const schemaStatements: readonly string[] = [
  'CREATE CONSTRAINT source_record_key IF NOT EXISTS FOR (r:SourceRecord) REQUIRE r.key IS UNIQUE',
  'CREATE CONSTRAINT identifier_key IF NOT EXISTS FOR (i:Identifier) REQUIRE i.key IS UNIQUE',
  'CREATE CONSTRAINT customer_id IF NOT EXISTS FOR (c:Customer) REQUIRE c.id IS UNIQUE',
  'CREATE INDEX customer_merged_into IF NOT EXISTS FOR (c:Customer) ON (c.mergedInto)',
];

const recordProjection = `r { .key, .source, .sourceId, .observedAt, .givenName, .familyName, .fullName, .emails, .phones,
  .addressesJson, .birthDate, .externalIdsJson, .identifierKeys }`;
const customerProjection = `c { .id, .createdAt, .updatedAt, .givenName, .familyName, .fullName, .emails, .phones, .addressesJson,
  .birthDate, .provenanceJson, .recordFactsJson, .sourceKeys, .identifierKeys, .mergedInto }`;

export function findRecordVersions(keys: readonly string[]): Statement {
  return {
    cypher: `UNWIND $keys AS key MATCH (r:SourceRecord {key: key}) RETURN r.key AS key, r.observedAt AS observedAt`,
    params: { keys },
  };
}

/** Customers that the given records belong to now, or share an identifier with. */
export function findAffectedCustomerIds(recordKeys: readonly string[], identifierKeys: readonly string[]): Statement {
  return {
    cypher: `CALL {
        UNWIND $recordKeys AS key MATCH (:SourceRecord {key: key})-[:BELONGS_TO]->(c:Customer) RETURN c.id AS id
      UNION
        UNWIND $identifierKeys AS key MATCH (:Identifier {key: key})<-[:HAS_IDENTIFIER]-(:SourceRecord)-[:BELONGS_TO]->(c:Customer) RETURN c.id AS id
      }
      RETURN DISTINCT id`,
    params: { recordKeys, identifierKeys },
  };
}

/** Every record of the given customers, with the customer's id and creation time. */
export function findCustomerRecords(customerIds: readonly string[]): Statement {
  return {
    cypher: `UNWIND $ids AS id MATCH (c:Customer {id: id})<-[:BELONGS_TO]-(r:SourceRecord)
      RETURN c.id AS customerId, c.createdAt AS customerCreatedAt, ${recordProjection} AS record`,
    params: { ids: customerIds },
  };
}

/** Upserts records and replaces their identifier edges. */
export function writeRecords(records: readonly Record<string, unknown>[]): Statement {
  return {
    cypher: `UNWIND $records AS rec
      MERGE (r:SourceRecord {key: rec.key})
      SET r += rec
      WITH r, rec
      CALL { WITH r MATCH (r)-[old:HAS_IDENTIFIER]->() DELETE old }
      WITH r, rec
      UNWIND rec.identifierKeys AS ik
      MERGE (i:Identifier {key: ik})
        ON CREATE SET i.type = split(ik, ':')[0], i.value = substring(ik, size(split(ik, ':')[0]) + 1)
      MERGE (r)-[:HAS_IDENTIFIER]->(i)`,
    params: { records },
  };
}

/** Writes golden records and re-points each record to its customer. */
export function writeCustomers(customers: readonly Record<string, unknown>[]): Statement {
  return {
    cypher: `UNWIND $customers AS cus
      MERGE (c:Customer {id: cus.id})
        ON CREATE SET c.createdAt = cus.createdAt
      SET c += cus.golden, c.updatedAt = cus.updatedAt, c.mergedInto = null
      WITH c, cus
      UNWIND cus.recordKeys AS key
      MATCH (r:SourceRecord {key: key})
      OPTIONAL MATCH (r)-[old:BELONGS_TO]->(other:Customer) WHERE other.id <> c.id
      DELETE old
      MERGE (r)-[:BELONGS_TO]->(c)`,
    params: { customers },
  };
}

/** Turns merged-away customers into aliases of their survivor, and re-points their own aliases. */
export function writeAliases(aliases: readonly { id: string; survivorId: string }[], at: string): Statement {
  return {
    cypher: `UNWIND $aliases AS alias
      MATCH (c:Customer {id: alias.id})
      OPTIONAL MATCH (c)<-[old:BELONGS_TO]-() DELETE old
      WITH c, alias
      SET c.mergedInto = alias.survivorId, c.updatedAt = $at,
          c.givenName = null, c.familyName = null, c.fullName = null, c.emails = null, c.phones = null,
          c.addressesJson = null, c.birthDate = null, c.provenanceJson = null, c.recordFactsJson = null, c.sourceKeys = [], c.identifierKeys = []
      WITH alias
      MATCH (earlier:Customer {mergedInto: alias.id})
      SET earlier.mergedInto = alias.survivorId`,
    params: { aliases, at },
  };
}

/** Customers by id, following one alias hop; returns rows `{ requestedId, customer }`. */
export function findCustomersByIds(ids: readonly string[]): Statement {
  return {
    cypher: `UNWIND $ids AS requestedId
      MATCH (found:Customer {id: requestedId})
      OPTIONAL MATCH (survivor:Customer {id: found.mergedInto})
      WITH requestedId, coalesce(survivor, found) AS c
      WHERE c.mergedInto IS NULL
      RETURN requestedId, ${customerProjection} AS customer`,
    params: { ids },
  };
}

export function findCustomerIdsByIdentifierKeys(keys: readonly string[]): Statement {
  return {
    cypher: `UNWIND $keys AS key
      MATCH (:Identifier {key: key})<-[:HAS_IDENTIFIER]-(:SourceRecord)-[:BELONGS_TO]->(c:Customer)
      RETURN key, min(c.id) AS customerId`,
    params: { keys },
  };
}

/** A page of current customers ordered by id, after an exclusive cursor id. Fetches one extra row to tell whether more follow. */
export function findCustomerPage(first: number, afterId: string | null): Statement {
  return {
    // A range seek on the unique index of Customer.id, read in index order: no scan, no sort.
    cypher: `MATCH (c:Customer) WHERE c.id > $after
      WITH c ORDER BY c.id
      WHERE c.mergedInto IS NULL
      RETURN ${customerProjection} AS customer LIMIT toInteger($limit)`,
    params: { after: afterId ?? '', limit: first + 1 },
  };
}

export function countCustomers(): Statement {
  return { cypher: `MATCH (c:Customer) WHERE c.mergedInto IS NULL RETURN count(c) AS total`, params: {} };
}

export function findRecordsByKeys(keys: readonly string[]): Statement {
  return {
    cypher: `UNWIND $keys AS key MATCH (r:SourceRecord {key: key})
      OPTIONAL MATCH (r)-[:BELONGS_TO]->(c:Customer)
      RETURN key, ${recordProjection} AS record, c.id AS customerId`,
    params: { keys },
  };
}

/** All records of the given current customers. */
export function findRecordsOfCustomers(customerIds: readonly string[]): Statement {
  return {
    cypher: `UNWIND $ids AS id MATCH (c:Customer {id: id})<-[:BELONGS_TO]-(r:SourceRecord)
      RETURN id AS customerId, ${recordProjection} AS record ORDER BY r.observedAt DESC, r.key`,
    params: { ids: customerIds },
  };
}
