/**
 * Refuses a batched HTTP request (a JSON array of operations) that is longer than `maxBatch`, or
 * any batch when `maxBatch` is 1 (batching off). Call it on the parsed body before Apollo Server;
 * a non-array body is not a batch and passes. Returns the refusal message for a 400, else `null`.
 * An empty array passes: Apollo Server refuses it itself.
 */
export function checkBatch(body: unknown, maxBatch: number): string | null {
  if (!Number.isInteger(maxBatch) || maxBatch < 1) throw new TypeError(`Expected maxBatch to be a positive integer, got ${String(maxBatch)}`);
  if (!Array.isArray(body)) return null;
  if (maxBatch === 1) return 'Batched requests are off';
  if (body.length > maxBatch) return `Batch of ${body.length} operations exceeds the limit of ${maxBatch}`;
  return null;
}
