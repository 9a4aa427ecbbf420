import type { JsonObject } from '../../lib/audit/canonicalJson.ts';
import type { ConsentPolicy } from '../../lib/consent/index.ts';
import { toIsoTimestamp } from '../../lib/dates.ts';
import { canonicalKey } from '../../lib/keys.ts';
import type { ConsentChannel, ConsentStatus, LegalBasis, NewConsentEvent, NewPrivacySignal } from './effective/types.ts';

export interface ConsentInputValue {
  subjectKey: string;
  purpose: string;
  channel: ConsentChannel;
  status: ConsentStatus;
  /** Absent: CONSENT. */
  legalBasis?: LegalBasis | null;
  collectionPoint: string;
  policyVersion: string;
  capturedAt: string;
  expiresAt?: string | null;
  evidence?: unknown;
}

export interface ValidationOptions {
  region: string;
  /** The latest `capturedAt` accepted (now plus the allowed clock skew). */
  latest: string;
  policy: ConsentPolicy;
}

const maxEvidenceDepth = 5;

function depthOf(value: unknown): number {
  if (typeof value !== 'object' || value === null) return 0;
  return 1 + Math.max(0, ...Object.values(value).map(depthOf));
}

/** Refuses evidence that is not a small, shallow JSON object; the reason never quotes it (it may hold personal data). */
function checkEvidence(evidence: unknown, maxBytes: number): { evidence: JsonObject | null } | { reason: string } {
  if (evidence === undefined || evidence === null) return { evidence: null };
  if (typeof evidence !== 'object' || Array.isArray(evidence)) return { reason: 'evidence must be a JSON object, e.g. {"formId": "signup-v3", "ipHash": "…", "textShown": "…"}' };
  const bytes = Buffer.byteLength(JSON.stringify(evidence), 'utf8');
  if (bytes > maxBytes) return { reason: `evidence is ${bytes} bytes of JSON; at most ${maxBytes} are accepted` };
  if (depthOf(evidence) > maxEvidenceDepth) return { reason: `evidence nests deeper than ${maxEvidenceDepth} levels` };
  if (/\\u0000/.test(JSON.stringify(evidence))) return { reason: 'evidence must not contain NUL characters' };
  return { evidence: evidence as JsonObject };
}

function checkCollection(collectionPoint: string, capturedAt: string, latest: string): { collectionPoint: string; capturedAt: string } | { reason: string } {
  const trimmed = collectionPoint.trim();
  if (!trimmed || trimmed.length > 200) return { reason: 'collectionPoint must be 1 to 200 characters' };
  const at = toIsoTimestamp(capturedAt);
  if (!at) return { reason: 'capturedAt is not an ISO 8601 timestamp' };
  if (at > latest) return { reason: 'capturedAt is in the future' };
  return { collectionPoint: trimmed, capturedAt: at };
}

/**
 * Checks one consent event against the policy and canonicalises its subject key; returns the
 * reason when it is refused (the reason never quotes evidence). The purpose must be in the
 * configured catalog; only a GRANTED event may carry `expiresAt`, later than `capturedAt`.
 */
export function validateConsent(input: ConsentInputValue, options: ValidationOptions): NewConsentEvent | { reason: string } {
  const key = canonicalKey(input.subjectKey, options.region);
  if ('error' in key) return { reason: `subjectKey: ${key.error}` };
  if (!options.policy.purposes.some((p) => p.id === input.purpose)) {
    return { reason: `purpose ${JSON.stringify(input.purpose.slice(0, 64))} is not in the catalog (${options.policy.purposes.map((p) => p.id).join(', ')})` };
  }
  const collected = checkCollection(input.collectionPoint, input.capturedAt, options.latest);
  const policyVersion = input.policyVersion.trim();
  if ('reason' in collected && collected.reason.startsWith('collectionPoint')) return collected;
  if (!policyVersion || policyVersion.length > 100) return { reason: 'policyVersion must be 1 to 100 characters' };
  if ('reason' in collected) return collected;
  let expiresAt: string | null = null;
  if (input.expiresAt !== undefined && input.expiresAt !== null) {
    expiresAt = toIsoTimestamp(input.expiresAt);
    if (!expiresAt) return { reason: 'expiresAt is not an ISO 8601 timestamp' };
    if (input.status !== 'GRANTED') return { reason: `expiresAt applies to GRANTED events only, got ${input.status}` };
    if (expiresAt <= collected.capturedAt) return { reason: 'expiresAt must be later than capturedAt' };
  }
  const evidence = checkEvidence(input.evidence, options.policy.maxEvidenceBytes);
  if ('reason' in evidence) return evidence;
  return {
    subjectKey: key.key,
    purpose: input.purpose,
    channel: input.channel,
    status: input.status,
    legalBasis: input.legalBasis ?? 'CONSENT',
    collectionPoint: collected.collectionPoint,
    policyVersion,
    capturedAt: collected.capturedAt,
    expiresAt,
    evidence: evidence.evidence,
  };
}

export interface PrivacySignalInputValue {
  subjectKey: string;
  jurisdiction?: string | null;
  gpc?: boolean | null;
  collectionPoint: string;
  capturedAt: string;
}

/** Checks one privacy signal: a configured jurisdiction, a GPC flag, or both. Returns the reason when it is refused. */
export function validatePrivacySignal(input: PrivacySignalInputValue, options: ValidationOptions): NewPrivacySignal | { reason: string } {
  const key = canonicalKey(input.subjectKey, options.region);
  if ('error' in key) return { reason: `subjectKey: ${key.error}` };
  const jurisdiction = input.jurisdiction === undefined || input.jurisdiction === null ? null : input.jurisdiction.trim().toUpperCase();
  const gpc = input.gpc ?? null;
  if (jurisdiction === null && gpc === null) return { reason: 'a signal needs a jurisdiction, a gpc flag, or both' };
  if (jurisdiction !== null && !Object.hasOwn(options.policy.jurisdictions, jurisdiction)) {
    return { reason: `jurisdiction ${JSON.stringify(jurisdiction.slice(0, 16))} is not configured (${Object.keys(options.policy.jurisdictions).join(', ')})` };
  }
  const collected = checkCollection(input.collectionPoint, input.capturedAt, options.latest);
  if ('reason' in collected) return collected;
  return { subjectKey: key.key, jurisdiction, gpc, ...collected };
}
