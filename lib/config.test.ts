import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, redactUrl } from './config.ts';

/** The repository root, found from this test file (the module finds it from its own). */
const repositoryRoot = fileURLToPath(new URL('..', import.meta.url)).replace(/\/$/, '');

/** Runs `load` and returns what it threw, so the error's type, name and message can all be checked. */
function thrown(load: () => unknown): unknown {
  try {
    load();
  } catch (error) {
    return error;
  }
  throw new Error('expected loadConfig to throw');
}

describe('config: defaults', () => {
  const config = loadConfig({});

  it('runs in development', () => {
    expect(config.environment).toBe('development');
  });

  it('listens on loopback, the gateway on 4000 and the subgraphs on 4001 to 4004', () => {
    expect(config.host).toBe('127.0.0.1');
    expect(config.ports).toEqual({ gateway: 4000, identity: 4001, consent: 4002, quality: 4003, analytics: 4004 });
  });

  it('reaches each subgraph on its local port', () => {
    expect(config.subgraphUrls).toEqual({
      identity: 'http://127.0.0.1:4001/graphql',
      consent: 'http://127.0.0.1:4002/graphql',
      quality: 'http://127.0.0.1:4003/graphql',
      analytics: 'http://127.0.0.1:4004/graphql',
    });
  });

  it('uses the local Neo4j launcher and embedded PGlite', () => {
    expect(config.neo4j).toEqual({ uri: null, user: 'neo4j', password: '', database: null });
    expect(config.databaseUrl).toBeNull();
  });

  it('keeps data under .data in the repository root', () => {
    expect(config.dataDir).toBe(`${repositoryRoot}/.data`);
  });

  it('reads national phone numbers as GB', () => {
    expect(config.defaultRegion).toBe('GB');
  });

  it('logs at info, and seeds the demo data', () => {
    expect(config.logLevel).toBe('info');
    expect(config.seedDemo).toBe(true);
  });

  it('logs nothing in test', () => {
    expect(loadConfig({ NODE_ENV: 'test' }).logLevel).toBe('silent');
  });

  it('treats blank variables as unset', () => {
    const blank = loadConfig({ PORT: '  ', C360_HOST: '', C360_DEFAULT_REGION: ' ', C360_SEED_DEMO: '' });
    expect(blank.ports.gateway).toBe(4000);
    expect(blank.host).toBe('127.0.0.1');
    expect(blank.defaultRegion).toBe('GB');
    expect(blank.seedDemo).toBe(true);
  });
});

describe('config: overrides', () => {
  it('reads every port', () => {
    const config = loadConfig({ PORT: '8080', C360_IDENTITY_PORT: '9001', C360_CONSENT_PORT: '9002', C360_QUALITY_PORT: '9003', C360_ANALYTICS_PORT: '9004' });
    expect(config.ports).toEqual({ gateway: 8080, identity: 9001, consent: 9002, quality: 9003, analytics: 9004 });
  });

  it('accepts the bounds 0 and 65535 as ports', () => {
    expect(loadConfig({ PORT: '0' }).ports.gateway).toBe(0);
    expect(loadConfig({ PORT: '65535' }).ports.gateway).toBe(65535);
  });

  it('builds the default subgraph URLs from the host and ports', () => {
    const config = loadConfig({ C360_HOST: '0.0.0.0', C360_CONSENT_PORT: '5002' });
    expect(config.host).toBe('0.0.0.0');
    expect(config.subgraphUrls.consent).toBe('http://0.0.0.0:5002/graphql');
    expect(config.subgraphUrls.identity).toBe('http://0.0.0.0:4001/graphql');
  });

  it('takes a subgraph URL as given', () => {
    const config = loadConfig({ C360_ANALYTICS_URL: 'https://analytics.internal/graphql' });
    expect(config.subgraphUrls.analytics).toBe('https://analytics.internal/graphql');
    expect(config.subgraphUrls.quality).toBe('http://127.0.0.1:4003/graphql');
  });

  it('reads the environment, Neo4j, PostgreSQL, region, log level and data directory', () => {
    const config = loadConfig({
      NODE_ENV: 'production',
      NEO4J_URI: 'neo4j+s://graph.example.com:7687',
      NEO4J_USER: 'c360',
      NEO4J_PASSWORD: 's3cret',
      NEO4J_DATABASE: 'customers',
      DATABASE_URL: 'postgresql://c360:pw@db.example.com:5432/c360',
      C360_DEFAULT_REGION: 'US',
      LOG_LEVEL: 'debug',
      C360_DATA_DIR: '/var/lib/c360',
    });
    expect(config.environment).toBe('production');
    expect(config.neo4j).toEqual({ uri: 'neo4j+s://graph.example.com:7687', user: 'c360', password: 's3cret', database: 'customers' });
    expect(config.databaseUrl).toBe('postgresql://c360:pw@db.example.com:5432/c360');
    expect(config.defaultRegion).toBe('US');
    expect(config.logLevel).toBe('debug');
    expect(config.dataDir).toBe('/var/lib/c360');
  });

  it('resolves a relative data directory from the repository root', () => {
    expect(loadConfig({ C360_DATA_DIR: 'tmp/c360' }).dataDir).toBe(`${repositoryRoot}/tmp/c360`);
  });

  it('trims values', () => {
    const config = loadConfig({ PORT: ' 8080 ', NODE_ENV: ' test ', NEO4J_URI: ' bolt://localhost:7687 ' });
    expect(config.ports.gateway).toBe(8080);
    expect(config.environment).toBe('test');
    expect(config.neo4j.uri).toBe('bolt://localhost:7687');
  });

  it.each([
    ['1', true],
    ['true', true],
    ['TRUE', true],
    ['yes', true],
    ['Yes', true],
    ['0', false],
    ['false', false],
    ['False', false],
    ['no', false],
    ['NO', false],
  ])('reads C360_SEED_DEMO=%s as %s', (raw, expected) => {
    expect(loadConfig({ C360_SEED_DEMO: raw }).seedDemo).toBe(expected);
  });
});

describe('config: frozen', () => {
  it('freezes the configuration and each of its parts', () => {
    const config = loadConfig({});
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.ports)).toBe(true);
    expect(Object.isFrozen(config.subgraphUrls)).toBe(true);
    expect(Object.isFrozen(config.neo4j)).toBe(true);
  });

  it('throws on an attempt to change a value', () => {
    const config = loadConfig({});
    expect(() => {
      (config as { host: string }).host = '0.0.0.0';
    }).toThrow(TypeError);
    expect(() => {
      (config.ports as { gateway: number }).gateway = 1;
    }).toThrow(TypeError);
    expect(config.host).toBe('127.0.0.1');
    expect(config.ports.gateway).toBe(4000);
  });
});

describe('config: identity warm-up', () => {
  it('warms resolution up on 4000 records, none under NODE_ENV=test, as many as C360_IDENTITY_WARMUP_RECORDS says', () => {
    expect(loadConfig({}).identity.warmUpRecords).toBe(4000);
    expect(loadConfig({ NODE_ENV: 'test' }).identity.warmUpRecords).toBe(0);
    expect(loadConfig({ C360_IDENTITY_WARMUP_RECORDS: '0' }).identity.warmUpRecords).toBe(0);
    expect(loadConfig({ NODE_ENV: 'test', C360_IDENTITY_WARMUP_RECORDS: '250' }).identity.warmUpRecords).toBe(250);
  });

  it('refuses a negative or fractional count, naming the variable', () => {
    expect(() => loadConfig({ C360_IDENTITY_WARMUP_RECORDS: '-1' })).toThrow('Invalid C360_IDENTITY_WARMUP_RECORDS="-1": expected a whole number, 0 or more');
    expect(() => loadConfig({ C360_IDENTITY_WARMUP_RECORDS: '2.5' })).toThrow('Invalid C360_IDENTITY_WARMUP_RECORDS="2.5": expected a whole number, 0 or more');
    expect(() => loadConfig({ C360_IDENTITY_WARMUP_STORE_RECORDS: '-5' })).toThrow('Invalid C360_IDENTITY_WARMUP_STORE_RECORDS="-5": expected a whole number, 0 or more');
  });

  it('commits 20000 records into the warm-up store, none under NODE_ENV=test, as many as C360_IDENTITY_WARMUP_STORE_RECORDS says', () => {
    expect(loadConfig({}).identity.warmUpStoreRecords).toBe(20_000);
    expect(loadConfig({ NODE_ENV: 'test' }).identity.warmUpStoreRecords).toBe(0);
    expect(loadConfig({ C360_IDENTITY_WARMUP_STORE_RECORDS: '0' }).identity.warmUpStoreRecords).toBe(0);
    expect(loadConfig({ NODE_ENV: 'test', C360_IDENTITY_WARMUP_STORE_RECORDS: '1200' }).identity.warmUpStoreRecords).toBe(1200);
  });
});

describe('config: errors', () => {
  it('refuses a PORT that is not a number, naming the variable and the value', () => {
    const error = thrown(() => loadConfig({ PORT: 'abc' }));
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).name).toBe('ConfigError');
    expect((error as Error).message).toBe('Invalid PORT="abc": expected an integer port from 0 to 65535');
  });

  it('refuses a PORT above 65535', () => {
    expect(() => loadConfig({ PORT: '70000' })).toThrow(new ConfigError('PORT', '70000', 'an integer port from 0 to 65535'));
    expect(() => loadConfig({ PORT: '70000' })).toThrow('Invalid PORT="70000": expected an integer port from 0 to 65535');
  });

  it('refuses a negative or fractional port, for a subgraph too', () => {
    expect(() => loadConfig({ C360_QUALITY_PORT: '-1' })).toThrow('Invalid C360_QUALITY_PORT="-1": expected an integer port from 0 to 65535');
    expect(() => loadConfig({ C360_IDENTITY_PORT: '4001.5' })).toThrow('Invalid C360_IDENTITY_PORT="4001.5": expected an integer port from 0 to 65535');
  });

  it('refuses an unknown NODE_ENV', () => {
    expect(() => loadConfig({ NODE_ENV: 'staging' })).toThrow('Invalid NODE_ENV="staging": expected one of development, test, production');
  });

  it('refuses an unknown LOG_LEVEL', () => {
    expect(() => loadConfig({ LOG_LEVEL: 'verbose' })).toThrow('Invalid LOG_LEVEL="verbose": expected one of trace, debug, info, warn, error, fatal, silent');
  });

  it('refuses a NEO4J_URI with an HTTP protocol', () => {
    expect(() => loadConfig({ NEO4J_URI: 'http://localhost:7474' })).toThrow(
      'Invalid NEO4J_URI="http://localhost:7474": expected a URL with protocol bolt:, bolt+s:, bolt+ssc:, neo4j:, neo4j+s:, neo4j+ssc:',
    );
  });

  it('refuses a NEO4J_URI that is not a URL', () => {
    expect(() => loadConfig({ NEO4J_URI: 'localhost:7687' })).toThrow(
      'Invalid NEO4J_URI="localhost:7687": expected a URL with protocol bolt:, bolt+s:, bolt+ssc:, neo4j:, neo4j+s:, neo4j+ssc:',
    );
    expect(() => loadConfig({ NEO4J_URI: 'not a url' })).toThrow(
      'Invalid NEO4J_URI="not a url": expected a URL (bolt:, bolt+s:, bolt+ssc:, neo4j:, neo4j+s:, neo4j+ssc:)',
    );
  });

  it('refuses a DATABASE_URL of another database, hiding its password', () => {
    const error = thrown(() => loadConfig({ DATABASE_URL: 'mysql://c360:hunter2@db.example.com:3306/c360' }));
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toBe('Invalid DATABASE_URL="mysql://c360:***@db.example.com:3306/c360": expected a URL with protocol postgres:, postgresql:');
    expect((error as Error).message).not.toContain('hunter2');
  });

  it('refuses a DATABASE_URL that does not parse, hiding its password', () => {
    const error = thrown(() => loadConfig({ DATABASE_URL: 'postgres://c360:hunter2@db.example.com:port/c360' }));
    expect((error as Error).message).toBe('Invalid DATABASE_URL="postgres://c360:***@db.example.com:port/c360": expected a URL (postgres:, postgresql:)');
    expect((error as Error).message).not.toContain('hunter2');
  });

  it('refuses a subgraph URL that is not HTTP', () => {
    expect(() => loadConfig({ C360_IDENTITY_URL: 'ftp://identity/graphql' })).toThrow(
      'Invalid C360_IDENTITY_URL="ftp://identity/graphql": expected a URL with protocol http:, https:',
    );
  });

  it('refuses a region that is not two upper-case letters', () => {
    expect(() => loadConfig({ C360_DEFAULT_REGION: 'gb' })).toThrow('Invalid C360_DEFAULT_REGION="gb": expected a two-letter ISO 3166 region such as GB or US');
    expect(() => loadConfig({ C360_DEFAULT_REGION: 'GBR' })).toThrow('Invalid C360_DEFAULT_REGION="GBR": expected a two-letter ISO 3166 region such as GB or US');
  });

  it('refuses a C360_SEED_DEMO that is not a yes or a no', () => {
    expect(() => loadConfig({ C360_SEED_DEMO: 'maybe' })).toThrow('Invalid C360_SEED_DEMO="maybe": expected true or false');
  });
});

describe('config: URL redaction', () => {
  it('replaces the password of a URL with ***', () => {
    expect(redactUrl('postgres://c360:hunter2@localhost:5432/c360')).toBe('postgres://c360:***@localhost:5432/c360');
  });

  // WHATWG URL parsing (and so loadConfig) accepts an unescaped @ in the password: the user
  // information ends at the last @ before the host.
  it('hides the whole of a password that contains an unescaped @', () => {
    expect(redactUrl('mysql://c360:p@ss@db.example.com/c360')).toBe('mysql://c360:***@db.example.com/c360');
    expect(() => loadConfig({ DATABASE_URL: 'mysql://c360:p@ss@db.example.com/c360' })).toThrow(
      'Invalid DATABASE_URL="mysql://c360:***@db.example.com/c360": expected a URL with protocol postgres:, postgresql:',
    );
  });

  it('leaves a URL without a password as it is', () => {
    expect(redactUrl('postgres://localhost:5432/c360')).toBe('postgres://localhost:5432/c360');
    expect(redactUrl('postgres://c360@localhost:5432/c360')).toBe('postgres://c360@localhost:5432/c360');
  });
});

describe('config: privacy requests and retention', () => {
  it('defaults to one month for GDPR and UK GDPR, 45 days for CCPA and CPRA', () => {
    expect(loadConfig({}).privacy).toEqual({
      deadlines: { GDPR: { months: 1 }, UK_GDPR: { months: 1 }, CCPA: { days: 45 }, CPRA: { days: 45 } },
      retryBaseMs: 60_000,
      tickMs: 30_000,
    });
  });

  it('reads a deadline table of months and days', () => {
    expect(loadConfig({ C360_PRIVACY_DEADLINES: '{"GDPR":"P1M","LGPD":"P15D"}' }).privacy.deadlines).toEqual({ GDPR: { months: 1 }, LGPD: { days: 15 } });
  });

  it.each(['{"GDPR":"1 month"}', '{"gdpr":"P1M"}', '{}', '[]', 'P1M', '{"GDPR":"P0D"}'])('refuses C360_PRIVACY_DEADLINES=%s', (raw) => {
    const error = thrown(() => loadConfig({ C360_PRIVACY_DEADLINES: raw }));
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toMatch(/^Invalid C360_PRIVACY_DEADLINES=/);
  });

  it('keeps data for the default periods and runs retention only on demand', () => {
    expect(loadConfig({}).retention).toEqual({ days: { sourceRecords: 1095, consentEvents: 2190, orders: 2190, privacyExports: 30 }, everyHours: null });
  });

  it('reads retention periods (null keeps for ever) and a schedule', () => {
    const config = loadConfig({ C360_RETENTION_DAYS: '{"orders":2555,"consentEvents":null}', C360_RETENTION_SCHEDULE: 'daily' });
    expect(config.retention).toEqual({ days: { sourceRecords: 1095, consentEvents: null, orders: 2555, privacyExports: 30 }, everyHours: 24 });
    expect(loadConfig({ C360_RETENTION_SCHEDULE: 'every 6h' }).retention.everyHours).toBe(6);
    expect(loadConfig({ C360_RETENTION_SCHEDULE: 'off' }).retention.everyHours).toBeNull();
  });

  it('refuses an unknown data set, a period that is not a positive integer, and an unknown schedule', () => {
    expect((thrown(() => loadConfig({ C360_RETENTION_DAYS: '{"emails":30}' })) as Error).message).toMatch(/^Invalid C360_RETENTION_DAYS=/);
    expect((thrown(() => loadConfig({ C360_RETENTION_DAYS: '{"orders":0}' })) as Error).message).toMatch(/^Invalid C360_RETENTION_DAYS=/);
    expect((thrown(() => loadConfig({ C360_RETENTION_SCHEDULE: 'weekly' })) as Error).message).toBe('Invalid C360_RETENTION_SCHEDULE="weekly": expected off, daily or every <n>h (e.g. every 6h)');
    expect((thrown(() => loadConfig({ C360_PRIVACY_RETRY_MS: '0' })) as Error).message).toMatch(/^Invalid C360_PRIVACY_RETRY_MS="0"/);
  });
});

describe('config: consent policy', () => {
  it('uses the built-in policy by default', () => {
    const { consent } = loadConfig({});
    expect([consent.defaultJurisdiction, consent.maskContact, consent.purposes.length]).toEqual(['UK', [], 6]);
  });

  it('reads C360_DEFAULT_JURISDICTION and C360_CONSENT_MASK', () => {
    const { consent } = loadConfig({ C360_DEFAULT_JURISDICTION: 'US-CA', C360_CONSENT_MASK: 'ANALYTICS, MARKETING_EMAIL' });
    expect([consent.defaultJurisdiction, consent.maskContact]).toEqual(['US-CA', ['ANALYTICS', 'MARKETING_EMAIL']]);
  });

  it('reads a policy file named by C360_CONSENT_POLICY, relative to the repository root', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'c360-policy-')), 'policy.json');
    writeFileSync(file, JSON.stringify({ defaultJurisdiction: 'EU', callerPurposes: { CAMPAIGNS: 'MARKETING_SMS' } }));
    const { consent } = loadConfig({ C360_CONSENT_POLICY: relative(repositoryRoot, file) });
    expect([consent.defaultJurisdiction, consent.callerPurposes]).toEqual(['EU', { CAMPAIGNS: 'MARKETING_SMS' }]);
  });

  it('refuses a bad value, naming the variable', () => {
    expect(() => loadConfig({ C360_DEFAULT_JURISDICTION: 'BR' })).toThrow('Invalid C360_DEFAULT_JURISDICTION="BR": expected defaultJurisdiction: expected one of EU, UK, US-CA, US, got "BR"');
    expect(() => loadConfig({ C360_CONSENT_MASK: 'TELEPATHY' })).toThrow('Invalid C360_CONSENT_MASK="TELEPATHY"');
    expect(() => loadConfig({ C360_CONSENT_POLICY: 'no/such/policy.json' })).toThrow('Invalid C360_CONSENT_POLICY="no/such/policy.json": expected the path of a readable JSON file');
    const dir = mkdtempSync(join(tmpdir(), 'c360-policy-'));
    writeFileSync(join(dir, 'bad.json'), '{ not json');
    expect(() => loadConfig({ C360_CONSENT_POLICY: join(dir, 'bad.json') })).toThrow('expected a file of valid JSON');
    writeFileSync(join(dir, 'wrong.json'), '{"maxEvidenceBytes": 1}');
    expect(() => loadConfig({ C360_CONSENT_POLICY: join(dir, 'wrong.json') })).toThrow('expected a valid consent policy: maxEvidenceBytes: expected an integer from 64 to 65536, got 1');
  });
});

