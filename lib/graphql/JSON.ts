import { GraphQLScalarType, Kind, type ValueNode } from 'graphql';
import { badUserInput } from '../errors.ts';

/**
 * The JSON value a literal in a query spells, with `$variables` inside it resolved. Enum values
 * are refused (JSON has none). Shared by the `JSON` and `JSONObject` scalars.
 */
export function readJsonLiteral(ast: ValueNode, variables?: Record<string, unknown> | null): unknown {
  switch (ast.kind) {
    case Kind.STRING:
    case Kind.BOOLEAN:
      return ast.value;
    case Kind.INT:
    case Kind.FLOAT:
      return Number(ast.value);
    case Kind.NULL:
      return null;
    case Kind.LIST:
      return ast.values.map((value) => readJsonLiteral(value, variables));
    case Kind.OBJECT:
      return Object.fromEntries(ast.fields.map((field) => [field.name.value, readJsonLiteral(field.value, variables)]));
    case Kind.VARIABLE:
      return variables?.[ast.name.value];
    default:
      throw badUserInput('JSON literals cannot contain enum values');
  }
}

/**
 * The `JSON` scalar: any JSON value, passed through as it is. Used for machine-readable documents
 * (a privacy export) and for the internal privacy fields between subgraphs, never for data a
 * client should query field by field.
 */
export const JSONScalar = new GraphQLScalarType({
  name: 'JSON',
  serialize: (value) => value,
  parseValue: (value) => value,
  parseLiteral: (ast, variables) => readJsonLiteral(ast, variables),
});
