import { describe, expect, it } from 'vitest';
import { normalizeName } from './normalizeName.ts';

describe('normalize: name case and spacing', () => {
  it('lower-cases a name', () => {
    expect(normalizeName('JANE DOE')).toBe('jane doe');
  });

  it('trims and collapses spaces, tabs and line breaks', () => {
    expect(normalizeName('  Jane \t\n  Doe  ')).toBe('jane doe');
  });

  it('keeps a name that is already normalised as it is', () => {
    expect(normalizeName('mary ann smith')).toBe('mary ann smith');
  });

  it('keeps digits', () => {
    expect(normalizeName('Agent 007')).toBe('agent 007');
  });
});

describe('normalize: name diacritics', () => {
  it('strips accents', () => {
    expect(normalizeName('José Müller')).toBe('jose muller');
    expect(normalizeName('Zoë Brontë')).toBe('zoe bronte');
    expect(normalizeName('François Lefèvre')).toBe('francois lefevre');
  });

  it('folds letters that have no decomposition', () => {
    expect(normalizeName('Strauß')).toBe('strauss');
    expect(normalizeName('Ærøskøbing')).toBe('aeroskobing');
    expect(normalizeName('Łukasz Wałęsa')).toBe('lukasz walesa');
    expect(normalizeName('Søren')).toBe('soren');
  });

  it('folds upper-case special letters through lower-casing first', () => {
    expect(normalizeName('ÆSIR ØRSTED')).toBe('aesir orsted');
    expect(normalizeName('ŁÓDŹ')).toBe('lodz');
  });

  it('folds Turkish dotted capital I', () => {
    expect(normalizeName('İlker')).toBe('ilker');
  });

  it('folds compatibility forms such as ligatures and full-width letters', () => {
    expect(normalizeName('ﬁona')).toBe('fiona');
    expect(normalizeName('ＪＡＮＥ')).toBe('jane');
  });

  it('keeps letters of other scripts', () => {
    expect(normalizeName('李 小龍')).toBe('李 小龍');
    expect(normalizeName('Иван Петров')).toBe('иван петров');
  });

  it('strips marks in other scripts too (й → и, ё → е)', () => {
    expect(normalizeName('Дмитрий Фёдоров')).toBe('дмитрии федоров');
  });

  it('treats decomposed and composed accents alike', () => {
    expect(normalizeName('Jose\u0301')).toBe('jose');
    expect(normalizeName('Jos\u00e9')).toBe('jose');
  });
});

describe('normalize: name punctuation', () => {
  it('removes apostrophes inside a name', () => {
    expect(normalizeName("O'Brien")).toBe('obrien');
    expect(normalizeName('D’Angelo')).toBe('dangelo');
    expect(normalizeName('O`Neil')).toBe('oneil');
    expect(normalizeName('O´Hara')).toBe('ohara');
  });

  it('turns hyphens into spaces', () => {
    expect(normalizeName('Smith-Jones')).toBe('smith jones');
    expect(normalizeName('Jean–Luc')).toBe('jean luc');
  });

  it('turns dots and commas into spaces', () => {
    expect(normalizeName('J.R.R. Tolkien')).toBe('j r r tolkien');
    expect(normalizeName('Doe, Jane')).toBe('doe jane');
  });

  it('turns other punctuation and symbols into spaces', () => {
    expect(normalizeName('Jane (Janey) "JD" Doe!')).toBe('jane janey jd doe');
    expect(normalizeName('Jane/Doe_Smith')).toBe('jane doe smith');
  });
});

describe('normalize: name titles and suffixes', () => {
  it('drops titles before the name', () => {
    expect(normalizeName('Mr. John Smith')).toBe('john smith');
    expect(normalizeName('Mrs Jane Smith')).toBe('jane smith');
    expect(normalizeName('Ms Jane Smith')).toBe('jane smith');
    expect(normalizeName('Miss Jane Smith')).toBe('jane smith');
    expect(normalizeName('Mx Sam Smith')).toBe('sam smith');
    expect(normalizeName('Dr. Jane Smith')).toBe('jane smith');
    expect(normalizeName('Prof Jane Smith')).toBe('jane smith');
    expect(normalizeName('Sir Elton John')).toBe('elton john');
    expect(normalizeName('Dame Judi Dench')).toBe('judi dench');
    expect(normalizeName('Rev. Martin King')).toBe('martin king');
    expect(normalizeName('Fr Ted Crilly')).toBe('ted crilly');
    expect(normalizeName('Lord Alan Sugar')).toBe('alan sugar');
    expect(normalizeName('Lady Jane Grey')).toBe('jane grey');
  });

  it('drops titles anywhere, and several of them', () => {
    expect(normalizeName('Smith, Dr. Jane')).toBe('smith jane');
    expect(normalizeName('Prof. Dr. Jane Smith')).toBe('jane smith');
  });

  it('drops suffixes after the name', () => {
    expect(normalizeName('Martin Luther King Jr.')).toBe('martin luther king');
    expect(normalizeName('John Smith Sr')).toBe('john smith');
    expect(normalizeName('John Smith II')).toBe('john smith');
    expect(normalizeName('John Smith III')).toBe('john smith');
    expect(normalizeName('John Smith IV')).toBe('john smith');
    expect(normalizeName('Henry V')).toBe('henry');
    expect(normalizeName('Jane Smith, PhD')).toBe('jane smith');
    expect(normalizeName('Jane Smith MD')).toBe('jane smith');
    expect(normalizeName('John Smith, Esq.')).toBe('john smith');
  });

  it('drops a suffix in the middle of a name written family first', () => {
    expect(normalizeName('King Jr, Martin')).toBe('king martin');
  });

  it('keeps a lone v, which is an initial rather than a numeral', () => {
    expect(normalizeName('V')).toBe('v');
    expect(normalizeName('V.')).toBe('v');
  });

  it('keeps a numeral or md as the first token, where it is a name or an initial', () => {
    expect(normalizeName('V Smith')).toBe('v smith');
    expect(normalizeName('Md Rahim')).toBe('md rahim');
    expect(normalizeName('Iv Petrov')).toBe('iv petrov');
  });

  it('keeps words that merely contain a title', () => {
    expect(normalizeName('Drew Mrsic')).toBe('drew mrsic');
    expect(normalizeName('Missy Jrue')).toBe('missy jrue');
  });
});

describe('normalize: name missing values', () => {
  it('returns null for null and undefined', () => {
    expect(normalizeName(null)).toBeNull();
    expect(normalizeName(undefined)).toBeNull();
  });

  it('returns null for an empty or blank value', () => {
    expect(normalizeName('')).toBeNull();
    expect(normalizeName('   ')).toBeNull();
  });

  it('returns null for punctuation only', () => {
    expect(normalizeName('-')).toBeNull();
    expect(normalizeName("'")).toBeNull();
    expect(normalizeName('.,;')).toBeNull();
  });

  it('returns null for titles and suffixes only', () => {
    expect(normalizeName('Mr.')).toBeNull();
    expect(normalizeName('Dr Prof')).toBeNull();
    expect(normalizeName('Jr.')).toBeNull();
  });

  it('does not judge placeholders', () => {
    expect(normalizeName('Unknown')).toBe('unknown');
    expect(normalizeName('N/A')).toBe('n a');
  });
});

describe('normalize: name edge cases', () => {
  it('handles a very long name', () => {
    const long = `${'Ab-'.repeat(5000)}Cd`;
    expect(normalizeName(long)).toBe(`${'ab '.repeat(5000)}cd`);
  });

  it('handles emoji and other symbols as separators', () => {
    expect(normalizeName('Jane 🙂 Doe')).toBe('jane doe');
  });

  it('throws a TypeError showing the value for a non-string', () => {
    expect(() => normalizeName(42 as unknown as string)).toThrow(new TypeError('normalizeName: expected a string, null or undefined, got 42'));
    expect(() => normalizeName({} as unknown as string)).toThrow(new TypeError('normalizeName: expected a string, null or undefined, got an object'));
  });
});
