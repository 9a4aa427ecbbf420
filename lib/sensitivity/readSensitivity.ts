import { readFileSync } from 'node:fs';
import { getNamedType, isObjectType, isScalarType, parse, type DirectiveNode, type DocumentNode, type GraphQLSchema } from 'graphql';
import { isSensitivityLevel, type DataCategory, type Mask, type Sensitivity } from './levels.ts';

/** The directive's definition, shared by every subgraph (appended to its schema file). */
export const sensitiveDefinitions = readFileSync(new URL('./sensitive.graphql', import.meta.url), 'utf8');

/** A subgraph's SDL with the `@sensitive` definitions appended, as composition and the server need it. */
export const withSensitiveDefinitions = (sdl: string) => `${sdl}\n${sensitiveDefinitions}`;

const masks = new Set<string>(['EMAIL', 'PHONE', 'NAME', 'POSTCODE', 'DATE_YEAR', 'HASH', 'REDACT']);
const categories = new Set<string>(['IDENTIFIER', 'CONTACT', 'DEMOGRAPHIC', 'FINANCIAL', 'BEHAVIORAL', 'LOCATION']);

export interface SensitiveField extends Sensitivity {
  /** `Type.field` */
  coordinate: string;
  /**
   * Not part of the public API (`@inaccessible` field or type, or `@external` here): only ever
   * passed between the gateway and subgraphs for `@requires`, never returned to a client.
   */
  inaccessible: boolean;
}

function argument(directive: DirectiveNode, name: string): string | null {
  const arg = directive.arguments?.find((a) => a.name.value === name);
  return arg && arg.value.kind === 'EnumValue' ? arg.value.value : null;
}

/**
 * Every `@sensitive` field of an SDL document (a subgraph schema, or the composed supergraph, where
 * `@composeDirective` keeps the directive), keyed by `Type.field`. `directiveName` is the name the
 * directive has in that document. Throws a TypeError for an unknown level, mask or category.
 */
export function readSensitivity(document: DocumentNode | string, directiveName = 'sensitive'): Map<string, SensitiveField> {
  const ast = typeof document === 'string' ? parse(document) : document;
  const fields = new Map<string, SensitiveField>();
  for (const definition of ast.definitions) {
    if (definition.kind !== 'ObjectTypeDefinition' && definition.kind !== 'ObjectTypeExtension' && definition.kind !== 'InterfaceTypeDefinition') continue;
    const typeInaccessible = definition.directives?.some((d) => d.name.value === 'inaccessible') ?? false;
    for (const field of definition.fields ?? []) {
      const directive = field.directives?.find((d) => d.name.value === directiveName);
      if (!directive) continue;
      const coordinate = `${definition.name.value}.${field.name.value}`;
      const level = argument(directive, 'level');
      const mask = argument(directive, 'mask');
      const category = argument(directive, 'category');
      if (!isSensitivityLevel(level)) throw new TypeError(`Expected a SensitivityLevel on ${coordinate}, got ${JSON.stringify(level)}`);
      if (mask !== null && !masks.has(mask)) throw new TypeError(`Expected a Mask on ${coordinate}, got ${JSON.stringify(mask)}`);
      if (category !== null && !categories.has(category)) throw new TypeError(`Expected a DataCategory on ${coordinate}, got ${JSON.stringify(category)}`);
      // An @external field is another subgraph's: this one only receives it, for @requires.
      const inaccessible = typeInaccessible || (field.directives?.some((d) => d.name.value === 'inaccessible' || d.name.value === 'external') ?? false);
      fields.set(coordinate, { coordinate, level, mask: mask as Mask | null, category: category as DataCategory | null, inaccessible });
    }
  }
  return fields;
}

/**
 * Checks the declarations against the built schema: a sensitive field must be nullable (a denial
 * returns null without nulling its parent), and a mask needs a String field (every mask yields a
 * string). Throws a TypeError naming every offending field, so a bad schema fails at build time.
 */
export function assertSensitivityFits(schema: GraphQLSchema, fields: ReadonlyMap<string, SensitiveField>): void {
  const problems: string[] = [];
  for (const field of fields.values()) {
    const [typeName, fieldName] = field.coordinate.split('.') as [string, string];
    const type = schema.getType(typeName);
    const definition = type && isObjectType(type) ? type.getFields()[fieldName] : undefined;
    if (!definition) {
      problems.push(`${field.coordinate} is not a field of the schema`);
      continue;
    }
    if (definition.type.toString().endsWith('!') && !field.inaccessible) problems.push(`${field.coordinate} is sensitive but non-null (${definition.type.toString()}); make it nullable`);
    const named = getNamedType(definition.type);
    if (field.mask && !(isScalarType(named) && named.name === 'String')) {
      problems.push(`${field.coordinate} has mask ${field.mask}, which yields a String, but the field is ${definition.type.toString()}`);
    }
  }
  if (problems.length > 0) throw new TypeError(`Invalid @sensitive declarations:\n- ${problems.join('\n- ')}`);
}
