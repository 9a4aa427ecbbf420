import { describe, expect, it } from 'vitest';
import { doubleMetaphone } from './doubleMetaphone.ts';

describe('compare: Double Metaphone names', () => {
  it('codes smith and schmidt so that they share XMT', () => {
    expect(doubleMetaphone('smith')).toEqual(['SM0', 'XMT']);
    expect(doubleMetaphone('schmidt')).toEqual(['XMT', 'SMT']);
  });

  it('codes katherine and catherine alike', () => {
    expect(doubleMetaphone('katherine')).toEqual(['K0RN', 'KTRN']);
    expect(doubleMetaphone('catherine')).toEqual(['K0RN', 'KTRN']);
  });

  it('codes th as T in thomas and thompson, without cutting to 4 characters', () => {
    expect(doubleMetaphone('thomas')).toEqual(['TMS', 'TMS']);
    expect(doubleMetaphone('thompson')).toEqual(['TMPSN', 'TMPSN']);
  });

  it('gives the alternate for names with two pronunciations', () => {
    expect(doubleMetaphone('richard')).toEqual(['RXRT', 'RKRT']);
    expect(doubleMetaphone('michael')).toEqual(['MKL', 'MXL']);
    expect(doubleMetaphone('william')).toEqual(['ALM', 'FLM']);
    expect(doubleMetaphone('geoff')).toEqual(['JF', 'KF']);
    expect(doubleMetaphone('jones')).toEqual(['JNS', 'ANS']);
    expect(doubleMetaphone('garcia')).toEqual(['KRS', 'KRX']);
  });

  it('repeats the primary as alternate when there is one pronunciation', () => {
    expect(doubleMetaphone('maurice')).toEqual(['MRS', 'MRS']);
    expect(doubleMetaphone('aubrey')).toEqual(['APR', 'APR']);
    expect(doubleMetaphone('steven')).toEqual(['STFN', 'STFN']);
    expect(doubleMetaphone('bryce')).toEqual(['PRS', 'PRS']);
    expect(doubleMetaphone('heidi')).toEqual(['HT', 'HT']);
  });

  it('codes spelling variants of a name alike', () => {
    expect(doubleMetaphone('dwayne')).toEqual(['TN', 'TN']);
    expect(doubleMetaphone('duane')).toEqual(['TN', 'TN']);
    expect(doubleMetaphone('peter')).toEqual(['PTR', 'PTR']);
    expect(doubleMetaphone('pieter')).toEqual(['PTR', 'PTR']);
    expect(doubleMetaphone('mcdonald')).toEqual(['MKTNLT', 'MKTNLT']);
    expect(doubleMetaphone('macdonald')).toEqual(['MKTNLT', 'MKTNLT']);
  });
});

describe('compare: Double Metaphone rules', () => {
  it('silences the first letter of gn, kn, pn, wr, ps', () => {
    expect(doubleMetaphone('gnome')).toEqual(['NM', 'NM']);
    expect(doubleMetaphone('knight')).toEqual(['NT', 'NT']);
    expect(doubleMetaphone('wright')).toEqual(['RT', 'RT']);
    expect(doubleMetaphone('psychology')[0]).toBe('SXLJ');
  });

  it('codes an initial x as S', () => {
    expect(doubleMetaphone('xavier')).toEqual(['SF', 'SFR']);
  });

  it('codes an initial vowel as A and drops the others', () => {
    expect(doubleMetaphone('anderson')).toEqual(['ANTRSN', 'ANTRSN']);
    expect(doubleMetaphone('island')).toEqual(['ALNT', 'ALNT']);
  });

  it('follows the c rules', () => {
    expect(doubleMetaphone('caesar')).toEqual(['SSR', 'SSR']);
    expect(doubleMetaphone('chianti')).toEqual(['KNT', 'KNT']);
    expect(doubleMetaphone('chemistry')).toEqual(['KMSTR', 'KMSTR']);
    expect(doubleMetaphone('chore')).toEqual(['XR', 'XR']);
    expect(doubleMetaphone('mchugh')).toEqual(['MK', 'MK']);
    expect(doubleMetaphone('czerny')).toEqual(['SRN', 'XRN']);
    expect(doubleMetaphone('focaccia')).toEqual(['FKX', 'FKX']);
    expect(doubleMetaphone('accident')).toEqual(['AKSTNT', 'AKSTNT']);
    expect(doubleMetaphone('bacci')).toEqual(['PX', 'PX']);
    expect(doubleMetaphone('mac gregor')).toEqual(['MKRKR', 'MKRKR']);
  });

  it('follows the d and g rules', () => {
    expect(doubleMetaphone('edge')).toEqual(['AJ', 'AJ']);
    expect(doubleMetaphone('edgar')).toEqual(['ATKR', 'ATKR']);
    expect(doubleMetaphone('hugh')).toEqual(['H', 'H']);
    expect(doubleMetaphone('bough')).toEqual(['P', 'P']);
    expect(doubleMetaphone('laugh')).toEqual(['LF', 'LF']);
    expect(doubleMetaphone('tagliaro')).toEqual(['TKLR', 'TLR']);
    expect(doubleMetaphone('gerben')).toEqual(['KRPN', 'JRPN']);
    expect(doubleMetaphone('biaggi')).toEqual(['PJ', 'PK']);
    expect(doubleMetaphone('ghislane')).toEqual(['JLN', 'JLN']);
    expect(doubleMetaphone('nguyen')).toEqual(['NKN', 'NKN']);
  });

  it('follows the j, l, m, p and r rules', () => {
    expect(doubleMetaphone('jose')).toEqual(['HS', 'HS']);
    expect(doubleMetaphone('san jacinto')).toEqual(['SNHSNT', 'SNHSNT']);
    expect(doubleMetaphone('cabrillo')).toEqual(['KPRL', 'KPR']);
    expect(doubleMetaphone('dumb')).toEqual(['TM', 'TM']);
    expect(doubleMetaphone('campbell')).toEqual(['KMPL', 'KMPL']);
    expect(doubleMetaphone('rogier')).toEqual(['RJ', 'RJR']);
  });

  it('follows the s rules', () => {
    expect(doubleMetaphone('sugar')).toEqual(['XKR', 'SKR']);
    expect(doubleMetaphone('school')).toEqual(['SKL', 'SKL']);
    expect(doubleMetaphone('schenker')).toEqual(['XNKR', 'SKNKR']);
    expect(doubleMetaphone('schlesinger')).toEqual(['XLSNKR', 'SLSNJR']);
    expect(doubleMetaphone('resnais')).toEqual(['RSN', 'RSNS']);
  });

  it('follows the w, x and z rules', () => {
    expect(doubleMetaphone('wasserman')).toEqual(['ASRMN', 'FSRMN']);
    expect(doubleMetaphone('arnow')).toEqual(['ARN', 'ARNF']);
    expect(doubleMetaphone('filipowicz')).toEqual(['FLPTS', 'FLPFX']);
    expect(doubleMetaphone('jankelowicz')).toEqual(['JNKLTS', 'ANKLFX']);
    expect(doubleMetaphone('breaux')).toEqual(['PR', 'PR']);
    expect(doubleMetaphone('zhao')).toEqual(['J', 'J']);
    expect(doubleMetaphone('zola')).toEqual(['SL', 'SL']);
  });
});

describe('compare: Double Metaphone input handling', () => {
  it('is case-insensitive', () => {
    expect(doubleMetaphone('SMITH')).toEqual(['SM0', 'XMT']);
    expect(doubleMetaphone('SmItH')).toEqual(['SM0', 'XMT']);
  });

  it('folds accents, coding ç as S', () => {
    expect(doubleMetaphone('müller')).toEqual(['MLR', 'MLR']);
    expect(doubleMetaphone('françois')).toEqual(['FRNS', 'FRNSS']);
  });

  it('skips punctuation and digits', () => {
    expect(doubleMetaphone("o'brien")).toEqual(['APRN', 'APRN']);
  });

  it('returns two empty codes when nothing is codable', () => {
    expect(doubleMetaphone('')).toEqual(['', '']);
    expect(doubleMetaphone('123')).toEqual(['', '']);
    expect(doubleMetaphone('李小龍')).toEqual(['', '']);
  });

  it('handles a very long input', () => {
    const [primary, alternate] = doubleMetaphone('ab'.repeat(10_000));
    expect(primary).toBe(`A${'P'.repeat(10_000)}`);
    expect(alternate).toBe(`A${'P'.repeat(10_000)}`);
  });

  it('throws a TypeError for a non-string', () => {
    expect(() => doubleMetaphone(5 as unknown as string)).toThrow(new TypeError('doubleMetaphone: expected a string, got 5'));
  });
});
