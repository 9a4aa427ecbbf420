import type { AuditStore } from '../../lib/audit/index.ts';
import type { ConsentStore } from './store/ConsentStore.ts';
import type DataLoader from 'dataloader';
import type { EffectiveConsent } from './store/ConsentStore.ts';

export interface ConsentContext {
  store: ConsentStore;
  /** The gateway's audit log, read for `auditLog` (and privacy requests). */
  audit: AuditStore;
  region: string;
  /** Effective consents per customer, keyed by the customer's sorted keys; one query per request batch. */
  consentsByKeys: DataLoader<readonly string[], EffectiveConsent[], string>;
}
