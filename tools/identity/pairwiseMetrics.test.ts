import { describe, expect, it } from 'vitest';
import { pairwiseMetrics } from './pairwiseMetrics.ts';
import { parseCsv } from './parseCsv.ts';

describe('evaluation: pairwise metrics', () => {
  it('scores a perfect clustering 1, 1, 1', () => {
    const truth = new Map([['a', 'x'], ['b', 'x'], ['c', 'y']]);
    expect(pairwiseMetrics(truth, new Map([['a', '1'], ['b', '1'], ['c', '2']]))).toEqual({ precision: 1, recall: 1, f1: 1, truePairs: 1, predictedPairs: 1, correctPairs: 1 });
  });

  it('counts an over-merge against precision and a split against recall', () => {
    const truth = new Map([['a', 'x'], ['b', 'x'], ['c', 'x'], ['d', 'y']]);
    // Predicted: {a, b, d} and {c}: pairs ab (right), ad and bd (wrong); true pairs ab, ac, bc.
    const metrics = pairwiseMetrics(truth, new Map([['a', '1'], ['b', '1'], ['d', '1'], ['c', '2']]));
    expect(metrics).toEqual({ precision: 1 / 3, recall: 1 / 3, f1: 1 / 3, truePairs: 3, predictedPairs: 3, correctPairs: 1 });
  });

  it('treats a record the resolver did not place as a singleton', () => {
    const truth = new Map([['a', 'x'], ['b', 'x']]);
    expect(pairwiseMetrics(truth, new Map([['a', '1']]))).toMatchObject({ precision: 1, recall: 0, f1: 0, predictedPairs: 0 });
  });
});

describe('evaluation: CSV', () => {
  it('reads quoted fields with commas, doubled quotes and line breaks', () => {
    expect(parseCsv('id,name\n1,"Doe, ""Jane"""\r\n2,"two\nlines"\n')).toEqual([['id', 'name'], ['1', 'Doe, "Jane"'], ['2', 'two\nlines']]);
  });

  it('trims FEBRL-style fields when asked', () => {
    expect(parseCsv('rec_id, given_name\nrec-1-org, jane\n', { trim: true })).toEqual([['rec_id', 'given_name'], ['rec-1-org', 'jane']]);
  });

  it('names the line of an unterminated quote', () => {
    expect(() => parseCsv('a\n"open\n')).toThrow(new TypeError('Expected a closing quote for the field opened on line 2, got the end of the file'));
  });
});
