import type { AuditStore } from '../../../lib/audit/index.ts';
import type { RetentionConfig } from '../../../lib/config.ts';
import { sqlTimestamp } from '../../../lib/dates.ts';
import type { Database } from '../../../lib/db/index.ts';
import { describeFields, type ExportFieldSpec, type InventoryField } from '../../../lib/privacy/index.ts';

const consentPurpose = 'recording and honouring consent decisions (legal obligation)';
const consentSource = 'the collection point named in `collectionPoint`, through recordConsents (consent.events)';
const auditPurpose = 'accountability: who read whose data, when and why';
const auditSource = 'the gateway, one record per operation that read CONFIDENTIAL or RESTRICTED data (audit.records)';

const signalPurpose = 'which default consent policy applies (jurisdiction) and Global Privacy Control opt-outs';
const signalSource = 'the collection point named in `collectionPoint`, through recordPrivacySignals (consent.privacy_signals)';

const exportFields: readonly ExportFieldSpec[] = [
  { path: 'consent.consentEvents[].subjectKey', field: 'Consent.subjectKey', purpose: consentPurpose, source: consentSource, dataSet: 'consentEvents' },
  { path: 'consent.consentEvents[].purpose', field: 'Consent.purpose', purpose: consentPurpose, source: consentSource, dataSet: 'consentEvents' },
  { path: 'consent.consentEvents[].channel', field: 'Consent.channel', purpose: consentPurpose, source: consentSource, dataSet: 'consentEvents' },
  { path: 'consent.consentEvents[].status', field: 'Consent.status', purpose: consentPurpose, source: consentSource, dataSet: 'consentEvents' },
  { path: 'consent.consentEvents[].capturedAt', field: 'Consent.capturedAt', purpose: consentPurpose, source: consentSource, dataSet: 'consentEvents' },
  { path: 'consent.consentEvents[].collectionPoint', field: 'Consent.collectionPoint', purpose: consentPurpose, source: consentSource, dataSet: 'consentEvents' },
  { path: 'consent.consentEvents[].policyVersion', field: 'Consent.policyVersion', purpose: consentPurpose, source: consentSource, dataSet: 'consentEvents' },
  { path: 'consent.consentEvents[].legalBasis', field: 'Consent.legalBasis', purpose: consentPurpose, source: consentSource, dataSet: 'consentEvents' },
  { path: 'consent.consentEvents[].expiresAt', field: 'Consent.expiresAt', purpose: consentPurpose, source: consentSource, dataSet: 'consentEvents' },
  { path: 'consent.consentEvents[].evidence', field: 'Consent.evidence', purpose: consentPurpose, source: consentSource, dataSet: 'consentEvents' },
  { path: 'consent.privacySignals[].subjectKey', field: 'PrivacySignalInput.subjectKey', purpose: signalPurpose, source: signalSource, dataSet: 'consentEvents' },
  { path: 'consent.privacySignals[].jurisdiction', field: 'PrivacySignalInput.jurisdiction', purpose: signalPurpose, source: signalSource, dataSet: 'consentEvents' },
  { path: 'consent.privacySignals[].gpc', field: 'PrivacySignalInput.gpc', purpose: signalPurpose, source: signalSource, dataSet: 'consentEvents' },
  { path: 'consent.privacySignals[].collectionPoint', field: 'PrivacySignalInput.collectionPoint', purpose: signalPurpose, source: signalSource, dataSet: 'consentEvents' },
  { path: 'consent.privacySignals[].capturedAt', field: 'PrivacySignalInput.capturedAt', purpose: signalPurpose, source: signalSource, dataSet: 'consentEvents' },
  { path: 'audit.records[].recordedAt', field: 'AuditRecord.recordedAt', purpose: auditPurpose, source: auditSource, dataSet: null },
  { path: 'audit.records[].client', field: 'AuditRecord.client', purpose: auditPurpose, source: auditSource, dataSet: null },
  { path: 'audit.records[].purpose', field: 'AuditRecord.purpose', purpose: auditPurpose, source: auditSource, dataSet: null },
  { path: 'audit.records[].fields', field: 'AuditRecord.fields', purpose: auditPurpose, source: auditSource, dataSet: null },
];

/** `erased:` and 8 to 64 url-safe characters, as the privacy service generates. */
const pseudonymShape = /^erased:[A-Za-z0-9_-]{8,64}$/;

/**
 * The consent subgraph's own privacy task (it runs in process, not over HTTP): the subject's
 * consent events and the audit records about their customers; on erasure the events keep their
 * decision, purpose, channel and time (consent statistics survive) under the request's random
 * pseudonym instead of the person's key. Audit records carry no identifier in clear (customer
 * ids only, and an erased customer id resolves to nothing), so the hash chain is left intact.
 */
export class ConsentPrivacy {
  readonly #inventory: InventoryField[];

  constructor(
    private readonly db: Database,
    private readonly audit: AuditStore,
    sdl: string,
    retention: RetentionConfig['days'],
  ) {
    this.#inventory = describeFields(sdl, exportFields, retention);
  }

  async export(keys: readonly string[], customerIds: readonly string[]) {
    const { rows } = await this.db.query<Record<string, unknown>>(
      `SELECT subject_key, purpose, channel, status, legal_basis, collection_point, policy_version, captured_at, expires_at, evidence, recorded_at
       FROM consent.events WHERE subject_key = ANY($1::text[]) ORDER BY captured_at, id`,
      [[...keys]],
    );
    const consentEvents = rows.map((row) => ({
      subjectKey: row.subject_key,
      purpose: row.purpose,
      channel: row.channel,
      status: row.status,
      legalBasis: row.legal_basis,
      collectionPoint: row.collection_point,
      policyVersion: row.policy_version,
      capturedAt: sqlTimestamp(row.captured_at as Date),
      expiresAt: row.expires_at ? sqlTimestamp(row.expires_at as Date) : null,
      evidence: row.evidence ?? null,
      recordedAt: sqlTimestamp(row.recorded_at as Date),
    }));
    const { rows: signalRows } = await this.db.query<Record<string, unknown>>(
      `SELECT subject_key, jurisdiction, gpc, collection_point, captured_at, recorded_at
       FROM consent.privacy_signals WHERE subject_key = ANY($1::text[]) ORDER BY captured_at, id`,
      [[...keys]],
    );
    const privacySignals = signalRows.map((row) => ({
      subjectKey: row.subject_key,
      jurisdiction: row.jurisdiction ?? null,
      gpc: row.gpc ?? null,
      collectionPoint: row.collection_point,
      capturedAt: sqlTimestamp(row.captured_at as Date),
      recordedAt: sqlTimestamp(row.recorded_at as Date),
    }));
    const records = [];
    if (customerIds.length > 0) {
      for (let after: string | null = null; ; ) {
        const page = await this.audit.list({ anyCustomerId: customerIds }, 500, after);
        records.push(
          ...page.records.map((r) => ({ seq: r.seq, recordedAt: r.recordedAt, client: r.client, purpose: r.purpose, operationName: r.operationName, kind: r.kind, fields: r.fields, customerIds: r.customerIds })),
        );
        if (!page.hasNextPage) break;
        after = page.endCursor;
      }
    }
    return { data: { consentEvents, privacySignals }, audit: { records }, inventory: this.#inventory };
  }

  /** Moves the events of the keys to the pseudonym in one transaction; idempotent (a second run finds none). */
  async erase(keys: readonly string[], pseudonym: string) {
    if (!pseudonymShape.test(pseudonym)) throw new TypeError(`Expected an erasure pseudonym, got ${JSON.stringify(pseudonym.slice(0, 20))}`);
    return this.db.transaction(async (tx) => {
      // Two keys of one person may hold the same decision at the same instant; under one
      // pseudonym they would be one event (the ledger's uniqueness), so the copies go first.
      const { rows: duplicates } = await tx.query(
        `DELETE FROM consent.events e USING consent.events d
         WHERE e.subject_key = ANY($1::text[]) AND d.subject_key = ANY($1::text[]) AND e.id > d.id
           AND e.purpose = d.purpose AND e.channel = d.channel AND e.status = d.status AND e.captured_at = d.captured_at
         RETURNING e.id`,
        [[...keys]],
      );
      // Evidence (form ids, hashed addresses, text shown) can identify the person: it goes; the decision stays.
      const { rows } = await tx.query(`UPDATE consent.events SET subject_key = $2, evidence = NULL WHERE subject_key = ANY($1::text[]) RETURNING id`, [[...keys], pseudonym]);
      const { rows: signals } = await tx.query(
        `DELETE FROM consent.privacy_signals WHERE subject_key = ANY($1::text[]) RETURNING id`,
        [[...keys]],
      );
      return { consentEventsPseudonymised: rows.length, privacySignalsDeleted: signals.length, duplicateEventsMerged: new Set(duplicates.map((d) => d.id)).size, auditRecordsChanged: 0 };
    });
  }

  /**
   * Retention: deletes consent events captured before `before` that a later decision of the same
   * key and purpose superseded. The deciding (latest) event of every key and purpose is kept however
   * old, since it still decides.
   */
  async applyRetention(before: Date): Promise<number> {
    const { rows } = await this.db.query<{ n: number }>(
      `WITH gone AS (
         DELETE FROM consent.events e WHERE e.captured_at < $1::timestamptz AND EXISTS (
           SELECT 1 FROM consent.events later WHERE later.subject_key = e.subject_key AND later.purpose = e.purpose AND later.captured_at > e.captured_at)
         RETURNING 1)
       SELECT count(*)::int AS n FROM gone`,
      [before.toISOString()],
    );
    return rows[0]?.n ?? 0;
  }
}
