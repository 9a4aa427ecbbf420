import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../lib/config.ts';

const secret = 'test-secret-for-the-token-cli-0123456789';
const tsx = join(projectRoot, 'node_modules', '.bin', 'tsx');
let dataDir: string;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'c360-token-'));
});
afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `tsx tools/token.ts` with only the variables it needs, so the developer's own C360_* settings do not leak in. */
async function runToken(args: string[], env: Record<string, string> = {}): Promise<Run> {
  const childEnv = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? tmpdir(), C360_DATA_DIR: dataDir, ...env };
  try {
    const { stdout, stderr } = await promisify(execFile)(tsx, ['tools/token.ts', ...args], { cwd: projectRoot, env: childEnv, timeout: 60_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof failed.code === 'number' ? failed.code : -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

describe('npm run token', () => {
  it('prints exactly one JWT line, signed with C360_JWT_SECRET and carrying the claims', async () => {
    const run = await runToken(['--clearance', 'CONFIDENTIAL', '--purpose', 'SERVICE', '--sub', 'alice', '--client', 'cli', '--ttl', '600'], { C360_JWT_SECRET: secret });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\n$/);
    const { payload, protectedHeader } = await jwtVerify(run.stdout.trim(), new TextEncoder().encode(secret), { algorithms: ['HS256'] });
    expect(protectedHeader.alg).toBe('HS256');
    expect(payload).toMatchObject({ sub: 'alice', client_id: 'cli', c360_clearance: 'CONFIDENTIAL', c360_purpose: 'SERVICE' });
    expect((payload.exp ?? 0) - (payload.iat ?? 0)).toBe(600);
  });

  it('signs with the generated development secret when none is configured', async () => {
    const run = await runToken(['--clearance', 'PUBLIC', '--purpose', 'ANALYTICS']);
    expect(run.code).toBe(0);
    const generated = await readFile(join(dataDir, 'secrets', 'jwt.key'), 'utf8');
    const { payload } = await jwtVerify(run.stdout.trim(), new TextEncoder().encode(generated), { algorithms: ['HS256'] });
    expect(payload).toMatchObject({ sub: 'developer', c360_clearance: 'PUBLIC', c360_purpose: 'ANALYTICS' });
  });

  it('exits 2 for a bad --clearance, naming the allowed values on stderr', async () => {
    const run = await runToken(['--clearance', 'TOP_SECRET', '--purpose', 'SERVICE'], { C360_JWT_SECRET: secret });
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('invalid --clearance "TOP_SECRET": expected one of PUBLIC, INTERNAL, CONFIDENTIAL, RESTRICTED');
  });

  it('exits 2 for a missing --purpose, an unknown option or a bad --ttl', async () => {
    const missing = await runToken(['--clearance', 'PUBLIC'], { C360_JWT_SECRET: secret });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('missing --purpose');
    const unknown = await runToken(['--clearance', 'PUBLIC', '--purpose', 'SERVICE', '--admin'], { C360_JWT_SECRET: secret });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("'--admin'");
    const ttl = await runToken(['--clearance', 'PUBLIC', '--purpose', 'SERVICE', '--ttl', '1h'], { C360_JWT_SECRET: secret });
    expect(ttl.code).toBe(2);
    expect(ttl.stderr).toContain('invalid --ttl "1h"');
  });

  it('exits 1 in production without a configured secret, naming C360_JWT_SECRET', async () => {
    const run = await runToken(['--clearance', 'PUBLIC', '--purpose', 'SERVICE'], { NODE_ENV: 'production' });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('C360_JWT_SECRET');
  });
});
