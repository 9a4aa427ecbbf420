import { randomBytes } from 'node:crypto';
import type { AuditStore } from '../../../lib/audit/index.ts';
import type { Caller } from '../../../lib/auth/Caller.ts';
import type { Config, SubgraphName } from '../../../lib/config.ts';
import { latestAcceptedTimestamp, toIsoTimestamp } from '../../../lib/dates.ts';
import { badUserInput } from '../../../lib/errors.ts';
import { canonicalKey, emailKey, normalizeEmail, normalizePhone, phoneKey } from '../../../lib/keys.ts';
import { describeError, type Logger } from '../../../lib/logger.ts';
import { callSubgraph, dueDate, privacyCaller, suppressionHash } from '../../../lib/privacy/index.ts';
import type { ConsentPrivacy } from './consentPrivacy.ts';
import { backoffMs, isComplete, taskSubgraphs, transition, type PrivacyAction, type PrivacyRequestType } from './lifecycle.ts';
import { requestNotFound, type Correction, type PrivacyRequestRow, type PrivacyStore, type PrivacyTaskRow } from './PrivacyStore.ts';

export interface PrivacySubjectInput {
  emails?: readonly string[] | null;
  phones?: readonly string[] | null;
  sourceKeys?: readonly string[] | null;
}

export interface CreatePrivacyRequestInput {
  type: PrivacyRequestType;
  subject: PrivacySubjectInput;
  jurisdiction: string;
  receivedAt?: string | null;
  correction?: Correction | null;
  note?: string | null;
}

export interface PrivacyServiceOptions {
  store: PrivacyStore;
  consent: ConsentPrivacy;
  audit: AuditStore;
  config: Config;
  /** The caller-context key (to call the other subgraphs) and the hash key (subject hashes, as identity's suppression). */
  keys: { context: string; hash: string };
  logger: Logger;
  /** Where the other subgraphs listen now; read at each call (startSystem wires it after they listen). */
  urls: () => Readonly<Record<SubgraphName, string>>;
  now?: () => Date;
}

const maxIdentifiers = 20;
const correctionFields = ['givenName', 'familyName', 'fullName', 'emails', 'phones', 'addresses', 'birthDate'] as const;

const json = (value: unknown) => value as Record<string, unknown>;
const newRequestId = (at: Date) => `pr_${at.getTime().toString(16).padStart(12, '0')}${randomBytes(5).toString('hex')}`;

/**
 * Privacy requests (issue 4): creation with a due date from the jurisdiction, the lifecycle, and
 * the task runner that reaches every subgraph. Tasks run identity first (it finds the subject and
 * gives the keys the others use), then consent (in process), quality and analytics (over HTTP,
 * their `@inaccessible` internal fields, with a signed RESTRICTED / PRIVACY caller context). A
 * failed task is FAILED with its error, retried with exponential backoff by the background loop or
 * at once by `retry`; every task is idempotent. The request completes only when all are DONE.
 * Every lifecycle step and finished task is appended to the hash-chained audit log (kind
 * `PRIVACY`, request id as `requestId`), with the subject as keyed hashes only.
 */
export class PrivacyService {
  readonly #now: () => Date;
  #timer: NodeJS.Timeout | undefined;
  /** The run in progress (or last queued) per request id. */
  readonly #runs = new Map<string, Promise<void>>();
  #running: Promise<void> | undefined;

  constructor(private readonly options: PrivacyServiceOptions) {
    this.#now = options.now ?? (() => new Date());
  }

  get store(): PrivacyStore {
    return this.options.store;
  }

  /** Checks and canonicalises the subject's identifiers; BAD_USER_INPUT names the first bad one. */
  subjectKeys(subject: PrivacySubjectInput): { emails: string[]; phones: string[]; sourceKeys: string[] } {
    const emails = (subject.emails ?? []).map((raw, index) => {
      const email = normalizeEmail(raw);
      if (!email) throw badUserInput(`subject.emails[${index}] is not an e-mail address`);
      return email;
    });
    const phones = (subject.phones ?? []).map((raw, index) => {
      const phone = normalizePhone(raw, this.options.config.defaultRegion);
      if (!phone) throw badUserInput(`subject.phones[${index}] is not a valid phone number (national numbers are read in ${this.options.config.defaultRegion})`);
      return phone;
    });
    const sourceKeys = (subject.sourceKeys ?? []).map((raw, index) => {
      const key = canonicalKey(raw, this.options.config.defaultRegion);
      if ('error' in key) throw badUserInput(`subject.sourceKeys[${index}]: ${key.error}`);
      if (key.parsed.kind !== 'source') throw badUserInput(`subject.sourceKeys[${index}] must name a source record such as "crm:C-1001"; put e-mails and phones in emails and phones`);
      return key.key;
    });
    const count = emails.length + phones.length + sourceKeys.length;
    if (count === 0) throw badUserInput('subject needs at least one e-mail, phone or source key');
    if (count > maxIdentifiers) throw badUserInput(`subject has ${count} identifiers; at most ${maxIdentifiers}`);
    const distinct = (values: string[]) => [...new Set(values)];
    return { emails: distinct(emails), phones: distinct(phones), sourceKeys: distinct(sourceKeys) };
  }

  private correction(type: PrivacyRequestType, correction: Correction | null | undefined): Correction | null {
    if (type !== 'RECTIFICATION') {
      if (correction) throw badUserInput(`correction is only for RECTIFICATION requests, not ${type}`);
      return null;
    }
    const values = Object.fromEntries(Object.entries(correction ?? {}).filter(([field, value]) => (correctionFields as readonly string[]).includes(field) && value !== null && value !== undefined));
    if (Object.keys(values).length === 0) throw badUserInput(`a RECTIFICATION request needs a correction with at least one of ${correctionFields.join(', ')}`);
    if (typeof values.birthDate === 'string' && !/^\d{4}-\d{2}-\d{2}$/.test(values.birthDate)) throw badUserInput('correction.birthDate must be YYYY-MM-DD');
    return values;
  }

  async create(caller: Caller, input: CreatePrivacyRequestInput): Promise<PrivacyRequestRow> {
    const now = this.#now();
    const jurisdiction = input.jurisdiction.trim().toUpperCase();
    const deadline = this.options.config.privacy.deadlines[jurisdiction];
    if (!deadline) throw badUserInput(`Unknown jurisdiction ${JSON.stringify(input.jurisdiction.slice(0, 40))}: expected one of ${Object.keys(this.options.config.privacy.deadlines).join(', ')} (C360_PRIVACY_DEADLINES)`);
    let receivedAt = now.toISOString();
    if (input.receivedAt != null) {
      const iso = toIsoTimestamp(input.receivedAt);
      if (!iso) throw badUserInput('receivedAt must be an ISO 8601 timestamp');
      if (iso > latestAcceptedTimestamp(now)) throw badUserInput('receivedAt is in the future');
      receivedAt = iso;
    }
    const note = input.note?.trim() || null;
    if (note && note.length > 1000) throw badUserInput('note must be at most 1000 characters');
    const subject = this.subjectKeys(input.subject);
    const subjectKeys = [...subject.emails.map(emailKey), ...subject.phones.map(phoneKey), ...subject.sourceKeys];
    const request: PrivacyRequestRow = {
      id: newRequestId(now),
      type: input.type,
      status: 'RECEIVED',
      jurisdiction,
      receivedAt,
      dueAt: dueDate(new Date(receivedAt), deadline).toISOString(),
      verification: 'PENDING',
      verificationMethod: null,
      verifiedAt: null,
      rejectionReason: null,
      startedAt: null,
      completedAt: null,
      subject,
      subjectKeys,
      subjectHashes: subjectKeys.map((key) => suppressionHash(this.options.keys.hash, key)),
      resolvedKeys: [],
      customerIds: [],
      pseudonym: `erased:${randomBytes(16).toString('base64url')}`,
      correction: this.correction(input.type, input.correction),
      note,
      requestedBy: caller.subject,
      client: caller.client,
      createdAt: now.toISOString(),
      updatedAt: now.toISOString(),
    };
    await this.options.store.insert(request, taskSubgraphs(input.type));
    await this.record(caller, request, 'created');
    return request;
  }

  async get(id: string): Promise<PrivacyRequestRow> {
    const request = await this.options.store.get(id);
    if (!request) throw requestNotFound(id);
    return request;
  }

  async verify(caller: Caller, id: string, method: string): Promise<PrivacyRequestRow> {
    const trimmed = method.trim();
    if (trimmed.length < 1 || trimmed.length > 200) throw badUserInput('method must say how the identity was verified, in 1 to 200 characters');
    const request = await this.get(id);
    const status = transition(request.status, 'verify');
    const now = this.#now();
    const updated = await this.options.store.update(id, request.status, { status, verification: 'VERIFIED', verification_method: trimmed, verified_at: now.toISOString() }, now);
    await this.record(caller, updated, 'verified');
    return updated;
  }

  async reject(caller: Caller, id: string, reason: string): Promise<PrivacyRequestRow> {
    const trimmed = reason.trim();
    if (trimmed.length < 1 || trimmed.length > 1000) throw badUserInput('reason must be 1 to 1000 characters');
    const request = await this.get(id);
    const status = transition(request.status, 'reject');
    const updated = await this.options.store.update(id, request.status, { status, rejection_reason: trimmed }, this.#now());
    await this.record(caller, updated, 'rejected');
    return updated;
  }

  /** Starts a verified request (or resumes one in progress) and runs its due tasks before answering. */
  async process(caller: Caller, id: string): Promise<PrivacyRequestRow> {
    let request = await this.get(id);
    transition(request.status, 'process');
    if (request.status === 'VERIFIED') {
      const now = this.#now();
      request = await this.options.store.update(id, 'VERIFIED', { status: 'IN_PROGRESS', started_at: now.toISOString() }, now);
      await this.record(caller, request, 'processing');
    }
    await this.runRequest(id);
    return this.get(id);
  }

  /** Makes every failed or pending task due now and runs them (the manual retry). */
  async retry(caller: Caller, id: string): Promise<PrivacyRequestRow> {
    const request = await this.get(id);
    transition(request.status, 'retry');
    // A run of the background loop in progress would, on failing, set its task's next attempt
    // after the one made due here: let it finish first.
    await this.#runs.get(id)?.catch(() => undefined);
    const due = await this.options.store.makeDue(id, this.#now());
    await this.record(caller, request, 'retried', { tasksMadeDue: due });
    await this.runRequest(id);
    return this.get(id);
  }

  /** The request's audit trail (kind PRIVACY), oldest first. */
  async auditTrail(id: string) {
    const records = [];
    for (let after: string | null = null; ; ) {
      const page = await this.options.audit.list({ kind: 'PRIVACY', requestId: id }, 500, after);
      records.push(...page.records);
      if (!page.hasNextPage) break;
      after = page.endCursor;
    }
    return records.reverse();
  }

  /**
   * The machine-readable export of a completed ACCESS or PORTABILITY request: every subgraph's part
   * and the inventory of every field (category, purpose, retention, source). Null for other types
   * and for requests not completed; `available: false` once retention purged it.
   */
  exportDocument(request: PrivacyRequestRow, tasks: readonly PrivacyTaskRow[]): Record<string, unknown> | null {
    if ((request.type !== 'ACCESS' && request.type !== 'PORTABILITY') || request.status !== 'COMPLETED') return null;
    const part = (subgraph: SubgraphName) => tasks.find((task) => task.subgraph === subgraph)?.result ?? null;
    const [identity, consent, quality, analytics] = (['identity', 'consent', 'quality', 'analytics'] as const).map(part);
    const header = { format: 'c360-privacy-export/1', request: { id: request.id, type: request.type, jurisdiction: request.jurisdiction, receivedAt: request.receivedAt, completedAt: request.completedAt } };
    if (!identity || !consent || !quality || !analytics) return { ...header, available: false, reason: 'The export was deleted by retention (privacyExports); file a new request' };
    return {
      ...header,
      available: true,
      subject: { identifiers: request.subjectKeys, keys: identity.keys, customerIds: identity.customerIds },
      identity: identity.data,
      consent: consent.data,
      quality: quality.data,
      analytics: analytics.data,
      audit: consent.audit,
      inventory: [identity, consent, quality, analytics].flatMap((p) => (Array.isArray(p.inventory) ? p.inventory : [])),
    };
  }

  /**
   * Runs the due tasks of one request in progress, identity first, and completes it when all are
   * DONE. Runs of one request in this process take turns: a steward's `process` or `retry` that
   * arrives while the background loop is running the request waits for it and then runs what is
   * left, instead of finding the tasks claimed and answering IN_PROGRESS.
   */
  runRequest(id: string): Promise<void> {
    const previous = this.#runs.get(id) ?? Promise.resolve();
    const run = previous.catch(() => undefined).then(() => this.runRequestNow(id));
    this.#runs.set(id, run);
    const forget = () => {
      if (this.#runs.get(id) === run) this.#runs.delete(id);
    };
    run.then(forget, forget);
    return run;
  }

  private async runRequestNow(id: string): Promise<void> {
    let request = await this.get(id);
    if (request.status !== 'IN_PROGRESS') return;
    let [tasks] = await this.options.store.tasksOf([id]);
    const identity = tasks!.find((task) => task.subgraph === 'identity');
    if (identity && identity.status !== 'DONE') {
      await this.runTask(request, 'identity', tasks!);
      request = await this.get(id);
      [tasks] = await this.options.store.tasksOf([id]);
    }
    if (tasks!.find((task) => task.subgraph === 'identity')?.status === 'DONE') {
      await Promise.all(tasks!.filter((task) => task.status !== 'DONE' && task.subgraph !== 'identity').map((task) => this.runTask(request, task.subgraph, tasks!)));
      [tasks] = await this.options.store.tasksOf([id]);
    }
    if (isComplete(tasks!)) await this.complete(request, tasks!);
  }

  private async runTask(request: PrivacyRequestRow, subgraph: SubgraphName, tasks: readonly PrivacyTaskRow[]): Promise<void> {
    const attempts = await this.options.store.claimTask(request.id, subgraph, this.#now());
    if (attempts === null) return;
    try {
      const outcome = await this.perform(request, subgraph, tasks);
      await this.options.store.finishTask(request.id, subgraph, this.#now(), outcome);
      await this.record(privacyCaller(), request, 'task-done', { task: subgraph, attempts, summary: outcome.summary as never });
    } catch (error) {
      const message = describeError(error).message;
      const next = new Date(this.#now().getTime() + backoffMs(attempts, this.options.config.privacy.retryBaseMs));
      this.options.logger.warn({ requestId: request.id, subgraph, attempts, err: describeError(error) }, 'privacy task failed; will retry');
      await this.options.store.failTask(request.id, subgraph, message, next);
    }
  }

  private call<T>(subgraph: SubgraphName, query: string, variables: Record<string, unknown>): Promise<T> {
    return callSubgraph<T>({ url: this.options.urls()[subgraph], query, variables, contextKey: this.options.keys.context, caller: privacyCaller() });
  }

  private async perform(request: PrivacyRequestRow, subgraph: SubgraphName, tasks: readonly PrivacyTaskRow[]): Promise<{ summary: Record<string, unknown>; result: Record<string, unknown> | null }> {
    const erasure = request.type === 'ERASURE';
    const keys = [...new Set([...request.subjectKeys, ...request.resolvedKeys])].sort();
    switch (subgraph) {
      case 'identity': {
        if (request.type === 'RECTIFICATION') {
          const { identityPrivacyRectify: out } = await this.call<{ identityPrivacyRectify: Record<string, unknown> }>(
            'identity',
            'mutation Rectify($requestId: ID!, $identifiers: [String!]!, $correction: JSON!, $observedAt: DateTime!) { identityPrivacyRectify(requestId: $requestId, identifiers: $identifiers, correction: $correction, observedAt: $observedAt) }',
            { requestId: request.id, identifiers: request.subjectKeys, correction: request.correction, observedAt: request.startedAt ?? request.createdAt },
          );
          if (typeof out.customerId === 'string') await this.options.store.addResolved(request.id, [], [out.customerId]);
          return { summary: { recordKey: out.recordKey, accepted: out.accepted, unchanged: out.unchanged }, result: null };
        }
        if (erasure) {
          // The keys are stored before anything is erased: if the erasure's answer were lost, a
          // retry (which finds nothing left to erase) would otherwise not know the keys the other
          // subgraphs must erase.
          const { identityPrivacySubject: found } = await this.call<{ identityPrivacySubject: { keys: string[]; customerIds: string[] } }>(
            'identity',
            'query Subject($identifiers: [String!]!) { identityPrivacySubject(identifiers: $identifiers) }',
            { identifiers: keys },
          );
          await this.options.store.addResolved(request.id, found.keys, found.customerIds);
          const { identityPrivacyErase: out } = await this.call<{ identityPrivacyErase: { keys: string[]; customerIds: string[]; counts: Record<string, unknown> } }>(
            'identity',
            'mutation Erase($requestId: ID!, $identifiers: [String!]!) { identityPrivacyErase(requestId: $requestId, identifiers: $identifiers) }',
            { requestId: request.id, identifiers: [...new Set([...keys, ...found.keys])] },
          );
          await this.options.store.addResolved(request.id, out.keys, out.customerIds);
          return { summary: { ...out.counts, keys: out.keys.length }, result: null };
        }
        const { identityPrivacyExport: out } = await this.call<{ identityPrivacyExport: { keys: string[]; customerIds: string[]; data: Record<string, unknown[]> } & Record<string, unknown> }>(
          'identity',
          'query Export($identifiers: [String!]!) { identityPrivacyExport(identifiers: $identifiers) }',
          { identifiers: request.subjectKeys },
        );
        await this.options.store.addResolved(request.id, out.keys, out.customerIds);
        return { summary: { customers: out.data.customers?.length ?? 0, sourceRecords: out.data.sourceRecords?.length ?? 0, keys: out.keys.length }, result: out };
      }
      case 'consent': {
        if (erasure) {
          const erased = await this.options.consent.erase(keys, request.pseudonym);
          const otherRequestsScrubbed = await this.options.store.scrubOtherRequests(request.id, keys, this.#now());
          return { summary: { ...erased, otherRequestsScrubbed }, result: null };
        }
        const out = await this.options.consent.export(keys, request.customerIds);
        return { summary: { consentEvents: out.data.consentEvents.length, auditRecords: out.audit.records.length }, result: json(out) };
      }
      case 'quality': {
        if (erasure) {
          const { qualityPrivacyErase: out } = await this.call<{ qualityPrivacyErase: Record<string, unknown> }>('quality', 'mutation Erase($keys: [String!]!) { qualityPrivacyErase(keys: $keys) }', { keys });
          return { summary: out, result: null };
        }
        const identity = tasks.find((task) => task.subgraph === 'identity')?.result ?? (await this.options.store.tasksOf([request.id]))[0]?.find((t) => t.subgraph === 'identity')?.result;
        const { qualityPrivacyExport: out } = await this.call<{ qualityPrivacyExport: { data: { issues: unknown[]; score: number } } & Record<string, unknown> }>(
          'quality',
          'query Export($recordFacts: JSON!) { qualityPrivacyExport(recordFacts: $recordFacts) }',
          { recordFacts: identity?.recordFacts ?? [] },
        );
        return { summary: { issues: out.data.issues.length }, result: out };
      }
      case 'analytics': {
        if (erasure) {
          const { analyticsPrivacyErase: out } = await this.call<{ analyticsPrivacyErase: Record<string, unknown> }>(
            'analytics',
            'mutation Erase($keys: [String!]!, $pseudonym: String!) { analyticsPrivacyErase(keys: $keys, pseudonym: $pseudonym) }',
            { keys, pseudonym: request.pseudonym },
          );
          return { summary: out, result: null };
        }
        const { analyticsPrivacyExport: out } = await this.call<{ analyticsPrivacyExport: { data: { orders: unknown[] } } & Record<string, unknown> }>(
          'analytics',
          'query Export($keys: [String!]!) { analyticsPrivacyExport(keys: $keys) }',
          { keys },
        );
        return { summary: { orders: out.data.orders.length }, result: out };
      }
    }
  }

  /** Completes a request whose tasks are all DONE; an erasure's request then keeps only hashes of the subject. */
  private async complete(request: PrivacyRequestRow, tasks: readonly PrivacyTaskRow[]): Promise<void> {
    const now = this.#now();
    const status = transition(request.status, 'complete');
    const scrub = request.type === 'ERASURE' ? { subject: { erased: true }, subject_keys: [], resolved_keys: [], note: null } : {};
    let completed: PrivacyRequestRow;
    try {
      completed = await this.options.store.update(request.id, 'IN_PROGRESS', { status, completed_at: now.toISOString(), ...scrub }, now);
    } catch {
      return; // Another runner completed it meanwhile.
    }
    await this.record(privacyCaller(), completed, 'completed', { tasks: Object.fromEntries(tasks.map((task) => [task.subgraph, task.summary as never])) });
  }

  /** Appends one PRIVACY audit record: the action, the request, the subject as keyed hashes (never in clear). */
  private async record(caller: Caller, request: PrivacyRequestRow, action: string, extra: Record<string, never | number | string> | Record<string, unknown> = {}): Promise<void> {
    await this.options.audit.append({
      requestId: request.id,
      subject: caller.subject,
      client: caller.client,
      purpose: caller.purpose,
      operationName: `privacyRequest:${action}`,
      operationText: `privacy request ${request.id} ${action}`,
      fields: [],
      customerIds: request.customerIds,
      kind: 'PRIVACY',
      details: { request: request.id, type: request.type, action, status: request.status, jurisdiction: request.jurisdiction, dueAt: request.dueAt, subjectHashes: request.subjectHashes, ...(extra as Record<string, never>) },
    });
  }

  /** Runs every request with a task due (the retry loop). Errors are logged, never thrown. */
  async runDue(): Promise<void> {
    const ids = await this.options.store.dueRequestIds(this.#now(), 20);
    for (const id of ids) {
      await this.runRequest(id).catch((error: unknown) => this.options.logger.error({ requestId: id, err: describeError(error) }, 'privacy request run failed'));
    }
  }

  /** Starts the background retry loop (every `config.privacy.tickMs`). */
  start(): void {
    if (this.#timer) return;
    this.#timer = setInterval(() => {
      if (this.#running) return;
      this.#running = this.runDue()
        .catch((error: unknown) => this.options.logger.error({ err: describeError(error) }, 'privacy retry loop failed'))
        .finally(() => (this.#running = undefined));
    }, this.options.config.privacy.tickMs);
    this.#timer.unref();
  }

  /** Stops the loop and waits for a run in progress. */
  async stop(): Promise<void> {
    clearInterval(this.#timer);
    this.#timer = undefined;
    await this.#running;
  }
}

export type { PrivacyAction };
