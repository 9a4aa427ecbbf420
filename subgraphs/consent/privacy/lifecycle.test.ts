import { describe, expect, it } from 'vitest';
import { backoffMs, isComplete, isOverdue, taskSubgraphs, transition, type PrivacyAction, type PrivacyRequestStatus } from './lifecycle.ts';

const statuses: PrivacyRequestStatus[] = ['RECEIVED', 'VERIFIED', 'IN_PROGRESS', 'COMPLETED', 'REJECTED'];
const outcome = (status: PrivacyRequestStatus, action: PrivacyAction) => {
  try {
    return transition(status, action);
  } catch (error) {
    return (error as { extensions: { code: string } }).extensions.code;
  }
};

describe('privacy lifecycle: transitions, case by case', () => {
  it.each([
    ['verify', ['VERIFIED', 'BAD_USER_INPUT', 'BAD_USER_INPUT', 'BAD_USER_INPUT', 'BAD_USER_INPUT']],
    ['reject', ['REJECTED', 'REJECTED', 'BAD_USER_INPUT', 'BAD_USER_INPUT', 'BAD_USER_INPUT']],
    ['process', ['BAD_USER_INPUT', 'IN_PROGRESS', 'IN_PROGRESS', 'BAD_USER_INPUT', 'BAD_USER_INPUT']],
    ['retry', ['BAD_USER_INPUT', 'BAD_USER_INPUT', 'IN_PROGRESS', 'BAD_USER_INPUT', 'BAD_USER_INPUT']],
    ['complete', ['BAD_USER_INPUT', 'BAD_USER_INPUT', 'COMPLETED', 'BAD_USER_INPUT', 'BAD_USER_INPUT']],
  ] as [PrivacyAction, string[]][])('%s from RECEIVED, VERIFIED, IN_PROGRESS, COMPLETED, REJECTED', (action, expected) => {
    expect(statuses.map((status) => outcome(status, action))).toEqual(expected);
  });

  it('says why a transition is refused and what to do', () => {
    expect(() => transition('RECEIVED', 'process')).toThrow(
      'Cannot process a privacy request that is RECEIVED: allowed from VERIFIED or IN_PROGRESS; verify the requester’s identity first (verifyPrivacyRequest)',
    );
    expect(() => transition('IN_PROGRESS', 'reject')).toThrow('Cannot reject a privacy request that is IN_PROGRESS: allowed from RECEIVED or VERIFIED; a request in progress or finished can no longer be rejected');
  });

  it('throws a TypeError for an unknown action', () => {
    expect(() => transition('RECEIVED', 'archive' as PrivacyAction)).toThrow(TypeError);
  });
});

describe('privacy lifecycle: tasks', () => {
  it('gives every subgraph a task, but only identity for a rectification', () => {
    expect(taskSubgraphs('ACCESS')).toEqual(['identity', 'consent', 'quality', 'analytics']);
    expect(taskSubgraphs('PORTABILITY')).toEqual(['identity', 'consent', 'quality', 'analytics']);
    expect(taskSubgraphs('ERASURE')).toEqual(['identity', 'consent', 'quality', 'analytics']);
    expect(taskSubgraphs('RECTIFICATION')).toEqual(['identity']);
  });

  it('completes only when every task is DONE', () => {
    expect(isComplete([{ status: 'DONE' }, { status: 'DONE' }])).toBe(true);
    expect(isComplete([{ status: 'DONE' }, { status: 'FAILED' }])).toBe(false);
    expect(isComplete([{ status: 'DONE' }, { status: 'IN_PROGRESS' }])).toBe(false);
    expect(isComplete([{ status: 'PENDING' }])).toBe(false);
    expect(isComplete([])).toBe(false);
  });

  it('backs off exponentially from the base, at most an hour', () => {
    expect([1, 2, 3, 4, 5].map((attempts) => backoffMs(attempts, 60_000))).toEqual([60_000, 120_000, 240_000, 480_000, 960_000]);
    expect(backoffMs(7, 60_000)).toBe(3_600_000);
    expect(backoffMs(500, 60_000)).toBe(3_600_000);
    expect(() => backoffMs(0, 60_000)).toThrow(TypeError);
  });
});

describe('privacy lifecycle: overdue', () => {
  const now = new Date('2025-06-01T00:00:00Z');
  it('is overdue when open and past the due date', () => {
    expect(isOverdue({ status: 'RECEIVED', dueAt: '2025-05-31T23:59:59.000Z' }, now)).toBe(true);
    expect(isOverdue({ status: 'IN_PROGRESS', dueAt: '2025-05-01T00:00:00.000Z' }, now)).toBe(true);
    expect(isOverdue({ status: 'VERIFIED', dueAt: '2025-06-01T00:00:00.000Z' }, now)).toBe(false);
  });

  it('is never overdue once COMPLETED or REJECTED', () => {
    expect(isOverdue({ status: 'COMPLETED', dueAt: '2025-01-01T00:00:00.000Z' }, now)).toBe(false);
    expect(isOverdue({ status: 'REJECTED', dueAt: '2025-01-01T00:00:00.000Z' }, now)).toBe(false);
  });
});
