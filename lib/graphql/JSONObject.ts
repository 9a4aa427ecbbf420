import { GraphQLScalarType, Kind } from 'graphql';
import { badUserInput } from '../errors.ts';
import { readJsonLiteral } from './JSON.ts';

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

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
    return readJsonLiteral(ast, variables);
  },
});
