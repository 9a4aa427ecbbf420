import { blockingKeys } from './blockingKeys.ts';
import type { RecordFeatures } from './features.ts';
import type { Matcher, PairOutcome } from './Matcher.ts';

export interface ScoredPair extends PairOutcome {
  a: string;
  b: string;
}

/**
 * Scores every pair of `probes` × (`probes` ∪ `candidates`) that shares a blocking key, using
 * only blocks no larger than the model's `maxBlockSize` (counting `blockSizes`, the sizes of the
 * blocks in the store, where known). Each pair is scored once, with a < b by key.
 */
export function scorePairs(
  matcher: Matcher,
  probes: readonly RecordFeatures[],
  candidates: readonly RecordFeatures[],
  blockSizes: ReadonlyMap<string, number> = new Map(),
): ScoredPair[] {
  const maxBlockSize = matcher.model.maxBlockSize;
  const blocks = new Map<string, RecordFeatures[]>();
  const probeKeys = new Set(probes.map((p) => p.key));
  const all = [...probes, ...candidates.filter((c) => !probeKeys.has(c.key))];
  const keysOf = new Map<string, string[]>();
  for (const f of all) {
    const keys = blockingKeys(f);
    keysOf.set(f.key, keys);
    for (const key of keys) {
      const members = blocks.get(key);
      if (members) members.push(f);
      else blocks.set(key, [f]);
    }
  }
  const seen = new Set<string>();
  const pairs: ScoredPair[] = [];
  for (const probe of probes) {
    for (const key of keysOf.get(probe.key)!) {
      const members = blocks.get(key)!;
      if (Math.max(members.length, blockSizes.get(key) ?? 0) > maxBlockSize) continue;
      for (const other of members) {
        if (other.key === probe.key) continue;
        const [a, b] = probe.key < other.key ? [probe, other] : [other, probe];
        const id = `${a.key}\u0000${b.key}`;
        if (seen.has(id)) continue;
        seen.add(id);
        pairs.push({ a: a.key, b: b.key, ...matcher.decide(a, b) });
      }
    }
  }
  return pairs;
}
