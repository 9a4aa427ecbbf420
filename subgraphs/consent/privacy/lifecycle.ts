/**
 * The privacy request lifecycle (issue 4), pure: which transitions are allowed, which subgraphs
 * get a task, when a failed task is retried, and when a request is complete.
 *
 *   RECEIVED ──verify──▶ VERIFIED ──process──▶ IN_PROGRESS ──(every task DONE)──▶ COMPLETED
 *       └──────reject──────┴──▶ REJECTED (with a reason)
 *
 * A request in progress cannot be rejected: erasure may already have happened in some subgraphs,
 * and the only way out is to finish it.
 */
import { c360Error, ErrorCode } from '../../../lib/errors.ts';
import type { SubgraphName } from '../../../lib/config.ts';

export type PrivacyRequestType = 'ACCESS' | 'PORTABILITY' | 'ERASURE' | 'RECTIFICATION';
export type PrivacyRequestStatus = 'RECEIVED' | 'VERIFIED' | 'IN_PROGRESS' | 'COMPLETED' | 'REJECTED';
export type PrivacyTaskStatus = 'PENDING' | 'IN_PROGRESS' | 'DONE' | 'FAILED';
export type PrivacyAction = 'verify' | 'reject' | 'process' | 'retry' | 'complete';

export const privacyRequestTypes: readonly PrivacyRequestType[] = Object.freeze(['ACCESS', 'PORTABILITY', 'ERASURE', 'RECTIFICATION']);

const allowed: Record<PrivacyAction, { from: readonly PrivacyRequestStatus[]; to: PrivacyRequestStatus }> = {
  verify: { from: ['RECEIVED'], to: 'VERIFIED' },
  reject: { from: ['RECEIVED', 'VERIFIED'], to: 'REJECTED' },
  process: { from: ['VERIFIED', 'IN_PROGRESS'], to: 'IN_PROGRESS' },
  retry: { from: ['IN_PROGRESS'], to: 'IN_PROGRESS' },
  complete: { from: ['IN_PROGRESS'], to: 'COMPLETED' },
};

const hints: Partial<Record<PrivacyAction, string>> = {
  process: 'verify the requester’s identity first (verifyPrivacyRequest)',
  reject: 'a request in progress or finished can no longer be rejected',
  retry: 'only a request in progress has tasks to retry',
};

/** The status after `action`, or BAD_USER_INPUT naming the request's status and what is possible. */
export function transition(status: PrivacyRequestStatus, action: PrivacyAction): PrivacyRequestStatus {
  const rule = allowed[action];
  if (!rule) throw new TypeError(`Expected a privacy action (${Object.keys(allowed).join(', ')}), got ${JSON.stringify(action)}`);
  if (!rule.from.includes(status)) {
    const hint = hints[action];
    throw c360Error(ErrorCode.BAD_USER_INPUT, `Cannot ${action} a privacy request that is ${status}: allowed from ${rule.from.join(' or ')}${hint ? `; ${hint}` : ''}`);
  }
  return rule.to;
}

/**
 * The subgraphs that work on a request of this type. Rectification corrects attributes, which
 * only identity holds (the others store facts against keys, which a correction does not change).
 */
export function taskSubgraphs(type: PrivacyRequestType): SubgraphName[] {
  return type === 'RECTIFICATION' ? ['identity'] : ['identity', 'consent', 'quality', 'analytics'];
}

/** The longest wait between two tries of a task. */
export const maxBackoffMs = 3_600_000;

/** How long after its `attempts`-th failure a task is tried again: base, 2×base, 4×base, … at most an hour. */
export function backoffMs(attempts: number, baseMs: number): number {
  if (!Number.isInteger(attempts) || attempts < 1) throw new TypeError(`Expected attempts to be a positive integer, got ${attempts}`);
  return Math.min(maxBackoffMs, baseMs * 2 ** Math.min(attempts - 1, 30));
}

/** Complete only when every task is DONE; a FAILED or unfinished task keeps the request IN_PROGRESS. */
export function isComplete(tasks: readonly { status: PrivacyTaskStatus }[]): boolean {
  return tasks.length > 0 && tasks.every((task) => task.status === 'DONE');
}

/** Whether a request still open is past its due date at `now`. */
export function isOverdue(request: { status: PrivacyRequestStatus; dueAt: string }, now: Date): boolean {
  return (request.status === 'RECEIVED' || request.status === 'VERIFIED' || request.status === 'IN_PROGRESS') && new Date(request.dueAt).getTime() < now.getTime();
}
