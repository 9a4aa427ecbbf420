import type { SourceSystem } from '../../../lib/keys.ts';
import type { IngestOutcome } from '../resolution/ingestRecords.ts';
import type { RetentionConfig } from '../../../lib/config.ts';
import { badUserInput, notFound } from '../../../lib/errors.ts';
import { canonicalKey, isSourceSystem } from '../../../lib/keys.ts';
import { describeFields, type ExportFieldSpec, type InventoryField } from '../../../lib/privacy/index.ts';
import type { RecordFactsValue } from '../resolution/types.ts';
import type { SourceRecordInput } from '../resolution/validateRecord.ts';
import type { IdentityRepository } from '../store/IdentityRepository.ts';
import type { ErasureCounts, IdentityPrivacyStore, Subject } from './IdentityPrivacyStore.ts';

const resolution = 'identity resolution and the customer 360 view (SERVICE)';
const fromSources = 'the source system named in `source` (crm, shop, support, callcenter, steward, web)';
const resolved = 'identity: chosen from the source records by survivorship (see `provenance`)';

/** What each field of identity's part of an export is (issue 4: category, purpose, retention, source). */
const exportFields: readonly ExportFieldSpec[] = [
  { path: 'identity.customers[].id', field: 'Customer.id', purpose: resolution, source: 'identity: assigned at resolution', dataSet: 'sourceRecords' },
  { path: 'identity.customers[].givenName', field: 'PersonName.given', purpose: resolution, source: resolved, dataSet: 'sourceRecords' },
  { path: 'identity.customers[].familyName', field: 'PersonName.family', purpose: resolution, source: resolved, dataSet: 'sourceRecords' },
  { path: 'identity.customers[].fullName', field: 'PersonName.full', purpose: resolution, source: resolved, dataSet: 'sourceRecords' },
  { path: 'identity.customers[].emails', field: 'Customer.emails', purpose: resolution, source: resolved, dataSet: 'sourceRecords' },
  { path: 'identity.customers[].phones', field: 'Customer.phones', purpose: resolution, source: resolved, dataSet: 'sourceRecords' },
  { path: 'identity.customers[].addresses', field: 'Customer.addresses', purpose: resolution, source: resolved, dataSet: 'sourceRecords' },
  { path: 'identity.customers[].birthDate', field: 'Customer.birthDate', purpose: resolution, source: resolved, dataSet: 'sourceRecords' },
  { path: 'identity.customers[].provenance', field: 'Customer.provenance', purpose: 'explaining each golden value (accountability)', source: resolved, dataSet: 'sourceRecords' },
  { path: 'identity.sourceRecords[].source', field: 'SourceRecord.source', purpose: resolution, source: fromSources, dataSet: 'sourceRecords' },
  { path: 'identity.sourceRecords[].sourceId', field: 'SourceRecord.sourceId', purpose: resolution, source: fromSources, dataSet: 'sourceRecords' },
  { path: 'identity.sourceRecords[].observedAt', field: 'SourceRecord.observedAt', purpose: resolution, source: fromSources, dataSet: 'sourceRecords' },
  { path: 'identity.sourceRecords[].givenName', field: 'SourceRecord.givenName', purpose: resolution, source: fromSources, dataSet: 'sourceRecords' },
  { path: 'identity.sourceRecords[].familyName', field: 'SourceRecord.familyName', purpose: resolution, source: fromSources, dataSet: 'sourceRecords' },
  { path: 'identity.sourceRecords[].fullName', field: 'SourceRecord.fullName', purpose: resolution, source: fromSources, dataSet: 'sourceRecords' },
  { path: 'identity.sourceRecords[].emails', field: 'SourceRecord.emails', purpose: resolution, source: fromSources, dataSet: 'sourceRecords' },
  { path: 'identity.sourceRecords[].phones', field: 'SourceRecord.phones', purpose: resolution, source: fromSources, dataSet: 'sourceRecords' },
  { path: 'identity.sourceRecords[].addresses', field: 'SourceRecord.addresses', purpose: resolution, source: fromSources, dataSet: 'sourceRecords' },
  { path: 'identity.sourceRecords[].birthDate', field: 'SourceRecord.birthDate', purpose: resolution, source: fromSources, dataSet: 'sourceRecords' },
  { path: 'identity.sourceRecords[].nationalId', field: 'SourceRecord.nationalId', purpose: resolution, source: fromSources, dataSet: 'sourceRecords' },
  { path: 'identity.sourceRecords[].externalIds', field: 'SourceRecord.externalIds', purpose: 'linking records of one person across systems', source: fromSources, dataSet: 'sourceRecords' },
  { path: 'identity.identifiers[].value', field: 'Identifier.value', purpose: 'linking records of one person across systems', source: 'identity: normalised from the source records', dataSet: 'sourceRecords' },
  { path: 'identity.identifiers[].key', field: 'Identifier.key', purpose: 'the key other subgraphs store facts against', source: 'identity: normalised from the source records', dataSet: 'sourceRecords' },
];

const identifierType = (key: string) => {
  const kind = key.slice(0, key.indexOf(':'));
  return kind === 'email' ? 'EMAIL' : kind === 'phone' ? 'PHONE' : `${kind.toUpperCase()}_ID`;
};

/** Canonical keys from the runner; a bad one is a bug upstream, refused with BAD_USER_INPUT. */
function canonicalKeys(identifiers: readonly string[], region: string): string[] {
  if (identifiers.length === 0) throw badUserInput('identifiers must name at least one key of the subject');
  return identifiers.map((raw, index) => {
    const key = canonicalKey(raw, region);
    if ('error' in key) throw badUserInput(`identifiers[${index}]: ${key.error}`);
    return key.key;
  });
}

/** Each record's raw facts, as the quality subgraph evaluates them (`Customer.recordFacts`). */
const recordFacts = (subject: Subject): RecordFactsValue[] =>
  subject.records.map((r) => ({ sourceKey: r.key, givenName: r.givenName, familyName: r.familyName, fullName: r.fullName, emails: r.emails, phones: r.phones, birthDate: r.birthDate }));

export interface IdentityPrivacyOptions {
  store: IdentityPrivacyStore;
  repository: IdentityRepository;
  /** The subgraph's SDL, for the export's inventory (levels and categories of its `@sensitive` fields). */
  sdl: string;
  region: string;
  retention: RetentionConfig['days'];
  /** Ingests records through identity resolution (the rectification's steward record). */
  ingest(source: SourceSystem, records: SourceRecordInput[]): Promise<IngestOutcome>;
}

/**
 * The identity subgraph's side of privacy requests and retention (issue 4), called only through
 * its internal `@inaccessible` fields by the consent subgraph's task runner.
 */
export class IdentityPrivacy {
  readonly #inventory: InventoryField[];

  constructor(private readonly options: IdentityPrivacyOptions) {
    this.#inventory = describeFields(options.sdl, exportFields, options.retention);
  }

  /** Everything identity holds about the subject, the subject's keys, and the record facts quality evaluates. */
  async export(identifiers: readonly string[]) {
    const subject = await this.options.store.findSubject(canonicalKeys(identifiers, this.options.region));
    return {
      keys: subject.keys,
      customerIds: subject.customerIds,
      recordFacts: recordFacts(subject),
      data: {
        customers: subject.customers,
        sourceRecords: subject.records.map(({ identifierKeys, ...record }) => ({ ...record, identifierKeys })),
        identifiers: subject.keys.map((key) => ({ type: identifierType(key), value: key.slice(key.indexOf(':') + 1), key })),
      },
      inventory: this.#inventory,
    };
  }

  /** The subject's keys and customer ids, nothing else. */
  async subject(identifiers: readonly string[]): Promise<{ keys: string[]; customerIds: string[] }> {
    const subject = await this.options.store.findSubject(canonicalKeys(identifiers, this.options.region));
    return { keys: subject.keys, customerIds: subject.customerIds };
  }

  /** Erases the subject and suppresses their keys; idempotent. Returns the keys for the other subgraphs, and counts. */
  async erase(requestId: string, identifiers: readonly string[], at: Date): Promise<{ keys: string[]; customerIds: string[]; counts: ErasureCounts }> {
    const { subject, counts } = await this.options.store.erase(canonicalKeys(identifiers, this.options.region), requestId, at);
    this.options.repository.forgetRecords(subject.records.map((r) => r.key));
    return { keys: subject.keys, customerIds: subject.customerIds, counts };
  }

  /**
   * Rectification: ingests one `steward` record (`steward:pr-<request id>`) carrying the corrected
   * fields, linked to the subject by external ids naming their source records, so it resolves into
   * the subject's customer. Idempotent: the same request gives the same record and `observedAt`.
   * NOT_FOUND when the identifiers reach no record; BAD_USER_INPUT when the correction is refused.
   */
  async rectify(requestId: string, identifiers: readonly string[], correction: Record<string, unknown>, observedAt: string) {
    const subject = await this.options.store.findSubject(canonicalKeys(identifiers, this.options.region));
    const externalIds = subject.records
      .filter((r) => r.source !== 'steward' && isSourceSystem(r.source))
      .slice(0, 50)
      .map((r) => ({ system: r.source, value: r.sourceId }));
    if (externalIds.length === 0) throw notFound('No source record of the subject was found to correct');
    const allowed = new Set(['givenName', 'familyName', 'fullName', 'emails', 'phones', 'addresses', 'birthDate']);
    const unknown = Object.keys(correction).filter((field) => !allowed.has(field));
    if (unknown.length > 0) throw badUserInput(`correction: unknown field ${unknown[0]}; expected ${[...allowed].join(', ')}`);
    const record = { ...correction, sourceId: `pr-${requestId}`, observedAt, externalIds } as SourceRecordInput;
    const outcome = await this.options.ingest('steward', [record]);
    if (outcome.rejected.length > 0) throw badUserInput(`correction refused: ${outcome.rejected[0]!.reason}`);
    const [stored] = await this.options.repository.recordsByKeys([`steward:pr-${requestId}`]);
    return { recordKey: `steward:pr-${requestId}`, customerId: stored?.customerId ?? null, accepted: outcome.accepted, unchanged: outcome.unchanged };
  }

  /** Retention: purges customers last observed before `before`. */
  async applyRetention(before: Date) {
    return this.options.store.purgeStale(before);
  }
}
