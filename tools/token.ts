/**
 * `npm run token`: prints a development token the gateway accepts, signed with the configured
 * HS256 secret (C360_JWT_SECRET, else the generated one under `.data/secrets`, as the gateway uses).
 *
 *   npm run -s token -- --clearance CONFIDENTIAL --purpose SERVICE [--sub alice] [--client cli] [--ttl 3600]
 *
 * Only the token goes to stdout, so `TOKEN=$(npm run -s token -- …)` works; messages go to stderr.
 * Exit status 2 for bad arguments, 1 when the configuration or the secret is unusable.
 */
import { parseArgs } from 'node:util';
import { issueDevelopmentToken } from '../lib/auth/authenticate.ts';
import { callerLimits } from '../lib/auth/callerContext.ts';
import { resolveSecret } from '../lib/auth/devSecrets.ts';
import { loadConfig, sensitivityLevels, type SensitivityLevel } from '../lib/config.ts';

const usage = `usage: npm run -s token -- --clearance <${sensitivityLevels.join('|')}> --purpose <PURPOSE> [--sub <subject>] [--client <client id>] [--ttl <seconds>]`;

function fail(message: string, status: number): never {
  process.stderr.write(`token: ${message}\n`);
  if (status === 2) process.stderr.write(`${usage}\n`);
  process.exit(status);
}

let values: { clearance?: string; purpose?: string; sub?: string; client?: string; ttl?: string; help?: boolean };
try {
  ({ values } = parseArgs({
    options: {
      clearance: { type: 'string' },
      purpose: { type: 'string' },
      sub: { type: 'string' },
      client: { type: 'string' },
      ttl: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
    allowPositionals: false,
  }));
} catch (error) {
  fail(error instanceof Error ? error.message : String(error), 2);
}

if (values.help) {
  process.stdout.write(`${usage}\n`);
  process.exit(0);
}

const levels = sensitivityLevels.join(', ');
if (values.clearance === undefined) fail(`missing --clearance: expected one of ${levels}`, 2);
if (!(sensitivityLevels as readonly string[]).includes(values.clearance)) {
  fail(`invalid --clearance ${JSON.stringify(values.clearance)}: expected one of ${levels}`, 2);
}
const clearance = values.clearance as SensitivityLevel;

const purposeRule = 'upper-case letters and underscores, 2 to 64 characters, e.g. SERVICE, MARKETING_EMAIL, ANALYTICS';
if (values.purpose === undefined) fail(`missing --purpose: expected ${purposeRule}`, 2);
if (!callerLimits.purpose.test(values.purpose)) fail(`invalid --purpose ${JSON.stringify(values.purpose)}: expected ${purposeRule}`, 2);
const purpose = values.purpose;

if (values.sub !== undefined && (values.sub.length < 1 || values.sub.length > callerLimits.subject)) {
  fail(`invalid --sub: expected 1 to ${callerLimits.subject} characters`, 2);
}
if (values.client !== undefined && (values.client.length < 1 || values.client.length > callerLimits.client)) {
  fail(`invalid --client: expected 1 to ${callerLimits.client} characters`, 2);
}
let ttlSeconds: number | undefined;
if (values.ttl !== undefined) {
  ttlSeconds = /^\d{1,9}$/.test(values.ttl) ? Number(values.ttl) : Number.NaN;
  if (!Number.isInteger(ttlSeconds) || ttlSeconds < 1) fail(`invalid --ttl ${JSON.stringify(values.ttl)}: expected a positive whole number of seconds`, 2);
}

try {
  const config = loadConfig();
  if (config.auth.jwksUrl !== null) {
    process.stderr.write('token: warning: C360_JWKS_URL is set, so the gateway verifies tokens with that key set and will refuse this HS256 token\n');
  }
  const secret = await resolveSecret({ configured: config.auth.jwtSecret, name: 'jwt', dataDir: config.dataDir, environment: config.environment });
  const token = await issueDevelopmentToken(secret, {
    clearance,
    purpose,
    ...(values.sub !== undefined ? { sub: values.sub } : {}),
    ...(values.client !== undefined ? { client: values.client } : {}),
    ...(ttlSeconds !== undefined ? { ttlSeconds } : {}),
    ...(config.auth.issuer !== null ? { issuer: config.auth.issuer } : {}),
    ...(config.auth.audience !== null ? { audience: config.auth.audience } : {}),
  });
  process.stdout.write(`${token}\n`);
} catch (error) {
  fail(error instanceof Error ? error.message : String(error), 1);
}
