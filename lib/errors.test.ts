import { ApolloServer } from '@apollo/server';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { describe, expect, it, vi } from 'vitest';
import { badUserInput, c360Error, createFormatError, ErrorCode, notFound } from './errors.ts';

const stacktrace = ['Error: boom', '    at resolve (resolvers.ts:10:5)'];

describe('errors: creating client errors', () => {
  it('puts the code in the extensions, after any other extension', () => {
    const error = c360Error(ErrorCode.CONSENT_REQUIRED, 'Consent to ANALYTICS is required', { purpose: 'ANALYTICS', code: 'IGNORED' });
    expect(error).toBeInstanceOf(GraphQLError);
    expect(error.message).toBe('Consent to ANALYTICS is required');
    expect(error.extensions).toEqual({ purpose: 'ANALYTICS', code: 'CONSENT_REQUIRED' });
  });

  it('has shorthands for BAD_USER_INPUT and NOT_FOUND', () => {
    expect(badUserInput('first must be 1 to 100').extensions).toEqual({ code: 'BAD_USER_INPUT' });
    expect(notFound('no customer c_1', { id: 'c_1' }).extensions).toEqual({ id: 'c_1', code: 'NOT_FOUND' });
  });
});

describe('errors: formatting known codes', () => {
  it('passes a known code through with its message, path and extensions, without the stack trace, outside development', () => {
    const onUnexpected = vi.fn();
    const format = createFormatError({ development: false, onUnexpected });
    const formatted: GraphQLFormattedError = {
      message: 'No customer c_1',
      path: ['customer'],
      locations: [{ line: 1, column: 3 }],
      extensions: { code: 'NOT_FOUND', id: 'c_1', stacktrace },
    };
    expect(format(formatted, notFound('No customer c_1'))).toEqual({
      message: 'No customer c_1',
      path: ['customer'],
      locations: [{ line: 1, column: 3 }],
      extensions: { code: 'NOT_FOUND', id: 'c_1' },
    });
    expect(onUnexpected).not.toHaveBeenCalled();
  });

  it('keeps the stack trace in development', () => {
    const format = createFormatError({ development: true });
    const formatted: GraphQLFormattedError = { message: 'first must be 1 to 100', extensions: { code: 'BAD_USER_INPUT', stacktrace } };
    expect(format(formatted, badUserInput('first must be 1 to 100'))).toEqual({
      message: 'first must be 1 to 100',
      extensions: { code: 'BAD_USER_INPUT', stacktrace },
    });
  });

  it.each(['UNAUTHENTICATED', 'FORBIDDEN', 'CONSENT_REQUIRED', 'BAD_USER_INPUT', 'NOT_FOUND', 'RATE_LIMITED', 'SUBGRAPH_UNAVAILABLE'])(
    'passes %s through',
    (code) => {
      const onUnexpected = vi.fn();
      const format = createFormatError({ development: false, onUnexpected });
      expect(format({ message: 'Refused', extensions: { code } }, new GraphQLError('Refused', { extensions: { code } }))).toEqual({
        message: 'Refused',
        extensions: { code },
      });
      expect(onUnexpected).not.toHaveBeenCalled();
    },
  );

  it.each(['GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED', 'BAD_REQUEST', 'PERSISTED_QUERY_NOT_FOUND', 'PERSISTED_QUERY_NOT_SUPPORTED', 'OPERATION_RESOLUTION_FAILURE'])(
    'passes the request error %s through',
    (code) => {
      const onUnexpected = vi.fn();
      const format = createFormatError({ development: false, onUnexpected });
      const formatted = { message: 'Cannot query field "nope" on type "Query".', locations: [{ line: 1, column: 3 }], extensions: { code } };
      expect(format(formatted, new GraphQLError(formatted.message))).toEqual({
        message: 'Cannot query field "nope" on type "Query".',
        locations: [{ line: 1, column: 3 }],
        extensions: { code },
      });
      expect(onUnexpected).not.toHaveBeenCalled();
    },
  );
});

describe('errors: formatting unexpected errors', () => {
  it('hides an error with an unknown code behind a generic message outside development, keeping path and locations', () => {
    const onUnexpected = vi.fn();
    const format = createFormatError({ development: false, onUnexpected });
    const original = new Error('Neo4jError: connection refused to bolt://graph.internal:7687');
    const formatted: GraphQLFormattedError = {
      message: 'Neo4jError: connection refused to bolt://graph.internal:7687',
      path: ['customer', 'emails'],
      locations: [{ line: 2, column: 5 }],
      extensions: { code: 'ServiceUnavailable', stacktrace },
    };
    expect(format(formatted, original)).toEqual({
      message: 'Internal server error',
      path: ['customer', 'emails'],
      locations: [{ line: 2, column: 5 }],
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    });
    expect(onUnexpected).toHaveBeenCalledTimes(1);
    expect(onUnexpected).toHaveBeenCalledWith(original);
  });

  it('treats an error without a code as unexpected', () => {
    const onUnexpected = vi.fn();
    const format = createFormatError({ development: false, onUnexpected });
    const original = new TypeError("Cannot read properties of undefined (reading 'id')");
    expect(format({ message: "Cannot read properties of undefined (reading 'id')" }, original)).toEqual({
      message: 'Internal server error',
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    });
    expect(onUnexpected).toHaveBeenCalledWith(original);
  });

  it('keeps the original message and the stack trace in development', () => {
    const onUnexpected = vi.fn();
    const format = createFormatError({ development: true, onUnexpected });
    const formatted: GraphQLFormattedError = { message: 'identity store: connection refused', path: ['customer'], extensions: { code: 'ECONNREFUSED', stacktrace } };
    expect(format(formatted, new Error('identity store: connection refused'))).toEqual({
      message: 'identity store: connection refused',
      path: ['customer'],
      extensions: { code: 'INTERNAL_SERVER_ERROR', stacktrace },
    });
    expect(onUnexpected).toHaveBeenCalledTimes(1);
  });

  it('works without an onUnexpected callback', () => {
    const format = createFormatError({ development: false });
    expect(format({ message: 'boom' }, new Error('boom'))).toEqual({ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } });
  });

  // Apollo Server gives every error without a code the code INTERNAL_SERVER_ERROR *before* it
  // calls formatError, so this is the shape a driver error or a bug actually arrives in.
  it('hides a driver error that arrives already coded INTERNAL_SERVER_ERROR outside development', () => {
    const onUnexpected = vi.fn();
    const format = createFormatError({ development: false, onUnexpected });
    const original = new GraphQLError('identity store: connection refused', { originalError: new Error('identity store: connection refused') });
    const formatted: GraphQLFormattedError = { message: 'identity store: connection refused', path: ['customer'], extensions: { code: 'INTERNAL_SERVER_ERROR' } };
    expect(format(formatted, original)).toEqual({
      message: 'Internal server error',
      path: ['customer'],
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    });
    expect(onUnexpected).toHaveBeenCalledWith(original);
  });
});

describe('errors: formatting as Apollo Server calls it', () => {
  async function run(query: string, development: boolean) {
    const onUnexpected = vi.fn();
    const server = new ApolloServer({
      typeDefs: 'type Query { customer: String, missing: String }',
      resolvers: {
        Query: {
          customer: () => {
            throw new Error('identity store: connection refused');
          },
          missing: () => {
            throw notFound('No customer c_1');
          },
        },
      },
      formatError: createFormatError({ development, onUnexpected }),
      includeStacktraceInErrorResponses: development,
    });
    await server.start();
    try {
      const response = await server.executeOperation({ query });
      if (response.body.kind !== 'single') throw new Error('expected a single result');
      return { errors: response.body.singleResult.errors, onUnexpected };
    } finally {
      await server.stop();
    }
  }

  it('hides a resolver failure behind a generic message and reports it, outside development', async () => {
    const { errors, onUnexpected } = await run('{ customer }', false);
    expect(errors).toEqual([{ message: 'Internal server error', path: ['customer'], locations: [{ line: 1, column: 3 }], extensions: { code: 'INTERNAL_SERVER_ERROR' } }]);
    expect(onUnexpected).toHaveBeenCalledTimes(1);
  });

  it('passes a NOT_FOUND through unchanged and does not report it', async () => {
    const { errors, onUnexpected } = await run('{ missing }', false);
    expect(errors).toEqual([{ message: 'No customer c_1', path: ['missing'], locations: [{ line: 1, column: 3 }], extensions: { code: 'NOT_FOUND' } }]);
    expect(onUnexpected).not.toHaveBeenCalled();
  });

  it('passes a validation failure through', async () => {
    const { errors, onUnexpected } = await run('{ nope }', false);
    expect(errors).toEqual([
      { message: 'Cannot query field "nope" on type "Query".', locations: [{ line: 1, column: 3 }], extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } },
    ]);
    expect(onUnexpected).not.toHaveBeenCalled();
  });
});
