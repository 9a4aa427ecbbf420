import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';

/**
 * A `/graphql` URL on a loopback port where nothing listens (bound once, then closed), so a
 * request to it fails for real with ECONNREFUSED: how tests make a subgraph unreachable.
 */
export async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}/graphql`;
}
