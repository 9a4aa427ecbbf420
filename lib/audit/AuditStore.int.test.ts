import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../db/index.ts';
import { emptyDatabase } from '../../test/support/stores.ts';
import { AuditStore, chainHash, genesisHash, sha256Hex, type AuditEntry, type AuditRecord } from './index.ts';

let db: Database;
let store: AuditStore;
let ticks: number;

/** 12:00:00.000, 12:00:01.000, … : one second per append. */
const clock = () => new Date(Date.UTC(2024, 4, 1, 12, 0, ticks++));

function entry(overrides: Partial<AuditEntry> = {}): AuditEntry {
  return {
    requestId: 'req-1',
    subject: 'user-7',
    client: 'crm-web',
    purpose: 'SERVICE',
    operationName: 'Customer',
    operationText: 'query Customer { customer(id: "cus_1") { id emails } }',
    fields: [{ path: 'customer.emails', decision: 'MASKED', level: 'CONFIDENTIAL' }],
    customerIds: ['cus_1'],
    ...overrides,
  };
}

async function appendMany(count: number, make: (index: number) => Partial<AuditEntry> = () => ({})) {
  for (let index = 0; index < count; index += 1) await store.append(entry({ requestId: `req-${index + 1}`, ...make(index) }));
}

/** Runs SQL as someone who can switch the append-only trigger off. */
async function tamper(sql: string) {
  await db.exec(`ALTER TABLE audit.records DISABLE TRIGGER USER; ${sql}; ALTER TABLE audit.records ENABLE TRIGGER USER;`);
}

const contentColumns = ['recorded_at', 'request_id', 'subject', 'client', 'purpose', 'operation_name', 'operation_hash', 'fields', 'customer_ids', 'kind', 'details'];
const chainColumns = ['prev_hash', 'hash'];
/** Swaps the given columns of two records in one statement (the FROM side reads the old values). */
const swap = (a: number, b: number, columns: string[]) =>
  `UPDATE audit.records r SET ${columns.map((c) => `${c} = o.${c}`).join(', ')} FROM audit.records o WHERE (r.seq = ${a} AND o.seq = ${b}) OR (r.seq = ${b} AND o.seq = ${a})`;

const all = async (): Promise<AuditRecord[]> => (await store.list({}, 500, null)).records.slice().reverse();

beforeAll(async () => {
  db = await emptyDatabase();
});

afterAll(async () => {
  await db.close();
});

beforeEach(async () => {
  // Not every runner's blank store drops `audit`; this file does not depend on it.
  await db.exec('DROP SCHEMA IF EXISTS audit CASCADE');
  ticks = 0;
  store = new AuditStore(db, { clock });
  await store.migrate();
});

describe('audit store: migrations', () => {
  it('applies once', async () => {
    expect(await store.migrate()).toEqual([]);
  });
});

describe('audit store: append', () => {
  it('numbers records from 1 and chains each hash to the previous one, from 64 zeros', async () => {
    const first = await store.append(entry({ requestId: 'req-1' }));
    const second = await store.append(entry({ requestId: 'req-2', subject: 'user-8' }));
    const third = await store.append(entry({ requestId: 'req-3' }));
    expect([first.seq, second.seq, third.seq]).toEqual([1, 2, 3]);

    const records = await all();
    expect(records.map((r) => r.seq)).toEqual([1, 2, 3]);
    expect(records.map((r) => r.prevHash)).toEqual([genesisHash, first.hash, second.hash]);
    expect(records.map((r) => r.hash)).toEqual([first.hash, second.hash, third.hash]);
    for (const record of records) expect(chainHash(record.prevHash, record)).toBe(record.hash);
  });

  it('stores the entry, the hash of the operation text (not the text) and the clock time', async () => {
    const operationText = 'query Customer { customer(id: "cus_1") { id emails } }';
    await store.append(entry({ operationText, customerIds: ['cus_1', 'cus_2'], details: { request: { kind: 'ACCESS', id: 7 }, note: 'é' } }));
    const [record] = await all();
    expect(record).toEqual({
      seq: 1,
      recordedAt: '2024-05-01T12:00:00.000Z',
      requestId: 'req-1',
      subject: 'user-7',
      client: 'crm-web',
      purpose: 'SERVICE',
      operationName: 'Customer',
      operationHash: sha256Hex(operationText),
      fields: [{ path: 'customer.emails', decision: 'MASKED', level: 'CONFIDENTIAL' }],
      customerIds: ['cus_1', 'cus_2'],
      kind: 'READ',
      details: { request: { kind: 'ACCESS', id: 7 }, note: 'é' },
      prevHash: genesisHash,
      hash: record!.hash,
    });
    const { rows } = await db.query(`SELECT count(*)::int AS n FROM audit.records WHERE to_jsonb(records.*)::text LIKE '%customer(id:%'`);
    expect(rows).toEqual([{ n: 0 }]);
  });

  it('keeps only path, decision and level of each field, and accepts an anonymous operation', async () => {
    const fields = [{ path: 'customer.name', decision: 'CLEAR', level: 'INTERNAL', extra: 'dropped' }] as unknown as AuditEntry['fields'];
    await store.append(entry({ fields, operationName: null, kind: 'PRIVACY' }));
    const [record] = await all();
    expect(record!.fields).toEqual([{ path: 'customer.name', decision: 'CLEAR', level: 'INTERNAL' }]);
    expect(record!.operationName).toBeNull();
    expect(record!.kind).toBe('PRIVACY');
    expect(await store.verify()).toEqual({ ok: true, count: 1 });
  });

  it('gives 20 concurrent appends gapless numbers and one intact chain', async () => {
    const results = await Promise.all(Array.from({ length: 20 }, (_, index) => store.append(entry({ requestId: `req-${index}` }))));
    expect(results.map((r) => r.seq).sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, index) => index + 1));
    expect(await store.verify()).toEqual({ ok: true, count: 20 });
  });

  it('refuses an entry that cannot be stored as hashed, and writes nothing', async () => {
    const bad: [Partial<AuditEntry>, string][] = [
      [{ fields: [{ path: 'a', decision: 'VISIBLE', level: 'PUBLIC' }] as unknown as AuditEntry['fields'] }, 'Expected AuditEntry.fields[0] to be { path: string, decision: CLEAR | MASKED | DENIED, level: string }'],
      [{ subject: 'user\u00007' }, 'Expected well-formed Unicode without NUL at $.subject'],
      [{ details: { score: Number.NaN } }, 'Expected a finite number at $.details.score, got NaN'],
      [{ details: { at: new Date(0) } as unknown as AuditEntry['details'] }, 'Expected a plain object at $.details.at, got Date'],
      [{ customerIds: 'cus_1' as unknown as string[] }, "Expected AuditEntry.customerIds to be an array of strings, got 'cus_1'"],
      [{ kind: '' }, "Expected AuditEntry.kind to be a non-empty string, got ''"],
    ];
    for (const [overrides, message] of bad) {
      const attempt = store.append(entry(overrides));
      await expect(attempt).rejects.toThrow(TypeError);
      await expect(attempt).rejects.toThrow(message);
    }
    expect((await store.list({}, 10, null)).totalCount).toBe(0);
  });
});

describe('audit store: list', () => {
  beforeEach(async () => {
    // seq 1..6 at 12:00:00 … 12:00:05
    await appendMany(6, (index) => ({
      subject: index % 2 === 0 ? 'user-7' : 'user-8',
      client: index < 3 ? 'crm-web' : 'support-app',
      customerIds: index === 5 ? [] : [`cus_${index % 3}`, 'cus_shared'],
      kind: index === 4 ? 'PRIVACY' : undefined,
    }));
  });

  const seqs = (records: readonly AuditRecord[]) => records.map((r) => r.seq);

  it('lists newest first with the total count', async () => {
    const page = await store.list({}, 10, null);
    expect(seqs(page.records)).toEqual([6, 5, 4, 3, 2, 1]);
    expect(page.hasNextPage).toBe(false);
    expect(page.totalCount).toBe(6);
  });

  it('filters by subject, client, kind and customer id', async () => {
    expect(seqs((await store.list({ subject: 'user-7' }, 10, null)).records)).toEqual([5, 3, 1]);
    expect(seqs((await store.list({ client: 'support-app' }, 10, null)).records)).toEqual([6, 5, 4]);
    expect(seqs((await store.list({ kind: 'PRIVACY' }, 10, null)).records)).toEqual([5]);
    expect(seqs((await store.list({ kind: 'READ' }, 10, null)).records)).toEqual([6, 4, 3, 2, 1]);
    expect(seqs((await store.list({ customerId: 'cus_1' }, 10, null)).records)).toEqual([5, 2]);
    expect(seqs((await store.list({ customerId: 'cus_shared' }, 10, null)).records)).toEqual([5, 4, 3, 2, 1]);
    expect(seqs((await store.list({ customerId: 'cus_9' }, 10, null)).records)).toEqual([]);
    expect(seqs((await store.list({ subject: 'user-8', client: 'support-app', customerId: 'cus_0' }, 10, null)).records)).toEqual([4]);
  });

  it('treats null filters as absent', async () => {
    expect((await store.list({ subject: null, client: null, customerId: null, from: null, to: null, kind: null }, 10, null)).totalCount).toBe(6);
  });

  it('filters by time, from inclusive and to exclusive', async () => {
    const page = await store.list({ from: '2024-05-01T12:00:01Z', to: '2024-05-01T12:00:04.000Z' }, 10, null);
    expect(seqs(page.records)).toEqual([4, 3, 2]);
    expect(page.totalCount).toBe(3);
    expect(seqs((await store.list({ from: '2024-05-01T14:00:02+02:00' }, 10, null)).records)).toEqual([6, 5, 4, 3]);
  });

  it('pages with cursors; the total count is that of the filter, not of the page', async () => {
    const first = await store.list({ customerId: 'cus_shared' }, 2, null);
    expect(seqs(first.records)).toEqual([5, 4]);
    expect(first).toMatchObject({ hasNextPage: true, totalCount: 5 });
    const second = await store.list({ customerId: 'cus_shared' }, 2, first.endCursor);
    expect(seqs(second.records)).toEqual([3, 2]);
    expect(second).toMatchObject({ hasNextPage: true, totalCount: 5 });
    const third = await store.list({ customerId: 'cus_shared' }, 2, second.endCursor);
    expect(seqs(third.records)).toEqual([1]);
    expect(third).toMatchObject({ hasNextPage: false, totalCount: 5 });
    const past = await store.list({ customerId: 'cus_shared' }, 2, third.endCursor);
    expect(past).toEqual({ records: [], hasNextPage: false, endCursor: null, totalCount: 5 });
  });

  it('refuses a page size out of 1..500, a foreign cursor and a date that is not one', async () => {
    const code = (promise: Promise<unknown>) => promise.then(() => 'resolved', (error: { extensions?: { code?: unknown } }) => error.extensions?.code);
    expect(await code(store.list({}, 0, null))).toBe('BAD_USER_INPUT');
    expect(await code(store.list({}, 501, null))).toBe('BAD_USER_INPUT');
    expect(await code(store.list({}, 1.5, null))).toBe('BAD_USER_INPUT');
    expect(await code(store.list({}, 10, 'seq:3'))).toBe('BAD_USER_INPUT');
    expect(await code(store.list({}, 10, Buffer.from('audit:0').toString('base64url')))).toBe('BAD_USER_INPUT');
    expect(await code(store.list({ from: 'yesterday' }, 10, null))).toBe('BAD_USER_INPUT');
    expect(await code(store.list({}, 500, null))).toBe('resolved');
  });
});

describe('audit store: append-only', () => {
  beforeEach(async () => {
    await appendMany(2);
  });

  it('refuses UPDATE, DELETE and TRUNCATE while the trigger is on', async () => {
    await expect(db.query(`UPDATE audit.records SET subject = 'someone-else' WHERE seq = 1`)).rejects.toThrow('audit.records is append-only: UPDATE refused');
    await expect(db.query('DELETE FROM audit.records WHERE seq = 2')).rejects.toThrow('audit.records is append-only: DELETE refused');
    await expect(db.query('TRUNCATE audit.records')).rejects.toThrow('audit.records is append-only: TRUNCATE refused');
    expect(await store.verify()).toEqual({ ok: true, count: 2 });
  });
});

describe('audit store: verify', () => {
  it('finds an empty chain intact', async () => {
    expect(await store.verify()).toEqual({ ok: true, count: 0 });
  });

  it('walks a chain longer than one page', async () => {
    await Promise.all(Array.from({ length: 1001 }, (_, index) => store.append(entry({ requestId: `req-${index}` }))));
    expect(await store.verify()).toEqual({ ok: true, count: 1001 });
  });

  describe('detects tampering by someone who switched the trigger off', () => {
    beforeEach(async () => {
      await appendMany(5);
      expect(await store.verify()).toEqual({ ok: true, count: 5 });
    });

    it('a changed field', async () => {
      await tamper(`UPDATE audit.records SET subject = 'someone-else' WHERE seq = 2`);
      expect(await store.verify()).toEqual({ ok: false, count: 1, firstBadSeq: 2, problem: 'changed' });
    });

    it('a changed field decision', async () => {
      await tamper(`UPDATE audit.records SET fields = '[{"path":"customer.emails","decision":"CLEAR","level":"CONFIDENTIAL"}]' WHERE seq = 4`);
      expect(await store.verify()).toEqual({ ok: false, count: 3, firstBadSeq: 4, problem: 'changed' });
    });

    it('a time moved by a microsecond', async () => {
      await tamper(`UPDATE audit.records SET recorded_at = recorded_at + interval '1 microsecond' WHERE seq = 3`);
      expect(await store.verify()).toEqual({ ok: false, count: 2, firstBadSeq: 3, problem: 'changed' });
    });

    it('a changed hash', async () => {
      await tamper(`UPDATE audit.records SET hash = repeat('a', 64) WHERE seq = 5`);
      expect(await store.verify()).toEqual({ ok: false, count: 4, firstBadSeq: 5, problem: 'changed' });
    });

    it('a deleted record', async () => {
      await tamper('DELETE FROM audit.records WHERE seq = 3');
      expect(await store.verify()).toEqual({ ok: false, count: 2, firstBadSeq: 3, problem: 'removed' });
    });

    it('a deleted first record', async () => {
      await tamper('DELETE FROM audit.records WHERE seq = 1');
      expect(await store.verify()).toEqual({ ok: false, count: 0, firstBadSeq: 1, problem: 'removed' });
    });

    it('a deleted record, the later ones renumbered to close the gap', async () => {
      await tamper('DELETE FROM audit.records WHERE seq = 3; UPDATE audit.records SET seq = 3 WHERE seq = 4; UPDATE audit.records SET seq = 4 WHERE seq = 5');
      expect(await store.verify()).toEqual({ ok: false, count: 2, firstBadSeq: 3, problem: 'removed' });
    });

    it('two records swapped', async () => {
      await tamper(swap(2, 4, [...contentColumns, ...chainColumns]));
      expect(await store.verify()).toEqual({ ok: false, count: 1, firstBadSeq: 2, problem: 'reordered' });
    });

    it('two neighbours swapped', async () => {
      await tamper(swap(3, 4, [...contentColumns, ...chainColumns]));
      expect(await store.verify()).toEqual({ ok: false, count: 2, firstBadSeq: 3, problem: 'reordered' });
    });

    it('two records’ contents swapped under their own hashes', async () => {
      await tamper(swap(2, 4, contentColumns));
      expect(await store.verify()).toEqual({ ok: false, count: 1, firstBadSeq: 2, problem: 'changed' });
    });

    it('a change whose hash was recomputed: the next link breaks', async () => {
      const [, second] = await all();
      const forged = chainHash(second!.prevHash, { ...second!, subject: 'someone-else' });
      await tamper(`UPDATE audit.records SET subject = 'someone-else', hash = '${forged}' WHERE seq = 2`);
      expect(await store.verify()).toEqual({ ok: false, count: 2, firstBadSeq: 3, problem: 'broken-link' });
    });

    it('a dropped trigger does not hide a change', async () => {
      await db.exec(`DROP TRIGGER records_append_only ON audit.records; UPDATE audit.records SET customer_ids = '{}' WHERE seq = 1`);
      expect(await store.verify()).toEqual({ ok: false, count: 0, firstBadSeq: 1, problem: 'changed' });
    });
  });
});
