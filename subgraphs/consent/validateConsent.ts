import { toIsoTimestamp } from '../../lib/dates.ts';
import { canonicalKey } from '../../lib/keys.ts';
import type { ConsentEvent } from './store/ConsentStore.ts';

export interface ConsentInputValue {
  subjectKey: string;
  purpose: ConsentEvent['purpose'];
  channel: ConsentEvent['channel'];
  status: ConsentEvent['status'];
  collectionPoint: string;
  policyVersion: string;
  capturedAt: string;
}

/** Checks one consent event and canonicalises its subject key; returns the reason when it is refused. */
export function validateConsent(input: ConsentInputValue, options: { region: string; latest: string }): ConsentEvent | { reason: string } {
  const key = canonicalKey(input.subjectKey, options.region);
  if ('error' in key) return { reason: `subjectKey: ${key.error}` };
  const collectionPoint = input.collectionPoint.trim();
  const policyVersion = input.policyVersion.trim();
  if (!collectionPoint || collectionPoint.length > 200) return { reason: 'collectionPoint must be 1 to 200 characters' };
  if (!policyVersion || policyVersion.length > 100) return { reason: 'policyVersion must be 1 to 100 characters' };
  const capturedAt = toIsoTimestamp(input.capturedAt);
  if (!capturedAt) return { reason: 'capturedAt is not an ISO 8601 timestamp' };
  if (capturedAt > options.latest) return { reason: 'capturedAt is in the future' };
  return { subjectKey: key.key, purpose: input.purpose, channel: input.channel, status: input.status, collectionPoint, policyVersion, capturedAt };
}
