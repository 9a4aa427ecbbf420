import { describe, expect, it } from 'vitest';
import { isPlaceholder, type PlaceholderKind } from './isPlaceholder.ts';

describe('normalize: placeholder e-mails', () => {
  it('flags the classic fake addresses', () => {
    expect(isPlaceholder('email', 'test@test.com')).toBe(true);
    expect(isPlaceholder('email', 'example@example.com')).toBe(true);
    expect(isPlaceholder('email', 'none@none.com')).toBe(true);
    expect(isPlaceholder('email', 'no@email.com')).toBe(true);
    expect(isPlaceholder('email', 'na@na.com')).toBe(true);
  });

  it('takes addresses at example.com, example.org and example.net as real (documentation and demo data use them)', () => {
    expect(isPlaceholder('email', 'jane.doe@example.com')).toBe(false);
    expect(isPlaceholder('email', 'jane.doe@example.org')).toBe(false);
    expect(isPlaceholder('email', 'jane.doe@example.net')).toBe(false);
  });

  it('flags reserved top-level domains', () => {
    expect(isPlaceholder('email', 'jane@shop.test')).toBe(true);
    expect(isPlaceholder('email', 'jane@mail.invalid')).toBe(true);
    expect(isPlaceholder('email', 'jane@host.example')).toBe(true);
    expect(isPlaceholder('email', 'jane@localhost')).toBe(true);
  });

  it('flags local parts meaning "no address" at any domain', () => {
    expect(isPlaceholder('email', 'noemail@shop.co.uk')).toBe(true);
    expect(isPlaceholder('email', 'no-email@gmail.com')).toBe(true);
    expect(isPlaceholder('email', 'noreply@company.com')).toBe(true);
    expect(isPlaceholder('email', 'no-reply@company.com')).toBe(true);
    expect(isPlaceholder('email', 'donotreply@company.com')).toBe(true);
    expect(isPlaceholder('email', 'unknown@gmail.com')).toBe(true);
    expect(isPlaceholder('email', 'null@gmail.com')).toBe(true);
    expect(isPlaceholder('email', 'none@gmail.com')).toBe(true);
    expect(isPlaceholder('email', 'n/a@gmail.com')).toBe(true);
  });

  it('flags filler local parts at throwaway domains', () => {
    expect(isPlaceholder('email', 'test@email.com')).toBe(true);
    expect(isPlaceholder('email', 'asdf@mail.com')).toBe(true);
    expect(isPlaceholder('email', 'x@domain.com')).toBe(true);
    expect(isPlaceholder('email', 'xxx@xxx.com')).toBe(true);
    expect(isPlaceholder('email', 'abc@abc.com')).toBe(true);
  });

  it('flags a filler local part repeated as the domain name', () => {
    expect(isPlaceholder('email', 'asdf@asdf.net')).toBe(true);
    expect(isPlaceholder('email', 'test@test.co.uk')).toBe(true);
  });

  it('compares after trimming and lower-casing', () => {
    expect(isPlaceholder('email', '  TEST@Test.COM ')).toBe(true);
  });

  it('flags text placeholders given as an e-mail', () => {
    expect(isPlaceholder('email', 'none')).toBe(true);
    expect(isPlaceholder('email', 'N/A')).toBe(true);
    expect(isPlaceholder('email', '')).toBe(true);
  });

  it('keeps real-looking addresses', () => {
    expect(isPlaceholder('email', 'jane.doe@gmail.com')).toBe(false);
    expect(isPlaceholder('email', 'test.pilot@airline.com')).toBe(false);
    expect(isPlaceholder('email', 'jane@mail.com')).toBe(false);
    expect(isPlaceholder('email', 'jane@test.com.au.realshop.com')).toBe(false);
  });

  it('keeps a filler local part at a real provider, which may be somebody', () => {
    expect(isPlaceholder('email', 'test@gmail.com')).toBe(false);
    expect(isPlaceholder('email', 'abc@yahoo.com')).toBe(false);
  });
});

describe('normalize: placeholder phones', () => {
  it('flags numbers of one repeated digit', () => {
    expect(isPlaceholder('phone', '0000000000')).toBe(true);
    expect(isPlaceholder('phone', '1111111111')).toBe(true);
    expect(isPlaceholder('phone', '999-999-9999')).toBe(true);
  });

  it('flags one repeated digit after a country code', () => {
    expect(isPlaceholder('phone', '+44 0000 000000')).toBe(true);
    expect(isPlaceholder('phone', '+1 (000) 000-0000')).toBe(true);
    expect(isPlaceholder('phone', '+353 000000000')).toBe(true);
  });

  it('flags counting sequences', () => {
    expect(isPlaceholder('phone', '1234567890')).toBe(true);
    expect(isPlaceholder('phone', '0123456789')).toBe(true);
    expect(isPlaceholder('phone', '+1 123-456-7890')).toBe(true);
    expect(isPlaceholder('phone', '987654321')).toBe(true);
    expect(isPlaceholder('phone', '123456')).toBe(true);
  });

  it('flags fewer than 6 digits', () => {
    expect(isPlaceholder('phone', '12345')).toBe(true);
    expect(isPlaceholder('phone', '5551')).toBe(true);
    expect(isPlaceholder('phone', 'call me')).toBe(true);
  });

  it('flags text placeholders given as a phone', () => {
    expect(isPlaceholder('phone', 'unknown')).toBe(true);
    expect(isPlaceholder('phone', 'xxx-xxx-xxxx')).toBe(true);
    expect(isPlaceholder('phone', '-')).toBe(true);
  });

  it('keeps real-looking numbers', () => {
    expect(isPlaceholder('phone', '+44 7700 900123')).toBe(false);
    expect(isPlaceholder('phone', '(02) 9876 5432')).toBe(false);
    expect(isPlaceholder('phone', '+1 212 222 2222')).toBe(false);
    expect(isPlaceholder('phone', '+61 400 000 001')).toBe(false);
    expect(isPlaceholder('phone', '+44 20 8888 8888')).toBe(false);
  });
});

describe('normalize: placeholder names and text', () => {
  it('flags the listed placeholders', () => {
    for (const value of ['', 'null', 'none', 'unknown', 'n/a', 'na', 'test', 'x', 'xx', 'xxx', '-', '?', 'not provided', 'no name']) {
      expect(isPlaceholder('name', value)).toBe(true);
      expect(isPlaceholder('text', value)).toBe(true);
    }
  });

  it('compares after trimming, lower-casing and collapsing spaces', () => {
    expect(isPlaceholder('name', '  UNKNOWN ')).toBe(true);
    expect(isPlaceholder('name', 'Not   Provided')).toBe(true);
    expect(isPlaceholder('text', 'N/A')).toBe(true);
  });

  it('flags the normalised forms of n/a and n.a.', () => {
    expect(isPlaceholder('name', 'n a')).toBe(true);
    expect(isPlaceholder('text', 'N.A.')).toBe(true);
  });

  it('flags values of punctuation only, or of x only', () => {
    expect(isPlaceholder('text', '---')).toBe(true);
    expect(isPlaceholder('text', '???')).toBe(true);
    expect(isPlaceholder('name', '. .')).toBe(true);
    expect(isPlaceholder('name', 'xxxxx')).toBe(true);
  });

  it('keeps real names and words', () => {
    expect(isPlaceholder('name', 'jane')).toBe(false);
    expect(isPlaceholder('name', 'Xu')).toBe(false);
    expect(isPlaceholder('name', 'Nash')).toBe(false);
    expect(isPlaceholder('text', 'testing street')).toBe(false);
    expect(isPlaceholder('text', '12 high st')).toBe(false);
  });

  it('does not apply phone or e-mail rules to names', () => {
    expect(isPlaceholder('name', 'Li')).toBe(false);
    expect(isPlaceholder('text', '0000000000')).toBe(false);
    expect(isPlaceholder('text', 'test@test.com')).toBe(false);
  });
});

describe('normalize: placeholder misuse', () => {
  it('throws a TypeError for an unknown kind', () => {
    expect(() => isPlaceholder('address' as PlaceholderKind, 'x')).toThrow(new TypeError("isPlaceholder: expected kind 'email', 'phone', 'name' or 'text', got \"address\""));
  });

  it('throws a TypeError for a non-string value', () => {
    expect(() => isPlaceholder('name', null as unknown as string)).toThrow(new TypeError('isPlaceholder: expected a string value, got null'));
  });

  it('handles a very long value', () => {
    expect(isPlaceholder('text', 'a'.repeat(100_000))).toBe(false);
    expect(isPlaceholder('phone', '1'.repeat(100_000))).toBe(true);
  });
});
