import { describe, expect, it } from 'vitest';
import type { Caller } from '../auth/Caller.ts';
import { assertPrivacyCaller, privacyCaller } from './privacyCaller.ts';

const code = (caller: Caller | undefined) => {
  try {
    assertPrivacyCaller(caller);
    return 'allowed';
  } catch (error) {
    return (error as { extensions: { code: string } }).extensions.code;
  }
};

describe('privacy caller: deny by default', () => {
  it('allows the privacy runner and the retention job', () => {
    expect(privacyCaller()).toEqual({ subject: 'c360-privacy', client: 'c360-privacy', clearance: 'RESTRICTED', purpose: 'PRIVACY', anonymous: false });
    expect(code(privacyCaller())).toBe('allowed');
    expect(code(privacyCaller('c360-retention'))).toBe('allowed');
  });

  it('refuses a RESTRICTED caller with another purpose, a PRIVACY caller below RESTRICTED, and no caller', () => {
    expect(code({ ...privacyCaller(), purpose: 'SERVICE' })).toBe('FORBIDDEN');
    expect(code({ ...privacyCaller(), clearance: 'CONFIDENTIAL' })).toBe('FORBIDDEN');
    expect(code({ ...privacyCaller(), anonymous: true })).toBe('FORBIDDEN');
    expect(code(undefined)).toBe('FORBIDDEN');
  });
});
