/**
 * Groups records into connected components: two records are in one component when a chain of
 * shared identifier keys joins them (v1 deterministic linking). Returns groups of record keys,
 * each sorted, largest group first, ties by first key; deterministic for the same input.
 */
export function clusterRecords(records: readonly { key: string; identifierKeys: readonly string[] }[]): string[][] {
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    let root = x;
    while (parent.get(root) !== root) root = parent.get(root)!;
    let node = x;
    while (node !== root) {
      const next = parent.get(node)!;
      parent.set(node, root);
      node = next;
    }
    return root;
  };
  const union = (a: string, b: string) => {
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent.set(ra < rb ? rb : ra, ra < rb ? ra : rb);
  };
  const owner = new Map<string, string>();
  for (const record of records) {
    parent.set(record.key, record.key);
  }
  for (const record of records) {
    for (const identifier of record.identifierKeys) {
      const first = owner.get(identifier);
      if (first === undefined) owner.set(identifier, record.key);
      else union(first, record.key);
    }
  }
  const groups = new Map<string, string[]>();
  for (const record of records) {
    const root = find(record.key);
    groups.set(root, [...(groups.get(root) ?? []), record.key]);
  }
  return [...groups.values()]
    .map((keys) => [...new Set(keys)].sort())
    .sort((a, b) => b.length - a.length || (a[0]! < b[0]! ? -1 : 1));
}
