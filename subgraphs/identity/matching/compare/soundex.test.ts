import { describe, expect, it } from 'vitest';
import { soundex } from './soundex.ts';

describe('compare: Soundex', () => {
  it('codes robert and rupert alike', () => {
    expect(soundex('robert')).toBe('R163');
    expect(soundex('rupert')).toBe('R163');
  });

  it('codes letters separated by h or w once (ashcraft)', () => {
    expect(soundex('ashcraft')).toBe('A261');
  });

  it('codes again letters separated by a vowel (tymczak)', () => {
    expect(soundex('tymczak')).toBe('T522');
  });

  it('skips a second letter with the first letter\'s code (pfister)', () => {
    expect(soundex('pfister')).toBe('P236');
  });

  it('pads short codes with zeros', () => {
    expect(soundex('lee')).toBe('L000');
    expect(soundex('a')).toBe('A000');
    expect(soundex('lloyd')).toBe('L300');
  });

  it('cuts long codes to 4 characters', () => {
    expect(soundex('washington')).toBe('W252');
    expect(soundex('gutierrez')).toBe('G362');
  });

  it('codes smith and smyth alike', () => {
    expect(soundex('smith')).toBe('S530');
    expect(soundex('smyth')).toBe('S530');
  });

  it('is case-insensitive', () => {
    expect(soundex('JACKSON')).toBe('J250');
    expect(soundex('Jackson')).toBe('J250');
  });

  it('skips characters that are not letters', () => {
    expect(soundex("O'Brien")).toBe('O165');
    expect(soundex('van Deusen')).toBe('V532');
    expect(soundex('12 honeyman!')).toBe('H555');
  });

  it('folds accented letters', () => {
    expect(soundex('Müller')).toBe('M460');
    expect(soundex('Łukasz')).toBe('L220');
  });

  it('returns an empty string when there are no Latin letters', () => {
    expect(soundex('')).toBe('');
    expect(soundex('123 -')).toBe('');
    expect(soundex('李小龍')).toBe('');
  });

  it('handles a very long input', () => {
    expect(soundex('b'.repeat(100_000))).toBe('B000');
  });

  it('throws a TypeError for a non-string', () => {
    expect(() => soundex(undefined as unknown as string)).toThrow(new TypeError('soundex: expected a string, got undefined'));
  });
});
