import { spawn, type ChildProcess } from 'node:child_process';
import { constants as fsConstants } from 'node:fs';
import { access, mkdir, open, readdir, readFile, rm, stat } from 'node:fs/promises';
import { createServer } from 'node:net';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import neo4j from 'neo4j-driver';

export interface LocalNeo4jOptions {
  /** Where the server keeps its store (`data/`) and its own logs (`logs/neo4j.log`, `logs/debug.log`). */
  dataDir: string;
  /** Bolt port on 127.0.0.1; a free one is picked when omitted. */
  port?: number;
  /** Progress messages (building the launcher, starting, ready). */
  log?: (msg: string) => void;
  /**
   * `small` (default): small heap, serial GC, C1 only, 64 MiB page cache — fastest start, least
   * CPU, for tests. `server`: 2 GiB heap, parallel GC, full JIT, a 512 MiB page cache and 64 MiB
   * transaction log files — for
   * `npm start` and the benchmarks, where throughput over a larger store matters more than start.
   */
  profile?: 'small' | 'server';
  /**
   * Also run a throwaway warm-up store in the same JVM (`LocalNeo4j.warmUp`): resolution commits
   * synthetic records into it at start, so that the JVM has compiled Neo4j's write and commit
   * paths before the real store takes load (see `warmUpResolution`).
   */
  warmUpStore?: boolean;
}

/** The throwaway warm-up store of a local Neo4j: empty at start, deleted by `end()`. */
export interface WarmUpStore {
  /** `bolt://127.0.0.1:PORT`; no authentication. */
  uri: string;
  /** Shuts the warm-up store down and deletes it; resolves once it is gone (or the server has exited). Idempotent. */
  end(): Promise<void>;
}

export interface LocalNeo4j {
  /** `bolt://127.0.0.1:PORT`; no authentication. */
  uri: string;
  /** The warm-up store, when `warmUpStore` was asked for. */
  warmUp: WarmUpStore | null;
  /** Shuts the server down cleanly (SIGTERM, SIGKILL after 20 s). Idempotent. */
  stop(): Promise<void>;
}

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const TOOL_DIR = join(ROOT, 'tools', 'neo4j');
const POM = join(TOOL_DIR, 'pom.xml');
const SRC_DIR = join(TOOL_DIR, 'src');
const TARGET_DIR = join(TOOL_DIR, 'target');
const JAR = join(TARGET_DIR, 'neo4j-launcher.jar');
const LIB_DIR = join(TARGET_DIR, 'lib');
const LOCK = join(TARGET_DIR, '.build.lock');

const MAIN_CLASS = 'c360.neo4j.Neo4jLauncher';
const READY = /^C360_NEO4J_READY (bolt:\/\/\S+)\s*$/;
const WARM_UP = /^C360_NEO4J_WARM_UP (bolt:\/\/\S+)\s*$/;
const WARM_UP_ENDED = /^C360_NEO4J_WARM_UP_ENDED\s*$/;
const READY_TIMEOUT_MS = 120_000;
const STOP_GRACE_MS = 20_000;
const LOCK_STALE_MS = 10 * 60_000;
const LOCK_POLL_MS = 500;
const TAIL_LINES = 40;
const ALTERNATIVE = 'set NEO4J_URI to an existing Neo4j 5 server';

/**
 * JVM flags besides the profile's (PROFILE_OPTIONS): the module opens Neo4j's page cache and native file access expect (as in its own neo4j.conf).
 */
const PROFILE_OPTIONS: Record<'small' | 'server', readonly string[]> = {
  small: ['-Xms64m', '-Xmx512m', '-XX:+UseSerialGC', '-XX:TieredStopAtLevel=1'],
  server: ['-Xms512m', '-Xmx2g', '-XX:+UseParallelGC', '-Dc360.pagecacheMiB=512', '-Dc360.logRotationMiB=64'],
};

const JVM_OPTIONS = [
  '-Dlog4j2.disable.jmx=true',
  '-Djdk.nio.maxCachedBufferSize=1024',
  '-Dio.netty.tryReflectionSetAccessible=true',
  '--add-opens=java.base/java.nio=ALL-UNNAMED',
  '--add-opens=java.base/java.io=ALL-UNNAMED',
  '--add-opens=java.base/java.lang=ALL-UNNAMED',
  '--add-opens=java.base/sun.nio.ch=ALL-UNNAMED',
];

/**
 * Starts a local Neo4j 5.26 Community server (embedded in a small Java launcher,
 * `tools/neo4j`) for development and tests, when no NEO4J_URI is configured.
 *
 * Contract:
 * - Needs `java` (17+) on PATH (or `$JAVA_HOME/bin/java`); `mvn` is needed only when the launcher
 *   must be built. When one is missing it throws an Error naming it and the alternative: set
 *   NEO4J_URI to an existing Neo4j 5 server.
 * - Builds the launcher (`mvn -q -B -f tools/neo4j/pom.xml package -DskipTests`) when its jar is
 *   missing or older than pom.xml or any source file; the first build resolves Neo4j's jars from
 *   Maven Central. Concurrent callers (e.g. two test runs) serialize on
 *   `tools/neo4j/target/.build.lock` (stale after 10 min or when its owner is gone). A failed build
 *   throws with Maven's last lines of output.
 * - Serves Bolt on 127.0.0.1 only, without authentication, on `port` or a free port; the store and
 *   Neo4j's own logs live in `dataDir` (reusing a `dataDir` keeps its data).
 * - Resolves once the server printed its READY line and `driver.verifyConnectivity()` succeeded;
 *   throws (with the tail of the server's stderr) if it exits first or is not ready within 120 s.
 * - With `warmUpStore`, the same JVM also serves an empty, throwaway store on another free port
 *   (`warmUp.uri`, kept in `dataDir/warm-up`, emptied at start); `warmUp.end()` shuts it down and
 *   deletes it (the real store serves on). Left running, it costs its own page cache and
 *   background work, so end it as soon as the warm-up is done.
 * - The server dies with this process: it exits when its stdin (a pipe held by this process)
 *   closes, and a `process.once('exit')` handler signals it. `stop()` sends SIGTERM, waits for the
 *   exit (SIGKILL after 20 s) and is idempotent.
 */
export async function startLocalNeo4j(options: LocalNeo4jOptions): Promise<LocalNeo4j> {
  const log = options.log ?? (() => {});
  const java = await findJava();
  await ensureLauncherBuilt(log);

  const dataDir = resolve(options.dataDir);
  await mkdir(dataDir, { recursive: true });

  // A port picked here could be taken by someone else before Neo4j binds it: retry with another.
  const attempts = options.port === undefined ? 3 : 1;
  for (let attempt = 1; ; attempt++) {
    const port = options.port ?? (await freePort());
    const warmUpPort = options.warmUpStore ? await freePort() : null;
    try {
      return await launch(java, dataDir, port, warmUpPort, log, options.profile ?? 'small');
    } catch (error) {
      const retry = attempt < attempts && error instanceof Error && /address already in use|BindException/i.test(error.message);
      if (!retry) throw error;
      log(`port ${port} was taken, trying another`);
    }
  }
}

async function launch(java: string, dataDir: string, port: number, warmUpPort: number | null, log: (msg: string) => void, profile: 'small' | 'server'): Promise<LocalNeo4j> {
  log(`starting Neo4j on bolt://127.0.0.1:${port} (data in ${dataDir})`);
  const startedAt = Date.now();
  const warmUpArgs = warmUpPort === null ? [] : ['--warm-up-port', String(warmUpPort)];
  const child = spawn(
    java,
    [...PROFILE_OPTIONS[profile], ...JVM_OPTIONS, '-cp', `${JAR}${delimiter}${join(LIB_DIR, '*')}`, MAIN_CLASS, '--data-dir', dataDir, '--bolt-port', String(port), ...warmUpArgs],
    { cwd: dataDir, stdio: ['pipe', 'pipe', 'pipe'] },
  );
  // stdin stays open: the launcher exits when it closes. Ignore EPIPE once the child is gone.
  child.stdin?.on('error', () => {});

  const stderrTail = new LineTail(TAIL_LINES);
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => stderrTail.push(chunk));

  const exited = new Promise<void>((done) => {
    if (child.exitCode !== null || child.signalCode !== null) done();
    else child.once('exit', () => done());
  });
  const onProcessExit = (): void => {
    if (isRunning(child)) child.kill('SIGTERM');
  };
  process.once('exit', onProcessExit);
  void exited.then(() => process.removeListener('exit', onProcessExit));

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      if (isRunning(child)) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => {
          if (isRunning(child)) child.kill('SIGKILL');
        }, STOP_GRACE_MS);
        try {
          await exited;
        } finally {
          clearTimeout(timer);
        }
      }
      child.stdin?.destroy();
    })();
    return stopping;
  };

  const lines = new StdoutLines(child);
  let uri: string;
  let warmUpUri: string | null = null;
  try {
    uri = await waitForReady(child, lines, exited, stderrTail, (line) => {
      warmUpUri = WARM_UP.exec(line)?.[1] ?? warmUpUri;
    });
  } catch (error) {
    await stop();
    throw error;
  }

  const driver = neo4j.driver(uri, undefined, { connectionAcquisitionTimeout: 30_000 });
  try {
    await driver.verifyConnectivity();
  } catch (error) {
    await stop();
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`local Neo4j printed READY but Bolt at ${uri} does not answer: ${reason}`);
  } finally {
    await driver.close();
  }

  log(`Neo4j ready at ${uri} in ${((Date.now() - startedAt) / 1000).toFixed(1)} s`);
  return { uri, warmUp: warmUpUri === null ? null : warmUpStore(warmUpUri, child, lines, exited), stop };
}

function warmUpStore(uri: string, child: ChildProcess, lines: StdoutLines, exited: Promise<void>): WarmUpStore {
  let ending: Promise<void> | undefined;
  return {
    uri,
    end: () =>
      (ending ??= new Promise<void>((done) => {
        lines.onLine((line) => {
          if (WARM_UP_ENDED.test(line)) done();
        });
        void exited.then(done);
        if (isRunning(child)) child.stdin?.write('end-warm-up\n');
      })),
  };
}

/** The launcher's stdout as lines, to every listener; drained for the life of the process so the pipe never fills. */
class StdoutLines {
  private readonly listeners: ((line: string) => void)[] = [];
  private buffered = '';

  constructor(child: ChildProcess) {
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      this.buffered += chunk;
      let newline: number;
      while ((newline = this.buffered.indexOf('\n')) >= 0) {
        const line = this.buffered.slice(0, newline);
        this.buffered = this.buffered.slice(newline + 1);
        for (const listener of [...this.listeners]) listener(line);
      }
    });
  }

  onLine(listener: (line: string) => void): () => void {
    this.listeners.push(listener);
    return () => {
      const at = this.listeners.indexOf(listener);
      if (at >= 0) this.listeners.splice(at, 1);
    };
  }
}

function waitForReady(child: ChildProcess, lines: StdoutLines, exited: Promise<void>, stderrTail: LineTail, onEarlierLine: (line: string) => void): Promise<string> {
  return new Promise<string>((resolveReady, rejectReady) => {
    let settled = false;
    const settle = (fn: () => void): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      fn();
    };
    const failure = (what: string): Error => {
      const tail = stderrTail.text();
      return new Error(`local Neo4j ${what}${tail ? `; its stderr ends with:\n${tail}` : ' (no stderr output)'}`);
    };

    const timer = setTimeout(() => {
      settle(() => rejectReady(failure(`was not ready within ${READY_TIMEOUT_MS / 1000} s`)));
    }, READY_TIMEOUT_MS);

    const stopListening = lines.onLine((line) => {
      if (settled) return;
      const match = READY.exec(line);
      if (match?.[1]) {
        const uri = match[1];
        stopListening();
        settle(() => resolveReady(uri));
      } else onEarlierLine(line);
    });
    child.once('error', (error) => {
      settle(() => rejectReady(failure(`could not be started: ${error.message}`)));
    });
    void exited.then(() => {
      // Let the last stderr chunks arrive before reporting.
      setImmediate(() => {
        const how = child.signalCode ? `signal ${child.signalCode}` : `code ${String(child.exitCode)}`;
        settle(() => rejectReady(failure(`exited (${how}) before it was ready`)));
      });
    });
  });
}

function isRunning(child: ChildProcess): boolean {
  return child.exitCode === null && child.signalCode === null && child.pid !== undefined;
}

// ---------------------------------------------------------------------------------------------
// Tools

async function findJava(): Promise<string> {
  const javaHome = process.env['JAVA_HOME'];
  if (javaHome) {
    const candidate = join(javaHome, 'bin', process.platform === 'win32' ? 'java.exe' : 'java');
    if (await isExecutable(candidate)) return candidate;
  }
  const java = await which('java');
  if (!java) throw missingTool('java', 'a Java 17+ runtime');
  return java;
}

async function findMaven(): Promise<string> {
  const mvn = await which('mvn');
  if (!mvn) throw missingTool('mvn', 'Apache Maven, needed once to build tools/neo4j');
  return mvn;
}

function missingTool(name: string, what: string): Error {
  return new Error(`cannot start a local Neo4j: \`${name}\` (${what}) was not found on PATH; install it, or ${ALTERNATIVE}`);
}

async function which(command: string): Promise<string | undefined> {
  const dirs = (process.env['PATH'] ?? '').split(delimiter).filter((dir) => dir !== '');
  const names = process.platform === 'win32' ? [`${command}.cmd`, `${command}.exe`, command] : [command];
  for (const dir of dirs) {
    for (const name of names) {
      const candidate = join(dir, name);
      if (await isExecutable(candidate)) return candidate;
    }
  }
  return undefined;
}

async function isExecutable(path: string): Promise<boolean> {
  try {
    await access(path, fsConstants.X_OK);
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------------------------------------
// Building the launcher

async function ensureLauncherBuilt(log: (msg: string) => void): Promise<void> {
  if (!(await launcherIsStale())) return;
  await mkdir(TARGET_DIR, { recursive: true });
  const release = await acquireBuildLock(log);
  try {
    // Another process may have built it while we waited for the lock.
    if (!(await launcherIsStale())) return;
    const mvn = await findMaven();
    log("building the Neo4j launcher (first start resolves Neo4j's jars from Maven Central)…");
    const startedAt = Date.now();
    await runMaven(mvn);
    if (await launcherIsStale()) {
      throw new Error(`building the Neo4j launcher succeeded but ${JAR} or ${LIB_DIR} is still missing or out of date`);
    }
    log(`built the Neo4j launcher in ${((Date.now() - startedAt) / 1000).toFixed(1)} s`);
  } finally {
    await release();
  }
}

/** True when the jar or its dependency folder is missing, or the jar is older than pom.xml or a source file. */
async function launcherIsStale(): Promise<boolean> {
  const jarTime = await mtime(JAR);
  if (jarTime === undefined) return true;
  try {
    if (!(await readdir(LIB_DIR)).some((name) => name.endsWith('.jar'))) return true;
  } catch {
    return true;
  }
  const inputs = [POM, ...(await listFiles(SRC_DIR))];
  for (const input of inputs) {
    const time = await mtime(input);
    if (time !== undefined && time > jarTime) return true;
  }
  return false;
}

async function mtime(path: string): Promise<number | undefined> {
  try {
    return (await stat(path)).mtimeMs;
  } catch {
    return undefined;
  }
}

async function listFiles(dir: string): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  const files: string[] = [];
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...(await listFiles(path)));
    else if (entry.isFile()) files.push(path);
  }
  return files;
}

function runMaven(mvn: string): Promise<void> {
  return new Promise<void>((done, fail) => {
    const output = new LineTail(TAIL_LINES);
    const child = spawn(mvn, ['-q', '-B', '-Dstyle.color=never', '-f', POM, 'package', '-DskipTests'], {
      cwd: TOOL_DIR,
      stdio: ['ignore', 'pipe', 'pipe'],
      // Windows needs a shell for mvn.cmd.
      shell: process.platform === 'win32',
    });
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => output.push(chunk));
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => output.push(chunk));
    child.once('error', (error) => fail(new Error(`could not run mvn: ${error.message}; ${ALTERNATIVE}`)));
    child.once('close', (code, signal) => {
      if (code === 0) {
        done();
        return;
      }
      const how = signal ? `signal ${signal}` : `exit code ${String(code)}`;
      const tail = output.text();
      fail(new Error(`building the Neo4j launcher failed (mvn ${how})${tail ? `; Maven's last lines:\n${tail}` : ''}\nAlternatively, ${ALTERNATIVE}.`));
    });
  });
}

/** Creates the lock file exclusively, waiting while another live process holds it. */
async function acquireBuildLock(log: (msg: string) => void): Promise<() => Promise<void>> {
  let announced = false;
  for (;;) {
    try {
      const handle = await open(LOCK, 'wx');
      try {
        await handle.writeFile(`${process.pid} ${new Date().toISOString()}\n`);
      } finally {
        await handle.close();
      }
      return async () => {
        await rm(LOCK, { force: true });
      };
    } catch (error) {
      if (!isErrnoException(error) || error.code !== 'EEXIST') throw error;
    }
    if (await lockIsStale()) {
      await rm(LOCK, { force: true });
      continue;
    }
    if (!announced) {
      log('waiting for another process that is building the Neo4j launcher…');
      announced = true;
    }
    await new Promise((wake) => setTimeout(wake, LOCK_POLL_MS));
  }
}

async function lockIsStale(): Promise<boolean> {
  let info;
  try {
    info = await stat(LOCK);
  } catch {
    return false; // gone already: just retry
  }
  if (Date.now() - info.mtimeMs > LOCK_STALE_MS) return true;
  try {
    const pid = Number.parseInt((await readFile(LOCK, 'utf8')).split(' ')[0] ?? '', 10);
    if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && !processExists(pid)) return true;
  } catch {
    // unreadable or half-written: rely on age
  }
  return false;
}

function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return isErrnoException(error) && error.code === 'EPERM';
  }
}

function isErrnoException(error: unknown): error is NodeJS.ErrnoException {
  return error instanceof Error && 'code' in error;
}

// ---------------------------------------------------------------------------------------------
// Helpers

/** A free TCP port on 127.0.0.1 (bound to port 0, read, released). */
function freePort(): Promise<number> {
  return new Promise<number>((done, fail) => {
    const server = createServer();
    server.unref();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      if (address === null || typeof address === 'string') {
        server.close();
        fail(new Error('could not pick a free port'));
        return;
      }
      const { port } = address;
      server.close(() => done(port));
    });
  });
}

/** Keeps the last `max` lines of a text stream. */
class LineTail {
  private readonly lines: string[] = [];
  private partial = '';

  constructor(private readonly max: number) {}

  push(chunk: string): void {
    const parts = (this.partial + chunk).replace(/\x1b\[[0-9;]*m/g, '').split(/\r?\n/);
    this.partial = parts.pop() ?? '';
    for (const line of parts) {
      if (line.trim() === '') continue;
      this.lines.push(line);
      if (this.lines.length > this.max) this.lines.shift();
    }
  }

  text(): string {
    const all = this.partial.trim() === '' ? this.lines : [...this.lines, this.partial];
    return all.slice(-this.max).join('\n');
  }
}
