import { Kind, parse } from 'graphql';
import type { RetentionConfig, RetentionDataSet } from '../config.ts';
import { readSensitivity, type DataCategory } from '../sensitivity/index.ts';

/** How a subgraph describes one field of its part of a privacy export. */
export interface ExportFieldSpec {
  /** Where the value sits in the export, e.g. `identity.sourceRecords[].emails`. */
  path: string;
  /** The schema coordinate whose data it is (`SourceRecord.emails`), for its `@sensitive` level and category. */
  field: string;
  /** Why c360 processes it. */
  purpose: string;
  /** Where the value came from. */
  source: string;
  /** The retention data set that purges it; null when it is kept as long as the data it describes. */
  dataSet: RetentionDataSet | null;
}

/** One field of the inventory that every privacy export carries (issue 4: category, purpose, retention, source). */
export interface InventoryField {
  path: string;
  field: string;
  level: string | null;
  category: DataCategory | null;
  purpose: string;
  /** E.g. `1095 days after last observed (sourceRecords)`, or how long it is otherwise kept. */
  retention: string;
  source: string;
}

const retentionRules: Record<RetentionDataSet, string> = {
  sourceRecords: 'after the customer was last observed by any source',
  consentEvents: 'after a later decision superseded the event (the deciding event is kept)',
  orders: 'after the order was placed',
  privacyExports: 'after the request completed',
};

/**
 * The inventory of a subgraph's export fields: level and category from the subgraph's own
 * `@sensitive` declarations (the same source as `docs/catalog.json`), retention from the
 * configuration. A field without `@sensitive` has level and category null. Throws a TypeError
 * when a spec names a coordinate that is not a field of the SDL, so an export cannot describe a
 * field the schema no longer has.
 */
export function describeFields(sdl: string, specs: readonly ExportFieldSpec[], retention: RetentionConfig['days']): InventoryField[] {
  const document = parse(sdl);
  const sensitivity = readSensitivity(document);
  const declared = new Set<string>();
  for (const definition of document.definitions) {
    // Input types too: data that is written but never read back as a type (privacy signals) is still held.
    if (definition.kind !== Kind.OBJECT_TYPE_DEFINITION && definition.kind !== Kind.OBJECT_TYPE_EXTENSION && definition.kind !== Kind.INPUT_OBJECT_TYPE_DEFINITION) continue;
    for (const field of definition.fields ?? []) declared.add(`${definition.name.value}.${field.name.value}`);
  }
  return specs.map((spec) => {
    if (!declared.has(spec.field)) throw new TypeError(`Expected ${spec.field} (inventory of ${spec.path}) to be a field of the subgraph schema, found none`);
    const sensitive = sensitivity.get(spec.field);
    const days = spec.dataSet ? retention[spec.dataSet] : null;
    return {
      path: spec.path,
      field: spec.field,
      level: sensitive?.level ?? null,
      category: sensitive?.category ?? null,
      purpose: spec.purpose,
      retention: spec.dataSet === null ? 'kept as long as the record it belongs to' : days === null ? `kept until erased (${spec.dataSet}: no retention period set)` : `${days} days ${retentionRules[spec.dataSet]} (${spec.dataSet})`,
      source: spec.source,
    };
  });
}
