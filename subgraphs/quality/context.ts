import type { Caller } from '../../lib/auth/Caller.ts';
import type { QualityPrivacy } from './privacy/qualityPrivacy.ts';
import type { QualityStore } from './store/QualityStore.ts';

export interface QualityContext {
  store: QualityStore;
  region: string;
  /** The enabled rules, loaded at most once per request. */
  rules(): Promise<import('./rules/types.ts').RuleDefinition[]>;
  /** Privacy requests (issue 4); internal fields only. */
  privacy: QualityPrivacy;
  /** Set by the subgraph server from the verified caller context. */
  caller?: Caller;
}
