import type { JsonObject } from '../../../lib/audit/canonicalJson.ts';

export type ConsentStatus = 'GRANTED' | 'DENIED' | 'WITHDRAWN';
export type ConsentChannel = 'EMAIL' | 'SMS' | 'PHONE' | 'WEB' | 'POST' | 'IN_STORE';
export type LegalBasis = 'CONSENT' | 'CONTRACT' | 'LEGAL_OBLIGATION' | 'VITAL_INTEREST' | 'PUBLIC_TASK' | 'LEGITIMATE_INTEREST';

/** One event to append to the ledger, validated, with a canonical subject key. */
export interface NewConsentEvent {
  subjectKey: string;
  /** A purpose of the configured catalog. */
  purpose: string;
  channel: ConsentChannel;
  status: ConsentStatus;
  legalBasis: LegalBasis;
  collectionPoint: string;
  policyVersion: string;
  capturedAt: string;
  /** When a grant lapses; only grants carry one. */
  expiresAt: string | null;
  /** Proof of the decision (form id, IP hash, text shown…), size-checked. */
  evidence: JsonObject | null;
}

/** An event as stored: `id` orders events recorded at the same `capturedAt`. */
export interface ConsentEvent extends NewConsentEvent {
  id: string;
}

/** One jurisdiction or GPC signal to append, validated. At least one of the two is set. */
export interface NewPrivacySignal {
  subjectKey: string;
  jurisdiction: string | null;
  gpc: boolean | null;
  collectionPoint: string;
  capturedAt: string;
}

export interface PrivacySignal extends NewPrivacySignal {
  id: string;
}

/** What the ledger holds about one customer (all of its keys): the inputs of {@link decideConsent}. */
export interface ConsentState {
  /** At least the latest event per key and purpose. */
  events: readonly ConsentEvent[];
  /** At least the latest jurisdiction signal and the latest GPC signal per key. */
  signals: readonly PrivacySignal[];
}
