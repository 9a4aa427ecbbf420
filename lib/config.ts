import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

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
  });
}
