import { randomBytes, randomUUID } from 'node:crypto';
import { chmod, link, mkdir, readFile, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Environment } from '../config.ts';

export type SecretName = 'jwt' | 'context' | 'hash';

/** The environment variable that configures each secret; named in the production error. */
export const secretVariables: Readonly<Record<SecretName, string>> = Object.freeze({
  jwt: 'C360_JWT_SECRET',
  context: 'C360_CONTEXT_KEY',
  hash: 'C360_HASH_KEY',
});

export interface ResolveSecretOptions {
  /** The value from the configuration (`config.auth.jwtSecret` etc.); wins when set. */
  configured: string | null;
  name: SecretName;
  /** `config.dataDir`; the generated secret lives in `<dataDir>/secrets/<name>.key`. */
  dataDir: string;
  environment: Environment;
}

function hasCode(error: unknown, code: string): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === code;
}

/** The stored secret, or `undefined` when the file does not exist yet. */
async function readSecretFile(file: string): Promise<string | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if (hasCode(error, 'ENOENT')) return undefined;
    throw error;
  }
  const value = text.trim();
  if (value === '') throw new Error(`The secret file ${file} is empty: delete it to have a new secret generated`);
  return value;
}

/**
 * Returns the secret `name`: the configured value when there is one; otherwise, outside
 * production, a development secret kept in `<dataDir>/secrets/<name>.key` (32 random bytes,
 * base64url, file mode 0600 in a 0700 directory), generated on first use. Several processes
 * (the gateway and the subgraphs started together) get the same value: the file appears
 * atomically and whoever loses the race to create it reads the winner's.
 *
 * In production nothing is generated: without a configured value this throws an `Error` naming
 * the variable to set (`C360_JWT_SECRET`, `C360_CONTEXT_KEY`, `C360_HASH_KEY`).
 *
 * The returned value is a credential: never log it, put it in an error, or send it anywhere.
 */
export async function resolveSecret(options: ResolveSecretOptions): Promise<string> {
  const variable = secretVariables[options.name];
  if (variable === undefined) throw new TypeError(`Expected a secret name (${Object.keys(secretVariables).join(', ')}), got ${JSON.stringify(options.name)}`);
  if (options.configured !== null) {
    if (options.configured.trim() === '') throw new TypeError(`Expected a non-empty ${variable} or null, got an empty string`);
    return options.configured;
  }
  if (options.environment === 'production') {
    throw new Error(`No ${options.name} secret configured: set ${variable} (secrets are generated only outside production)`);
  }
  const directory = join(options.dataDir, 'secrets');
  const created = await mkdir(directory, { recursive: true, mode: 0o700 });
  // `mode` is filtered by the umask and ignored for directories that already existed.
  if (created !== undefined) await chmod(directory, 0o700);
  const file = join(directory, `${options.name}.key`);
  const existing = await readSecretFile(file);
  if (existing !== undefined) return existing;

  const value = randomBytes(32).toString('base64url');
  const temporary = join(directory, `.${options.name}.key.${process.pid}.${randomUUID()}.tmp`);
  await writeFile(temporary, value, { mode: 0o600, flag: 'wx' });
  try {
    await chmod(temporary, 0o600);
    // A hard link publishes the complete file atomically like rename does, but fails with EEXIST
    // instead of replacing a secret another process published (and may already be using) meanwhile.
    await link(temporary, file);
    return value;
  } catch (error) {
    if (!hasCode(error, 'EEXIST')) throw error;
    const theirs = await readSecretFile(file);
    if (theirs === undefined) throw new Error(`The secret file ${file} disappeared while it was being created`);
    return theirs;
  } finally {
    await unlink(temporary).catch(() => undefined);
  }
}
