import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { resolveSecret } from './devSecrets.ts';

let dataDir: string;
beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'c360-secrets-'));
});
afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

const mode = async (path: string) => (await stat(path)).mode & 0o777;

describe('resolveSecret: configured values', () => {
  it('returns the configured value and writes nothing', async () => {
    expect(await resolveSecret({ configured: 'from-env', name: 'jwt', dataDir, environment: 'production' })).toBe('from-env');
    expect(await resolveSecret({ configured: 'from-env', name: 'context', dataDir, environment: 'development' })).toBe('from-env');
    await expect(stat(join(dataDir, 'secrets'))).rejects.toThrow(/ENOENT/);
  });

  it('throws in production without a configured value, naming the variable to set', async () => {
    await expect(resolveSecret({ configured: null, name: 'jwt', dataDir, environment: 'production' })).rejects.toThrow(/set C360_JWT_SECRET/);
    await expect(resolveSecret({ configured: null, name: 'context', dataDir, environment: 'production' })).rejects.toThrow(/set C360_CONTEXT_KEY/);
    await expect(resolveSecret({ configured: null, name: 'hash', dataDir, environment: 'production' })).rejects.toThrow(/set C360_HASH_KEY/);
    await expect(stat(join(dataDir, 'secrets'))).rejects.toThrow(/ENOENT/);
  });
});

describe('resolveSecret: generated development secrets', () => {
  it('creates 32 random bytes, base64url, in <dataDir>/secrets/<name>.key with mode 0600 in a 0700 directory', async () => {
    const value = await resolveSecret({ configured: null, name: 'jwt', dataDir, environment: 'development' });
    expect(value).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(value, 'base64url')).toHaveLength(32);
    const file = join(dataDir, 'secrets', 'jwt.key');
    expect(await readFile(file, 'utf8')).toBe(value);
    expect(await mode(file)).toBe(0o600);
    expect(await mode(join(dataDir, 'secrets'))).toBe(0o700);
  });

  it('returns the same value on later calls, and a different one per name', async () => {
    const first = await resolveSecret({ configured: null, name: 'context', dataDir, environment: 'test' });
    expect(await resolveSecret({ configured: null, name: 'context', dataDir, environment: 'test' })).toBe(first);
    expect(await resolveSecret({ configured: null, name: 'hash', dataDir, environment: 'test' })).not.toBe(first);
  });

  it('agrees on one value when many callers create it at once', async () => {
    const values = await Promise.all(Array.from({ length: 20 }, () => resolveSecret({ configured: null, name: 'hash', dataDir, environment: 'development' })));
    expect(new Set(values).size).toBe(1);
    expect(await readFile(join(dataDir, 'secrets', 'hash.key'), 'utf8')).toBe(values[0]);
  });

  it('leaves no temporary files behind', async () => {
    await Promise.all(Array.from({ length: 5 }, () => resolveSecret({ configured: null, name: 'jwt', dataDir, environment: 'development' })));
    expect(await readdir(join(dataDir, 'secrets'))).toEqual(['jwt.key']);
  });

  it('reads a secret written by hand, without surrounding whitespace', async () => {
    await mkdir(join(dataDir, 'secrets'), { recursive: true });
    await writeFile(join(dataDir, 'secrets', 'jwt.key'), 'hand-made-secret\n');
    expect(await resolveSecret({ configured: null, name: 'jwt', dataDir, environment: 'development' })).toBe('hand-made-secret');
  });

  it('refuses an empty secret file', async () => {
    await mkdir(join(dataDir, 'secrets'), { recursive: true });
    await writeFile(join(dataDir, 'secrets', 'jwt.key'), '\n');
    await expect(resolveSecret({ configured: null, name: 'jwt', dataDir, environment: 'development' })).rejects.toThrow(/jwt\.key is empty: delete it/);
  });
});
