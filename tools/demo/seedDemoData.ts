import type { DemoData, DemoSource } from './generateDemoData.ts';

export interface SeedOptions {
  /** The gateway's `/graphql` URL: seeding goes through the public API like any client. */
  url: string;
  headers?: Record<string, string>;
  batchSize?: number;
  log?: (message: string) => void;
}

export interface SeedSummary {
  records: number;
  rejectedRecords: number;
  consents: number;
  orders: number;
}

async function post<T>(options: SeedOptions, query: string, variables: Record<string, unknown>): Promise<T> {
  const response = await fetch(options.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...options.headers },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: T; errors?: { message: string; extensions?: { code?: string } }[] };
  if (!response.ok || body.errors?.length || !body.data) {
    const first = body.errors?.[0];
    throw new Error(`Seeding failed (HTTP ${response.status}): ${first ? `${first.extensions?.code ?? 'ERROR'} ${first.message}` : 'no data'}`);
  }
  return body.data;
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  return Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));
}

const sources: DemoSource[] = ['crm', 'shop', 'support', 'callcenter'];

/**
 * Loads a demo data set through the gateway's mutations, in batches, reporting progress. Safe to
 * repeat: every mutation is idempotent. Throws on the first failed call.
 */
export async function seedDemoData(data: DemoData, options: SeedOptions): Promise<SeedSummary> {
  // Source records in batches of 100: each call stays well inside the gateway's subgraph timeout.
  const size = options.batchSize ?? 100;
  const log = options.log ?? (() => undefined);
  const summary: SeedSummary = { records: 0, rejectedRecords: 0, consents: 0, orders: 0 };
  for (const source of sources) {
    const batches = chunks(data.records[source], size);
    for (const [i, records] of batches.entries()) {
      const { ingestSourceRecords: result } = await post<{ ingestSourceRecords: { accepted: number; rejected: unknown[] } }>(
        options,
        `mutation Seed($source: String!, $records: [SourceRecordInput!]!) { ingestSourceRecords(source: $source, records: $records) { accepted rejected { index reason } } }`,
        { source, records },
      );
      summary.records += result.accepted;
      summary.rejectedRecords += result.rejected.length;
      log(`seeded ${source} records: batch ${i + 1}/${batches.length}`);
    }
  }
  for (const consents of chunks(data.consents, size * 4)) {
    const { recordConsents } = await post<{ recordConsents: { accepted: number } }>(
      options,
      `mutation Seed($consents: [ConsentInput!]!) { recordConsents(consents: $consents) { accepted } }`,
      { consents },
    );
    summary.consents += recordConsents.accepted;
  }
  log(`seeded ${summary.consents} consent events`);
  for (const orders of chunks(data.orders, size * 4)) {
    const { recordOrders } = await post<{ recordOrders: { accepted: number } }>(
      options,
      `mutation Seed($orders: [OrderInput!]!) { recordOrders(orders: $orders) { accepted } }`,
      { orders },
    );
    summary.orders += recordOrders.accepted;
  }
  log(`seeded ${summary.orders} orders`);
  return summary;
}
