import { callSubgraph, privacyCaller } from '../../lib/privacy/index.ts';

export interface RetentionRunOutcome {
  dataSet: string;
  subgraph: string;
  retentionDays: number | null;
  before: string | null;
  purged: number;
  details: Record<string, number> | null;
  error: string | null;
}

export interface RetentionRunReport {
  ranAt: string;
  auditSeq: number;
  outcomes: RetentionRunOutcome[];
}

/**
 * Asks the consent subgraph at `consentUrl` to apply retention everywhere (`applyRetention`), as
 * the retention job: a caller context signed with the parts' shared context key, RESTRICTED,
 * purpose PRIVACY. The consent subgraph reaches the others itself. Throws `SubgraphCallError`
 * when consent cannot be reached or refuses.
 */
export async function runRetention(options: { consentUrl: string; contextKey: string }): Promise<RetentionRunReport> {
  const data = await callSubgraph<{ applyRetention: RetentionRunReport }>({
    url: options.consentUrl,
    query: 'mutation ApplyRetention { applyRetention { ranAt auditSeq outcomes { dataSet subgraph retentionDays before purged details error } } }',
    contextKey: options.contextKey,
    caller: privacyCaller('c360-retention'),
    timeoutMs: 15 * 60_000,
  });
  return data.applyRetention;
}
