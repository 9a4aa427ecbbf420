import type { AuditStore } from '../../lib/audit/index.ts';
import type { Caller } from '../../lib/auth/Caller.ts';
import type { ConsentStore } from './store/ConsentStore.ts';
import type DataLoader from 'dataloader';
import type { EffectiveConsent } from './store/ConsentStore.ts';
import type { PrivacyDeadline } from '../../lib/config.ts';
import type { PrivacyService } from './privacy/PrivacyService.ts';
import type { PrivacyTaskRow } from './privacy/PrivacyStore.ts';
import type { RetentionService } from './privacy/RetentionService.ts';

export interface ConsentContext {
  store: ConsentStore;
  /** The gateway's audit log, read for `auditLog` (and privacy requests). */
  audit: AuditStore;
  region: string;
  /** Effective consents per customer, keyed by the customer's sorted keys; one query per request batch. */
  consentsByKeys: DataLoader<readonly string[], EffectiveConsent[], string>;
  /** Privacy requests (issue 4). */
  privacy: PrivacyService;
  /** Tasks per privacy request id; one query per request batch. */
  privacyTasks: DataLoader<string, PrivacyTaskRow[]>;
  privacyDeadlines: Readonly<Record<string, PrivacyDeadline>>;
  retention: RetentionService;
  /** Set by the subgraph server from the verified caller context. */
  caller?: Caller;
}
