import { describe, expect, it } from 'vitest';
import { clusterLinks, type CandidateLink, type ClusterOptions } from './clusterLinks.ts';

/** Options with the given size limit and a symmetric conflict table (`'a|c'` → reason). */
function options(maxClusterSize: number, conflicts: Record<string, string> = {}): ClusterOptions {
  return {
    maxClusterSize,
    conflict: (a, b) => conflicts[`${a}|${b}`] ?? conflicts[`${b}|${a}`] ?? null,
  };
}

const link = (a: string, b: string, probability: number, fixed?: boolean): CandidateLink => (fixed === undefined ? { a, b, probability } : { a, b, probability, fixed });

describe('matching: clusterLinks', () => {
  it('puts every key in exactly one cluster, a key without links alone', () => {
    expect(clusterLinks(['a', 'b', 'c'], [link('a', 'b', 0.99)], options(50))).toEqual({ clusters: [['a', 'b'], ['c']], blocked: [] });
    expect(clusterLinks(['a', 'b'], [], options(50))).toEqual({ clusters: [['a'], ['b']], blocked: [] });
    expect(clusterLinks([], [], options(50))).toEqual({ clusters: [], blocked: [] });
  });

  it('merges through a chain of links into one cluster when nothing conflicts', () => {
    const result = clusterLinks(['d', 'c', 'b', 'a'], [link('c', 'd', 0.95), link('a', 'b', 0.97), link('b', 'c', 0.96)], options(50));
    expect(result).toEqual({ clusters: [['a', 'b', 'c', 'd']], blocked: [] });
  });

  it('merges the strongest link first: the weaker one is the one refused at the size limit', () => {
    const weak = link('a', 'b', 0.9);
    const strong = link('b', 'c', 0.95);
    expect(clusterLinks(['a', 'b', 'c'], [weak, strong], options(2))).toEqual({
      clusters: [['b', 'c'], ['a']],
      blocked: [{ link: weak, reason: 'CLUSTER_TOO_LARGE: the merge would make a customer of 3 records (limit 2)' }],
    });
  });

  it('refuses a merge beyond maxClusterSize with CLUSTER_TOO_LARGE and the sizes', () => {
    const links = [link('a', 'b', 0.99), link('c', 'd', 0.98), link('b', 'c', 0.97)];
    expect(clusterLinks(['a', 'b', 'c', 'd'], links, options(3))).toEqual({
      clusters: [['a', 'b'], ['c', 'd']],
      blocked: [{ link: links[2], reason: 'CLUSTER_TOO_LARGE: the merge would make a customer of 4 records (limit 3)' }],
    });
    expect(clusterLinks(['a', 'b', 'c', 'd'], links, options(4))).toEqual({ clusters: [['a', 'b', 'c', 'd']], blocked: [] });
  });

  it('applies fixed links before stronger unfixed ones', () => {
    const strong = link('b', 'c', 0.99);
    const fixed = link('a', 'b', 0.2, true);
    expect(clusterLinks(['a', 'b', 'c'], [strong, fixed], options(2))).toEqual({
      clusters: [['a', 'b'], ['c']],
      blocked: [{ link: strong, reason: 'CLUSTER_TOO_LARGE: the merge would make a customer of 3 records (limit 2)' }],
    });
  });

  it('applies fixed links past the safeguards: neither the size limit nor a conflict stops them', () => {
    const links = [link('a', 'b', 0.5, true), link('b', 'c', 0.5, true)];
    const result = clusterLinks(['a', 'b', 'c'], links, options(2, { 'a|c': 'BIRTH_DATES_CONFLICT: far apart' }));
    expect(result).toEqual({ clusters: [['a', 'b', 'c']], blocked: [] });
  });

  it('keeps C out of a chain A~B~C when A and C conflict, reporting the blocked link with the reason', () => {
    const ab = link('a', 'b', 0.99);
    const bc = link('b', 'c', 0.98);
    const result = clusterLinks(['a', 'b', 'c'], [bc, ab], options(50, { 'a|c': 'BIRTH_DATES_CONFLICT: far apart' }));
    expect(result).toEqual({
      clusters: [['a', 'b'], ['c']],
      blocked: [{ link: bc, reason: 'BIRTH_DATES_CONFLICT: far apart' }],
    });
  });

  it('blocks a merge when any pair across the two clusters conflicts, not only the linked records', () => {
    const links = [link('a', 'b', 0.99), link('c', 'd', 0.99), link('b', 'c', 0.95)];
    const result = clusterLinks(['a', 'b', 'c', 'd'], links, options(50, { 'a|d': 'SAME_SOURCE_DIFFERENT_ID: crm holds one record per person' }));
    expect(result).toEqual({
      clusters: [['a', 'b'], ['c', 'd']],
      blocked: [{ link: links[2], reason: 'SAME_SOURCE_DIFFERENT_ID: crm holds one record per person' }],
    });
  });

  it('does not hold a conflict between the linked pair itself against their merge (their score already weighed it)', () => {
    const links = [link('a', 'b', 0.99), link('b', 'c', 0.95)];
    const result = clusterLinks(['a', 'b', 'c'], links, options(50, { 'b|c': 'BIRTH_DATES_CONFLICT: far apart' }));
    expect(result).toEqual({ clusters: [['a', 'b', 'c']], blocked: [] });
  });

  it('does not report a link between records already in one cluster', () => {
    const links = [link('a', 'b', 0.99), link('b', 'c', 0.98), link('a', 'c', 0.5)];
    expect(clusterLinks(['a', 'b', 'c'], links, options(3))).toEqual({ clusters: [['a', 'b', 'c']], blocked: [] });
  });

  it('sorts each cluster, and the clusters largest first, then by their first key', () => {
    const links = [link('z', 'y', 0.9), link('m', 'k', 0.9), link('k', 'l', 0.9)];
    expect(clusterLinks(['z', 'y', 'm', 'l', 'k', 'b', 'a'], links, options(50)).clusters).toEqual([['k', 'l', 'm'], ['y', 'z'], ['a'], ['b']]);
  });

  it('breaks a tie in probability by the records’ keys, whatever the input order', () => {
    const ab = link('a', 'b', 0.9);
    const ac = link('a', 'c', 0.9);
    for (const links of [[ab, ac], [ac, ab]]) {
      for (const keys of [['a', 'b', 'c'], ['c', 'b', 'a']]) {
        expect(clusterLinks(keys, links, options(2))).toEqual({
          clusters: [['a', 'b'], ['c']],
          blocked: [{ link: ac, reason: 'CLUSTER_TOO_LARGE: the merge would make a customer of 3 records (limit 2)' }],
        });
      }
    }
  });

  it('gives the same result whatever the input order when the keys of tied links run together into the same text', () => {
    // 'ab' + 'a' and 'a' + 'ba' are both 'aba': the tie must still be broken by the keys themselves.
    const first = link('ab', 'a', 0.9);
    const second = link('a', 'ba', 0.9);
    const forward = clusterLinks(['a', 'ab', 'ba'], [first, second], options(2));
    const backward = clusterLinks(['a', 'ab', 'ba'], [second, first], options(2));
    expect(backward).toEqual(forward);
  });

  it('throws a TypeError for a link naming a record not in keys', () => {
    expect(() => clusterLinks(['a', 'b'], [link('a', 'z', 0.9)], options(50))).toThrow(new TypeError('clusterLinks: link a ~ z names a record not in keys'));
    expect(() => clusterLinks(['a', 'b'], [link('y', 'b', 0.9, true)], options(50))).toThrow(new TypeError('clusterLinks: link y ~ b names a record not in keys'));
  });
});
