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
  'CREATE CONSTRAINT block_key IF NOT EXISTS FOR (b:BlockKey) REQUIRE b.key IS UNIQUE',
  'CREATE CONSTRAINT review_item_id IF NOT EXISTS FOR (q:ReviewItem) REQUIRE q.id IS UNIQUE',
  'CREATE CONSTRAINT review_item_pair IF NOT EXISTS FOR (q:ReviewItem) REQUIRE q.pair IS UNIQUE',
  'CREATE INDEX review_item_status IF NOT EXISTS FOR (q:ReviewItem) ON (q.status, q.createdAt)',
  'CREATE CONSTRAINT merge_event_id IF NOT EXISTS FOR (e:MergeEvent) REQUIRE e.id IS UNIQUE',
  'CREATE INDEX merge_event_at IF NOT EXISTS FOR (e:MergeEvent) ON (e.at)',
  'CREATE CONSTRAINT match_model_version IF NOT EXISTS FOR (m:MatchModel) REQUIRE m.version IS UNIQUE',
];

const recordProjection = `r { .key, .source, .sourceId, .observedAt, .ingestedAt, .givenName, .familyName, .fullName, .emails, .phones,
  .addressesJson, .birthDate, .nationalId, .externalIdsJson, .identifierKeys }`;
const customerProjection = `c { .id, .createdAt, .updatedAt, .givenName, .familyName, .fullName, .emails, .phones, .addressesJson,
  .birthDate, .provenanceJson, .recordFactsJson, .sourceKeys, .identifierKeys, .mergedInto }`;

/**
 * Lists of strings go to the server as one string, split there: the JavaScript driver encodes one
 * long string many times faster than thousands of short ones (the bulk of a batch's parameters).
 * Validated records hold no control characters, so the separator never occurs in a key.
 */
const LIST_SEPARATOR = '\u001f';

export function packList(values: readonly string[]): string {
  for (const value of values) {
    if (value.includes(LIST_SEPARATOR)) throw new TypeError(`a key holds the list separator U+001F: ${JSON.stringify(value.slice(0, 40))}`);
  }
  return values.join(LIST_SEPARATOR);
}

/** The Cypher that unpacks a `packList` parameter (an empty string is an empty list). */
const unpack = (parameter: string) => `CASE ${parameter} WHEN '' THEN [] ELSE split(${parameter}, '${LIST_SEPARATOR}') END`;

/**
 * A record's version, to tell whether a copy held in memory is current: every write of a record
 * sets `ingestedAt`, and a record changes only through a write.
 */
export const recordVersionExpression = `r.observedAt + '|' + coalesce(r.ingestedAt, '')`;

/** Stored versions of records, with the customer each belongs to. */
export function findRecordVersions(keys: readonly string[]): Statement {
  return {
    cypher: `UNWIND ${unpack('$keys')} AS recordKey
      MATCH (r:SourceRecord {key: recordKey})
      OPTIONAL MATCH (r)-[:BELONGS_TO]->(c:Customer)
      RETURN r.key AS key, r.observedAt AS observedAt, c.id AS customerId`,
    params: { keys: packList(keys) },
  };
}

/**
 * The probe blocks that exist with their sizes (the degree of each block's node), and the
 * distinct records of those no larger than `maxBlockSize` with their versions: one row of four
 * lists, each block sought and counted once. The records themselves are read only where no
 * current copy is held (`findRecords`); their customers only for the few that link
 * (`findClusterMembers`).
 */
export function findBlockCandidates(blockKeys: readonly string[], maxBlockSize: number): Statement {
  return {
    cypher: `UNWIND ${unpack('$blockKeys')} AS blockKey
      MATCH (b:BlockKey {key: blockKey})
      WITH b, COUNT { (b)<-[:IN_BLOCK]-() } AS size
      WITH collect(b.key) AS keys, collect(size) AS sizes, collect(CASE WHEN size <= $maxBlockSize THEN b END) AS small
      CALL { WITH small
        UNWIND small AS b
        MATCH (b)<-[:IN_BLOCK]-(r:SourceRecord)
        WITH DISTINCT r
        RETURN collect(r.key) AS memberKeys, collect(${recordVersionExpression}) AS memberVersions }
      RETURN keys, sizes, memberKeys, memberVersions`,
    params: { blockKeys: packList(blockKeys), maxBlockSize },
  };
}

/** The Cypher that yields `c`, each customer named by `$ids` or holding a record of `$viaKeys`, once. */
const customersByIdOrRecord = `CALL {
        UNWIND $ids AS customerId MATCH (c:Customer {id: customerId}) RETURN c
        UNION
        UNWIND ${unpack('$viaKeys')} AS recordKey MATCH (:SourceRecord {key: recordKey})-[:BELONGS_TO]->(c:Customer) RETURN c
      }`;

/**
 * The records (key and version) of some customers — named by id, or holding one of `viaRecordKeys`
 * — each with its customer, its accepted links (outgoing, so each link is read once) and the
 * records it must never be linked with.
 */
export function findClusterMembers(customerIds: readonly string[], viaRecordKeys: readonly string[] = []): Statement {
  return {
    cypher: `${customersByIdOrRecord}
      MATCH (c)<-[:BELONGS_TO]-(r:SourceRecord)
      RETURN c.id AS customerId, c.createdAt AS customerCreatedAt, r.key AS key, ${recordVersionExpression} AS version,
        [(r)-[l:LINKED]->(o:SourceRecord) | { b: o.key, probability: l.probability, matchWeight: l.matchWeight, decidedBy: l.decidedBy }] AS links,
        [(r)-[:CANNOT_LINK]-(x:SourceRecord) | x.key] AS cannotLinks`,
    params: { ids: customerIds, viaKeys: packList(viaRecordKeys) },
  };
}

/** Records the given records must never be linked with (steward decisions), as pairs. */
export function findCannotLinks(recordKeys: readonly string[]): Statement {
  return {
    cypher: `UNWIND $keys AS recordKey
      MATCH (r:SourceRecord {key: recordKey})-[:CANNOT_LINK]-(x:SourceRecord)
      RETURN r.key AS a, x.key AS b`,
    params: { keys: recordKeys },
  };
}

/** Customers merged into the given ones (as `findClusterMembers` names them), with the records they held when merged (to restore an id on unmerge). */
export function findMergedAliases(customerIds: readonly string[], viaRecordKeys: readonly string[] = []): Statement {
  return {
    cypher: `${customersByIdOrRecord}
      MATCH (alias:Customer {mergedInto: c.id})
      WHERE alias.recordKeysAtMerge IS NOT NULL
      RETURN alias.id AS id, alias.createdAt AS createdAt, alias.recordKeysAtMerge AS recordKeys`,
    params: { ids: customerIds, viaKeys: packList(viaRecordKeys) },
  };
}

export interface ResolutionWriteParams {
  records: readonly { key: string; identifierKeys: readonly string[]; blockKeys: readonly string[]; props: Record<string, unknown> }[];
  aliases: readonly { id: string; survivorId: string; recordKeys: readonly string[] }[];
  customers: readonly Record<string, unknown>[];
  links: readonly Record<string, unknown>[];
  unlinks: readonly { a: string; b: string }[];
  cannotLinks: readonly Record<string, unknown>[];
  reviews: readonly Record<string, unknown>[];
  events: readonly object[];
  at: string;
}

/**
 * The statements that apply a planned resolution, in order, skipping parts with nothing to
 * write: records (their old identifier, block and link edges replaced), identifier and block
 * edges, unlinks, aliases, customers, links, cannot-link constraints, review items, history.
 */
export function writeResolution(write: ResolutionWriteParams): Statement[] {
  const statements: Statement[] = [];
  const add = (list: readonly unknown[], cypher: string, params: Record<string, unknown>) => {
    if (list.length > 0) statements.push({ cypher, params: { ...params, at: write.at } });
  };
  add(
    write.records,
    `UNWIND $records AS rec
      MERGE (r:SourceRecord {key: rec.key})
      SET r += rec.props
      WITH r
      CALL { WITH r MATCH (r)-[old:HAS_IDENTIFIER|IN_BLOCK|LINKED]-() DELETE old }`,
    { records: write.records.map((r) => ({ key: r.key, props: r.props })) },
  );
  // One row per record with its keys packed: a batch has about ten block keys per record.
  const edges = write.records.map((r) => ({ key: r.key, identifierKeys: packList(r.identifierKeys), blockKeys: packList(r.blockKeys) }));
  add(
    write.records,
    `UNWIND $records AS rec
      MATCH (r:SourceRecord {key: rec.key})
      CALL { WITH r, rec
        UNWIND ${unpack('rec.identifierKeys')} AS identifierKey
        MERGE (i:Identifier {key: identifierKey})
          ON CREATE SET i.type = split(identifierKey, ':')[0], i.value = substring(identifierKey, size(split(identifierKey, ':')[0]) + 1)
        CREATE (r)-[:HAS_IDENTIFIER]->(i) }
      CALL { WITH r, rec
        UNWIND ${unpack('rec.blockKeys')} AS blockKey
        MERGE (b:BlockKey {key: blockKey})
        CREATE (r)-[:IN_BLOCK]->(b) }`,
    { records: edges },
  );
  add(
    write.unlinks,
    `UNWIND $unlinks AS u
      MATCH (:SourceRecord {key: u.a})-[l:LINKED]-(:SourceRecord {key: u.b}) DELETE l`,
    { unlinks: write.unlinks },
  );
  add(
    write.aliases,
    `UNWIND $aliases AS alias
      MATCH (c:Customer {id: alias.id})
      CALL { WITH c MATCH (c)<-[old:BELONGS_TO]-() DELETE old }
      SET c.mergedInto = alias.survivorId, c.updatedAt = $at, c.recordKeysAtMerge = alias.recordKeys,
          c.givenName = null, c.familyName = null, c.fullName = null, c.emails = null, c.phones = null,
          c.addressesJson = null, c.birthDate = null, c.provenanceJson = null, c.recordFactsJson = null, c.sourceKeys = [], c.identifierKeys = []
      WITH alias
      CALL { WITH alias MATCH (earlier:Customer {mergedInto: alias.id}) SET earlier.mergedInto = alias.survivorId }`,
    { aliases: write.aliases },
  );
  add(
    write.customers,
    `UNWIND $customers AS cus
      MERGE (c:Customer {id: cus.id})
        ON CREATE SET c.createdAt = cus.createdAt
      SET c += cus.golden, c.updatedAt = $at, c.mergedInto = null, c.recordKeysAtMerge = null
      WITH c, cus
      UNWIND cus.recordKeys AS recordKey
      MATCH (r:SourceRecord {key: recordKey})
      CALL { WITH r, c MATCH (r)-[old:BELONGS_TO]->(other) WHERE other <> c DELETE old }
      MERGE (r)-[:BELONGS_TO]->(c)`,
    { customers: write.customers },
  );
  add(
    write.links,
    `UNWIND $links AS link
      MATCH (a:SourceRecord {key: link.a})
      MATCH (b:SourceRecord {key: link.b})
      MERGE (a)-[l:LINKED]->(b)
      SET l.probability = link.probability, l.matchWeight = link.matchWeight, l.decidedBy = link.decidedBy, l.at = $at`,
    { links: write.links },
  );
  add(
    write.cannotLinks,
    `UNWIND $cannotLinks AS x
      MATCH (a:SourceRecord {key: x.a})
      MATCH (b:SourceRecord {key: x.b})
      MERGE (a)-[c:CANNOT_LINK]->(b)
      SET c.at = $at, c.actor = x.actor, c.reason = x.reason`,
    { cannotLinks: write.cannotLinks },
  );
  add(
    write.reviews,
    `UNWIND $reviews AS rv
      MERGE (q:ReviewItem {pair: rv.pair})
        ON CREATE SET q.id = rv.id, q.a = rv.a, q.b = rv.b, q.status = 'OPEN', q.createdAt = $at
      WITH q, rv WHERE q.status = 'OPEN'
      SET q.probability = rv.probability, q.matchWeight = rv.matchWeight, q.reason = rv.reason, q.updatedAt = $at`,
    { reviews: write.reviews },
  );
  add(write.events, `UNWIND $events AS ev CREATE (e:MergeEvent) SET e = ev`, { events: write.events });
  return statements;
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
    cypher: `UNWIND ${unpack('$keys')} AS key MATCH (r:SourceRecord {key: key})
      OPTIONAL MATCH (r)-[:BELONGS_TO]->(c:Customer)
      RETURN key, ${recordProjection} AS record, c.id AS customerId`,
    params: { keys: packList(keys) },
  };
}

/** Records by key, without their customers (resolution reads customers only where it needs them). */
export function findRecords(keys: readonly string[]): Statement {
  return {
    cypher: `UNWIND ${unpack('$keys')} AS key MATCH (r:SourceRecord {key: key}) RETURN ${recordProjection} AS record`,
    params: { keys: packList(keys) },
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

/** Stores a trained model (JSON) under its version; `activate` makes it the one ingestion uses. */
export function saveMatchModel(version: string, json: string, createdAt: string, activate: boolean): Statement {
  return {
    cypher: `MERGE (m:MatchModel {version: $version})
      ON CREATE SET m.json = $json, m.createdAt = $createdAt, m.active = false
      WITH m
      CALL { WITH m WITH m WHERE $activate MATCH (other:MatchModel) WHERE other.active AND other.version <> m.version SET other.active = false }
      SET m.active = CASE WHEN $activate THEN true ELSE m.active END
      RETURN m.version AS version`,
    params: { version, json, createdAt, activate },
  };
}

export function findMatchModels(): Statement {
  return { cypher: `MATCH (m:MatchModel) RETURN m.version AS version, m.createdAt AS createdAt, m.active AS active, m.json AS json ORDER BY m.createdAt DESC`, params: {} };
}

/** Review items by status, oldest first, after an exclusive cursor id. */
export function findReviewItems(status: string | null, first: number, after: string): Statement {
  return {
    cypher: `MATCH (q:ReviewItem) WHERE ($status IS NULL OR q.status = $status) AND q.id > $after
      OPTIONAL MATCH (a:SourceRecord {key: q.a})-[:BELONGS_TO]->(ca:Customer)
      OPTIONAL MATCH (b:SourceRecord {key: q.b})-[:BELONGS_TO]->(cb:Customer)
      RETURN q { .* } AS item, ca.id AS customerA, cb.id AS customerB ORDER BY q.id LIMIT toInteger($limit)`,
    params: { status, after, limit: first + 1 },
  };
}

export function findReviewItem(id: string): Statement {
  return { cypher: `MATCH (q:ReviewItem {id: $id}) RETURN q { .* } AS item`, params: { id } };
}

/** Records a steward's decision on an open review item; returns nothing when it is not open. */
export function decideReviewItem(id: string, status: 'APPROVED' | 'REJECTED', actor: string, note: string | null, at: string): Statement {
  return {
    cypher: `MATCH (q:ReviewItem {id: $id}) WHERE q.status = 'OPEN'
      SET q.status = $status, q.decidedBy = $actor, q.decidedAt = $at, q.note = $note
      RETURN q { .* } AS item`,
    params: { id, status, actor, note, at },
  };
}

/** Decided review items since a time, for accuracy monitoring. */
export function findReviewDecisions(since: string): Statement {
  return {
    cypher: `MATCH (q:ReviewItem) WHERE q.status IN ['APPROVED', 'REJECTED'] AND q.decidedAt >= $since
      RETURN substring(q.decidedAt, 0, 10) AS day, q.status AS status, count(*) AS n ORDER BY day`,
    params: { since },
  };
}

/** History events that name any of the given customer ids, newest first. */
export function findHistory(customerIds: readonly string[]): Statement {
  return {
    cypher: `UNWIND $ids AS id
      MATCH (e:MergeEvent) WHERE id IN e.customerIds
      RETURN id, e { .* } AS event ORDER BY e.at DESC`,
    params: { ids: customerIds },
  };
}

export function findMergeEvent(id: string): Statement {
  return { cypher: `MATCH (e:MergeEvent {id: $id}) RETURN e { .* } AS event`, params: { id } };
}

/** Stored links of the given customers' records (explanations). */
export function findLinksOfCustomers(customerIds: readonly string[]): Statement {
  return {
    cypher: `UNWIND $ids AS id
      MATCH (:Customer {id: id})<-[:BELONGS_TO]-(r:SourceRecord)-[l:LINKED]->(o:SourceRecord)
      RETURN id AS customerId, r.key AS a, o.key AS b, l.probability AS probability, l.matchWeight AS matchWeight, l.decidedBy AS decidedBy, l.at AS at
      ORDER BY a, b`,
    params: { ids: customerIds },
  };
}

export function countReviewItems(status: string): Statement {
  return { cypher: `MATCH (q:ReviewItem) WHERE q.status = $status RETURN count(q) AS total`, params: { status } };
}

/** Every stored record, for training (read in pages by key). */
export function findRecordPage(afterKey: string, limit: number): Statement {
  return {
    cypher: `MATCH (r:SourceRecord) WHERE r.key > $after WITH r ORDER BY r.key LIMIT toInteger($limit) RETURN ${recordProjection} AS record`,
    params: { after: afterKey, limit },
  };
}
