import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readEvaluationConfig } from './evaluationConfig.ts';
import { loadLabelledRecords } from './loadLabelledRecords.ts';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'c360-eval-'));
  await writeFile(join(dir, 'a.csv'), 'rec_id, given_name, surname, street_number, address_1, postcode, date_of_birth, soc_sec_id\nrec-7-org, jane, doe, 12, high street, 4011, 19810203, 5512345\nrec-7-dup-0, jayne, doe, , high st, 4011, 19810302, 5512354\n');
  await writeFile(join(dir, 'eval.json'), JSON.stringify({
    name: 'tiny', files: [{ path: 'a.csv', source: 'crm' }], trim: true, id: 'rec_id', truth: { column: 'rec_id', pattern: '^rec-(\\d+)-' },
    fields: { givenName: 'given_name', familyName: 'surname', birthDate: { column: 'date_of_birth', format: 'YYYYMMDD' }, nationalId: 'soc_sec_id', address: { line1: ['street_number', 'address_1'], postalCode: 'postcode' } },
  }));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('evaluation: labelled records', () => {
  it('maps columns to source records and reads the truth from the id pattern', async () => {
    const { bySource, truth } = await loadLabelledRecords(await readEvaluationConfig(join(dir, 'eval.json')));
    expect(truth).toEqual(new Map([['crm:rec-7-org', '7'], ['crm:rec-7-dup-0', '7']]));
    expect(bySource.get('crm')).toEqual([
      { sourceId: 'rec-7-org', observedAt: '2020-01-01T00:00:00.000Z', givenName: 'jane', familyName: 'doe', fullName: null, emails: [], phones: [], birthDate: '1981-02-03', nationalId: '5512345', addresses: [{ line1: '12 high street', line2: null, city: null, region: null, postalCode: '4011' }] },
      { sourceId: 'rec-7-dup-0', observedAt: '2020-01-01T00:00:00.000Z', givenName: 'jayne', familyName: 'doe', fullName: null, emails: [], phones: [], birthDate: '1981-03-02', nationalId: '5512354', addresses: [{ line1: 'high st', line2: null, city: null, region: null, postalCode: '4011' }] },
    ]);
  });

  it('names a column the config asks for and the file lacks', async () => {
    await writeFile(join(dir, 'bad.json'), JSON.stringify({ name: 'bad', files: [{ path: 'a.csv', source: 'crm' }], trim: true, id: 'rec_id', truth: { column: 'cluster' }, fields: {} }));
    await expect(loadLabelledRecords(await readEvaluationConfig(join(dir, 'bad.json')))).rejects.toThrow(/no column "cluster"/);
  });

  it('refuses a config with an unknown source system', async () => {
    await writeFile(join(dir, 'source.json'), JSON.stringify({ name: 'x', files: [{ path: 'a.csv', source: 'erp' }], id: 'rec_id', truth: { column: 'rec_id' }, fields: {} }));
    await expect(readEvaluationConfig(join(dir, 'source.json'))).rejects.toThrow('files[0].source must be crm, shop, support or callcenter, got "erp"');
  });
});
