import type { Driver } from 'neo4j-driver';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createNeo4jDriver } from '../../../lib/neo4j/createNeo4jDriver.ts';
import { emptyNeo4j, testConfig } from '../../../test/support/stores.ts';
import { loadDefaultModel } from '../matching/MatchModelRegistry.ts';
import { defaultMatchingSettings, Matcher } from '../matching/Matcher.ts';
import { ingestRecords } from '../resolution/ingestRecords.ts';
import * as cypher from './cypher.ts';
import { IdentityRepository } from './IdentityRepository.ts';

// Resolution statements keep their first plan (`cypher.KEEP_PLAN`), which is made on whatever
// store the server first sees, often an empty one. These tests plan each of them on an empty
// store and check that the plan reaches nodes only through index seeks and expansions: a scan
// planned there would be kept while the store grows to millions of nodes.

let driver: Driver;
let repository: IdentityRepository;
const region = 'GB';
const matcher = new Matcher(loadDefaultModel(), defaultMatchingSettings, region);

beforeAll(async () => {
  const uri = await emptyNeo4j();
  driver = createNeo4jDriver({ uri, user: 'neo4j', password: testConfig().neo4j.password });
  repository = new IdentityRepository(driver, null);
  await repository.ensureSchema();
});
afterAll(() => driver.close());
beforeEach(() => emptyNeo4j());

interface PlanNode {
  operatorType: string;
  children: PlanNode[];
}

async function operators(statement: cypher.Statement): Promise<string[]> {
  const session = driver.session();
  try {
    await session.run('CALL db.clearQueryCaches()');
    const result = await session.run(`EXPLAIN ${statement.cypher.replace(cypher.KEEP_PLAN, '')}`, statement.params);
    const walk = (node: PlanNode): string[] => [node.operatorType.replace(/@.*$/, ''), ...node.children.flatMap(walk)];
    return walk(result.summary.plan as unknown as PlanNode);
  } finally {
    await session.close();
  }
}

const row = (columns: Readonly<Record<string, cypher.ColumnKind>>) => Object.fromEntries(Object.entries(columns).map(([name, kind]) => [name, kind === 'list' ? ['x:1'] : 'x:1']));

const resolutionStatements: cypher.Statement[] = [
  cypher.findRecordVersions(['crm:1']),
  cypher.findBlockCandidates(['f:lee'], 50),
  cypher.findRecords(['crm:1']),
  cypher.findClusterMembers(['c_1'], ['crm:1']),
  cypher.findMergedAliases(['c_1'], ['crm:1']),
  cypher.findCannotLinks(['crm:1']),
  ...cypher.writeResolution({
    records: [row(cypher.recordColumns)],
    customers: [row(cypher.customerColumns)],
    aliases: [{ id: 'c_2', survivorId: 'c_1', recordKeys: ['crm:2'] }],
    links: [{ a: 'crm:1', b: 'crm:2', probability: 1, matchWeight: 1, decidedBy: 'RULE' }],
    unlinks: [{ a: 'crm:1', b: 'crm:2' }],
    cannotLinks: [{ a: 'crm:1', b: 'crm:2', actor: 'steward', reason: 'r' }],
    reviews: [{ id: 'rv_1', pair: 'crm:1|crm:2', a: 'crm:1', b: 'crm:2', probability: 0.5, matchWeight: 1, reason: 'r' }],
    events: [{ id: 'ev_1', kind: 'MERGE' }],
    at: '2026-11-01T00:00:00.000Z',
  }),
];

describe('identity store: plans kept from an empty store', () => {
  it('plans every resolution statement with seeks and expansions only, no scan and no join', async () => {
    expect(resolutionStatements).toHaveLength(14);
    for (const statement of resolutionStatements) {
      const ops = await operators(statement);
      const scans = ops.filter((op) => /Scan|Join/.test(op));
      expect({ statement: statement.cypher.slice(0, 80), scans }).toEqual({ statement: statement.cypher.slice(0, 80), scans: [] });
      expect(ops.some((op) => /IndexSeek/.test(op)) || /CREATE \(e:MergeEvent\)/.test(statement.cypher)).toBe(true);
    }
  });

  it('keeps the plan of every statement that ingestion and re-clustering run', async () => {
    const sent: string[] = [];
    const stop = repository.onQuery((text) => sent.push(text));
    const now = { region, matcher, now: () => new Date('2026-11-01T00:00:00.000Z') };
    await ingestRecords(repository, 'crm', [{ sourceId: 'C-1', observedAt: '2026-01-01T00:00:00Z', givenName: 'Jane', familyName: 'Doe', emails: ['jane@example.com'] }], now);
    await ingestRecords(repository, 'shop', [{ sourceId: '9', observedAt: '2026-02-01T00:00:00Z', givenName: 'Jane', familyName: 'Doe', emails: ['jane@example.com'] }], now);
    stop();
    expect(sent.length).toBeGreaterThan(5);
    for (const text of sent) expect(text.startsWith(cypher.KEEP_PLAN)).toBe(true);
  });
});
