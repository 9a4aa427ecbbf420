import type DataLoader from 'dataloader';
import type { AuditStore } from '../../lib/audit/index.ts';
import type { Caller } from '../../lib/auth/Caller.ts';
import type { ConsentPolicy } from '../../lib/consent/index.ts';
import type { ConsentState } from './effective/types.ts';
import type { ConsentStore } from './store/ConsentStore.ts';
import type { PrivacyDeadline } from '../../lib/config.ts';
import type { PrivacyService } from './privacy/PrivacyService.ts';
import type { PrivacyTaskRow } from './privacy/PrivacyStore.ts';
import type { RetentionService } from './privacy/RetentionService.ts';

export interface ConsentContext {
  store: ConsentStore;
  /** The gateway's audit log, read for `auditLog` (and privacy requests). */
  audit: AuditStore;
  region: string;
  policy: ConsentPolicy;
  /** The instant effective consent is decided at (expiry), ISO 8601 UTC; fixed per request. */
  now: string;
  /** What the ledger holds about a customer, keyed by the customer's sorted keys; one pair of queries per request batch. */
  consentStateByKeys: DataLoader<readonly string[], ConsentState, string>;
  /** From the verified caller context (added by `buildSubgraphServer`). */
  caller: Caller;
  requestId: string;
  /** Privacy requests (issue 4). */
  privacy: PrivacyService;
  /** Tasks per privacy request id; one query per request batch. */
  privacyTasks: DataLoader<string, PrivacyTaskRow[]>;
  privacyDeadlines: Readonly<Record<string, PrivacyDeadline>>;
  retention: RetentionService;
}
