import type { StoredRecord } from '../resolution/types.ts';

/**
 * Source records held in memory by key and version (`observedAt|ingestedAt`, which every write of
 * a record changes), about the least recently used evicted first (see `get`). Resolution reads
 * each candidate's version from Neo4j and the record itself only when the copy here is missing or
 * stale, so a record is read whole about once, not once per batch it is a candidate in. The same
 * object comes back for the same version, so what is derived from it (the matcher's features) is
 * reused too.
 *
 * An entry lives at most `ttlMs`: a record erased through another replica leaves this one's memory
 * within that time (the replica that erases forgets it at once, `delete`).
 */
export class RecordCache {
  private readonly entries = new Map<string, { version: string; record: StoredRecord; storedAt: number; used: number }>();

  /** Counts every entry put at the recent end of `entries` (a set, or a hit moved there). */
  private uses = 0;

  constructor(
    readonly capacity: number,
    readonly ttlMs: number = 15 * 60_000,
    private readonly clock: () => number = Date.now,
  ) {
    if (!Number.isInteger(capacity) || capacity < 0) throw new RangeError(`record cache capacity must be a whole number >= 0, got ${capacity}`);
    if (!(ttlMs > 0)) throw new RangeError(`record cache time to live must be positive, got ${ttlMs}`);
  }

  get size(): number {
    return this.entries.size;
  }

  /** The record held for this key at exactly this version, or undefined. */
  get(key: string, version: string): StoredRecord | undefined {
    const entry = this.entries.get(key);
    if (!entry || entry.version !== version) return undefined;
    if (this.clock() - entry.storedAt > this.ttlMs) {
      this.entries.delete(key);
      return undefined;
    }
    // Moved to the recent end only once it is in the older half: a hit entry outlives at least
    // half the capacity's worth of sets and moves after the hit, not all of it as in a strict LRU.
    // A batch hits some 20,000 entries; moving each (a delete and a set in a map of 100,000) took
    // 1.8% of the process's time in bench:identity.
    if (this.uses - entry.used >= this.capacity / 2) {
      this.entries.delete(key);
      entry.used = ++this.uses;
      this.entries.set(key, entry);
    }
    return entry.record;
  }

  set(key: string, version: string, record: StoredRecord): void {
    if (this.capacity === 0) return;
    this.entries.delete(key);
    this.entries.set(key, { version, record, storedAt: this.clock(), used: ++this.uses });
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
  }

  delete(key: string): void {
    this.entries.delete(key);
  }
}

/** The version of a record as `recordVersionExpression` computes it in Cypher. */
export function recordVersion(observedAt: string, ingestedAt: string | null | undefined): string {
  return `${observedAt}|${ingestedAt ?? ''}`;
}
