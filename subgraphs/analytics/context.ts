import type DataLoader from 'dataloader';
import type { AnalyticsStore, OrderRow } from './store/AnalyticsStore.ts';

export interface AnalyticsContext {
  store: AnalyticsStore;
  /** Orders per source key; one query per request batch. */
  ordersBySourceKey: DataLoader<string, OrderRow[]>;
  now(): Date;
  region: string;
}
