import { describe, expect, it } from 'vitest';
import { matchEmail } from './matchEmail.ts';

describe('normalize: e-mail shape', () => {
  it('trims and lower-cases an address', () => {
    expect(matchEmail('  Jane.Doe@Example.COM ')).toBe('jane.doe@example.com');
  });

  it('returns null for null, undefined, empty and blank values', () => {
    expect(matchEmail(null)).toBeNull();
    expect(matchEmail(undefined)).toBeNull();
    expect(matchEmail('')).toBeNull();
    expect(matchEmail('   ')).toBeNull();
  });

  it('returns null for values not shaped like an address', () => {
    expect(matchEmail('jane.example.com')).toBeNull();
    expect(matchEmail('jane@example')).toBeNull();
    expect(matchEmail('@example.com')).toBeNull();
    expect(matchEmail('jane@')).toBeNull();
    expect(matchEmail('jane@doe@example.com')).toBeNull();
    expect(matchEmail('jane doe@example.com')).toBeNull();
    expect(matchEmail('jane@example.com.')).toBeNull();
  });

  it('throws a TypeError showing the value for a non-string', () => {
    expect(() => matchEmail(7 as unknown as string)).toThrow(new TypeError('matchEmail: expected a string, null or undefined, got 7'));
  });
});

describe('normalize: e-mail gmail', () => {
  it('drops dots and +tags for gmail', () => {
    expect(matchEmail('Jane.Doe+news@gmail.com')).toBe('janedoe@gmail.com');
  });

  it('drops every dot in the local part', () => {
    expect(matchEmail('j.a.n.e.d.o.e@gmail.com')).toBe('janedoe@gmail.com');
  });

  it('drops everything from the first plus', () => {
    expect(matchEmail('janedoe+a+b@gmail.com')).toBe('janedoe@gmail.com');
  });

  it('writes googlemail.com as gmail.com', () => {
    expect(matchEmail('jane.doe+x@googlemail.com')).toBe('janedoe@gmail.com');
  });

  it('keeps hyphens, which gmail does not ignore', () => {
    expect(matchEmail('jane-doe@gmail.com')).toBe('jane-doe@gmail.com');
  });

  it('returns null when nothing is left of the local part', () => {
    expect(matchEmail('+news@gmail.com')).toBeNull();
    expect(matchEmail('...@gmail.com')).toBeNull();
  });
});

describe('normalize: e-mail Microsoft', () => {
  it('drops +tags and keeps dots for outlook.com', () => {
    expect(matchEmail('jane.doe+shop@outlook.com')).toBe('jane.doe@outlook.com');
  });

  it('drops +tags for hotmail.com, hotmail.co.uk, live.com and msn.com, keeping the domain', () => {
    expect(matchEmail('jane.doe+a@hotmail.com')).toBe('jane.doe@hotmail.com');
    expect(matchEmail('jane.doe+a@hotmail.co.uk')).toBe('jane.doe@hotmail.co.uk');
    expect(matchEmail('jane.doe+a@live.com')).toBe('jane.doe@live.com');
    expect(matchEmail('jane.doe+a@msn.com')).toBe('jane.doe@msn.com');
  });

  it('keeps hyphens at Microsoft domains', () => {
    expect(matchEmail('jane-doe@outlook.com')).toBe('jane-doe@outlook.com');
  });
});

describe('normalize: e-mail Yahoo', () => {
  it('drops a -tag for yahoo.com and ymail.com', () => {
    expect(matchEmail('jane.doe-shopping@yahoo.com')).toBe('jane.doe@yahoo.com');
    expect(matchEmail('jane-x-y@ymail.com')).toBe('jane@ymail.com');
  });

  it('keeps a plus at Yahoo, which is not its tag separator', () => {
    expect(matchEmail('jane+doe@yahoo.com')).toBe('jane+doe@yahoo.com');
  });

  it('leaves Yahoo country domains unchanged', () => {
    expect(matchEmail('jane-doe@yahoo.co.uk')).toBe('jane-doe@yahoo.co.uk');
  });
});

describe('normalize: e-mail Apple, Fastmail and Proton', () => {
  it('drops +tags and writes me.com and mac.com as icloud.com', () => {
    expect(matchEmail('jane.doe+a@icloud.com')).toBe('jane.doe@icloud.com');
    expect(matchEmail('jane.doe+a@me.com')).toBe('jane.doe@icloud.com');
    expect(matchEmail('Jane.Doe@MAC.com')).toBe('jane.doe@icloud.com');
  });

  it('drops +tags for fastmail.com', () => {
    expect(matchEmail('jane.doe+a@fastmail.com')).toBe('jane.doe@fastmail.com');
  });

  it('drops +tags and writes the Proton domains as proton.me', () => {
    expect(matchEmail('jane.doe+a@protonmail.com')).toBe('jane.doe@proton.me');
    expect(matchEmail('jane.doe@proton.me')).toBe('jane.doe@proton.me');
    expect(matchEmail('jane.doe+a@pm.me')).toBe('jane.doe@proton.me');
  });
});

describe('normalize: e-mail other providers', () => {
  it('leaves unknown providers unchanged apart from case and spaces', () => {
    expect(matchEmail(' J.Doe+News@Company.co.uk ')).toBe('j.doe+news@company.co.uk');
  });

  it('does not apply gmail rules to a subdomain or look-alike of gmail', () => {
    expect(matchEmail('jane.doe+x@mail.gmail.com')).toBe('jane.doe+x@mail.gmail.com');
    expect(matchEmail('jane.doe+x@gmail.co')).toBe('jane.doe+x@gmail.co');
  });

  it('keeps a non-ASCII local part or domain as written, lower-cased', () => {
    expect(matchEmail('JÖRG@Müller.de')).toBe('jörg@müller.de');
  });

  it('handles a very long address', () => {
    const local = 'a.'.repeat(2000);
    expect(matchEmail(`${local}b@gmail.com`)).toBe(`${'a'.repeat(2000)}b@gmail.com`);
  });
});
