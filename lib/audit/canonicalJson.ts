/** A value that JSON can carry. `undefined` members of objects are left out, as `JSON.stringify` does. */
export type JsonValue = null | boolean | number | string | readonly JsonValue[] | JsonObject;
export interface JsonObject {
  readonly [key: string]: JsonValue | undefined;
}

// A lone surrogate becomes U+FFFD when encoded as UTF-8 (for hashing, or on its way to
// PostgreSQL), so two different strings would share one hash; PostgreSQL's text and jsonb
// cannot hold NUL at all. Either way what is stored would differ from what was hashed.
const unfaithful = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

function string(value: string, at: string): string {
  if (unfaithful.test(value)) throw new TypeError(`Expected well-formed Unicode without NUL at ${at}, got ${JSON.stringify(value)}`);
  return JSON.stringify(value);
}

function describe(value: unknown): string {
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'object' && value !== null) return value.constructor?.name ?? 'object without prototype';
  return String(value);
}

function isPlainObject(value: object): boolean {
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

function write(value: unknown, at: string): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'string':
      return string(value, at);
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`Expected a finite number at ${at}, got ${describe(value)}`);
      return JSON.stringify(value);
    case 'object':
      break;
    default:
      throw new TypeError(`Expected a JSON value at ${at}, got ${typeof value} ${describe(value)}`);
  }
  if (Array.isArray(value)) {
    return `[${value.map((item, index) => {
      if (item === undefined) throw new TypeError(`Expected a JSON value at ${at}[${index}], got undefined`);
      return write(item, `${at}[${index}]`);
    }).join(',')}]`;
  }
  if (!isPlainObject(value)) throw new TypeError(`Expected a plain object at ${at}, got ${describe(value)}`);
  const record = value as Record<string, unknown>;
  const members = Object.keys(record)
    .filter((key) => record[key] !== undefined)
    .sort()
    .map((key) => `${string(key, `${at} (a key)`)}:${write(record[key], `${at}.${key}`)}`);
  return `{${members.join(',')}}`;
}

/**
 * The one JSON text of a value that the audit chain hashes: object keys sorted (by UTF-16 code
 * unit, recursively), no whitespace, strings and numbers written as `JSON.stringify` writes them.
 * Equal data gives equal text whatever order its keys were built in.
 *
 * Throws a `TypeError` naming the path for what JSON cannot carry faithfully: `NaN`, `Infinity`,
 * `undefined` in an array, bigints, functions, symbols, and objects that are not plain (a `Date`,
 * a `Map`, a class instance), which `JSON.stringify` would silently rewrite or drop; and strings
 * (values or keys) with a lone surrogate or a NUL, which UTF-8 and PostgreSQL cannot keep as they are.
 */
export function canonicalJson(value: JsonValue): string {
  return write(value, '$');
}
