import { describe, expect, it } from 'vitest';
import { loadNicknameTable } from '../../../../lib/loadNicknameTable.ts';
import { createNicknameIndex } from './createNicknameIndex.ts';

const small = createNicknameIndex(new Map<string, readonly string[]>([
  ['robert', ['bob', 'bobby', 'rob']],
  ['william', ['bill', 'will', 'billy']],
  ['wilhelmina', ['will', 'mina']],
  ['margaret', ['peggy', 'maggie']],
]));

describe('normalize: nickname index groups', () => {
  it('numbers groups in table order', () => {
    expect(small.groups('robert')).toEqual([0]);
    expect(small.groups('william')).toEqual([1]);
    expect(small.groups('margaret')).toEqual([3]);
  });

  it('lists every group of a name that is a nickname of several formal names, ascending', () => {
    expect(small.groups('will')).toEqual([1, 2]);
  });

  it('gives an empty frozen list for a name not in the table', () => {
    const groups = small.groups('zebedee');
    expect(groups).toEqual([]);
    expect(Object.isFrozen(groups)).toBe(true);
  });

  it('gives frozen lists that callers cannot change', () => {
    expect(Object.isFrozen(small.groups('will'))).toBe(true);
  });

  it('does not list a group twice when a name repeats in one entry', () => {
    const index = createNicknameIndex(new Map([['robert', ['bob', 'bob', 'robert']]]));
    expect(index.groups('bob')).toEqual([0]);
    expect(index.groups('robert')).toEqual([0]);
  });
});

describe('normalize: nickname equivalence', () => {
  it('makes a nickname equivalent to its formal name, both ways', () => {
    expect(small.areEquivalent('bob', 'robert')).toBe(true);
    expect(small.areEquivalent('robert', 'bob')).toBe(true);
  });

  it('makes two nicknames of one formal name equivalent', () => {
    expect(small.areEquivalent('bob', 'rob')).toBe(true);
    expect(small.areEquivalent('bill', 'billy')).toBe(true);
  });

  it('makes equal names equivalent, in the table or not', () => {
    expect(small.areEquivalent('robert', 'robert')).toBe(true);
    expect(small.areEquivalent('zebedee', 'zebedee')).toBe(true);
  });

  it('keeps names of different groups apart', () => {
    expect(small.areEquivalent('bob', 'bill')).toBe(false);
    expect(small.areEquivalent('robert', 'william')).toBe(false);
  });

  it('is not transitive across groups', () => {
    expect(small.areEquivalent('bill', 'will')).toBe(true);
    expect(small.areEquivalent('will', 'mina')).toBe(true);
    expect(small.areEquivalent('bill', 'mina')).toBe(false);
  });

  it('keeps an unknown name apart from everything but itself', () => {
    expect(small.areEquivalent('zebedee', 'robert')).toBe(false);
    expect(small.areEquivalent('', 'robert')).toBe(false);
  });

  it('compares whole strings, case-sensitively', () => {
    expect(small.areEquivalent('Bob', 'robert')).toBe(false);
    expect(small.areEquivalent('bob smith', 'robert')).toBe(false);
  });

  it('works with an empty table', () => {
    const empty = createNicknameIndex(new Map());
    expect(empty.areEquivalent('bob', 'robert')).toBe(false);
    expect(empty.areEquivalent('bob', 'bob')).toBe(true);
  });
});

describe('normalize: nickname index with reversed entries', () => {
  const index = createNicknameIndex(new Map<string, readonly string[]>([
    ['robert', ['bob', 'rob', 'bill']],
    ['william', ['bill', 'will']],
    ['bill', ['robert', 'william', 'fred']],
  ]));

  it('links a reversed entry to each of its longer names', () => {
    expect(index.areEquivalent('bill', 'robert')).toBe(true);
    expect(index.areEquivalent('bill', 'william')).toBe(true);
  });

  it('does not link the longer names of a reversed entry to each other', () => {
    expect(index.areEquivalent('robert', 'william')).toBe(false);
    expect(index.areEquivalent('rob', 'will')).toBe(false);
  });

  it('keeps shorter names of a reversed entry in its group', () => {
    expect(index.areEquivalent('bill', 'fred')).toBe(true);
    expect(index.areEquivalent('fred', 'robert')).toBe(false);
  });

  it('gives each pair of a reversed entry its own group, after the entry\'s group', () => {
    expect(index.groups('bill')).toEqual([0, 1, 2, 3, 4]);
    expect(index.groups('robert')).toEqual([0, 3]);
    expect(index.groups('william')).toEqual([1, 4]);
    expect(index.groups('fred')).toEqual([2]);
  });
});

describe('normalize: nickname index over the shipped table', () => {
  const index = createNicknameIndex(loadNicknameTable());

  it('knows the common English nicknames', () => {
    expect(index.areEquivalent('bob', 'robert')).toBe(true);
    expect(index.areEquivalent('bob', 'rob')).toBe(true);
    expect(index.areEquivalent('bill', 'william')).toBe(true);
    expect(index.areEquivalent('peggy', 'margaret')).toBe(true);
    expect(index.areEquivalent('liz', 'elizabeth')).toBe(true);
  });

  it('keeps unrelated names apart, even when the table lists a shared nickname in reverse', () => {
    expect(index.areEquivalent('robert', 'william')).toBe(false);
    expect(index.areEquivalent('fred', 'william')).toBe(false);
    expect(index.areEquivalent('john', 'mary')).toBe(false);
  });
});

describe('normalize: nickname index misuse', () => {
  it('throws a TypeError when the table is not a Map', () => {
    expect(() => createNicknameIndex({ robert: ['bob'] } as unknown as ReadonlyMap<string, readonly string[]>))
      .toThrow(new TypeError('createNicknameIndex: expected a Map of formal name → nicknames, got an object'));
  });

  it('throws a TypeError when an entry is not a list of strings', () => {
    expect(() => createNicknameIndex(new Map([['robert', 'bob']]) as unknown as ReadonlyMap<string, readonly string[]>))
      .toThrow(new TypeError('createNicknameIndex: expected entries of string → array of strings, got "robert" → "bob"'));
    expect(() => createNicknameIndex(new Map([['robert', [7]]]) as unknown as ReadonlyMap<string, readonly string[]>))
      .toThrow(new TypeError('createNicknameIndex: expected the nicknames of "robert" to be strings, got 7'));
  });

  it('throws a TypeError when asked about a non-string', () => {
    expect(() => small.areEquivalent(null as unknown as string, 'bob'))
      .toThrow(new TypeError('NicknameIndex.areEquivalent: expected two strings, got null and "bob"'));
    expect(() => small.groups(undefined as unknown as string)).toThrow(new TypeError('NicknameIndex.groups: expected a string, got undefined'));
  });
});
