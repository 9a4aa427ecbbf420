import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConsentPolicyError, parseConsentPolicy, type ConsentPolicy } from './consent/consentPolicy.ts';

/** The repository root, resolved from this file rather than the working directory. */
export const projectRoot = resolve(fileURLToPath(new URL('..', import.meta.url)));

export type Environment = 'development' | 'test' | 'production';
export type SubgraphName = 'identity' | 'consent' | 'quality' | 'analytics';
export const subgraphNames: readonly SubgraphName[] = Object.freeze(['identity', 'consent', 'quality', 'analytics']);

export interface Neo4jConfig {
  /** Unset: the local launcher under tools/neo4j is started. */
  readonly uri: string | null;
  readonly user: string;
  readonly password: string;
  readonly database: string | null;
}

export type SensitivityLevel = 'PUBLIC' | 'INTERNAL' | 'CONFIDENTIAL' | 'RESTRICTED';
/** Lowest to highest (DESIGN §4). */
export const sensitivityLevels: readonly SensitivityLevel[] = Object.freeze(['PUBLIC', 'INTERNAL', 'CONFIDENTIAL', 'RESTRICTED']);

export interface AuthConfig {
  /** HS256 secret for caller JWTs; unset: a development secret generated at first start (not in production). */
  readonly jwtSecret: string | null;
  /** Verify caller JWTs with the keys of this JWKS instead of the HS256 secret. */
  readonly jwksUrl: string | null;
  readonly issuer: string | null;
  readonly audience: string | null;
  /** Callers without a token are PUBLIC instead of UNAUTHENTICATED. */
  readonly allowAnonymous: boolean;
  /** Role → clearance, for tokens that carry roles instead of a clearance claim. */
  readonly roleClearance: Readonly<Record<string, SensitivityLevel>>;
  /** HMAC key of the caller context the gateway signs for subgraphs; unset: a generated development key. */
  readonly contextKey: string | null;
  /** Key of the `HASH` mask's pseudonyms; unset: a generated development key. */
  readonly hashKey: string | null;
}

export interface LimitsConfig {
  readonly maxDepth: number;
  readonly maxAliases: number;
  readonly maxCost: number;
  /** Operations in one batched HTTP request; 1 turns batching off. */
  readonly maxBatch: number;
  /** Token bucket per subject and per client: `capacity` requests, refilled at `perSecond`. */
  readonly rateLimit: { readonly capacity: number; readonly perSecond: number };
  /** Counters shared by several gateways; unset: in memory. */
  readonly redisUrl: string | null;
}

/**
 * How long a privacy request may take, per jurisdiction: `{ months }` (a calendar month, as GDPR's
 * "one month": 31 January + 1 month = 28/29 February) or `{ days }` (CCPA's 45 days).
 */
export type PrivacyDeadline = { readonly months: number; readonly days?: undefined } | { readonly days: number; readonly months?: undefined };

/** Data sets that retention purges, each in the subgraph that owns it (README "Retention"). */
export const retentionDataSets = Object.freeze(['sourceRecords', 'consentEvents', 'orders', 'privacyExports'] as const);
export type RetentionDataSet = (typeof retentionDataSets)[number];

export interface PrivacyConfig {
  /** Jurisdiction code (upper case) → deadline of a request received under it. */
  readonly deadlines: Readonly<Record<string, PrivacyDeadline>>;
  /** First retry of a failed privacy task after this long; doubled per attempt, at most an hour. */
  readonly retryBaseMs: number;
  /** How often the consent subgraph looks for privacy tasks due for a (re)try. */
  readonly tickMs: number;
}

export interface RetentionConfig {
  /** Days each data set is kept; null keeps it for ever. */
  readonly days: Readonly<Record<RetentionDataSet, number | null>>;
  /** Hours between automatic runs in the consent subgraph; null (the default) runs it only on demand. */
  readonly everyHours: number | null;
}

export interface Config {
  readonly environment: Environment;
  readonly host: string;
  readonly ports: Readonly<Record<'gateway' | SubgraphName, number>>;
  /** Where the gateway reaches each subgraph; defaults to the local ports. */
  readonly subgraphUrls: Readonly<Record<SubgraphName, string>>;
  readonly neo4j: Neo4jConfig;
  /** Unset: embedded PGlite under `dataDir/postgres`. */
  readonly databaseUrl: string | null;
  readonly dataDir: string;
  /** ISO 3166 region used to read national phone numbers as E.164. */
  readonly defaultRegion: string;
  readonly logLevel: 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal' | 'silent';
  /** Seed the demo data set at start when the stores are empty. */
  readonly seedDemo: boolean;
  readonly auth: AuthConfig;
  readonly limits: LimitsConfig;
  /** Purpose catalog, missing-consent defaults per jurisdiction, caller purpose mapping, masking (issue 4). */
  readonly consent: ConsentPolicy;
  readonly privacy: PrivacyConfig;
  readonly retention: RetentionConfig;
  readonly identity: IdentityConfig;
}

export interface IdentityConfig {
  /** JSON file of matching settings and survivorship (see README, identity resolution); unset: the defaults. */
  readonly matchingConfigPath: string | null;
  /**
   * Synthetic records the identity subgraph resolves at start, in transactions it rolls back, so
   * that Neo4j's and Node's compilers have warmed to resolution before the first real batch
   * (`resolution/warmUpResolution.ts`); 0: none. Default 4000, 0 under NODE_ENV=test.
   */
  readonly warmUpRecords: number;
  /**
   * Synthetic records the identity subgraph resolves and commits at start into the local Neo4j's
   * throwaway warm-up store (only when it runs the local launcher: NEO4J_URI unset), so that Neo4j's
   * commit path is compiled too; 0: none, and no warm-up store is started. Default 20000, 0 under
   * NODE_ENV=test.
   */
  readonly warmUpStoreRecords: number;
}

export type Env = Readonly<Record<string, string | undefined>>;

/** Thrown by {@link loadConfig}; names the variable and the value it refused. */
export class ConfigError extends Error {
  constructor(variable: string, value: string, expected: string) {
    super(`Invalid ${variable}=${JSON.stringify(value)}: expected ${expected}`);
    this.name = 'ConfigError';
  }
}

function read(env: Env, name: string): string | undefined {
  const value = env[name];
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

function port(env: Env, name: string, fallback: number): number {
  const raw = read(env, name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0 || value > 65535) throw new ConfigError(name, raw, 'an integer port from 0 to 65535');
  return value;
}

function oneOf<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T): T {
  const raw = read(env, name);
  if (raw === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(raw)) throw new ConfigError(name, raw, `one of ${allowed.join(', ')}`);
  return raw as T;
}

function url(env: Env, name: string, protocols: readonly string[]): string | null {
  const raw = read(env, name);
  if (raw === undefined) return null;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new ConfigError(name, redactUrl(raw), `a URL (${protocols.join(', ')})`);
  }
  if (!protocols.includes(parsed.protocol)) throw new ConfigError(name, redactUrl(raw), `a URL with protocol ${protocols.join(', ')}`);
  return raw;
}

function flag(env: Env, name: string, fallback: boolean): boolean {
  const raw = read(env, name);
  if (raw === undefined) return fallback;
  if (['1', 'true', 'yes'].includes(raw.toLowerCase())) return true;
  if (['0', 'false', 'no'].includes(raw.toLowerCase())) return false;
  throw new ConfigError(name, raw, 'true or false');
}

/** An integer of at least `min` (0 or 1). */
function integerAtLeast(min: 0 | 1, env: Env, name: string, fallback: number): number {
  const raw = read(env, name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) throw new ConfigError(name, raw, min === 0 ? 'a whole number, 0 or more' : 'a positive integer');
  return value;
}

const nonNegativeInt = (env: Env, name: string, fallback: number) => integerAtLeast(0, env, name, fallback);
const positiveInt = (env: Env, name: string, fallback: number) => integerAtLeast(1, env, name, fallback);

function roleClearance(env: Env): Record<string, SensitivityLevel> {
  const name = 'C360_ROLE_CLEARANCE';
  const raw = read(env, name);
  if (raw === undefined) return { viewer: 'INTERNAL', support: 'INTERNAL', analyst: 'INTERNAL', steward: 'CONFIDENTIAL', privacy_officer: 'RESTRICTED' };
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new ConfigError(name, raw, 'a JSON object of role to clearance, e.g. {"steward":"CONFIDENTIAL"}');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed) || !Object.values(parsed).every((v) => (sensitivityLevels as readonly unknown[]).includes(v))) {
    throw new ConfigError(name, raw, `a JSON object whose values are ${sensitivityLevels.join(', ')}`);
  }
  return parsed as Record<string, SensitivityLevel>;
}

function rate(env: Env): { capacity: number; perSecond: number } {
  const name = 'C360_RATE_LIMIT';
  const raw = read(env, name) ?? '300/60';
  const match = /^(\d+)\/(\d+)$/.exec(raw);
  if (!match || Number(match[1]) < 1 || Number(match[2]) < 1) throw new ConfigError(name, raw, 'requests/seconds, e.g. 300/60');
  return { capacity: Number(match[1]), perSecond: Number(match[1]) / Number(match[2]) };
}

const defaultDeadlines: Record<string, PrivacyDeadline> = {
  GDPR: { months: 1 },
  UK_GDPR: { months: 1 },
  CCPA: { days: 45 },
  CPRA: { days: 45 },
};

function deadlines(env: Env): Record<string, PrivacyDeadline> {
  const name = 'C360_PRIVACY_DEADLINES';
  const raw = read(env, name);
  if (raw === undefined) return defaultDeadlines;
  const expected = 'a JSON object of jurisdiction to "P<n>M" (calendar months) or "P<n>D" (days), e.g. {"GDPR":"P1M","CCPA":"P45D"}';
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new ConfigError(name, raw, expected);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed) || Object.keys(parsed).length === 0) throw new ConfigError(name, raw, expected);
  const table: Record<string, PrivacyDeadline> = {};
  for (const [jurisdiction, period] of Object.entries(parsed)) {
    const match = typeof period === 'string' ? /^P([1-9][0-9]{0,2})([MD])$/.exec(period) : null;
    if (!/^[A-Z][A-Z0-9_]{1,31}$/.test(jurisdiction) || !match) throw new ConfigError(name, raw, expected);
    table[jurisdiction] = match[2] === 'M' ? { months: Number(match[1]) } : { days: Number(match[1]) };
  }
  return table;
}

const defaultRetentionDays: Record<RetentionDataSet, number | null> = {
  // Customers none of whose records any source has observed for three years.
  sourceRecords: 1095,
  // Consent events superseded by a later decision (the deciding event is always kept).
  consentEvents: 2190,
  // Orders: six years, as UK and EU accounting rules keep books.
  orders: 2190,
  // The JSON an access request produced: kept 30 days for the person to download.
  privacyExports: 30,
};

function retentionDays(env: Env): Record<RetentionDataSet, number | null> {
  const name = 'C360_RETENTION_DAYS';
  const raw = read(env, name);
  if (raw === undefined) return defaultRetentionDays;
  const expected = `a JSON object of data set (${retentionDataSets.join(', ')}) to a positive number of days or null (kept for ever), e.g. {"orders":2555}`;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new ConfigError(name, raw, expected);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new ConfigError(name, raw, expected);
  const days = { ...defaultRetentionDays };
  for (const [dataSet, value] of Object.entries(parsed)) {
    if (!(retentionDataSets as readonly string[]).includes(dataSet)) throw new ConfigError(name, raw, expected);
    if (value !== null && !(Number.isInteger(value) && (value as number) >= 1)) throw new ConfigError(name, raw, expected);
    days[dataSet as RetentionDataSet] = value as number | null;
  }
  return days;
}

function retentionSchedule(env: Env): number | null {
  const name = 'C360_RETENTION_SCHEDULE';
  const raw = read(env, name);
  if (raw === undefined || raw.toLowerCase() === 'off') return null;
  if (raw.toLowerCase() === 'daily') return 24;
  const match = /^every ([1-9][0-9]{0,3})h$/.exec(raw);
  if (!match) throw new ConfigError(name, raw, 'off, daily or every <n>h (e.g. every 6h)');
  return Number(match[1]);
}

/**
 * The consent policy: the built-in default, or the JSON file `C360_CONSENT_POLICY` names (relative
 * to the repository root; any key it omits keeps the default), then `C360_DEFAULT_JURISDICTION` and
 * `C360_CONSENT_MASK` (comma-separated consent purposes whose CONTACT fields are masked, not denied).
 */
function consentPolicy(env: Env): ConsentPolicy {
  const fileVariable = 'C360_CONSENT_POLICY';
  const file = read(env, fileVariable);
  let input: unknown = {};
  if (file !== undefined) {
    let text: string;
    try {
      text = readFileSync(resolve(projectRoot, file), 'utf8');
    } catch {
      throw new ConfigError(fileVariable, file, 'the path of a readable JSON file');
    }
    try {
      input = JSON.parse(text);
    } catch {
      throw new ConfigError(fileVariable, file, 'a file of valid JSON');
    }
  }
  const jurisdiction = read(env, 'C360_DEFAULT_JURISDICTION');
  const mask = read(env, 'C360_CONSENT_MASK');
  const maskContact = mask === undefined ? undefined : mask.split(',').map((p) => p.trim()).filter((p) => p !== '');
  try {
    return parseConsentPolicy(input, { defaultJurisdiction: jurisdiction, maskContact });
  } catch (error) {
    if (!(error instanceof ConsentPolicyError)) throw error;
    if (jurisdiction !== undefined && error.message.startsWith('defaultJurisdiction')) throw new ConfigError('C360_DEFAULT_JURISDICTION', jurisdiction, error.message);
    if (maskContact !== undefined && error.message.startsWith('maskContact')) throw new ConfigError('C360_CONSENT_MASK', mask!, error.message);
    throw new ConfigError(fileVariable, file ?? '(built-in default)', `a valid consent policy: ${error.message}`);
  }
}

/** Hides the password of a connection URL so it can be shown in an error. */
export function redactUrl(value: string): string {
  // Greedy up to the last `@` of the authority: a password may itself contain `@`.
  return value.replace(/\/\/([^:/@]+):([^/]*)@/, '//$1:***@');
}

/**
 * Reads the configuration once from the environment into a frozen object. This is the only place
 * that reads `process.env`; everything else receives a `Config`. A bad value throws a
 * {@link ConfigError} naming the variable and the value.
 */
export function loadConfig(env: Env = process.env): Config {
  const environment = oneOf<Environment>(env, 'NODE_ENV', ['development', 'test', 'production'], 'development');
  const host = read(env, 'C360_HOST') ?? '127.0.0.1';
  const ports = Object.freeze({
    gateway: port(env, 'PORT', 4000),
    identity: port(env, 'C360_IDENTITY_PORT', 4001),
    consent: port(env, 'C360_CONSENT_PORT', 4002),
    quality: port(env, 'C360_QUALITY_PORT', 4003),
    analytics: port(env, 'C360_ANALYTICS_PORT', 4004),
  });
  const subgraphUrls = Object.freeze(
    Object.fromEntries(
      subgraphNames.map((name) => [
        name,
        url(env, `C360_${name.toUpperCase()}_URL`, ['http:', 'https:']) ?? `http://${host}:${ports[name]}/graphql`,
      ]),
    ) as Record<SubgraphName, string>,
  );
  const region = read(env, 'C360_DEFAULT_REGION') ?? 'GB';
  if (!/^[A-Z]{2}$/.test(region)) throw new ConfigError('C360_DEFAULT_REGION', region, 'a two-letter ISO 3166 region such as GB or US');
  const dataDir = resolve(projectRoot, read(env, 'C360_DATA_DIR') ?? '.data');
  return Object.freeze({
    environment,
    host,
    ports,
    subgraphUrls,
    neo4j: Object.freeze({
      uri: url(env, 'NEO4J_URI', ['bolt:', 'bolt+s:', 'bolt+ssc:', 'neo4j:', 'neo4j+s:', 'neo4j+ssc:']),
      user: read(env, 'NEO4J_USER') ?? 'neo4j',
      password: read(env, 'NEO4J_PASSWORD') ?? '',
      database: read(env, 'NEO4J_DATABASE') ?? null,
    }),
    databaseUrl: url(env, 'DATABASE_URL', ['postgres:', 'postgresql:']),
    dataDir,
    defaultRegion: region,
    logLevel: oneOf(env, 'LOG_LEVEL', ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'], environment === 'test' ? 'silent' : 'info'),
    seedDemo: flag(env, 'C360_SEED_DEMO', true),
    auth: Object.freeze({
      jwtSecret: read(env, 'C360_JWT_SECRET') ?? null,
      jwksUrl: url(env, 'C360_JWKS_URL', ['https:', 'http:']),
      issuer: read(env, 'C360_JWT_ISSUER') ?? null,
      audience: read(env, 'C360_JWT_AUDIENCE') ?? null,
      allowAnonymous: flag(env, 'C360_ALLOW_ANONYMOUS', false),
      roleClearance: Object.freeze(roleClearance(env)),
      contextKey: read(env, 'C360_CONTEXT_KEY') ?? null,
      hashKey: read(env, 'C360_HASH_KEY') ?? null,
    }),
    limits: Object.freeze({
      maxDepth: positiveInt(env, 'C360_MAX_DEPTH', 12),
      maxAliases: positiveInt(env, 'C360_MAX_ALIASES', 30),
      maxCost: positiveInt(env, 'C360_MAX_COST', 50000),
      maxBatch: positiveInt(env, 'C360_MAX_BATCH', 10),
      rateLimit: Object.freeze(rate(env)),
      redisUrl: url(env, 'REDIS_URL', ['redis:', 'rediss:']),
    }),
    privacy: Object.freeze({
      deadlines: Object.freeze(deadlines(env)),
      retryBaseMs: positiveInt(env, 'C360_PRIVACY_RETRY_MS', 60_000),
      tickMs: positiveInt(env, 'C360_PRIVACY_TICK_MS', 30_000),
    }),
    identity: Object.freeze({
      matchingConfigPath: read(env, 'C360_MATCHING_CONFIG') ? resolve(projectRoot, read(env, 'C360_MATCHING_CONFIG')!) : null,
      warmUpRecords: nonNegativeInt(env, 'C360_IDENTITY_WARMUP_RECORDS', environment === 'test' ? 0 : 4000),
      warmUpStoreRecords: nonNegativeInt(env, 'C360_IDENTITY_WARMUP_STORE_RECORDS', environment === 'test' ? 0 : 20_000),
    }),
    retention: Object.freeze({
      days: Object.freeze(retentionDays(env)),
      everyHours: retentionSchedule(env),
    }),
    consent: consentPolicy(env),
  });
}
