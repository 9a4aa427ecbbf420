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
