import { describe, expect, it } from 'vitest';
import type { Caller } from '../../lib/auth/Caller.ts';
import { rateLimitKeys } from './rateLimitPlugin.ts';

const caller = (overrides: Partial<Caller>): Caller => ({ subject: 'u-1', client: 'crm-web', clearance: 'INTERNAL', purpose: 'SERVICE', anonymous: false, ...overrides });

describe('rate limit keys', () => {
  it('has one bucket per subject and one per client', () => {
    expect(rateLimitKeys(caller({}))).toEqual({ subject: 'subject:u-1', client: 'client:crm-web' });
  });

  it('puts every anonymous caller in the subject bucket `anonymous`', () => {
    expect(rateLimitKeys(caller({ anonymous: true, subject: 'anonymous', client: 'unknown' }))).toEqual({ subject: 'subject:anonymous', client: 'client:unknown' });
    expect(rateLimitKeys(caller({ anonymous: true, subject: 'anything' })).subject).toBe('subject:anonymous');
  });
});
