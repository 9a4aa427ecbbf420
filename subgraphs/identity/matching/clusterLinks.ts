/** A scored link between two records, as clustering considers it. */
export interface CandidateLink {
  a: string;
  b: string;
  probability: number;
  /** Links already accepted (stored) or made by a steward: applied first, without safeguards. */
  fixed?: boolean;
}

export interface ClusterOptions {
  /** Largest cluster a merge may produce; a merge beyond it is held for review. */
  maxClusterSize: number;
  /** Why records a and b cannot be one person (conflicting strong evidence), or null. */
  conflict(a: string, b: string): string | null;
}

export interface ClusterResult {
  /** Groups of record keys, each sorted; every input key is in exactly one. */
  clusters: string[][];
  /** Links that would have merged clusters but were refused, with the reason. */
  blocked: { link: CandidateLink; reason: string }[];
}

/**
 * Clusters records from scored links, strongest first (fixed links before all others), merging
 * two clusters only when no pair across them conflicts and the result stays within
 * `maxClusterSize`. Scoring each merge against every pair across it is what stops a chain of
 * individually plausible links (A~B, B~C) from joining records that contradict each other (A, C).
 * Deterministic: ties are broken by the records' keys.
 */
export function clusterLinks(keys: readonly string[], links: readonly CandidateLink[], options: ClusterOptions): ClusterResult {
  const members = new Map<string, string[]>();
  const root = new Map<string, string>();
  for (const key of keys) {
    members.set(key, [key]);
    root.set(key, key);
  }
  const ordered = [...links].sort(
    (x, y) => Number(Boolean(y.fixed)) - Number(Boolean(x.fixed)) || y.probability - x.probability || compareKeys(x.a, y.a) || compareKeys(x.b, y.b),
  );
  const blocked: ClusterResult['blocked'] = [];
  for (const link of ordered) {
    const ra = root.get(link.a);
    const rb = root.get(link.b);
    if (ra === undefined || rb === undefined) throw new TypeError(`clusterLinks: link ${link.a} ~ ${link.b} names a record not in keys`);
    if (ra === rb) continue;
    const left = members.get(ra)!;
    const right = members.get(rb)!;
    if (!link.fixed) {
      if (left.length + right.length > options.maxClusterSize) {
        blocked.push({ link, reason: `CLUSTER_TOO_LARGE: the merge would make a customer of ${left.length + right.length} records (limit ${options.maxClusterSize})` });
        continue;
      }
      const reason = firstConflict(left, right, options.conflict, link);
      if (reason) {
        blocked.push({ link, reason });
        continue;
      }
    }
    const [big, small, smallRoot] = left.length >= right.length ? [left, right, rb] : [right, left, ra];
    const bigRoot = smallRoot === ra ? rb : ra;
    for (const key of small) {
      big.push(key);
      root.set(key, bigRoot);
    }
    members.delete(smallRoot);
  }
  const clusters = [...members.values()].map((group) => [...group].sort());
  clusters.sort((x, y) => y.length - x.length || (x[0]! < y[0]! ? -1 : 1));
  return { clusters, blocked };
}

const compareKeys = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);

/** The first conflicting pair across two clusters, other than the linked pair itself (its own score already weighed that evidence). */
function firstConflict(left: readonly string[], right: readonly string[], conflict: ClusterOptions['conflict'], link: CandidateLink): string | null {
  for (const a of left) {
    for (const b of right) {
      if ((a === link.a && b === link.b) || (a === link.b && b === link.a)) continue;
      const reason = conflict(a, b);
      if (reason) return reason;
    }
  }
  return null;
}
