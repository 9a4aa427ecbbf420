import type { SourceSystem } from '../../../lib/keys.ts';
import type { IdentityRepository } from '../store/IdentityRepository.ts';
import { ingestRecords, type IngestOptions } from './ingestRecords.ts';
import type { SourceRecordInput } from './validateRecord.ts';

/**
 * Resolves `records` synthetic records through rehearsals of the repository (`rehearsal()`: one
 * transaction, rolled back, so nothing is stored or seen by anyone), in batches of up to 500 per
 * source, one after the other; each round of sources is one rehearsal, so later batches find the
 * earlier ones' records as candidates and link to them, and no transaction holds its locks long. Run at start, before the subgraph serves: the first real batches then
 * find Neo4j's JIT-compiled code, its query plans and Node's optimised scoring ready. On a cold
 * local server the first batch of 1,000 records otherwise takes 10–12 s, and the first 10,000
 * records run at a third of the warm rate.
 *
 * The records are people with two to four records each across the sources, with the variations
 * resolution meets (nicknames, typos, missing fields, shared phones), so that candidates are
 * found, pairs scored, customers linked and merged. Their e-mails are under `.example` (reserved).
 */
export async function warmUpResolution(
  repository: IdentityRepository,
  records: number,
  options: Pick<IngestOptions, 'region' | 'matcher' | 'survivorship'>,
): Promise<{ records: number; batches: number; accepted: number; ms: number }> {
  const started = performance.now();
  const batches = syntheticBatches(records, 500);
  let accepted = 0;
  let rehearsal: ReturnType<IdentityRepository['rehearsal']> | null = null;
  try {
    for (const { source, inputs } of batches) {
      if (source === 'crm' || rehearsal === null) {
        await rehearsal?.end();
        rehearsal = repository.rehearsal();
      }
      accepted += (await ingestRecords(rehearsal, source, inputs, { ...options, actor: 'warm-up' })).accepted;
    }
  } finally {
    await rehearsal?.end();
  }
  return { records: batches.reduce((n, b) => n + b.inputs.length, 0), batches: batches.length, accepted, ms: performance.now() - started };
}

const givenNames = ['James', 'Mary', 'Robert', 'Patricia', 'John', 'Jennifer', 'Michael', 'Linda', 'William', 'Elizabeth', 'David', 'Barbara', 'Richard', 'Susan', 'Joseph', 'Jessica', 'Thomas', 'Sarah', 'Charles', 'Karen', 'Daniel', 'Nancy', 'Matthew', 'Margaret', 'Anthony', 'Sandra', 'Mark', 'Ashley', 'Steven', 'Emily'];
const nicknames: Record<string, string> = { James: 'Jim', Robert: 'Bob', John: 'Jack', Michael: 'Mike', William: 'Bill', Elizabeth: 'Liz', Richard: 'Dick', Joseph: 'Joe', Thomas: 'Tom', Margaret: 'Peggy', Anthony: 'Tony', Daniel: 'Dan', Matthew: 'Matt', Steven: 'Steve' };
const syllables = ['ash', 'bar', 'cor', 'dun', 'el', 'fen', 'gar', 'hol', 'ing', 'kel', 'lor', 'mor', 'nor', 'ost', 'per', 'quin', 'ros', 'sta', 'tor', 'wel'];
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
    const phone = `+44 20 7946 ${String(person % 1000).padStart(4, '0')}`;
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
