import type { JsonObject } from './canonicalJson.ts';

/** What happened to one field of a response (DESIGN §4). */
export type AuditDecision = 'CLEAR' | 'MASKED' | 'DENIED';
export const auditDecisions: readonly AuditDecision[] = Object.freeze(['CLEAR', 'MASKED', 'DENIED']);

/**
 * One field decision of an operation: the response path, the decision, the field's sensitivity
 * level. (A type alias, not an interface, so that it counts as JSON for {@link canonicalJson}.)
 */
export type AuditField = {
  readonly path: string;
  readonly decision: AuditDecision;
  readonly level: string;
};

/** What the gateway hands to {@link AuditStore.append}: one operation, or one privacy action. */
export interface AuditEntry {
  readonly requestId: string;
  readonly subject: string;
  readonly client: string;
  readonly purpose: string;
  readonly operationName: string | null;
  /** The operation's text: only its SHA-256 is kept (`operationHash`), the text itself is not stored. */
  readonly operationText: string;
  readonly fields: readonly AuditField[];
  readonly customerIds: readonly string[];
  /** `READ` (the default) for an operation; other kinds (`PRIVACY`, …) are free text. */
  readonly kind?: string;
  /** Anything more a kind needs to record; JSON, hashed with the rest. */
  readonly details?: JsonObject | null;
}

/** One stored record, as {@link AuditStore.list} returns it. */
export interface AuditRecord {
  /** 1, 2, 3, … without gaps, in the order the records were appended. */
  readonly seq: number;
  /** ISO 8601 with milliseconds, UTC (`2024-05-01T12:00:00.000Z`). */
  readonly recordedAt: string;
  readonly requestId: string;
  readonly subject: string;
  readonly client: string;
  readonly purpose: string;
  readonly operationName: string | null;
  /** SHA-256 of the operation text, lower-case hex. */
  readonly operationHash: string;
  readonly fields: readonly AuditField[];
  readonly customerIds: readonly string[];
  readonly kind: string;
  readonly details: JsonObject | null;
  /** The previous record's `hash`; 64 zeros for the first record. */
  readonly prevHash: string;
  /** `sha256hex(prevHash + "\n" + canonicalJson(payload))`, see {@link chainHash}. */
  readonly hash: string;
}
