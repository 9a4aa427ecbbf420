import { GraphQLScalarType, Kind } from 'graphql';
import { toIsoTimestamp } from '../dates.ts';
import { badUserInput } from '../errors.ts';

/** The ISO 8601 `DateTime` scalar every subgraph declares: inputs are canonicalised to UTC `…Z` strings. */
export const DateTime = new GraphQLScalarType({
  name: 'DateTime',
  serialize: (value) => (value instanceof Date ? value.toISOString() : value),
  parseValue: (value) => {
    const iso = toIsoTimestamp(value);
    if (!iso) throw badUserInput(`DateTime must be an ISO 8601 timestamp, got ${JSON.stringify(value)}`);
    return iso;
  },
  parseLiteral: (ast) => {
    const iso = ast.kind === Kind.STRING ? toIsoTimestamp(ast.value) : null;
    if (!iso) throw badUserInput('DateTime must be an ISO 8601 timestamp string');
    return iso;
  },
});
