import type { SourceSystem } from '../../../lib/keys.ts';
import { createNeo4jDriver } from '../../../lib/neo4j/createNeo4jDriver.ts';
import type { WarmUpStore } from '../../../lib/neo4j/startLocalNeo4j.ts';
import { IdentityRepository } from '../store/IdentityRepository.ts';
import { ingestRecords, type IngestOptions } from './ingestRecords.ts';
import type { SourceRecordInput } from './validateRecord.ts';

export interface WarmUpCounts {
  /** Synthetic records resolved in the real store, in transactions rolled back. */
  rehearsed: number;
  /** Synthetic records resolved and committed in the throwaway warm-up store, when there is one. */
  committed: number;
}

export interface WarmUpReport {
  committed: number;
  committedMs: number;
  rehearsed: number;
  rehearsedMs: number;
  batches: number;
  accepted: number;
}

/**
 * Warms resolution up at start, before the subgraph serves, so that the first real batches find
 * Neo4j's JIT-compiled code, its query plans and Node's optimised scoring ready. Two steps:
 *
 * 1. With a `warmUpStore` (the local launcher's, `startLocalNeo4j({ warmUpStore: true })`):
 *    `counts.committed` synthetic records resolved and committed there, two batches in flight as
 *    feeds send them; then the store is ended (deleted) whatever happened. A rolled-back
 *    transaction never runs Neo4j's commit path (record and index writes, the transaction log), and
 *    JIT-compiling it otherwise took about a minute of one core during the first 50,000 real
 *    records. The real store never sees these records.
 * 2. `counts.rehearsed` synthetic records through rehearsals of the real repository (`rehearsal()`:
 *    one transaction, rolled back, so nothing is stored or seen by anyone), one batch after the
 *    other; each round of sources is one rehearsal, so later batches find the earlier ones'
 *    records as candidates and link to them, and no transaction holds its locks long. This makes
 *    the real store's query plans (a plan is per store).
 *
 * The records are people with two to four records each across the sources, with the variations
 * resolution meets (nicknames, typos, missing fields, shared phones), so that candidates are
 * found, pairs scored, customers linked and merged. Their e-mails are under `.example` (reserved).
 * Batches of up to 500 records per source.
 */
export async function warmUpResolution(
  repository: IdentityRepository,
  counts: WarmUpCounts,
  options: Pick<IngestOptions, 'region' | 'matcher' | 'survivorship'>,
  warmUpStore: WarmUpStore | null = null,
): Promise<WarmUpReport> {
  const ingest = { ...options, actor: 'warm-up' };
  let started = performance.now();
  const inStore = warmUpStore ? await commitInWarmUpStore(warmUpStore, counts.committed, ingest) : { records: 0, accepted: 0, batches: 0 };
  const committedMs = performance.now() - started;
  started = performance.now();
  const rehearsed = await rehearse(repository, counts.rehearsed, ingest);
  return {
    committed: inStore.records,
    committedMs,
    rehearsed: rehearsed.records,
    rehearsedMs: performance.now() - started,
    batches: inStore.batches + rehearsed.batches,
    accepted: inStore.accepted + rehearsed.accepted,
  };
}

interface WarmUpRun {
  records: number;
  accepted: number;
  batches: number;
}

/** Step 1: `count` records resolved and committed in the warm-up store, two batches in flight; then the store is ended, whatever happened. */
async function commitInWarmUpStore(warmUpStore: WarmUpStore, count: number, ingest: IngestOptions): Promise<WarmUpRun> {
  const run: WarmUpRun = { records: 0, accepted: 0, batches: 0 };
  try {
    if (count === 0) return run;
    const driver = createNeo4jDriver({ uri: warmUpStore.uri, user: 'neo4j', password: '' });
    try {
      const scratch = new IdentityRepository(driver, null);
      await scratch.ensureSchema();
      const sending = new Set<Promise<void>>();
      for (const { source, inputs } of syntheticBatches(count, 500)) {
        const sent: Promise<void> = ingestRecords(scratch, source, inputs, ingest).then((result) => {
          sending.delete(sent);
          run.records += inputs.length;
          run.accepted += result.accepted;
          run.batches += 1;
        });
        sending.add(sent);
        if (sending.size >= 2) await Promise.race(sending);
      }
      await Promise.all(sending);
      return run;
    } finally {
      await driver.close();
    }
  } finally {
    await warmUpStore.end();
  }
}

/** Step 2: `count` records through rehearsals of the real repository, one rehearsal per round of sources. */
async function rehearse(repository: IdentityRepository, count: number, ingest: IngestOptions): Promise<WarmUpRun> {
  const run: WarmUpRun = { records: 0, accepted: 0, batches: 0 };
  let rehearsal: ReturnType<IdentityRepository['rehearsal']> | null = null;
  try {
    for (const { source, inputs } of syntheticBatches(count, 500)) {
      if (source === 'crm' || rehearsal === null) {
        await rehearsal?.end();
        rehearsal = repository.rehearsal();
      }
      run.accepted += (await ingestRecords(rehearsal, source, inputs, ingest)).accepted;
      run.records += inputs.length;
      run.batches += 1;
    }
  } finally {
    await rehearsal?.end();
  }
  return run;
}

const givenNames = ['James', 'Mary', 'Robert', 'Patricia', 'John', 'Jennifer', 'Michael', 'Linda', 'William', 'Elizabeth', 'David', 'Barbara', 'Richard', 'Susan', 'Joseph', 'Jessica', 'Thomas', 'Sarah', 'Charles', 'Karen', 'Daniel', 'Nancy', 'Matthew', 'Margaret', 'Anthony', 'Sandra', 'Mark', 'Ashley', 'Steven', 'Emily'];
const nicknames: Record<string, string> = { James: 'Jim', Robert: 'Bob', John: 'Jack', Michael: 'Mike', William: 'Bill', Elizabeth: 'Liz', Richard: 'Dick', Joseph: 'Joe', Thomas: 'Tom', Margaret: 'Peggy', Anthony: 'Tony', Daniel: 'Dan', Matthew: 'Matt', Steven: 'Steve' };
const syllables = ['ash', 'bar', 'cor', 'dun', 'el', 'fen', 'gar', 'hol', 'ing', 'kel', 'lor', 'mor', 'nor', 'ost', 'per', 'quin', 'ros', 'sta', 'tor', 'wel'];
/** Ofcom's blocks of 1,000 numbers reserved for drama (020 7946 0xxx, 0121 496 0xxx, …): 10,000 people before a number repeats. */
const fictionalPhoneBlocks = ['+44 20 7946 0', '+44 121 496 0', '+44 161 496 0', '+44 113 496 0', '+44 141 496 0', '+44 117 496 0', '+44 151 496 0', '+44 114 496 0', '+44 131 496 0', '+44 191 498 0'];
const streets = ['High Street', 'Station Road', 'Church Lane', 'Park Avenue', 'Mill Road', 'Victoria Street'];
const towns = ['Ashford', 'Bexley', 'Crawley', 'Dover', 'Epsom', 'Frome'];

/** A small deterministic generator (a linear congruential one): the same records every start. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/** One typo: two neighbouring letters swapped. */
function swapTwo(text: string, at: number): string {
  const i = 1 + (at % Math.max(1, text.length - 2));
  return text.length < 3 ? text : text.slice(0, i) + text[i + 1] + text[i] + text.slice(i + 2);
}

function syntheticBatches(count: number, size: number): { source: SourceSystem; inputs: SourceRecordInput[] }[] {
  const next = random(360);
  const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)]!;
  const bySource = new Map<SourceSystem, SourceRecordInput[]>([['crm', []], ['shop', []], ['support', []], ['callcenter', []]]);
  let made = 0;
  for (let person = 0; made < count; person += 1) {
    const given = pick(givenNames);
    const family = pick(syllables) + pick(syllables) + pick(['s', 'ton', 'ley', 'er']);
    const familyName = family[0]!.toUpperCase() + family.slice(1);
    const birthDate = `${1940 + Math.floor(next() * 60)}-${String(1 + Math.floor(next() * 12)).padStart(2, '0')}-${String(1 + Math.floor(next() * 28)).padStart(2, '0')}`;
    const email = `${given.toLowerCase()}.${family}${person % 97}@c360-warmup.example`;
    const phone = `${fictionalPhoneBlocks[Math.floor(person / 1000) % fictionalPhoneBlocks.length]}${String(person % 1000).padStart(3, '0')}`;
    const address = { line1: `${1 + (person % 180)} ${pick(streets)}`, city: pick(towns), postalCode: `AB${1 + (person % 9)} ${person % 10}CD` };
    const observedAt = new Date(Date.UTC(2024, 0, 1) + person * 60_000).toISOString();
    const id = `warmup-${person}`;
    const records: [SourceSystem, SourceRecordInput][] = [
      ['crm', { sourceId: id, observedAt, givenName: given, familyName, birthDate, emails: [email], phones: person % 3 === 0 ? [phone] : [], addresses: [address] }],
      ['shop', { sourceId: id, observedAt, givenName: nicknames[given] ?? given, familyName: person % 5 === 0 ? swapTwo(familyName, person) : familyName, emails: [email], addresses: [address], externalIds: person % 4 === 0 ? [{ system: 'crm', value: id }] : [] }],
    ];
    if (person % 2 === 0) records.push(['callcenter', { sourceId: id, observedAt, fullName: `${given} ${familyName}`, phones: [phone] }]);
    if (person % 3 === 1) records.push(['support', { sourceId: id, observedAt, fullName: `${given[0]}. ${familyName}`, emails: [person % 6 === 1 ? email.toUpperCase() : email], birthDate }]);
    for (const [source, record] of records) {
      if (made === count) break;
      bySource.get(source)!.push(record);
      made += 1;
    }
  }
  // Batches of each source, interleaved, as feeds arrive side by side.
  const batches: { source: SourceSystem; inputs: SourceRecordInput[] }[] = [];
  for (let offset = 0; [...bySource.values()].some((inputs) => offset < inputs.length); offset += size) {
    for (const [source, inputs] of bySource) if (offset < inputs.length) batches.push({ source, inputs: inputs.slice(offset, offset + size) });
  }
  return batches;
}
