import type { QualityStore } from './store/QualityStore.ts';

export interface QualityContext {
  store: QualityStore;
  region: string;
  /** The enabled rules, loaded at most once per request. */
  rules(): Promise<import('./rules/types.ts').RuleDefinition[]>;
}
