/**
 * Cypher of the identity subgraph's privacy operations (issue 4), as data like `store/cypher.ts`:
 * each function returns `{ cypher, params }`, always parameterised. Run by `IdentityPrivacyStore`.
 *
 * Suppression: `(:Suppression {hash, createdAt, requestId})`, one node per keyed hash of an erased
 * person's identifier key; it holds no identifier in clear.
 */
import type { Statement } from '../store/cypher.ts';

export const privacySchemaStatements: readonly string[] = ['CREATE CONSTRAINT suppression_hash IF NOT EXISTS FOR (s:Suppression) REQUIRE s.hash IS UNIQUE'];

const recordProjection = `r { .key, .source, .sourceId, .observedAt, .ingestedAt, .givenName, .familyName, .fullName, .emails, .phones,
  .addressesJson, .birthDate, .nationalId, .externalIdsJson, .identifierKeys }`;

/** Records that carry any of the keys (as an identifier, not only as a blocking key: see `findCustomerIdsByIdentifierKeys`), with the customer each belongs to. */
export function findRecordsReachedBy(keys: readonly string[]): Statement {
  return {
    cypher: `UNWIND $keys AS key
      MATCH (:BlockKey {key: key})<-[:IN_BLOCK]-(r:SourceRecord) WHERE key IN r.identifierKeys
      OPTIONAL MATCH (r)-[:BELONGS_TO]->(c:Customer)
      RETURN DISTINCT r.key AS key, c.id AS customerId`,
    params: { keys },
  };
}

/** The records of the given customers and the given records, each once, with their customer's id. */
export function findSubjectRecords(customerIds: readonly string[], recordKeys: readonly string[]): Statement {
  return {
    cypher: `CALL {
        UNWIND $customerIds AS id MATCH (c:Customer {id: id})<-[:BELONGS_TO]-(r:SourceRecord) RETURN r, c.id AS customerId
      UNION
        UNWIND $recordKeys AS key MATCH (r:SourceRecord {key: key}) OPTIONAL MATCH (r)-[:BELONGS_TO]->(c:Customer) RETURN r, c.id AS customerId
      }
      RETURN ${recordProjection} AS record, customerId ORDER BY r.key`,
    params: { customerIds, recordKeys },
  };
}

/** The golden records of the customers, and the ids merged into each (aliases). */
export function findSubjectCustomers(customerIds: readonly string[]): Statement {
  return {
    cypher: `UNWIND $customerIds AS id MATCH (c:Customer {id: id})
      OPTIONAL MATCH (alias:Customer {mergedInto: id})
      WITH c, collect(alias.id) AS aliases
      RETURN c { .id, .createdAt, .updatedAt, .givenName, .familyName, .fullName, .emails, .phones, .addressesJson, .birthDate, .provenanceJson } AS customer, aliases
      ORDER BY c.id`,
    params: { customerIds },
  };
}

/**
 * Deletes the keys only the subject's records held (identifiers and blocking keys alike carry
 * values: `email:<e-mail>`, `f:<surname>`), the records, the customers and their aliases. The
 * first statement counts the identifiers among the keys it deletes (those of `identifierKeys`).
 */
export function eraseSubject(recordKeys: readonly string[], customerIds: readonly string[], identifierKeys: readonly string[]): Statement[] {
  return [
    // Keys go first, while the subject's records still say which.
    {
      cypher: `UNWIND $recordKeys AS key MATCH (:SourceRecord {key: key})-[:IN_BLOCK]->(b:BlockKey)
        WITH DISTINCT b WHERE NOT EXISTS { MATCH (b)<-[:IN_BLOCK]-(o:SourceRecord) WHERE NOT o.key IN $recordKeys }
        WITH b, b.key IN $identifierKeys AS identifier
        DETACH DELETE b RETURN count(CASE WHEN identifier THEN 1 END) AS identifiers`,
      params: { recordKeys, identifierKeys },
    },
    { cypher: `UNWIND $recordKeys AS key MATCH (r:SourceRecord {key: key}) DETACH DELETE r RETURN count(*) AS records`, params: { recordKeys } },
    {
      cypher: `UNWIND $customerIds AS id MATCH (c:Customer) WHERE c.id = id OR c.mergedInto = id DETACH DELETE c RETURN count(*) AS customers`,
      params: { customerIds },
    },
    // Review items and history events name the subject's records and customers.
    {
      cypher: `MATCH (q:ReviewItem) WHERE q.a IN $recordKeys OR q.b IN $recordKeys DELETE q RETURN count(*) AS reviews`,
      params: { recordKeys },
    },
    {
      cypher: `MATCH (e:MergeEvent) WHERE any(id IN e.customerIds WHERE id IN $customerIds) OR any(k IN e.recordKeys WHERE k IN $recordKeys) DELETE e RETURN count(*) AS events`,
      params: { customerIds, recordKeys },
    },
  ];
}

/** Adds suppression entries; an entry that exists is left as it is (idempotent). */
export function addSuppressions(hashes: readonly string[], requestId: string, at: string): Statement {
  return {
    cypher: `UNWIND $hashes AS hash
      MERGE (s:Suppression {hash: hash})
        ON CREATE SET s.createdAt = $at, s.requestId = $requestId
      RETURN count(s) AS suppressions`,
    params: { hashes, requestId, at },
  };
}

export function findSuppressions(hashes: readonly string[]): Statement {
  return { cypher: `UNWIND $hashes AS hash MATCH (s:Suppression {hash: hash}) RETURN s.hash AS hash`, params: { hashes } };
}

/** Up to `limit` current customers none of whose records was observed at or after `before`. */
export function findStaleCustomers(before: string, limit: number): Statement {
  return {
    cypher: `MATCH (c:Customer) WHERE c.mergedInto IS NULL
      MATCH (c)<-[:BELONGS_TO]-(r:SourceRecord)
      WITH c, max(r.observedAt) AS lastObserved
      WHERE lastObserved < $before
      RETURN c.id AS id ORDER BY c.id LIMIT toInteger($limit)`,
    params: { before, limit },
  };
}
