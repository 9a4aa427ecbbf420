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

/** Slots taken in `derived` lists, one per `derivedInSlot`. */
let slots = 0;

/**
 * As `derivedOnce`, for objects that carry their own `derived` list (`RecordFeatures.derived`):
 * the value is kept there, in this derivation's slot, not in a WeakMap. With 100,000 records
 * held, WeakMaps held hundreds of thousands of entries, which V8 resolves in the final,
 * stop-the-world pause of every major GC. For derivations made once per process (module level):
 * each call takes a slot for good.
 */
export function derivedInSlot<K extends { derived: unknown[] }, V>(derive: (key: K) => V): (key: K) => V {
  const slot = slots;
  slots += 1;
  return (key) => {
    let value = key.derived[slot] as V | undefined;
    if (value === undefined) {
      value = derive(key);
      key.derived[slot] = value;
    }
    return value;
  };
}
