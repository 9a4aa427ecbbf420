import {
  Kind,
  parse,
  print,
  type ConstDirectiveNode,
  type DefinitionNode,
  type FieldDefinitionNode,
  type NamedTypeNode,
  type TypeNode,
} from 'graphql';
import { sensitivityLevels, type SensitivityLevel } from '../lib/config.ts';
import { readSensitivity, type DataCategory, type Mask } from '../lib/sensitivity/index.ts';

/** One `@sensitive` field of the supergraph, as the data catalog lists it. */
export interface CatalogEntry {
  /** `Type.field` */
  coordinate: string;
  /** The field's type as written in the schema, e.g. `[String!]`. */
  type: string;
  /**
   * The subgraph that resolves the field (its `join__graph` name, e.g. `identity`). Subgraphs that
   * only receive it as `@external` are not counted; several resolving ones are joined by `, `.
   */
  subgraph: string;
  level: SensitivityLevel;
  mask: Mask | null;
  category: DataCategory | null;
  /** `@inaccessible` or only `@external`: passed between the gateway and subgraphs, never returned to clients. */
  internal: boolean;
  /**
   * The first line of the field's description: its first paragraph, with the SDL's hard wraps
   * joined, so a sentence wrapped at 100 columns is not cut in half.
   */
  description: string | null;
}

type ObjectLikeNode = Extract<
  DefinitionNode,
  { kind: Kind.OBJECT_TYPE_DEFINITION | Kind.OBJECT_TYPE_EXTENSION | Kind.INTERFACE_TYPE_DEFINITION | Kind.INTERFACE_TYPE_EXTENSION }
>;

const objectLikeKinds: ReadonlySet<Kind> = new Set([Kind.OBJECT_TYPE_DEFINITION, Kind.OBJECT_TYPE_EXTENSION, Kind.INTERFACE_TYPE_DEFINITION, Kind.INTERFACE_TYPE_EXTENSION]);
const isObjectLike = (definition: DefinitionNode): definition is ObjectLikeNode => objectLikeKinds.has(definition.kind);

function enumArgument(directive: ConstDirectiveNode, name: string): string | null {
  const value = directive.arguments?.find((a) => a.name.value === name)?.value;
  return value?.kind === Kind.ENUM ? value.value : null;
}

function booleanArgument(directive: ConstDirectiveNode, name: string): boolean {
  const value = directive.arguments?.find((a) => a.name.value === name)?.value;
  return value?.kind === Kind.BOOLEAN && value.value;
}

const directivesNamed = (node: { directives?: readonly ConstDirectiveNode[] | undefined }, name: string) => (node.directives ?? []).filter((d) => d.name.value === name);

function namedType(type: TypeNode): NamedTypeNode {
  return type.kind === Kind.NAMED_TYPE ? type : namedType(type.type);
}

/** The `join__Graph` enum values with the subgraph names `@join__graph(name:)` gives them. */
function graphNames(definitions: readonly DefinitionNode[]): Map<string, string> {
  const names = new Map<string, string>();
  for (const definition of definitions) {
    if (definition.kind !== Kind.ENUM_TYPE_DEFINITION || definition.name.value !== 'join__Graph') continue;
    for (const value of definition.values ?? []) {
      const nameArg = directivesNamed(value, 'join__graph')[0]?.arguments?.find((a) => a.name.value === 'name')?.value;
      names.set(value.name.value, nameArg?.kind === Kind.STRING ? nameArg.value : value.name.value.toLowerCase());
    }
  }
  return names;
}

/** Graphs of a field's `@join__field`s, split into those that resolve it and those that only receive it. */
function joinFields(field: FieldDefinitionNode): { resolving: string[]; external: string[] } {
  const resolving: string[] = [];
  const external: string[] = [];
  for (const directive of directivesNamed(field, 'join__field')) {
    const graph = enumArgument(directive, 'graph');
    if (graph === null) continue;
    // `usedOverridden`: this graph's copy was taken over by an `@override` elsewhere.
    if (booleanArgument(directive, 'external') || booleanArgument(directive, 'usedOverridden')) external.push(graph);
    else resolving.push(graph);
  }
  return { resolving, external };
}

const firstParagraph = (text: string) =>
  (text.trim().split(/\n\s*\n/)[0] ?? '')
    .split('\n')
    .map((line) => line.trim())
    .join(' ')
    .trim();

const byCodePoint = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Lists every `@sensitive` field of a composed supergraph, sorted by coordinate (code-point order,
 * so the output is the same on every machine).
 *
 * The subgraph is read from the field's `@join__field(graph:)`s that are not `external`; a field
 * without any takes its type's `@join__type` graphs. A value type several subgraphs declare
 * (`RecordFacts`) is narrowed to the graphs that resolve the fields returning it, so the one that
 * produces the data is named, not the one that only receives it through `@requires`.
 *
 * Throws a TypeError (from `readSensitivity`) for an unknown level, mask or category, and when a
 * sensitive field has no subgraph at all: the input is then not a supergraph.
 */
export function buildCatalog(supergraphSdl: string): CatalogEntry[] {
  const document = parse(supergraphSdl);
  const sensitivity = readSensitivity(document);
  const names = graphNames(document.definitions);
  const types = document.definitions.filter(isObjectLike);

  const typeGraphs = new Map<string, Set<string>>();
  for (const type of types) {
    const graphs = typeGraphs.get(type.name.value) ?? new Set<string>();
    for (const directive of directivesNamed(type, 'join__type')) {
      const graph = enumArgument(directive, 'graph');
      if (graph !== null) graphs.add(graph);
    }
    typeGraphs.set(type.name.value, graphs);
  }
  const resolvingGraphs = (typeName: string, field: FieldDefinitionNode): string[] => {
    const joins = joinFields(field);
    if (joins.resolving.length > 0 || joins.external.length > 0) return joins.resolving;
    return [...(typeGraphs.get(typeName) ?? [])];
  };
  // Which graphs resolve some field returning each type: narrows shared value types to their producer.
  const producers = new Map<string, Set<string>>();
  for (const type of types) {
    for (const field of type.fields ?? []) {
      const returned = namedType(field.type).name.value;
      const graphs = producers.get(returned) ?? new Set<string>();
      for (const graph of resolvingGraphs(type.name.value, field)) graphs.add(graph);
      producers.set(returned, graphs);
    }
  }

  const entries: CatalogEntry[] = [];
  for (const type of types) {
    for (const field of type.fields ?? []) {
      const coordinate = `${type.name.value}.${field.name.value}`;
      const declared = sensitivity.get(coordinate);
      if (!declared) continue;
      const joins = joinFields(field);
      let graphs = joins.resolving;
      if (graphs.length === 0) {
        const own = [...(typeGraphs.get(type.name.value) ?? [])];
        const produced = own.filter((graph) => producers.get(type.name.value)?.has(graph));
        graphs = produced.length > 0 ? produced : own;
      }
      if (graphs.length === 0) graphs = joins.external;
      if (graphs.length === 0) throw new TypeError(`Expected @join__field or @join__type on ${coordinate} (is this a supergraph?), found neither`);
      const description = firstParagraph(field.description?.value ?? '');
      entries.push({
        coordinate,
        type: print(field.type),
        subgraph: [...new Set(graphs.map((graph) => names.get(graph) ?? graph.toLowerCase()))].sort(byCodePoint).join(', '),
        level: declared.level,
        mask: declared.mask,
        category: declared.category,
        internal: declared.inaccessible || (joins.external.length > 0 && joins.resolving.length === 0),
        description: description === '' ? null : description,
      });
    }
  }
  return entries.sort((a, b) => byCodePoint(a.coordinate, b.coordinate));
}

const categoryOrder: readonly DataCategory[] = ['IDENTIFIER', 'CONTACT', 'DEMOGRAPHIC', 'FINANCIAL', 'BEHAVIORAL', 'LOCATION'];

const cell = (value: string) => value.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\n/g, ' ');
const code = (value: string) => `\`${value}\``;

function countTable(heading: string, rows: readonly (readonly [string, number])[]): string[] {
  return [`| ${heading} | Fields |`, '| --- | ---: |', ...rows.map(([name, count]) => `| ${name} | ${count} |`)];
}

/**
 * The catalog as Markdown: what the levels, the decision rule and the masks mean, one table per
 * subgraph (in name order), then counts per level and per category. Pure: the same entries give
 * the same text, so the committed file can be checked for staleness.
 */
export function renderCatalogMarkdown(entries: readonly CatalogEntry[]): string {
  const lines: string[] = [
    '# Sensitive data catalog',
    '',
    '<!-- Generated by `npm run catalog` from gateway/supergraph.graphql. Do not edit: change `@sensitive` in the subgraph schemas, compose, and regenerate. -->',
    '',
    'Every field that carries personal data declares it with `@sensitive(level, mask, category)`. ' +
      'Levels rise from PUBLIC < INTERNAL < CONFIDENTIAL < RESTRICTED, and each caller has one clearance. ' +
      'The decision per field: a clearance at or above the field\'s level sees the value; exactly one level below, on a field that declares a mask, ' +
      'the caller sees the masked value; anyone else gets null and a FORBIDDEN error at the field\'s path. ' +
      'Masks: EMAIL keeps the first letter and the domain (`j***@example.com`), PHONE the last four digits (`***0123`), NAME the initial (`J.`), ' +
      'POSTCODE the UK outward code or the first three characters (`SW1A`), DATE_YEAR the year (`1985`), ' +
      'HASH gives a keyed, stable pseudonym (`h_…`: equal values give equal tokens, irreversible without the key), REDACT `[REDACTED]`. ' +
      'Fields marked *internal* are `@inaccessible` or only `@external`: subgraphs pass them to each other through the gateway and no client ever receives them.',
  ];
  const subgraphs = [...new Set(entries.map((e) => e.subgraph))].sort(byCodePoint);
  for (const subgraph of subgraphs) {
    const own = entries.filter((e) => e.subgraph === subgraph);
    lines.push('', `## ${subgraph} (${own.length})`, '', '| Field | Type | Level | Mask | Category | Description |', '| --- | --- | --- | --- | --- | --- |');
    for (const e of own) {
      const field = `${code(e.coordinate)}${e.internal ? ' *(internal)*' : ''}`;
      lines.push(`| ${field} | ${code(e.type)} | ${e.level} | ${e.mask ?? '—'} | ${e.category ?? '—'} | ${cell(e.description ?? '')} |`);
    }
  }
  const count = (predicate: (e: CatalogEntry) => boolean) => entries.filter(predicate).length;
  const uncategorised = count((e) => e.category === null);
  lines.push(
    '',
    `## Counts (${entries.length} fields)`,
    '',
    ...countTable('Level', sensitivityLevels.map((level) => [level, count((e) => e.level === level)] as const)),
    '',
    ...countTable('Category', [
      ...categoryOrder.map((category) => [category, count((e) => e.category === category)] as const),
      ...(uncategorised > 0 ? [['(none)', uncategorised] as const] : []),
    ]),
  );
  return `${lines.join('\n')}\n`;
}
