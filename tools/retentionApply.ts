/**
 * `npm run retention:apply`: purges, in every subgraph, the data past its retention period
 * (`C360_RETENTION_DAYS`) and writes one audit record (kind RETENTION) with the counts. It asks the
 * running consent subgraph (`C360_CONSENT_URL`, default http://127.0.0.1:4002/graphql) to do it,
 * signing the request with the parts' context key (`C360_CONTEXT_KEY`, or the development key under
 * `.data/secrets`), so it works with PGlite while `npm start` runs. Prints one line per data set.
 * Exit status 0: every data set purged; 1: some could not be (named, with why); 2: consent unreachable.
 */
import { resolvePartKeys } from '../lib/auth/resolvePartKeys.ts';
import { loadConfig } from '../lib/config.ts';
import { runRetention } from './retention/runRetention.ts';

const config = loadConfig();
try {
  const keys = await resolvePartKeys(config);
  const report = await runRetention({ consentUrl: config.subgraphUrls.consent, contextKey: keys.context });
  for (const outcome of report.outcomes) {
    const period = outcome.retentionDays === null ? 'kept for ever' : `${outcome.retentionDays} days (before ${outcome.before})`;
    const result = outcome.error ? `FAILED: ${outcome.error}` : `purged ${outcome.purged} ${JSON.stringify(outcome.details ?? {})}`;
    console.log(`retention: ${outcome.dataSet.padEnd(15)} ${outcome.subgraph.padEnd(10)} ${period}: ${result}`);
  }
  console.log(`retention: ran at ${report.ranAt}; audit record seq ${report.auditSeq}`);
  if (report.outcomes.some((outcome) => outcome.error)) process.exitCode = 1;
} catch (error) {
  console.error(`retention: could not run: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 2;
}
