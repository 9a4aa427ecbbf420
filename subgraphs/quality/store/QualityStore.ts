import { migrate, type Database, type Migration } from '../../../lib/db/index.ts';
import type { RuleDefinition } from '../rules/types.ts';

const migrations: readonly Migration[] = [
  {
    version: 1,
    name: 'rule catalog',
    sql: `
      CREATE TABLE quality.rules (
        id text PRIMARY KEY,
        description text NOT NULL,
        field text NOT NULL,
        severity text NOT NULL CHECK (severity IN ('INFO', 'WARNING', 'ERROR')),
        enabled boolean NOT NULL DEFAULT true
      );
      INSERT INTO quality.rules (id, description, field, severity) VALUES
        ('EMAIL_SYNTAX', 'Every e-mail is a syntactically valid address', 'emails', 'ERROR'),
        ('PHONE_VALID', 'Every phone is a valid number for its region (libphonenumber)', 'phones', 'WARNING'),
        ('NAME_PRESENT', 'The record has a full name, or both given and family names', 'name', 'WARNING'),
        ('BIRTH_DATE_PLAUSIBLE', 'The birth date is a calendar date, not in the future, at most 120 years ago', 'birthDate', 'WARNING');
    `,
  },
];

/** The quality subgraph's SQL, in schema `quality`. */
export class QualityStore {
  constructor(readonly db: Database) {}

  migrate(): Promise<number[]> {
    return migrate(this.db, 'quality', migrations);
  }

  async rules(): Promise<RuleDefinition[]> {
    const { rows } = await this.db.query<RuleDefinition>(`SELECT id, description, field, severity, enabled FROM quality.rules ORDER BY id`);
    return rows;
  }

  async ping(): Promise<void> {
    await this.db.query('SELECT 1');
  }
}
