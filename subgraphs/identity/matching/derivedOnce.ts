/**
 * `derive`, worked out once per object and kept while the object lives (a WeakMap). For what
 * matching derives from records and their features: neither is changed in place (a new version
 * is a new object), and a candidate's objects are reused across batches (`RecordCache`).
 */
export function derivedOnce<K extends object, V>(derive: (key: K) => V): (key: K) => V {
  const derived = new WeakMap<K, V>();
  return (key) => {
    let value = derived.get(key);
    if (value === undefined) {
      value = derive(key);
      derived.set(key, value);
    }
    return value;
  };
}
