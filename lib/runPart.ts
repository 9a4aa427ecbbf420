import type { Config } from './config.ts';
import { ConfigError, loadConfig } from './config.ts';
import { createDatabase, type Database } from './db/index.ts';
import type { Part } from './graphql/buildSubgraphServer.ts';
import { createLogger, type Logger } from './logger.ts';

export interface PartRuntime {
  config: Config;
  logger: Logger;
  /** Registers what to close after the part stopped (reverse order). */
  onShutdown(cleanup: () => Promise<void>): void;
}

/**
 * The body of a part's `main.ts`: loads the config, builds the part, listens on its configured
 * port and stops cleanly on SIGINT/SIGTERM. Exits with status 1 and one line on stderr when it
 * cannot start.
 */
export async function runPart(name: keyof Config['ports'], build: (runtime: PartRuntime) => Promise<Part>): Promise<void> {
  const cleanups: (() => Promise<void>)[] = [];
  try {
    const config = loadConfig();
    const logger = createLogger(config, name);
    const part = await build({ config, logger, onShutdown: (cleanup) => cleanups.push(cleanup) });
    const port = await part.listen(config.ports[name], config.host);
    logger.info({ port }, 'listening');
    const shutdown = async () => {
      await part.stop();
      for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
      process.exit(0);
    };
    process.once('SIGINT', () => void shutdown());
    process.once('SIGTERM', () => void shutdown());
  } catch (error) {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
    console.error(`c360 ${name}: could not start: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}

/**
 * The SQL store of a part run on its own. PGlite is one process's store, so a part alone needs a
 * server: without DATABASE_URL this throws a ConfigError that says so (`npm start` runs every part
 * in one process and shares one PGlite).
 */
export async function openPartDatabase(config: Config, part: string): Promise<Database> {
  if (!config.databaseUrl) {
    throw new ConfigError('DATABASE_URL', '', `a PostgreSQL URL: the ${part} run on its own needs a server (npm start runs all parts in one process with embedded PGlite)`);
  }
  return createDatabase({ databaseUrl: config.databaseUrl, pgliteDir: '' });
}
