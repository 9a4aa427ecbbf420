import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { Redis } from 'ioredis';
import { loadConfig } from '../../lib/config.ts';

export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  if (address === null || typeof address === 'string') throw new Error('Expected a TCP address');
  return address.port;
}

/** REDIS_URL when set; else a redis-server of our own on a free port; else a failure that says what to do. */
export async function useRedis(): Promise<{ url: string; stop: () => Promise<void> }> {
  const configured = loadConfig({ ...process.env, NODE_ENV: 'test' }).limits.redisUrl;
  if (configured) return { url: configured, stop: async () => {} };
  if (spawnSync('redis-server', ['--version']).error) {
    throw new Error('REDIS_URL is unset and redis-server is not on PATH: run .ci/redis.sh (it installs Debian\'s redis-server and prints a REDIS_URL) or point REDIS_URL at a Redis');
  }
  const port = await freePort();
  const child: ChildProcess = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  const url = `redis://127.0.0.1:${port}`;
  const probe = new Redis(url, { lazyConnect: true, retryStrategy: () => 50, maxRetriesPerRequest: null });
  probe.on('error', () => {});
  try {
    await Promise.race([
      probe.ping(),
      once(child, 'exit').then(([code]) => Promise.reject(new Error(`redis-server exited with ${String(code)} before answering on port ${port}`))),
      new Promise((_, reject) => setTimeout(() => reject(new Error(`redis-server did not answer on port ${port} within 10 s`)), 10_000)),
    ]);
  } finally {
    probe.disconnect();
  }
  return {
    url,
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      await exited;
    },
  };
}

