import type DataLoader from 'dataloader';
import type { Caller } from '../../lib/auth/Caller.ts';
import type { AnalyticsPrivacy } from './privacy/analyticsPrivacy.ts';
import type { Logger } from '../../lib/logger.ts';
import type { AnalyticsStore, OrderRow } from './store/AnalyticsStore.ts';

export interface AnalyticsContext {
  store: AnalyticsStore;
  /** Orders per source key; one query per request batch. */
  ordersBySourceKey: DataLoader<string, OrderRow[]>;
  now(): Date;
  region: string;
  /** Privacy requests and retention (issue 4); internal fields only. */
  privacy: AnalyticsPrivacy;
  /** The consent subgraph, asked `canCollect` for orders that carry a purpose. */
  consentUrl: string;
  /** This request's signed caller context, forwarded to consent. */
  callerContext: string;
  logger: Logger;
  /** Set by the subgraph server from the verified caller context. */
  caller?: Caller;
}
