/**
 * `npm run bench:identity`: identity resolution speed on this machine, end to end (validate,
 * normalise, find candidates in Neo4j, score, cluster, write), into a temporary local Neo4j
 * (the `server` profile, as `npm start` runs it) unless NEO4J_URI is set (then emptied first,
 * with --wipe). Prints figures; asserts nothing.
 *
 * 0. The start-up warm-up the identity subgraph runs before it serves, timed: with the local Neo4j,
 *    `C360_IDENTITY_WARMUP_STORE_RECORDS` synthetic records (default 20,000) resolved and committed
 *    in its throwaway warm-up store, which is then deleted; then `C360_IDENTITY_WARMUP_RECORDS`
 *    (default 4000) resolved in the real store in transactions that are rolled back.
 * 1. Batch: `--records` demo records (default 100,000: several demo generations with distinct
 *    seeds and id prefixes) ingested in batches of `--batch` (default 1000), with the
 *    throughput of the first 50,000 (from a server just started and warmed up as above; with both
 *    counts 0, its first batches run while the JVM compiles Neo4j's code),
 *    of 50,000 after the first 10,000, and overall. Up to `--inflight` batches (default 2) are
 *    sent at once, as a feed client pipelines its requests: the subgraph resolves them in turn,
 *    each overlapping the write of the one before (`IdentityRepository.resolveInTransaction`).
 * 2. Real time, in two passes: `--singles` (default 300) records ingested one per call into the
 *    full store — half of them new people, half near-duplicates of stored ones — with p50, p95
 *    and p99; first right after the bulk load, then again once the server has settled.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../lib/config.ts';
import { createNeo4jDriver } from '../lib/neo4j/createNeo4jDriver.ts';
import { emptyNeo4jStore } from '../lib/neo4j/emptyNeo4jStore.ts';
import { startLocalNeo4j } from '../lib/neo4j/startLocalNeo4j.ts';
import { loadDefaultModel } from '../subgraphs/identity/matching/MatchModelRegistry.ts';
import { defaultMatchingSettings, Matcher } from '../subgraphs/identity/matching/Matcher.ts';
import { ingestRecords } from '../subgraphs/identity/resolution/ingestRecords.ts';
import { warmUpResolution } from '../subgraphs/identity/resolution/warmUpResolution.ts';
import type { SourceRecordInput } from '../subgraphs/identity/resolution/validateRecord.ts';
import { IdentityRepository } from '../subgraphs/identity/store/IdentityRepository.ts';
import { generateDemoData, type DemoSource } from '../tools/demo/generateDemoData.ts';

const { values } = parseArgs({
  options: {
    records: { type: 'string', default: '100000' },
    batch: { type: 'string', default: '1000' },
    singles: { type: 'string', default: '300' },
    inflight: { type: 'string', default: '2' },
    wipe: { type: 'boolean', default: false },
  },
});
const total = Number(values.records);
const batchSize = Number(values.batch);
const singles = Number(values.singles);
const inflight = Number(values.inflight);
if (![total, batchSize, singles, inflight].every((n) => Number.isInteger(n) && n > 0) || batchSize > 1000) {
  console.error('usage: npm run bench:identity -- [--records N] [--batch 1..1000] [--inflight N] [--singles N] [--wipe]');
  process.exit(2);
}
const config = loadConfig({ ...process.env, LOG_LEVEL: 'warn' });
if (config.neo4j.uri && !values.wipe) {
  console.error('bench:identity: NEO4J_URI is set: pass --wipe to let the benchmark empty that store, or unset it');
  process.exit(2);
}

/**
 * Demo generations with distinct seeds, ids prefixed per generation so they stay unique, cut
 * into batches of one source each and interleaved by source, as feeds arrive side by side.
 */
function demoBatches(count: number, size: number): { source: DemoSource; records: SourceRecordInput[] }[] {
  const batches: { source: DemoSource; records: SourceRecordInput[] }[] = [];
  let taken = 0;
  for (let generation = 0; taken < count; generation += 1) {
    // 5,000 people (about 10,000 records) per generation: the reserved fictional phone ranges run out beyond about 7,000.
    const data = generateDemoData({ people: 5_000, seed: 360 + generation });
    const prefix = `g${generation}-`;
    const perSource = (['crm', 'shop', 'support', 'callcenter'] as DemoSource[]).map((source) => ({
      source,
      records: data.records[source].map((r) => ({ ...r, sourceId: prefix + r.sourceId, externalIds: r.externalIds?.map((e) => ({ ...e, value: prefix + e.value })) }) as SourceRecordInput),
    }));
    for (let i = 0; perSource.some((s) => i < s.records.length) && taken < count; i += size) {
      for (const { source, records } of perSource) {
        const chunk = records.slice(i, i + size).slice(0, count - taken);
        if (chunk.length === 0) continue;
        batches.push({ source, records: chunk });
        taken += chunk.length;
      }
    }
  }
  return batches;
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

const dir = await mkdtemp(join(tmpdir(), 'c360-bench-identity-'));
const local = config.neo4j.uri ? null : await startLocalNeo4j({ dataDir: dir, profile: 'server', warmUpStore: config.identity.warmUpStoreRecords > 0 });
const driver = createNeo4jDriver({ uri: config.neo4j.uri ?? local!.uri, user: config.neo4j.user, password: local ? '' : config.neo4j.password });
try {
  if (config.neo4j.uri) await emptyNeo4jStore(driver, config.neo4j.database);
  const repository = new IdentityRepository(driver, config.neo4j.database);
  await repository.ensureSchema();
  const matcher = new Matcher(loadDefaultModel(), defaultMatchingSettings, config.defaultRegion);
  // As the identity subgraph does at start (buildIdentitySubgraph), before it serves.
  const warm = await warmUpResolution(repository, { rehearsed: config.identity.warmUpRecords, committed: config.identity.warmUpStoreRecords }, { region: config.defaultRegion, matcher }, local?.warmUp ?? null);
  console.log(
    `bench:identity: start-up warm-up: ${warm.committed} synthetic records committed in the warm-up store in ${(warm.committedMs / 1000).toFixed(1)} s (C360_IDENTITY_WARMUP_STORE_RECORDS), ` +
      `then ${warm.rehearsed} resolved and rolled back in ${(warm.rehearsedMs / 1000).toFixed(1)} s (C360_IDENTITY_WARMUP_RECORDS); 0 skips either`,
  );
  const generated = performance.now();
  // Held as JSON text, as a feed's batches reach the subgraph, and parsed in the timed loop: the
  // subgraph's heap holds the batch it resolves, not the whole feed (100,000 live records in
  // the heap made every major GC of the timed phase longer).
  // The feed runs on past `total` by the records that the real-time passes send as new people; those
  // passes' inputs are set aside now, so that nothing large is made or parsed between the bulk load
  // and the first single record (the garbage of generating the next demo generation again made a
  // major GC land on the first calls).
  const feed: { source: DemoSource; records: SourceRecordInput[] }[] = [];
  const fresh: { source: DemoSource; record: SourceRecordInput }[] = [];
  let cut = 0;
  for (const { source, records } of demoBatches(total + 2 * singles, batchSize)) {
    const kept = records.slice(0, Math.max(0, total - cut));
    if (kept.length > 0) feed.push({ source, records: kept });
    fresh.push(...records.slice(kept.length).map((record) => ({ source, record })));
    cut += records.length;
  }
  // Stored records to re-send with a changed e-mail, spread over the whole feed.
  const stride = Math.max(1, Math.floor(total / (2 * singles)));
  const stored = feed.flatMap(({ source, records }) => records.map((record) => ({ source, record }))).filter((_, i) => i % stride === 0);
  const batches = feed.map(({ source, records }) => ({ source, json: JSON.stringify(records), count: records.length }));
  feed.length = 0;
  console.log(`bench:identity: ${total} records generated in ${((performance.now() - generated) / 1000).toFixed(1)} s; model ${matcher.model.version}`);

  const started = performance.now();
  let done = 0;
  // Seconds at 50,000 records from the start, and at 10,000 and 60,000 (the same count once the server is warm).
  let at50k = null as number | null;
  let at10k = null as number | null;
  let at60k = null as number | null;
  const sending = new Set<Promise<void>>();
  for (const { source, json, count } of batches) {
    const sent: Promise<void> = ingestRecords(repository, source, JSON.parse(json) as SourceRecordInput[], { region: config.defaultRegion, matcher }).then(() => {
      sending.delete(sent);
      done += count;
      const elapsed = (performance.now() - started) / 1000;
      if (at10k === null && done >= 10_000) at10k = elapsed;
      if (at50k === null && done >= 50_000) at50k = elapsed;
      if (at60k === null && done >= 60_000) at60k = elapsed;
      if (done % 10_000 < count) console.log(`bench:identity: ${done} records, ${(done / elapsed).toFixed(0)} records/s so far`);
    });
    sending.add(sent);
    if (sending.size >= inflight) await Promise.race(sending);
  }
  await Promise.all(sending);
  const seconds = (performance.now() - started) / 1000;
  if (at50k !== null) console.log(`batch: first 50,000 records in ${at50k.toFixed(1)} s = ${(50_000 / at50k).toFixed(0)} records/s (batches of ${batchSize}, ${inflight} in flight)`);
  if (at10k !== null && at60k !== null) console.log(`batch: 50,000 records after the first 10,000 (server warm) in ${(at60k - at10k).toFixed(1)} s = ${(50_000 / (at60k - at10k)).toFixed(0)} records/s`);
  console.log(`batch: ${done} records in ${seconds.toFixed(1)} s = ${(done / seconds).toFixed(0)} records/s (batches of ${batchSize}, ${inflight} in flight)`);

  // Real time, twice: right after the bulk load, then again once the server has settled (its
  // plans re-made for the grown store, its JIT warm for these statements). Each pass: half new
  // people (the records the feed holds past `total`), half stored records re-sent with a changed e-mail.
  const half = Math.ceil(singles / 2);
  for (const pass of [0, 1]) {
    const again = stored
      .slice(pass * (singles - half), (pass + 1) * (singles - half))
      .map(({ source, record }) => ({ source, record: { ...record, observedAt: '2026-11-20T00:00:00.000Z', emails: [...(record.emails ?? []), `late.${record.sourceId}@example.net`] } }));
    const latencies: number[] = [];
    for (const { source, record } of [...fresh.slice(pass * half, (pass + 1) * half), ...again]) {
      const t = performance.now();
      await ingestRecords(repository, source, [record], { region: config.defaultRegion, matcher });
      latencies.push(performance.now() - t);
    }
    latencies.sort((a, b) => a - b);
    const count = await repository.countCustomers();
    console.log(
      `real time (${pass === 0 ? 'right after the bulk load' : 'second pass'}): ${latencies.length} single-record ingestions into ${done} stored records (${count} customers): p50 ${percentile(latencies, 50).toFixed(1)} ms, p95 ${percentile(latencies, 95).toFixed(1)} ms, p99 ${percentile(latencies, 99).toFixed(1)} ms, max ${latencies.at(-1)!.toFixed(1)} ms`,
    );
  }
} finally {
  await driver.close();
  await local?.stop();
  await rm(dir, { recursive: true, force: true });
}
