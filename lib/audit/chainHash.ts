import { createHash } from 'node:crypto';
import { canonicalJson } from './canonicalJson.ts';
import type { AuditRecord } from './AuditRecord.ts';

/** The `prevHash` of the first record: 64 zeros. */
export const genesisHash = '0'.repeat(64);

/** Everything of a record that its hash covers: all of it but `prevHash` (chained separately) and `hash`. */
export type AuditPayload = Omit<AuditRecord, 'prevHash' | 'hash'>;

/** SHA-256 of a string's UTF-8 bytes, lower-case hex. */
export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/**
 * The hash of one audit record: `sha256hex(prevHash + "\n" + canonicalJson(payload))`. Each
 * record's hash covers its predecessor's, so changing, removing or moving any record breaks every
 * link after it. An external verifier needs only this function and {@link canonicalJson}. Keys
 * beyond those of {@link AuditPayload} are ignored, so a whole {@link AuditRecord} may be passed.
 * Throws a `TypeError` when the payload holds what JSON cannot carry faithfully.
 */
export function chainHash(prevHash: string, payload: AuditPayload): string {
  // Exactly these keys, so that a record passed whole (with its own hashes) hashes the same.
  const { seq, recordedAt, requestId, subject, client, purpose, operationName, operationHash, fields, customerIds, kind, details } = payload;
  const covered: AuditPayload = { seq, recordedAt, requestId, subject, client, purpose, operationName, operationHash, fields, customerIds, kind, details };
  return sha256Hex(`${prevHash}\n${canonicalJson(covered)}`);
}
