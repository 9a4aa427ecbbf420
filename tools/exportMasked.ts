/**
 * `npm run export:masked -- [--out <dir>]`: a pseudonymised copy of the stores' customer data for
 * a test environment (default directory `<dataDir>/export-masked`, i.e. `.data/export-masked`).
 * Reads Neo4j (NEO4J_URI, or the local launcher on `<dataDir>/neo4j`) and the SQL store
 * (DATABASE_URL, or PGlite under `<dataDir>/postgres`). With the embedded stores, stop c360 first:
 * each of them opens in one process at a time. Progress goes to stderr; a failure exits 1.
 */
import { realpathSync } from 'node:fs';
import { mkdir, open, rm, writeFile, type FileHandle } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { Driver } from 'neo4j-driver';
import { resolvePartKeys } from '../lib/auth/resolvePartKeys.ts';
import { loadConfig, redactUrl } from '../lib/config.ts';
import { sqlTimestamp } from '../lib/dates.ts';
import { createDatabase, pgliteDirIn, type Database, type Queryable } from '../lib/db/index.ts';
import { normalizeEmail, normalizePhone } from '../lib/keys.ts';
import { createNeo4jDriver } from '../lib/neo4j/createNeo4jDriver.ts';
import { startLocalNeo4j, type LocalNeo4j } from '../lib/neo4j/startLocalNeo4j.ts';
import { maskValue } from '../lib/sensitivity/index.ts';

export interface ExportMaskedOptions {
  driver: Driver;
  db: Queryable;
  /** The source environment's HASH-mask key (`resolvePartKeys(config).hash`). */
  hashKey: string;
  /** Created when missing; the four files in it are replaced. */
  outDir: string;
  /** Progress lines (counts only, never values). */
  log?: (message: string) => void;
  /** Region for reading national phone numbers, as at ingestion (`config.defaultRegion`); default `GB`. */
  region?: string;
  /** The Neo4j database; default the server's default database. */
  database?: string | null;
  /** Rows read per round trip; default 1000. */
  pageSize?: number;
}

export interface ExportManifest {
  format: 'c360-export-masked/1';
  createdAt: string;
  counts: { sourceRecords: number; consents: number; orders: number };
  files: { sourceRecords: string; consents: string; orders: string };
  pseudonyms: string;
  /** How each exported field was treated, and the catalog field (`Type.field`) whose data it is. */
  fields: { field: string; feeds: string; treatment: string }[];
}

const files = { sourceRecords: 'source-records.jsonl', consents: 'consents.jsonl', orders: 'orders.jsonl' } as const;
const manifestFile = 'manifest.json';

/**
 * Mail to a pseudonymised address must never be delivered: `.invalid` is reserved for that
 * (RFC 2606). The address shape is kept so a replay through `ingestSourceRecords` and
 * `recordConsents` still links records and consents by e-mail.
 */
const pseudonymDomain = 'pseudonym.invalid';

const treatments: ExportManifest['fields'] = [
  { field: 'SourceRecordInput.sourceId', feeds: 'SourceRecord.sourceId', treatment: 'HASH' },
  { field: 'SourceRecordInput.givenName', feeds: 'SourceRecord.givenName', treatment: 'HASH (initials would make every J. the same person)' },
  { field: 'SourceRecordInput.familyName', feeds: 'SourceRecord.familyName', treatment: 'HASH' },
  { field: 'SourceRecordInput.fullName', feeds: 'SourceRecord.fullName', treatment: 'HASH' },
  { field: 'SourceRecordInput.emails', feeds: 'SourceRecord.emails', treatment: `HASH of the normalised address, as <token>@${pseudonymDomain}; a value that is not an address stays a bare token` },
  {
    field: 'SourceRecordInput.phones',
    feeds: 'SourceRecord.phones',
    treatment: 'HASH of the E.164 number (of the trimmed value when it is not a valid number); no number range is both valid and safe to invent, so on replay a phone links nothing and a phone: consent key is rejected',
  },
  { field: 'SourceRecordInput.birthDate', feeds: 'SourceRecord.birthDate', treatment: 'DATE_YEAR, as <year>-01-01' },
  { field: 'AddressInput.line1', feeds: 'Address.line1', treatment: 'HASH' },
  { field: 'AddressInput.line2', feeds: 'Address.line2', treatment: 'HASH' },
  { field: 'AddressInput.city', feeds: 'Address.city', treatment: 'HASH' },
  { field: 'AddressInput.postalCode', feeds: 'Address.postalCode', treatment: 'POSTCODE' },
  { field: 'AddressInput.region', feeds: 'Address.region', treatment: 'kept (no mask declared)' },
  { field: 'AddressInput.country', feeds: 'Address.country', treatment: 'kept (no mask declared)' },
  { field: 'ExternalIdInput.value', feeds: 'ExternalId.value', treatment: 'HASH (the same token as the record it names)' },
  { field: 'ConsentInput.subjectKey', feeds: 'Consent.subjectKey', treatment: 'prefix kept, value as for e-mails, phones and source ids' },
  { field: 'ConsentInput.collectionPoint', feeds: 'Consent.collectionPoint', treatment: 'kept (a channel label such as web-signup, not personal data)' },
  { field: 'OrderInput.sourceKey', feeds: 'Order.sourceKey', treatment: 'prefix kept, source id HASH' },
  { field: 'OrderInput.orderId', feeds: 'Order.orderId', treatment: 'HASH (an order id finds the person in the shop system)' },
  { field: 'OrderInput.amount', feeds: 'Order.amount', treatment: 'rounded to whole units, at least 1' },
];

/** The pseudonyms of one export: every identifier goes through the same function wherever it appears. */
function pseudonymizer(hashKey: string, region: string) {
  const hash = (value: string) => maskValue('HASH', value, hashKey);
  const optional = (value: string | null | undefined) => (value === null || value === undefined ? null : hash(value));
  const email = (raw: string) => {
    const normalised = normalizeEmail(raw);
    return normalised ? `${hash(normalised)}@${pseudonymDomain}` : hash(raw.trim());
  };
  const phone = (raw: string) => hash(normalizePhone(raw, region) ?? raw.trim());
  /** `email:<address>`, `phone:<E.164>` or `<source>:<id>`, as the stores keep them (canonical). */
  const key = (raw: string) => {
    const colon = raw.indexOf(':');
    if (colon <= 0) return hash(raw);
    const kind = raw.slice(0, colon);
    const value = raw.slice(colon + 1);
    if (kind === 'email') return `email:${email(value)}`;
    if (kind === 'phone') return `phone:${phone(value)}`;
    return `${kind}:${hash(value)}`;
  };
  const birthDate = (value: string | null) => {
    if (value === null) return null;
    const year = maskValue('DATE_YEAR', value, hashKey);
    return /^\d{4}$/.test(year) ? `${year}-01-01` : null;
  };
  const postcode = (value: string | null | undefined) => (value ? maskValue('POSTCODE', value, hashKey) : null);
  return { hash, optional, email, phone, key, birthDate, postcode };
}

type Pseudonymizer = ReturnType<typeof pseudonymizer>;

interface AddressProps {
  line1?: string | null;
  line2?: string | null;
  city?: string | null;
  region?: string | null;
  postalCode?: string | null;
  country?: string | null;
}

/** A `SourceRecord` node's properties, as the identity repository writes them. */
interface RecordProps {
  key: string;
  source: string;
  sourceId: string;
  observedAt: string;
  givenName: string | null;
  familyName: string | null;
  fullName: string | null;
  emails: string[] | null;
  phones: string[] | null;
  addressesJson: string | null;
  birthDate: string | null;
  externalIdsJson: string | null;
}

const parseList = <T>(json: string | null): T[] => (json ? (JSON.parse(json) as T[]) : []);

function maskRecord(record: RecordProps, p: Pseudonymizer) {
  return {
    source: record.source,
    sourceId: p.hash(record.sourceId),
    observedAt: record.observedAt,
    givenName: p.optional(record.givenName),
    familyName: p.optional(record.familyName),
    fullName: p.optional(record.fullName),
    emails: (record.emails ?? []).map(p.email),
    phones: (record.phones ?? []).map(p.phone),
    addresses: parseList<AddressProps>(record.addressesJson).map((a) => ({
      line1: p.optional(a.line1),
      line2: p.optional(a.line2),
      city: p.optional(a.city),
      region: a.region ?? null,
      postalCode: p.postcode(a.postalCode),
      country: a.country ?? null,
    })),
    birthDate: p.birthDate(record.birthDate),
    externalIds: parseList<{ system: string; value: string }>(record.externalIdsJson).map((e) => ({ system: e.system, value: p.hash(e.value) })),
  };
}

interface ConsentRow {
  id: string;
  subject_key: string;
  purpose: string;
  channel: string;
  status: string;
  legal_basis: string;
  collection_point: string;
  policy_version: string;
  captured_at: Date | string;
  expires_at: Date | string | null;
}

interface OrderRow {
  order_id: string;
  source_key: string;
  placed_at: Date | string;
  amount: number | string;
  currency: string;
  item_count: number | string;
}

const maskConsent = (row: ConsentRow, p: Pseudonymizer) => ({
  subjectKey: p.key(row.subject_key),
  purpose: row.purpose,
  channel: row.channel,
  status: row.status,
  legalBasis: row.legal_basis,
  collectionPoint: row.collection_point,
  policyVersion: row.policy_version,
  capturedAt: sqlTimestamp(row.captured_at),
  // Kept so a lapsed grant stays lapsed in the copy; evidence is not exported (it may hold personal data).
  expiresAt: row.expires_at === null ? null : sqlTimestamp(row.expires_at),
});

const maskOrder = (row: OrderRow, p: Pseudonymizer) => ({
  orderId: p.hash(row.order_id),
  sourceKey: p.key(row.source_key),
  placedAt: sqlTimestamp(row.placed_at),
  // OrderInput wants a positive amount: a 0.40 order stays an order.
  amount: Math.max(1, Math.round(Number(row.amount))),
  currency: row.currency.trim(),
  itemCount: Number(row.item_count),
});

/** Records by key, after an exclusive cursor: keyset paging keeps each read small and the output ordered. */
function recordPage(after: string | null, limit: number) {
  return {
    cypher: `MATCH (r:SourceRecord) WHERE $after IS NULL OR r.key > $after
      RETURN r { .key, .source, .sourceId, .observedAt, .givenName, .familyName, .fullName, .emails, .phones,
        .addressesJson, .birthDate, .externalIdsJson } AS record
      ORDER BY r.key LIMIT toInteger($limit)`,
    params: { after, limit },
  };
}

async function tableExists(db: Queryable, table: string): Promise<boolean> {
  const { rows } = await db.query<{ present: boolean }>('SELECT to_regclass($1) IS NOT NULL AS present', [table]);
  return rows[0]?.present === true;
}

const jsonLines = (items: readonly unknown[]) => items.map((item) => `${JSON.stringify(item)}\n`).join('');

async function writeAll(path: string, fill: (file: FileHandle) => Promise<number>): Promise<number> {
  const file = await open(path, 'w');
  try {
    return await fill(file);
  } finally {
    await file.close();
  }
}

/**
 * Writes a pseudonymised copy of the customer data into `outDir`, one JSON Lines file per kind in
 * the shape of the public mutations' inputs, so it can be replayed into a test environment:
 * `source-records.jsonl` (`SourceRecordInput` plus `source`, for `ingestSourceRecords(source, …)`),
 * `consents.jsonl` (`ConsentInput`), `orders.jsonl` (`OrderInput`), then `manifest.json` last —
 * a directory without a manifest holds an incomplete export.
 *
 * Every identifier and contact value becomes its HASH pseudonym under `hashKey`, applied to the
 * normalised value wherever it appears (a record's e-mail, an identifier, a consent subject key,
 * an external id), so relations survive: the same e-mail gives the same token everywhere. Key
 * prefixes (`email:`, `crm:`) are kept; an e-mail keeps the shape of an address (`h_…@pseudonym.invalid`)
 * so a replay still links by it, while a phone pseudonym is no valid number and links nothing on
 * replay. Names, address lines and cities are hashed, postcodes keep their outward part, birth
 * dates only the year (`1985-01-01`), amounts are rounded to whole units; timestamps are kept.
 * `manifest.fields` lists every treatment. Tokens cannot be reversed without `hashKey`, which
 * must therefore stay out of the test environment (with it, a guessed value can be confirmed).
 *
 * Reads page by page (records by key, events by id, orders by id), so memory stays flat. A SQL
 * table that does not exist yet (a store never migrated) exports as empty. Store errors propagate.
 */
export async function exportMasked(options: ExportMaskedOptions): Promise<ExportManifest> {
  const { driver, db, hashKey, log = () => undefined } = options;
  if (typeof hashKey !== 'string' || hashKey === '') throw new TypeError(`Expected a non-empty hashKey, got ${JSON.stringify(hashKey)}`);
  const pageSize = options.pageSize ?? 1000;
  if (!Number.isInteger(pageSize) || pageSize < 1) throw new TypeError(`Expected pageSize to be a positive integer, got ${String(pageSize)}`);
  const p = pseudonymizer(hashKey, options.region ?? 'GB');
  const outDir = resolve(options.outDir);
  await mkdir(outDir, { recursive: true });
  // A stale manifest would vouch for files this run may leave half written.
  await rm(join(outDir, manifestFile), { force: true });

  const sourceRecords = await writeAll(join(outDir, files.sourceRecords), async (file) => {
    const session = driver.session({ defaultAccessMode: 'READ', ...(options.database ? { database: options.database } : {}) });
    try {
      let count = 0;
      for (let after: string | null = null; ; ) {
        const page = recordPage(after, pageSize);
        const records = await session.executeRead(async (tx) => (await tx.run(page.cypher, page.params)).records.map((r) => r.get('record') as RecordProps));
        await file.write(jsonLines(records.map((record) => maskRecord(record, p))));
        count += records.length;
        if (records.length < pageSize) break;
        after = records[records.length - 1]!.key;
        log(`source records: ${count}…`);
      }
      log(`source records: ${count} written to ${files.sourceRecords}`);
      return count;
    } finally {
      await session.close();
    }
  });

  const consents = await writeAll(join(outDir, files.consents), async (file) => {
    if (!(await tableExists(db, 'consent.events'))) {
      log('consents: no consent.events table, none exported');
      return 0;
    }
    let count = 0;
    for (let after = '0'; ; ) {
      const { rows } = await db.query<ConsentRow>(
        `SELECT id::text AS id, subject_key, purpose, channel, status, legal_basis, collection_point, policy_version, captured_at, expires_at
         FROM consent.events WHERE id > $1::bigint ORDER BY id LIMIT $2`,
        [after, pageSize],
      );
      await file.write(jsonLines(rows.map((row) => maskConsent(row, p))));
      count += rows.length;
      if (rows.length < pageSize) break;
      after = rows[rows.length - 1]!.id;
      log(`consents: ${count}…`);
    }
    log(`consents: ${count} written to ${files.consents}`);
    return count;
  });

  const orders = await writeAll(join(outDir, files.orders), async (file) => {
    if (!(await tableExists(db, 'analytics.orders'))) {
      log('orders: no analytics.orders table, none exported');
      return 0;
    }
    let count = 0;
    for (let after: string | null = null; ; ) {
      const { rows }: { rows: OrderRow[] } = await db.query<OrderRow>(
        `SELECT order_id, source_key, placed_at, amount::float8 AS amount, currency, item_count
         FROM analytics.orders WHERE $1::text IS NULL OR order_id > $1::text ORDER BY order_id LIMIT $2`,
        [after, pageSize],
      );
      await file.write(jsonLines(rows.map((row) => maskOrder(row, p))));
      count += rows.length;
      if (rows.length < pageSize) break;
      after = rows[rows.length - 1]!.order_id;
      log(`orders: ${count}…`);
    }
    log(`orders: ${count} written to ${files.orders}`);
    return count;
  });

  const manifest: ExportManifest = {
    format: 'c360-export-masked/1',
    createdAt: new Date().toISOString(),
    counts: { sourceRecords, consents, orders },
    files: { ...files },
    pseudonyms:
      'Identifiers, contact values and names are HMAC-SHA256 pseudonyms (h_…) keyed by the source environment\'s HASH-mask key: ' +
      'equal values give equal tokens, so relations survive, but a token cannot be reversed or recomputed without that key. ' +
      'Keep the key out of the environment this is loaded into. Replay: ingestSourceRecords per source (without the source field), then recordConsents ' +
      '(events keyed by phone: are rejected, one by one: a pseudonym is not a valid number) and recordOrders.',
    fields: treatments,
  };
  await writeFile(join(outDir, manifestFile), `${JSON.stringify(manifest, null, 2)}\n`);
  log(`manifest: ${manifestFile} written to ${outDir}`);
  return manifest;
}

async function main(argv: readonly string[]): Promise<void> {
  let out: string | undefined;
  try {
    out = parseArgs({ args: [...argv], options: { out: { type: 'string' } }, strict: true, allowPositionals: false }).values.out;
  } catch (error) {
    throw new TypeError(`${(error as Error).message}; usage: npm run export:masked -- [--out <dir>]`);
  }
  const config = loadConfig();
  const log = (message: string) => console.error(`export:masked: ${message}`);
  const outDir = resolve(out ?? join(config.dataDir, 'export-masked'));
  const keys = await resolvePartKeys(config);
  let local: LocalNeo4j | undefined;
  let driver: Driver | undefined;
  let db: Database | undefined;
  try {
    let uri = config.neo4j.uri;
    if (!uri) {
      log('starting the local Neo4j (tools/neo4j)…');
      local = await startLocalNeo4j({ dataDir: join(config.dataDir, 'neo4j'), log });
      uri = local.uri;
    }
    driver = createNeo4jDriver({ uri, user: config.neo4j.user, password: local ? '' : config.neo4j.password });
    await driver.verifyConnectivity(config.neo4j.database ? { database: config.neo4j.database } : {}).catch((error: Error) => {
      throw new Error(`cannot reach Neo4j at ${redactUrl(uri)}: ${error.message}`);
    });
    db = await createDatabase({ databaseUrl: config.databaseUrl, pgliteDir: pgliteDirIn(config.dataDir), maxConnections: 1 });
    const manifest = await exportMasked({ driver, db, hashKey: keys.hash, outDir, log, region: config.defaultRegion, database: config.neo4j.database });
    const { sourceRecords, consents, orders } = manifest.counts;
    log(`done: ${sourceRecords} source records, ${consents} consents, ${orders} orders in ${outDir}`);
  } finally {
    await db?.close();
    await driver?.close();
    await local?.stop();
  }
}

const runDirectly = (() => {
  const script = process.argv[1];
  if (!script) return false;
  try {
    return realpathSync(script) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
})();

if (runDirectly) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    // The message only: store errors name the failure without carrying data, a stack adds nothing here.
    console.error(`export:masked: failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  });
}
