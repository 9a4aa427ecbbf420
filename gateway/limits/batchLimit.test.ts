import { describe, expect, it } from 'vitest';
import { checkBatch } from './batchLimit.ts';

const operation = { query: '{ __typename }' };

describe('batch limit', () => {
  it('lets a single operation through', () => {
    expect(checkBatch(operation, 10)).toBeNull();
    expect(checkBatch(operation, 1)).toBeNull();
    expect(checkBatch(undefined, 1)).toBeNull();
    expect(checkBatch('{ __typename }', 1)).toBeNull();
  });

  it('lets a batch up to the limit through', () => {
    expect(checkBatch([operation, operation], 2)).toBeNull();
    expect(checkBatch([], 2)).toBeNull();
  });

  it('refuses a longer batch, naming its length and the limit', () => {
    expect(checkBatch([operation, operation, operation], 2)).toBe('Batch of 3 operations exceeds the limit of 2');
  });

  it('refuses every batch when the limit is 1', () => {
    expect(checkBatch([operation], 1)).toBe('Batched requests are off');
    expect(checkBatch([], 1)).toBe('Batched requests are off');
  });

  it('refuses a limit that is not a positive integer', () => {
    expect(() => checkBatch([], 0)).toThrow(new TypeError('Expected maxBatch to be a positive integer, got 0'));
  });
});
