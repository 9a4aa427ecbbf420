/**
 * Cypher for the identity graph, as data: each function returns `{ cypher, params }`, always
 * parameterised (STYLE: neo4j/graphql). Run by `IdentityRepository`.
 *
 * Graph: (:SourceRecord)-[:IN_BLOCK]->(:BlockKey), (:SourceRecord)-[:BELONGS_TO]->(:Customer).
 * A record's block keys are every key it is found by: its identifier keys (`email:…`, `phone:…`,
 * `crm:C-1001`, also its `identifierKeys` property) and its blocking keys (`f:smith`, …; the two
 * overlap, see `matching/blockingKeys.ts`), one node per key, so each is written once.
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

/**
 * Brings a store written before identifiers and blocking keys shared their nodes (commit
 * "Identity store: a record's identifiers are its block keys") to the current shape, in
 * transactions of 1,000 keys; each statement does nothing on a current store. Identifier nodes
 * become block keys with the same key; the old blocking keys that repeated an identifier
 * (`e:<e-mail>`, `p:<phone>`, `k:<record id>`) take its form (`email:…`, `phone:…`, `crm:…`).
 * Run by `IdentityRepository.ensureSchema` after `schemaStatements`, outside any transaction.
 */
export const legacyKeyMigration: readonly string[] = [
  `MATCH (i:Identifier)
    CALL { WITH i
      MERGE (b:BlockKey {key: i.key})
      WITH i, b
      FOREACH (r IN [(r:SourceRecord)-[:HAS_IDENTIFIER]->(i) | r] | MERGE (r)-[:IN_BLOCK]->(b))
      DETACH DELETE i } IN TRANSACTIONS OF 1000 ROWS`,
  `UNWIND [['e:', 'email:'], ['p:', 'phone:'], ['k:', '']] AS rename
    MATCH (old:BlockKey) WHERE old.key STARTS WITH rename[0]
    CALL { WITH old, rename
      MERGE (b:BlockKey {key: rename[1] + substring(old.key, size(rename[0]))})
      WITH old, b
      FOREACH (r IN [(r:SourceRecord)-[:IN_BLOCK]->(old) | r] | MERGE (r)-[:IN_BLOCK]->(b))
      DETACH DELETE old } IN TRANSACTIONS OF 1000 ROWS`,
  'DROP CONSTRAINT identifier_key IF EXISTS',
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
  const packed = values.join(LIST_SEPARATOR);
  if (!holdsSeparatorsOnlyBetween(packed, LIST_SEPARATOR, values.length)) {
    const value = values.find((v) => v.includes(LIST_SEPARATOR))!;
    throw new TypeError(`a key holds the list separator U+001F: ${JSON.stringify(value.slice(0, 40))}`);
  }
  return packed;
}

/**
 * Whether `joined`, made of `count` values joined by `separator`, holds it only between them:
 * one scan of the joined text instead of one per value (a batch packs some 40,000 values).
 */
function holdsSeparatorsOnlyBetween(joined: string, separator: string, count: number): boolean {
  let found = 0;
  for (let at = joined.indexOf(separator); at !== -1; at = joined.indexOf(separator, at + 1)) found += 1;
  return found === Math.max(0, count - 1);
}

/** The Cypher that unpacks a `packList` parameter (an empty string is an empty list). */
const unpack = (parameter: string) => `CASE ${parameter} WHEN '' THEN [] ELSE split(${parameter}, '${LIST_SEPARATOR}') END`;

/** Separates a list's items within one packed column value (`packColumns`). */
const ITEM_SEPARATOR = '\u001e';

/** How a column is packed: `text` always present, `optional` absent as '' (null), `list` items joined by U+001E. */
export type ColumnKind = 'text' | 'optional' | 'list';

/**
 * Rows as packed columns: one string per column, rows joined by U+001F, list items by U+001E —
 * a batch's 20,000 values reach the server as a dozen strings (see `packList`). A row may hold
 * only the columns named; empty strings are stored as absent. `unpackColumns` is the Cypher that
 * turns them back into one row per index `row`, with `column(name)` as each value.
 */
export function packColumns(rows: readonly Record<string, unknown>[], columns: Readonly<Record<string, ColumnKind>>): Record<string, string> {
  const names = Object.keys(columns);
  const packed: Record<string, string[]> = Object.fromEntries(names.map((name) => [name, []]));
  for (const row of rows) {
    for (const name in row) if (!(name in columns)) throw new TypeError(`packColumns: no column for '${name}'`);
    for (const name of names) {
      const value = row[name];
      const kind = columns[name]!;
      let text: string;
      if (kind === 'list') {
        const items = (value ?? []) as readonly string[];
        text = items.join(ITEM_SEPARATOR);
        if (!holdsSeparatorsOnlyBetween(text, ITEM_SEPARATOR, items.length)) throw new TypeError(`packColumns: '${name}' holds the item separator U+001E`);
      } else if (value === null || value === undefined) {
        if (kind === 'text') throw new TypeError(`packColumns: '${name}' is required`);
        text = '';
      } else text = String(value);
      packed[name]!.push(text);
    }
  }
  return Object.fromEntries(names.map((name) => [name, packList(packed[name]!)]));
}

/** The Cypher that unpacks `packColumns` output held in `parameter` into rows (one per `row`) and reads each column. */
export function unpackColumns(parameter: string, columns: Readonly<Record<string, ColumnKind>>): { rows: string; column: (name: string) => string } {
  const names = Object.keys(columns);
  const first = names.find((name) => columns[name] === 'text')!;
  const rows = `WITH ${names.map((name) => `split(${parameter}.${name}, '${LIST_SEPARATOR}') AS col_${name}`).join(', ')}
      UNWIND range(0, size(col_${first}) - 1) AS row`;
  const column = (name: string) => {
    const kind = columns[name];
    if (kind === undefined) throw new TypeError(`unpackColumns: no column '${name}'`);
    if (kind === 'text') return `col_${name}[row]`;
    if (kind === 'optional') return `CASE col_${name}[row] WHEN '' THEN null ELSE col_${name}[row] END`;
    return `CASE col_${name}[row] WHEN '' THEN [] ELSE split(col_${name}[row], '${ITEM_SEPARATOR}') END`;
  };
  return { rows, column };
}

/**
 * A record's version, to tell whether a copy held in memory is current: every write of a record
 * sets `ingestedAt`, and a record changes only through a write.
 */
export const recordVersionExpression = `r.observedAt + '|' + coalesce(r.ingestedAt, '')`;

/**
 * Prefix of the statements every resolution runs: keep the cached plan when the store's
 * statistics drift. Neo4j otherwise re-plans a statement (50–450 ms each, measured with EXPLAIN
 * on a warm server) whenever its statistics have moved far enough, which during a bulk load was
 * every 10–25 s per statement. A kept plan must suit any store size, down to the empty one it may
 * be made on: every node is found by a named index, and every expansion from a bound node is a
 * pattern comprehension, which the planner cannot turn into a label scan. (Without that, the
 * cluster-state statements sometimes kept plans that took 12 s over 13,000 records instead of
 * 1.2 s.) `plans.int.test.ts` checks each plan made on an empty store.
 */
export const KEEP_PLAN = 'CYPHER replan=skip ';
// Every list these statements take goes packed (`packList`): the server caches a plan per
// statement and parameter types, and a packed list has one type whatever it holds, even nothing.

/** Stored versions of records, with the customer each belongs to. */
export function findRecordVersions(keys: readonly string[]): Statement {
  return {
    cypher: `${KEEP_PLAN}UNWIND ${unpack('$keys')} AS recordKey
      MATCH (r:SourceRecord {key: recordKey}) USING INDEX r:SourceRecord(key)
      RETURN r.key AS key, r.observedAt AS observedAt, [(r)-[:BELONGS_TO]->(c:Customer) | c.id][0] AS customerId`,
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
    cypher: `${KEEP_PLAN}UNWIND ${unpack('$blockKeys')} AS blockKey
      MATCH (b:BlockKey {key: blockKey}) USING INDEX b:BlockKey(key)
      WITH b, COUNT { (b)<-[:IN_BLOCK]-() } AS size
      WITH collect(b.key) AS keys, collect(size) AS sizes, collect(CASE WHEN size <= $maxBlockSize THEN b END) AS small
      CALL { WITH small
        UNWIND small AS b
        UNWIND [(b)<-[:IN_BLOCK]-(r:SourceRecord) | r] AS r
        WITH DISTINCT r
        RETURN collect(r.key) AS memberKeys, collect(${recordVersionExpression}) AS memberVersions }
      RETURN keys, sizes, memberKeys, memberVersions`,
    params: { blockKeys: packList(blockKeys), maxBlockSize },
  };
}

/** The Cypher that yields `customerId`, each id in `$ids` or of a customer holding a record of `$viaKeys`, once. */
const customerIdsByIdOrRecord = `UNWIND ${unpack('$viaKeys')} AS viaKey
      MATCH (via:SourceRecord {key: viaKey}) USING INDEX via:SourceRecord(key)
      UNWIND [(via)-[:BELONGS_TO]->(owner:Customer) | owner.id] AS ownerId
      WITH collect(ownerId) AS ownerIds
      UNWIND ${unpack('$ids')} + ownerIds AS customerId
      WITH DISTINCT customerId`;

/**
 * The records (key and version) of some customers — named by id, or holding one of `viaRecordKeys`
 * — each with its customer, its accepted links (outgoing, so each link is read once) and the
 * records it must never be linked with.
 */
export function findClusterMembers(customerIds: readonly string[], viaRecordKeys: readonly string[] = []): Statement {
  return {
    cypher: `${KEEP_PLAN}${customerIdsByIdOrRecord}
      MATCH (c:Customer {id: customerId}) USING INDEX c:Customer(id)
      UNWIND [(c)<-[:BELONGS_TO]-(r:SourceRecord) | r] AS r
      RETURN c.id AS customerId, c.createdAt AS customerCreatedAt, r.key AS key, ${recordVersionExpression} AS version,
        [(r)-[l:LINKED]->(o:SourceRecord) | { b: o.key, probability: l.probability, matchWeight: l.matchWeight, decidedBy: l.decidedBy }] AS links,
        [(r)-[:CANNOT_LINK]-(x:SourceRecord) | x.key] AS cannotLinks`,
    params: { ids: packList(customerIds), viaKeys: packList(viaRecordKeys) },
  };
}

/** Records the given records must never be linked with (steward decisions), as pairs. */
export function findCannotLinks(recordKeys: readonly string[]): Statement {
  return {
    cypher: `${KEEP_PLAN}UNWIND ${unpack('$keys')} AS recordKey
      MATCH (r:SourceRecord {key: recordKey}) USING INDEX r:SourceRecord(key)
      UNWIND [(r)-[:CANNOT_LINK]-(x:SourceRecord) | x.key] AS b
      RETURN r.key AS a, b`,
    params: { keys: packList(recordKeys) },
  };
}

/**
 * Customers merged into the given ones (as `findClusterMembers` names them), with the records they
 * held when merged (to restore an id on unmerge).
 */
export function findMergedAliases(customerIds: readonly string[], viaRecordKeys: readonly string[] = []): Statement {
  return {
    cypher: `${KEEP_PLAN}${customerIdsByIdOrRecord}
      MATCH (alias:Customer) USING INDEX alias:Customer(mergedInto)
      WHERE alias.mergedInto = customerId AND alias.recordKeysAtMerge IS NOT NULL
      RETURN alias.id AS id, alias.createdAt AS createdAt, alias.recordKeysAtMerge AS recordKeys`,
    params: { ids: packList(customerIds), viaKeys: packList(viaRecordKeys) },
  };
}

/** A record row of `writeResolution`: its stored properties, with its block keys (identifier and blocking keys, written as edges, not a property). */
export const recordColumns: Readonly<Record<string, ColumnKind>> = {
  key: 'text', source: 'text', sourceId: 'text', observedAt: 'text', ingestedAt: 'text',
  givenName: 'optional', familyName: 'optional', fullName: 'optional', emails: 'list', phones: 'list', addressesJson: 'text',
  birthDate: 'optional', nationalId: 'optional', externalIdsJson: 'text', identifierKeys: 'list', blockKeys: 'list',
};

/**
 * A customer row of `writeResolution`: its id, creation time and golden properties, with the keys
 * of the records that join it (not stored as its own: new, or moved from another customer). A
 * record stored as its member keeps its edge: only joining records are sought and linked.
 */
export const customerColumns: Readonly<Record<string, ColumnKind>> = {
  id: 'text', createdAt: 'text', joiningKeys: 'list',
  givenName: 'optional', familyName: 'optional', fullName: 'optional', emails: 'list', phones: 'list', addressesJson: 'text',
  birthDate: 'optional', provenanceJson: 'text', recordFactsJson: 'text', sourceKeys: 'list', identifierKeys: 'list',
};

export interface ResolutionWriteParams {
  records: readonly Record<string, unknown>[];
  aliases: readonly { id: string; survivorId: string; recordKeys: readonly string[] }[];
  customers: readonly Record<string, unknown>[];
  links: readonly Record<string, unknown>[];
  unlinks: readonly { a: string; b: string }[];
  cannotLinks: readonly Record<string, unknown>[];
  reviews: readonly Record<string, unknown>[];
  events: readonly object[];
  at: string;
}

/** `SET` assignments of every column but the excluded ones, onto `variable`. */
function setColumns(variable: string, columns: Readonly<Record<string, ColumnKind>>, column: (name: string) => string, exclude: readonly string[]): string {
  return Object.keys(columns)
    .filter((name) => !exclude.includes(name))
    .map((name) => `${variable}.${name} = ${column(name)}`)
    .join(', ');
}

/**
 * The first statement of `writeResolution`: records (`recordColumns` rows) with their block edges,
 * old block and link edges replaced. Also sent on its own, ahead of the rest of a resolution's writes.
 */
export function writeRecords(records: readonly Record<string, unknown>[], at: string): Statement {
  const rows = unpackColumns('$records', recordColumns);
  return {
    cypher: KEEP_PLAN + `${rows.rows}
      MERGE (r:SourceRecord {key: ${rows.column('key')}})
      SET ${setColumns('r', recordColumns, rows.column, ['key', 'blockKeys'])}
      WITH r, ${rows.column('blockKeys')} AS blockKeys
      FOREACH (old IN [(r)-[old:IN_BLOCK|LINKED]-() | old] | DELETE old)
      WITH r, blockKeys
      CALL { WITH r, blockKeys
        UNWIND blockKeys AS blockKey
        MERGE (b:BlockKey {key: blockKey})
        CREATE (r)-[:IN_BLOCK]->(b) }`,
    params: { records: packColumns(records, recordColumns), at },
  };
}

/**
 * The statements that apply a planned resolution, in order, skipping parts with nothing to
 * write: records with their block edges (old block and link edges replaced), unlinks, aliases, customers, links, cannot-link constraints, review items, history.
 * Records and customers travel as packed columns (`packColumns`).
 */
export function writeResolution(write: ResolutionWriteParams): Statement[] {
  const statements: Statement[] = [];
  const add = (list: readonly unknown[], cypher: string, params: Record<string, unknown>) => {
    if (list.length > 0) statements.push({ cypher: KEEP_PLAN + cypher, params: { ...params, at: write.at } });
  };
  if (write.records.length > 0) statements.push(writeRecords(write.records, write.at));
  add(
    write.unlinks,
    `UNWIND $unlinks AS u
      MATCH (a:SourceRecord {key: u.a}) USING INDEX a:SourceRecord(key)
      MATCH (b:SourceRecord {key: u.b}) USING INDEX b:SourceRecord(key)
      FOREACH (l IN [(a)-[l:LINKED]-(b) | l] | DELETE l)`,
    { unlinks: write.unlinks },
  );
  add(
    write.aliases,
    `UNWIND $aliases AS alias
      MATCH (c:Customer {id: alias.id}) USING INDEX c:Customer(id)
      FOREACH (old IN [(c)<-[old:BELONGS_TO]-() | old] | DELETE old)
      SET c.mergedInto = alias.survivorId, c.updatedAt = $at, c.recordKeysAtMerge = alias.recordKeys,
          c.givenName = null, c.familyName = null, c.fullName = null, c.emails = null, c.phones = null,
          c.addressesJson = null, c.birthDate = null, c.provenanceJson = null, c.recordFactsJson = null, c.sourceKeys = [], c.identifierKeys = []
      WITH alias
      CALL { WITH alias
        MATCH (earlier:Customer) USING INDEX earlier:Customer(mergedInto) WHERE earlier.mergedInto = alias.id
        SET earlier.mergedInto = alias.survivorId }`,
    { aliases: write.aliases },
  );
  const customers = unpackColumns('$customers', customerColumns);
  add(
    write.customers,
    `${customers.rows}
      MERGE (c:Customer {id: ${customers.column('id')}})
        ON CREATE SET c.createdAt = ${customers.column('createdAt')}
      SET ${setColumns('c', customerColumns, customers.column, ['id', 'createdAt', 'joiningKeys'])}, c.updatedAt = $at, c.mergedInto = null, c.recordKeysAtMerge = null
      WITH c, ${customers.column('joiningKeys')} AS joiningKeys
      UNWIND joiningKeys AS recordKey
      MATCH (r:SourceRecord {key: recordKey}) USING INDEX r:SourceRecord(key)
      FOREACH (old IN [(r)-[old:BELONGS_TO]->(other) WHERE other <> c | old] | DELETE old)
      MERGE (r)-[:BELONGS_TO]->(c)`,
    { customers: packColumns(write.customers, customerColumns) },
  );
  add(
    write.links,
    `UNWIND $links AS link
      MATCH (a:SourceRecord {key: link.a}) USING INDEX a:SourceRecord(key)
      MATCH (b:SourceRecord {key: link.b}) USING INDEX b:SourceRecord(key)
      MERGE (a)-[l:LINKED]->(b)
      SET l.probability = link.probability, l.matchWeight = link.matchWeight, l.decidedBy = link.decidedBy, l.at = $at`,
    { links: write.links },
  );
  add(
    write.cannotLinks,
    `UNWIND $cannotLinks AS x
      MATCH (a:SourceRecord {key: x.a}) USING INDEX a:SourceRecord(key)
      MATCH (b:SourceRecord {key: x.b}) USING INDEX b:SourceRecord(key)
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

/**
 * The customer of a record carrying each identifier key. A key node also gathers records whose
 * blocking key it is without being their identifier (an address with dots Gmail ignores, under
 * its dotless form): `identifierKeys` tells which records carry it.
 */
export function findCustomerIdsByIdentifierKeys(keys: readonly string[]): Statement {
  return {
    cypher: `UNWIND $keys AS key
      MATCH (:BlockKey {key: key})<-[:IN_BLOCK]-(r:SourceRecord)-[:BELONGS_TO]->(c:Customer)
      WHERE key IN r.identifierKeys
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
    cypher: `${KEEP_PLAN}UNWIND ${unpack('$keys')} AS key MATCH (r:SourceRecord {key: key}) USING INDEX r:SourceRecord(key) RETURN ${recordProjection} AS record`,
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
