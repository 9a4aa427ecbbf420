import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HeaderMap, type ApolloServer, type BaseContext } from '@apollo/server';

export interface HttpRoute {
  method: 'GET' | 'POST';
  path: string;
  handle(request: IncomingMessage, response: ServerResponse): Promise<void> | void;
}

export interface GraphQLHttpOptions<TContext extends BaseContext> {
  apollo: ApolloServer<TContext>;
  /** Builds the per-request context (loaders are created here, never shared between requests). */
  context(request: IncomingMessage): Promise<TContext>;
  /** Extra routes such as `/healthz`; everything else but `/graphql` is 404. */
  routes?: readonly HttpRoute[];
  /** Largest accepted request body; larger requests get 413. */
  maxBodyBytes?: number;
  /**
   * Runs before GraphQL on `/graphql`; a returned refusal is sent as it is (e.g. 401 for a
   * subgraph request without a valid caller context). Health routes do not pass through it.
   */
  admit?(request: IncomingMessage): { status: number; message: string; code: string } | null;
  /** Checks the parsed body before GraphQL (e.g. the size of a batch); a message refuses it with 400. */
  checkBody?(body: unknown): string | null;
}

class HttpError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

async function readBody(request: IncomingMessage, limit: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new HttpError(413, `Request body larger than ${limit} bytes`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function parseBody(raw: string, contentType: string | undefined): unknown {
  if (raw === '') return undefined;
  if (contentType?.includes('application/json') || contentType?.includes('application/graphql-response+json')) {
    try {
      return JSON.parse(raw);
    } catch {
      throw new HttpError(400, 'Request body is not valid JSON');
    }
  }
  return raw;
}

/** Sends a small JSON document with a status code. */
export function sendJson(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  response.end(text);
}

/**
 * A node:http server that serves an Apollo Server at `/graphql` through Apollo's documented
 * integration API (`executeHTTPGraphQLRequest`), plus the given routes. It does not listen: call
 * {@link listen}. The Apollo Server must be started before the first request.
 */
export function createGraphQLHttpServer<TContext extends BaseContext>(options: GraphQLHttpOptions<TContext>): Server {
  const limit = options.maxBodyBytes ?? 10 * 1024 * 1024;
  return createServer(async (request, response) => {
    try {
      const url = new URL(request.url ?? '/', 'http://localhost');
      const route = options.routes?.find((r) => r.path === url.pathname && r.method === request.method);
      if (route) return await route.handle(request, response);
      if (url.pathname !== '/graphql') return sendJson(response, 404, { error: `No route for ${request.method} ${url.pathname}` });
      const refusal = options.admit?.(request);
      if (refusal) return sendJson(response, refusal.status, { errors: [{ message: refusal.message, extensions: { code: refusal.code } }] });
      const headers = new HeaderMap();
      for (const [key, value] of Object.entries(request.headers)) {
        if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
      }
      const body = parseBody(await readBody(request, limit), request.headers['content-type']);
      const bodyProblem = options.checkBody?.(body);
      if (bodyProblem) return sendJson(response, 400, { errors: [{ message: bodyProblem, extensions: { code: 'BAD_USER_INPUT' } }] });
      const result = await options.apollo.executeHTTPGraphQLRequest({
        httpGraphQLRequest: { method: request.method ?? 'GET', headers, search: url.search, body },
        context: () => options.context(request),
      });
      for (const [key, value] of result.headers) response.setHeader(key, value);
      response.statusCode = result.status ?? 200;
      if (result.body.kind === 'complete') {
        response.end(result.body.string);
        return;
      }
      for await (const chunk of result.body.asyncIterator) response.write(chunk);
      response.end();
    } catch (error) {
      if (response.headersSent) return void response.destroy();
      if (error instanceof HttpError) return sendJson(response, error.status, { error: error.message });
      // A thrown context function (e.g. a rejected caller) carries its own status.
      const status = (error as { extensions?: { http?: { status?: number } } }).extensions?.http?.status;
      sendJson(response, typeof status === 'number' ? status : 500, { error: status ? (error as Error).message : 'Internal server error' });
    }
  });
}

/** Listens on `host:port` (port 0 picks a free one) and returns the bound port. */
export async function listen(server: Server, port: number, host: string): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return (server.address() as AddressInfo).port;
}

/**
 * Closes the server: stops accepting, ends idle keep-alive connections at once, and gives requests
 * in flight `graceMs` to finish before their connections are cut, so a stop never hangs on a
 * client that keeps its connection open.
 */
export async function close(server: Server, graceMs = 2000): Promise<void> {
  if (!server.listening) return;
  await new Promise<void>((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
    server.closeIdleConnections();
    setTimeout(() => server.closeAllConnections(), graceMs).unref();
  });
}
