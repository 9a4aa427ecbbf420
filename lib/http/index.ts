export { createGraphQLHttpServer, listen, close, sendJson, type HttpRoute, type GraphQLHttpOptions } from './createHttpServer.ts';
