import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { isSourceSystem, type SourceSystem } from '../../lib/keys.ts';

/** A column, or several joined with a space (e.g. street number and street). */
type Columns = string | string[];

/**
 * How a labelled CSV maps onto source records and ground truth (`eval/<name>.json`). A new data set
 * needs only a new file like this.
 */
export interface EvaluationConfig {
  name: string;
  /** CSV files, relative to the config file, each loaded as one source system. */
  files: { path: string; source: SourceSystem }[];
  /** Trim every field (FEBRL puts a space after each comma). */
  trim?: boolean;
  /** The column that identifies a record within its file. */
  id: string;
  /** The true entity: a column, or the first capture group of `pattern` over a column. */
  truth: { column: string; pattern?: string };
  /** Matching settings for this data set (as in `C360_MATCHING_CONFIG`), e.g. sources holding one record per person. */
  matching?: Record<string, unknown>;
  fields: {
    givenName?: Columns;
    familyName?: Columns;
    fullName?: Columns;
    emails?: string[];
    phones?: string[];
    /** `YYYY-MM-DD` or `YYYYMMDD`. */
    birthDate?: { column: string; format: 'YYYY-MM-DD' | 'YYYYMMDD' };
    nationalId?: Columns;
    address?: { line1?: Columns; line2?: Columns; city?: Columns; region?: Columns; postalCode?: Columns };
  };
}

function fail(path: string, message: string): never {
  throw new TypeError(`${path}: ${message}`);
}

/** Reads and checks a config; relative file paths are resolved against the config's folder. */
export async function readEvaluationConfig(path: string): Promise<EvaluationConfig> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    fail(path, `not readable JSON (${(error as Error).message})`);
  }
  const config = raw as EvaluationConfig;
  if (typeof config.name !== 'string' || config.name === '') fail(path, 'expected a "name"');
  if (!Array.isArray(config.files) || config.files.length === 0) fail(path, 'expected "files": [{ "path", "source" }]');
  for (const [i, file] of config.files.entries()) {
    if (typeof file.path !== 'string') fail(path, `files[${i}].path must be a string`);
    if (!isSourceSystem(file.source)) fail(path, `files[${i}].source must be crm, shop, support or callcenter, got ${JSON.stringify(file.source)}`);
  }
  if (typeof config.id !== 'string') fail(path, 'expected "id": the column that identifies a record');
  if (typeof config.truth?.column !== 'string') fail(path, 'expected "truth": { "column", "pattern"? }');
  if (config.truth.pattern !== undefined) {
    try {
      new RegExp(config.truth.pattern);
    } catch {
      fail(path, `truth.pattern is not a regular expression: ${config.truth.pattern}`);
    }
  }
  if (typeof config.fields !== 'object' || config.fields === null) fail(path, 'expected "fields"');
  return { ...config, files: config.files.map((f) => ({ ...f, path: resolve(dirname(path), f.path) })) };
}
