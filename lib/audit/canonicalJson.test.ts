import { describe, expect, it } from 'vitest';
import { canonicalJson, type JsonValue } from './canonicalJson.ts';

describe('canonicalJson', () => {
  it('writes scalars as JSON does', () => {
    expect(canonicalJson(null)).toBe('null');
    expect(canonicalJson(true)).toBe('true');
    expect(canonicalJson(false)).toBe('false');
    expect(canonicalJson(0)).toBe('0');
    expect(canonicalJson(-0)).toBe('0');
    expect(canonicalJson(1.5)).toBe('1.5');
    expect(canonicalJson(1e21)).toBe('1e+21');
    expect(canonicalJson('plain')).toBe('"plain"');
  });

  it('escapes strings as JSON.stringify does', () => {
    expect(canonicalJson('a "quoted"\nline\\')).toBe('"a \\"quoted\\"\\nline\\\\"');
    expect(canonicalJson('é ü 東')).toBe('"é ü 東"');
    expect(canonicalJson('\u0001')).toBe('"\\u0001"');
  });

  it('sorts object keys, recursively, without whitespace', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: null } })).toBe('{"a":{"c":null,"d":[3,{"y":2,"z":1}]},"b":1}');
  });

  it('gives the same text whatever order the keys were built in', () => {
    expect(canonicalJson({ subject: 's', client: 'c', seq: 1 })).toBe(canonicalJson({ seq: 1, client: 'c', subject: 's' }));
    expect(canonicalJson({ subject: 's', client: 'c', seq: 1 })).toBe('{"client":"c","seq":1,"subject":"s"}');
  });

  it('sorts keys by UTF-16 code unit: upper case before lower case, shorter prefix first', () => {
    expect(canonicalJson({ b: 1, B: 2, ab: 3, a: 4, '10': 5, '9': 6 })).toBe('{"10":5,"9":6,"B":2,"a":4,"ab":3,"b":1}');
  });

  it('keeps array order', () => {
    expect(canonicalJson(['b', 'a', ['d', 'c']])).toBe('["b","a",["d","c"]]');
  });

  it('leaves out object members that are undefined', () => {
    expect(canonicalJson({ a: 1, b: undefined })).toBe('{"a":1}');
  });

  it('writes empty containers', () => {
    expect(canonicalJson({})).toBe('{}');
    expect(canonicalJson([])).toBe('[]');
  });

  it('accepts objects without a prototype', () => {
    const bare = Object.assign(Object.create(null) as Record<string, JsonValue>, { b: 2, a: 1 });
    expect(canonicalJson(bare)).toBe('{"a":1,"b":2}');
  });

  describe('refuses what JSON cannot carry faithfully', () => {
    it('non-finite numbers', () => {
      expect(() => canonicalJson({ a: [Number.NaN] })).toThrow(new TypeError('Expected a finite number at $.a[0], got NaN'));
      expect(() => canonicalJson(Number.POSITIVE_INFINITY)).toThrow(new TypeError('Expected a finite number at $, got Infinity'));
    });

    it('undefined in an array', () => {
      expect(() => canonicalJson([1, undefined] as unknown as JsonValue)).toThrow(new TypeError('Expected a JSON value at $[1], got undefined'));
    });

    it('bigints', () => {
      expect(() => canonicalJson({ n: 1n } as unknown as JsonValue)).toThrow(new TypeError('Expected a JSON value at $.n, got bigint 1n'));
    });

    it('strings with a lone surrogate, in values and keys', () => {
      expect(() => canonicalJson(['\ud800'])).toThrow(new TypeError('Expected well-formed Unicode without NUL at $[0], got "\\ud800"'));
      expect(() => canonicalJson({ 'x\udc00': 1 })).toThrow(new TypeError('Expected well-formed Unicode without NUL at $ (a key), got "x\\udc00"'));
      expect(canonicalJson('😀')).toBe('"😀"');
    });

    it('strings with NUL, which PostgreSQL cannot store', () => {
      expect(() => canonicalJson({ a: 'x\u0000y' })).toThrow(new TypeError('Expected well-formed Unicode without NUL at $.a, got "x\\u0000y"'));
    });

    it('objects that are not plain', () => {
      expect(() => canonicalJson({ at: new Date(0) } as unknown as JsonValue)).toThrow(new TypeError('Expected a plain object at $.at, got Date'));
      expect(() => canonicalJson(new Map() as unknown as JsonValue)).toThrow(new TypeError('Expected a plain object at $, got Map'));
    });
  });
});
