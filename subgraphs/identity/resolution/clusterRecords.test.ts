import { describe, expect, it } from 'vitest';
import { clusterRecords } from './clusterRecords.ts';

describe('clusterRecords: linking', () => {
  it('puts two records that share an identifier in one group', () => {
    expect(
      clusterRecords([
        { key: 'crm:1', identifierKeys: ['crm:1', 'email:jane@example.com'] },
        { key: 'shop:7', identifierKeys: ['shop:7', 'email:jane@example.com'] },
      ]),
    ).toEqual([['crm:1', 'shop:7']]);
  });

  it('follows a chain of shared identifiers transitively', () => {
    // crm:1 —email— shop:7 —phone— support:3 —crm:9— callcenter:4: no one identifier is shared by all.
    expect(
      clusterRecords([
        { key: 'callcenter:4', identifierKeys: ['callcenter:4', 'crm:9'] },
        { key: 'crm:1', identifierKeys: ['crm:1', 'email:jane@example.com'] },
        { key: 'support:3', identifierKeys: ['support:3', 'phone:+447400123456', 'crm:9'] },
        { key: 'shop:7', identifierKeys: ['shop:7', 'email:jane@example.com', 'phone:+447400123456'] },
      ]),
    ).toEqual([['callcenter:4', 'crm:1', 'shop:7', 'support:3']]);
  });

  it('links a record whose external id is another record’s key', () => {
    expect(
      clusterRecords([
        { key: 'crm:C-1', identifierKeys: ['crm:C-1'] },
        { key: 'shop:88', identifierKeys: ['shop:88', 'crm:C-1'] },
      ]),
    ).toEqual([['crm:C-1', 'shop:88']]);
  });

  it('leaves a record that shares nothing in a group of its own', () => {
    expect(
      clusterRecords([
        { key: 'crm:1', identifierKeys: ['crm:1', 'email:jane@example.com'] },
        { key: 'crm:2', identifierKeys: ['crm:2', 'email:john@example.com'] },
      ]),
    ).toEqual([['crm:1'], ['crm:2']]);
  });

  it('keeps a record without any identifier key as its own group', () => {
    expect(clusterRecords([{ key: 'crm:1', identifierKeys: [] }])).toEqual([['crm:1']]);
  });

  it('does not join a record to itself twice when it lists an identifier twice', () => {
    expect(
      clusterRecords([
        { key: 'crm:1', identifierKeys: ['crm:1', 'email:jane@example.com', 'email:jane@example.com'] },
        { key: 'crm:2', identifierKeys: ['crm:2'] },
      ]),
    ).toEqual([['crm:1'], ['crm:2']]);
  });

  it('lists a record given twice once', () => {
    expect(
      clusterRecords([
        { key: 'crm:1', identifierKeys: ['crm:1'] },
        { key: 'crm:1', identifierKeys: ['crm:1'] },
      ]),
    ).toEqual([['crm:1']]);
  });

  it('returns no groups for no records', () => {
    expect(clusterRecords([])).toEqual([]);
  });
});

describe('clusterRecords: order', () => {
  const records = [
    { key: 'shop:9', identifierKeys: ['shop:9'] },
    { key: 'support:2', identifierKeys: ['support:2', 'email:b@example.com'] },
    { key: 'crm:5', identifierKeys: ['crm:5', 'email:a@example.com'] },
    { key: 'crm:3', identifierKeys: ['crm:3', 'email:b@example.com'] },
    { key: 'shop:1', identifierKeys: ['shop:1', 'email:a@example.com'] },
    { key: 'callcenter:8', identifierKeys: ['callcenter:8', 'phone:+447400123456'] },
    { key: 'support:4', identifierKeys: ['support:4', 'email:b@example.com'] },
  ];

  it('sorts keys within a group, puts the largest group first and breaks ties by first key', () => {
    expect(clusterRecords(records)).toEqual([['crm:3', 'support:2', 'support:4'], ['crm:5', 'shop:1'], ['callcenter:8'], ['shop:9']]);
  });

  it('gives the same groups whatever the order of the records', () => {
    const expected = [['crm:3', 'support:2', 'support:4'], ['crm:5', 'shop:1'], ['callcenter:8'], ['shop:9']];
    expect(clusterRecords([...records].reverse())).toEqual(expected);
    expect(clusterRecords([records[3]!, records[0]!, records[6]!, records[1]!, records[5]!, records[2]!, records[4]!])).toEqual(expected);
  });
});
