import { createHmac } from 'node:crypto';

/**
 * The suppression hash of one canonical key (`email:jane@example.com`, `phone:+44…`,
 * `crm:C-1001`): HMAC-SHA256 under the part's hash key (`resolvePartKeys(config).hash`),
 * lower-case hex. Keyed, so a stolen suppression list cannot be reversed by hashing a list of
 * known e-mails without the key; the same key and identifier always give the same hash, so the
 * next ingestion can recognise an erased person. Throws a TypeError for an empty key or value.
 */
export function suppressionHash(hashKey: string, canonicalKey: string): string {
  if (typeof hashKey !== 'string' || hashKey === '') throw new TypeError('Expected a non-empty hash key, got none');
  if (typeof canonicalKey !== 'string' || canonicalKey === '') throw new TypeError(`Expected a canonical key such as "email:jane@example.com", got ${JSON.stringify(canonicalKey)}`);
  return createHmac('sha256', hashKey).update(`c360:suppression:${canonicalKey}`, 'utf8').digest('hex');
}
