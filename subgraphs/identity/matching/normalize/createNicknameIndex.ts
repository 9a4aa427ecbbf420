import { showValue } from './showValue.ts';

/** Nickname equivalence over normalised given names, built once by {@link createNicknameIndex}. */
export interface NicknameIndex {
  /**
   * True when `a` and `b` are equal, or one is a nickname of the other, or both belong to the
   * same formal name's group (`bob` ~ `robert`, `bob` ~ `rob`, `bill` ~ `william`). Compares
   * whole strings as given: pass normalised single given names (`normalizeName`, first token).
   * Not transitive beyond one group: `a` ~ `b` and `b` ~ `c` does not make `a` ~ `c`.
   */
  areEquivalent(a: string, b: string): boolean;
  /** The ascending ids of the groups `name` belongs to; empty (and frozen) for a name not in the table. */
  groups(name: string): readonly number[];
}

const NO_GROUPS: readonly number[] = Object.freeze([]);

/**
 * Builds the nickname index from a table of formal name → nicknames (the map returned by
 * `loadNicknameTable()` in `lib/loadNicknameTable.ts`). Each entry is one group: the formal name
 * and those of its nicknames that are no longer than it, numbered in table order.
 *
 * Pitfall handled here: the shipped table also lists entries in reverse (`bill` → `robert`,
 * `william`; `bob` → `robert`). Taken as groups, they would make `robert` ~ `william`. A listed
 * nickname LONGER than its entry's name is therefore linked to that name alone, by a group of
 * two (`bill` ~ `robert`, `bill` ~ `william`, but not `robert` ~ `william`); the cost is that a
 * long diminutive only matches its own entry (`johnny` ~ `john`, not `johnny` ~ `jack`).
 *
 * A name's groups are precomputed and sorted, so
 * `areEquivalent` is a merge of two short sorted arrays (at most a few dozen ids in the shipped
 * table) and allocates nothing.
 *
 * Names are used exactly as they appear in the table (the shipped table is lower-case ASCII, as
 * `normalizeName` produces); empty names are ignored. Build the index once per process and share
 * it: it is immutable. Throws a TypeError when `table` is not a Map of string → array of strings.
 */
export function createNicknameIndex(table: ReadonlyMap<string, readonly string[]>): NicknameIndex {
  if (!(table instanceof Map)) throw new TypeError(`createNicknameIndex: expected a Map of formal name → nicknames, got ${showValue(table)}`);
  const byName = new Map<string, number[]>();
  const add = (name: string, group: number) => {
    if (name === '') return;
    const groups = byName.get(name);
    if (groups === undefined) byName.set(name, [group]);
    else if (groups[groups.length - 1] !== group) groups.push(group);
  };
  let group = 0;
  for (const [formal, nicknames] of table) {
    if (typeof formal !== 'string' || !Array.isArray(nicknames)) {
      throw new TypeError(`createNicknameIndex: expected entries of string → array of strings, got ${showValue(formal)} → ${showValue(nicknames)}`);
    }
    const own = group;
    group += 1;
    add(formal, own);
    for (const nickname of nicknames) {
      if (typeof nickname !== 'string') throw new TypeError(`createNicknameIndex: expected the nicknames of ${showValue(formal)} to be strings, got ${showValue(nickname)}`);
      if (nickname.length <= formal.length) {
        add(nickname, own);
      } else {
        // A reversed entry (`bill` → `william`): linked to this name alone, by a group of two.
        add(formal, group);
        add(nickname, group);
        group += 1;
      }
    }
  }
  // Groups are numbered in increasing order and appended as they are met, so each list is sorted.
  for (const groups of byName.values()) Object.freeze(groups);

  const groupsOf = (name: string): readonly number[] => byName.get(name) ?? NO_GROUPS;

  return Object.freeze({
    groups(name: string): readonly number[] {
      if (typeof name !== 'string') throw new TypeError(`NicknameIndex.groups: expected a string, got ${showValue(name)}`);
      return groupsOf(name);
    },
    areEquivalent(a: string, b: string): boolean {
      if (typeof a !== 'string' || typeof b !== 'string') {
        throw new TypeError(`NicknameIndex.areEquivalent: expected two strings, got ${showValue(a)} and ${showValue(b)}`);
      }
      if (a === b) return true;
      const left = groupsOf(a);
      const right = groupsOf(b);
      let i = 0;
      let j = 0;
      while (i < left.length && j < right.length) {
        const x = left[i]!;
        const y = right[j]!;
        if (x === y) return true;
        if (x < y) i += 1;
        else j += 1;
      }
      return false;
    },
  });
}
