import type DataLoader from 'dataloader';
import type { Caller } from '../../lib/auth/Caller.ts';
import type { AnalyticsPrivacy } from './privacy/analyticsPrivacy.ts';
import type { AnalyticsStore, OrderRow } from './store/AnalyticsStore.ts';

export interface AnalyticsContext {
  store: AnalyticsStore;
  /** Orders per source key; one query per request batch. */
  ordersBySourceKey: DataLoader<string, OrderRow[]>;
  now(): Date;
  region: string;
  /** Privacy requests and retention (issue 4); internal fields only. */
  privacy: AnalyticsPrivacy;
  /** Set by the subgraph server from the verified caller context. */
  caller?: Caller;
}
