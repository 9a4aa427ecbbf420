import type { AuditStore } from '../../../lib/audit/index.ts';
import type { Caller } from '../../../lib/auth/Caller.ts';
import type { Config, RetentionDataSet, SubgraphName } from '../../../lib/config.ts';
import { describeError, type Logger } from '../../../lib/logger.ts';
import { callSubgraph, privacyCaller } from '../../../lib/privacy/index.ts';
import type { ConsentPrivacy } from './consentPrivacy.ts';
import type { PrivacyStore } from './PrivacyStore.ts';

/** What retention did to one data set. */
export interface RetentionOutcome {
  dataSet: RetentionDataSet;
  subgraph: SubgraphName;
  /** Null: kept for ever (no period configured), nothing purged. */
  retentionDays: number | null;
  /** Data older than this was purged. */
  before: string | null;
  /** Rows or nodes removed (customers for sourceRecords, tasks' export parts for privacyExports). */
  purged: number;
  /** Finer counts, e.g. `{ customers, records, identifiers }`. */
  details: Record<string, number>;
  /** Why the data set could not be purged this time (the subgraph unreachable…); null when it was. */
  error: string | null;
}

export interface RetentionRun {
  ranAt: string;
  outcomes: RetentionOutcome[];
  /** The `seq` of the audit record that holds these counts. */
  auditSeq: number;
}

const owners: Record<RetentionDataSet, SubgraphName> = { sourceRecords: 'identity', consentEvents: 'consent', orders: 'analytics', privacyExports: 'consent' };

/**
 * Retention (issue 4): purges, in the subgraph that owns it, every data set past its configured
 * period (`C360_RETENTION_DAYS`), and appends one audit record (kind `RETENTION`) with the counts.
 * The audit log itself is not purged: it is the accountability record, holds no identifier in
 * clear, and is append-only and hash-chained. A subgraph that cannot be reached is reported with
 * its error and the others are still purged; the next run catches up (every purge is idempotent).
 */
export class RetentionService {
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<unknown> | undefined;

  constructor(
    private readonly options: {
      config: Config;
      consent: ConsentPrivacy;
      privacy: PrivacyStore;
      audit: AuditStore;
      contextKey: string;
      logger: Logger;
      urls: () => Readonly<Record<SubgraphName, string>>;
      now?: () => Date;
    },
  ) {}

  private async purge(dataSet: RetentionDataSet, before: Date): Promise<{ purged: number; details: Record<string, number> }> {
    const call = async (subgraph: SubgraphName, field: string) => {
      const data = await callSubgraph<Record<string, Record<string, number>>>({
        url: this.options.urls()[subgraph],
        query: `mutation Retention($before: DateTime!) { ${field}(before: $before) }`,
        variables: { before: before.toISOString() },
        contextKey: this.options.contextKey,
        caller: privacyCaller('c360-retention'),
      });
      return data[field]!;
    };
    switch (dataSet) {
      case 'sourceRecords': {
        const details = await call('identity', 'identityRetentionApply');
        return { purged: details.customers ?? 0, details };
      }
      case 'orders': {
        const details = await call('analytics', 'analyticsRetentionApply');
        return { purged: details.orders ?? 0, details };
      }
      case 'consentEvents': {
        const events = await this.options.consent.applyRetention(before);
        return { purged: events, details: { events } };
      }
      case 'privacyExports': {
        const exports = await this.options.privacy.purgeExports(before);
        return { purged: exports, details: { exportParts: exports } };
      }
    }
  }

  /** Purges every data set past its period now, and records the counts in the audit log. */
  async apply(caller: Caller): Promise<RetentionRun> {
    const now = (this.options.now ?? (() => new Date()))();
    const outcomes: RetentionOutcome[] = [];
    for (const [dataSet, days] of Object.entries(this.options.config.retention.days) as [RetentionDataSet, number | null][]) {
      const subgraph = owners[dataSet];
      if (days === null) {
        outcomes.push({ dataSet, subgraph, retentionDays: null, before: null, purged: 0, details: {}, error: null });
        continue;
      }
      const before = new Date(now.getTime() - days * 86_400_000);
      try {
        const { purged, details } = await this.purge(dataSet, before);
        outcomes.push({ dataSet, subgraph, retentionDays: days, before: before.toISOString(), purged, details, error: null });
      } catch (error) {
        this.options.logger.warn({ dataSet, err: describeError(error) }, 'retention could not purge a data set');
        outcomes.push({ dataSet, subgraph, retentionDays: days, before: before.toISOString(), purged: 0, details: {}, error: describeError(error).message });
      }
    }
    const { seq } = await this.options.audit.append({
      requestId: `retention-${now.toISOString()}`,
      subject: caller.subject,
      client: caller.client,
      purpose: caller.purpose,
      operationName: 'applyRetention',
      operationText: 'apply retention',
      fields: [],
      customerIds: [],
      kind: 'RETENTION',
      details: { ranAt: now.toISOString(), outcomes: outcomes.map((o) => ({ ...o })) },
    });
    return { ranAt: now.toISOString(), outcomes, auditSeq: seq };
  }

  /** Runs retention every `config.retention.everyHours` (off when null). */
  start(): void {
    const hours = this.options.config.retention.everyHours;
    if (hours === null || this.#timer) return;
    this.#timer = setInterval(() => {
      if (this.#running) return;
      this.#running = this.apply(privacyCaller('c360-retention'))
        .catch((error: unknown) => this.options.logger.error({ err: describeError(error) }, 'scheduled retention failed'))
        .finally(() => (this.#running = undefined));
    }, hours * 3_600_000);
    this.#timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.#timer);
    this.#timer = undefined;
    await this.#running;
  }
}
