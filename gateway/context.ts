import type { Caller } from '../lib/auth/Caller.ts';
import type { FetchAccessReports } from './access/consentDecisions.ts';

/** Per-request context of the gateway. */
export interface GatewayContext {
  /** Correlates the gateway's and the subgraphs' logs; sent to subgraphs in the signed caller context. */
  requestId: string;
  /** Who is asking, from the verified token (or the anonymous caller, when allowed). */
  caller: Caller;
  /** The caller, request id and expiry signed for the subgraphs (`x-c360-caller`). */
  callerContext: string;
  /** The decisions each subgraph reported (`extensions.c360Access`), for the audit record. */
  accessReports: FetchAccessReports[];
}
