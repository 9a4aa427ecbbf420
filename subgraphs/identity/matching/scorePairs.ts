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
  const pairs: ScoredPair[] = [];
  for (const scored of scoreProbes(matcher, probes, candidates, blockSizes)) pairs.push(...scored);
  return pairs;
}

/**
 * `scorePairs`, the same pairs in the same order, letting the event loop run after every
 * `probesPerTurn` probes. Resolution scores a batch while the batch before it writes and
 * commits: in one piece, a thousand probes held the thread for 100–300 ms, and the previous
 * batch's commit, on the critical path, waited for them.
 */
export async function scorePairsYielding(
  matcher: Matcher,
  probes: readonly RecordFeatures[],
  candidates: readonly RecordFeatures[],
  blockSizes: ReadonlyMap<string, number>,
  probesPerTurn: number,
): Promise<ScoredPair[]> {
  const pairs: ScoredPair[] = [];
  const turn = turnEvery(probesPerTurn);
  for (const scored of scoreProbes(matcher, probes, candidates, blockSizes)) {
    pairs.push(...scored);
    await turn();
  }
  return pairs;
}

/**
 * A function to call after each unit of work: every `units`-th call returns a promise that
 * resolves once the event loop has handled what is waiting (I/O callbacks included).
 */
export function turnEvery(units: number): () => Promise<void> | null {
  let done = 0;
  return () => (++done % units === 0 ? new Promise((resolve) => setImmediate(resolve)) : null);
}

/** The pairs of each probe in turn (see `scorePairs`). */
function* scoreProbes(
  matcher: Matcher,
  probes: readonly RecordFeatures[],
  candidates: readonly RecordFeatures[],
  blockSizes: ReadonlyMap<string, number>,
): Generator<ScoredPair[]> {
  const maxBlockSize = matcher.model.maxBlockSize;
  const probeKeys = new Set(probes.map((p) => p.key));
  // Probes first, so a record's index tells whether it is a probe.
  const all = [...probes, ...candidates.filter((c) => !probeKeys.has(c.key))];
  const wanted = new Set(probes.flatMap((p) => blockingKeys(p)));
  const blocks = new Map<string, number[]>();
  all.forEach((f, i) => {
    for (const key of blockingKeys(f)) {
      if (!wanted.has(key)) continue;
      const members = blocks.get(key);
      if (members) members.push(i);
      else blocks.set(key, [i]);
    }
  });
  const lastSeenBy = new Int32Array(all.length).fill(-1);
  for (let p = 0; p < probes.length; p += 1) {
    const probe = probes[p]!;
    const pairs: ScoredPair[] = [];
    for (const key of blockingKeys(probe)) {
      const members = blocks.get(key)!;
      if (Math.max(members.length, blockSizes.get(key) ?? 0) > maxBlockSize) continue;
      for (const i of members) {
        // Another probe before this one has already scored the pair: the keys they share, and the blocks' sizes, are the same from either side.
        if (i === p || lastSeenBy[i] === p || i < p) continue;
        lastSeenBy[i] = p;
        const other = all[i]!;
        const [a, b] = probe.key < other.key ? [probe, other] : [other, probe];
        const outcome = matcher.decide(a, b);
        pairs.push({ a: a.key, b: b.key, probability: outcome.probability, matchWeight: outcome.matchWeight, decision: outcome.decision, decidedBy: outcome.decidedBy });
      }
    }
    yield pairs;
  }
}
