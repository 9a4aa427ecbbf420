import { GraphQLScalarType, Kind, type ObjectValueNode, type ValueNode } from 'graphql';
import { badUserInput } from '../errors.ts';

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function literal(ast: ValueNode, variables: Record<string, unknown> | null | undefined): unknown {
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
      return ast.values.map((v) => literal(v, variables));
    case Kind.OBJECT:
      return objectLiteral(ast, variables);
    case Kind.VARIABLE:
      return variables?.[ast.name.value];
    default:
      throw badUserInput('JSONObject values must be JSON');
  }
}

function objectLiteral(ast: ObjectValueNode, variables: Record<string, unknown> | null | undefined): Record<string, unknown> {
  return Object.fromEntries(ast.fields.map((field) => [field.name.value, literal(field.value, variables)]));
}

/** A JSON object (not an array or a scalar), passed through as is; subgraphs check its size themselves. */
export const JSONObject = new GraphQLScalarType({
  name: 'JSONObject',
  serialize: (value) => value,
  parseValue: (value) => {
    if (!isObject(value)) throw badUserInput('JSONObject must be a JSON object');
    return value;
  },
  parseLiteral: (ast, variables) => {
    if (ast.kind !== Kind.OBJECT) throw badUserInput('JSONObject must be a JSON object');
    return objectLiteral(ast, variables);
  },
});
