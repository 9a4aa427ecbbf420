import { pino, type Logger } from 'pino';
import type { Config } from './config.ts';

export type { Logger };

/**
 * Structured JSON logs. Callers log ids, counts and codes, never personal data: no names,
 * e-mails, phones, addresses or raw identifier values (identifier *keys* contain them too).
 */
export function createLogger(config: Pick<Config, 'logLevel'>, name: string): Logger {
  return pino({ name, level: config.logLevel, base: { part: name } });
}

/** An error's name and message for a log line (`err`); never the request's values. */
export function describeError(error: unknown): { name: string; message: string } {
  return error instanceof Error ? { name: error.name, message: error.message } : { name: 'Unknown', message: String(error) };
}
