import { describe, expect, it } from 'vitest';
import { normalizeAddressLine } from './normalizeAddressLine.ts';

describe('normalize: address line basics', () => {
  it('lower-cases, collapses spaces and trims', () => {
    expect(normalizeAddressLine('  12   HIGH   St  ')).toBe('12 high st');
  });

  it('turns punctuation into spaces', () => {
    expect(normalizeAddressLine('12, High St.')).toBe('12 high st');
    expect(normalizeAddressLine('12/34 High St')).toBe('12 34 high st');
    expect(normalizeAddressLine('12-14 High St')).toBe('12 14 high st');
  });

  it("removes apostrophes inside words", () => {
    expect(normalizeAddressLine("St. John's Wood Rd")).toBe('st johns wood rd');
  });

  it('strips diacritics', () => {
    expect(normalizeAddressLine('15 Rue de la Paix, Bâtiment Ä')).toBe('15 rue de la paix batiment a');
    expect(normalizeAddressLine('Große Straße 3')).toBe('grosse strasse 3');
  });

  it('keeps numbers as written, letters attached', () => {
    expect(normalizeAddressLine('12a High St')).toBe('12a high st');
    expect(normalizeAddressLine('1st Avenue')).toBe('1st ave');
  });
});

describe('normalize: address abbreviations', () => {
  it('writes street, str and st as st', () => {
    expect(normalizeAddressLine('1 Main Street')).toBe('1 main st');
    expect(normalizeAddressLine('1 Main Str')).toBe('1 main st');
    expect(normalizeAddressLine('1 Main St')).toBe('1 main st');
  });

  it('writes each road type in its one short form', () => {
    expect(normalizeAddressLine('Mill Road')).toBe('mill rd');
    expect(normalizeAddressLine('Park Avenue')).toBe('park ave');
    expect(normalizeAddressLine('Park Av')).toBe('park ave');
    expect(normalizeAddressLine('Park Ave')).toBe('park ave');
    expect(normalizeAddressLine('Ocean Drive')).toBe('ocean dr');
    expect(normalizeAddressLine('Penny Lane')).toBe('penny ln');
    expect(normalizeAddressLine('Kings Court')).toBe('kings ct');
    expect(normalizeAddressLine('Berkeley Place')).toBe('berkeley pl');
    expect(normalizeAddressLine('Royal Crescent')).toBe('royal cres');
    expect(normalizeAddressLine('Royal Cr')).toBe('royal cres');
    expect(normalizeAddressLine('Bay Circuit')).toBe('bay cct');
    expect(normalizeAddressLine('Bay Cir')).toBe('bay cct');
    expect(normalizeAddressLine('Sunset Boulevard')).toBe('sunset blvd');
    expect(normalizeAddressLine('Park Terrace')).toBe('park tce');
    expect(normalizeAddressLine('Park Terr')).toBe('park tce');
    expect(normalizeAddressLine('The Parade')).toBe('the pde');
    expect(normalizeAddressLine('Pacific Highway')).toBe('pacific hwy');
    expect(normalizeAddressLine('Russell Square')).toBe('russell sq');
    expect(normalizeAddressLine('Cathedral Close')).toBe('cathedral cl');
    expect(normalizeAddressLine('Lime Grove')).toBe('lime gr');
    expect(normalizeAddressLine('Lime Gro')).toBe('lime gr');
    expect(normalizeAddressLine('Mount Street')).toBe('mt st');
  });

  it('writes compass points as single letters', () => {
    expect(normalizeAddressLine('North Road')).toBe('n rd');
    expect(normalizeAddressLine('10 South Street East')).toBe('10 s st e');
    expect(normalizeAddressLine('West End Lane')).toBe('w end ln');
  });

  it('writes apartment, apt, flat, suite and ste as unit', () => {
    expect(normalizeAddressLine('Apartment 4, 12 High St')).toBe('unit 4 12 high st');
    expect(normalizeAddressLine('Apt 4 12 High St')).toBe('unit 4 12 high st');
    expect(normalizeAddressLine('Flat 4, 12 High St')).toBe('unit 4 12 high st');
    expect(normalizeAddressLine('Suite 400, 1 Market St')).toBe('unit 400 1 market st');
    expect(normalizeAddressLine('Ste 400, 1 Market St')).toBe('unit 400 1 market st');
    expect(normalizeAddressLine('Unit 4/12 High St')).toBe('unit 4 12 high st');
  });

  it('makes differently abbreviated lines equal', () => {
    expect(normalizeAddressLine('Flat 2, 10 North Crescent Road')).toBe(normalizeAddressLine('apt. 2 10 n. cres. rd'));
  });

  it('does not abbreviate words that merely contain an abbreviation', () => {
    expect(normalizeAddressLine('Streetly Close')).toBe('streetly cl');
    expect(normalizeAddressLine('Roadside Avenue')).toBe('roadside ave');
  });
});

describe('normalize: address number words', () => {
  it('drops no, number and # before a number', () => {
    expect(normalizeAddressLine('No. 12 High St')).toBe('12 high st');
    expect(normalizeAddressLine('Number 5 Church Lane')).toBe('5 church ln');
    expect(normalizeAddressLine('#12 High St')).toBe('12 high st');
    expect(normalizeAddressLine('Unit #4')).toBe('unit 4');
  });

  it('keeps no when no number follows', () => {
    expect(normalizeAddressLine('No Mans Land')).toBe('no mans land');
    expect(normalizeAddressLine('Lane No')).toBe('ln no');
  });
});

describe('normalize: address missing values', () => {
  it('returns null for null and undefined', () => {
    expect(normalizeAddressLine(null)).toBeNull();
    expect(normalizeAddressLine(undefined)).toBeNull();
  });

  it('returns null for empty, blank and punctuation-only lines', () => {
    expect(normalizeAddressLine('')).toBeNull();
    expect(normalizeAddressLine('   ')).toBeNull();
    expect(normalizeAddressLine(', . -')).toBeNull();
  });

  it('handles a very long line', () => {
    expect(normalizeAddressLine('Street '.repeat(10_000))).toBe(`${'st '.repeat(9_999)}st`);
  });

  it('throws a TypeError showing the value for a non-string', () => {
    expect(() => normalizeAddressLine(12 as unknown as string)).toThrow(new TypeError('normalizeAddressLine: expected a string, null or undefined, got 12'));
  });
});
