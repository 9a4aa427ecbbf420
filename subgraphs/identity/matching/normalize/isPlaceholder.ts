import { showValue } from './showValue.ts';

/** What kind of value {@link isPlaceholder} judges. */
export type PlaceholderKind = 'email' | 'phone' | 'name' | 'text';

const KINDS: ReadonlySet<string> = new Set<PlaceholderKind>(['email', 'phone', 'name', 'text']);

// Compared after trimming, lower-casing and collapsing inner whitespace. `n a` and `n a` forms
// are what normalizeName / normalizeAddressLine make of `n/a` and `n.a.`.
const TEXT_PLACEHOLDERS: ReadonlySet<string> = new Set([
  '', 'null', 'nil', 'none', 'undefined', 'unknown', 'unk', 'n/a', 'n.a.', 'n.a', 'n a', 'na', 'test',
  'x', 'xx', 'xxx', '-', '--', '?', '.', 'not provided', 'none provided', 'not available', 'not applicable',
  'not known', 'no name', 'noname', 'no data', 'tbd', 'tba',
]);

// Only punctuation, symbols and spaces (`---`, `???`, `. .`), or only x (`xxxx`).
const NO_CONTENT = /^[\s\p{P}\p{S}]*$|^x+$/u;

/**
 * Domains nobody receives mail at: any address there is fake. `example.com`, `.org` and `.net`
 * are not listed: documentation, tests and the demo data set use them for realistic addresses.
 */
const FAKE_DOMAINS: ReadonlySet<string> = new Set([
  'test.com', 'none.com', 'noemail.com', 'nomail.com',
  'no-email.com', 'na.com', 'email.invalid', 'domain.invalid',
]);
/** Top-level domains reserved by RFC 2606 / RFC 6761: never real mailboxes. */
const FAKE_TOP_LEVEL: ReadonlySet<string> = new Set(['test', 'example', 'invalid', 'localhost']);
/** Local parts that say "no address" whatever the domain (`noemail@shop.co.uk`). */
const NO_ADDRESS_LOCALS: ReadonlySet<string> = new Set([
  'noemail', 'no-email', 'no_email', 'no.email', 'nomail', 'no-mail', 'noreply', 'no-reply', 'no_reply',
  'donotreply', 'do-not-reply', 'do_not_reply', 'none', 'null', 'unknown', 'na', 'n/a',
]);
/**
 * Local parts that are typed to get past a form; fake when the domain is a throwaway one
 * (`test@email.com`), not at a real provider (`test@gmail.com` may well be someone's).
 */
const FILLER_LOCALS: ReadonlySet<string> = new Set([
  'test', 'testing', 'tester', 'example', 'no', 'n', 'a', 'x', 'xx', 'xxx', 'asdf', 'abc', 'abcd', 'qwerty', 'email',
  'mail', 'name', 'user', 'fake', 'dummy', 'sample', 'nobody', 'noone',
]);
const THROWAWAY_DOMAINS: ReadonlySet<string> = new Set([
  'email.com', 'mail.com', 'domain.com', 'abc.com', 'asdf.com', 'xxx.com', 'x.com', 'fake.com', 'dummy.com',
  'sample.com', 'company.com', 'website.com', 'address.com',
]);

const WHITESPACE_RUN = /\s+/g;

/**
 * True for a value that must never link two records, because many unrelated people share it:
 * - `'email'`: addresses at fake domains (`test@test.com`, `none@none.com`, `na@na.com`, any `*.test` / `*.invalid` domain), local
 *   parts meaning "no address" at any domain (`noemail@…`, `noreply@…`, `unknown@…`), filler local
 *   parts at throwaway domains (`no@email.com`, `test@email.com`, `asdf@mail.com`), and any text
 *   placeholder (`none`, `n/a`);
 * - `'phone'`: fewer than 6 digits; all digits the same (`0000000000`, `+44 0000 000000` once the
 *   country code is set aside); a run of the counting sequence (`1234567890`, `0123456789`,
 *   `+1 123-456-7890`, `987654321`, `123456`); any text placeholder;
 * - `'name'`, `'text'`: `''`, `null`, `none`, `unknown`, `n/a`, `na`, `test`, `x`, `xx`, `xxx`,
 *   `-`, `?`, `not provided`, `no name` and their like, and values of punctuation only.
 * Values are compared after trimming, lower-casing and collapsing whitespace, so raw and normalised
 * values both work (`'N/A'`, `'n a'`). Note `na` is treated as a placeholder even though it is also
 * a (rare) surname: the cost of a missed link is smaller than that of a chain of false ones.
 *
 * Throws a TypeError for an unknown kind or a non-string value.
 */
export function isPlaceholder(kind: PlaceholderKind, value: string): boolean {
  if (!KINDS.has(kind)) throw new TypeError(`isPlaceholder: expected kind 'email', 'phone', 'name' or 'text', got ${showValue(kind)}`);
  if (typeof value !== 'string') throw new TypeError(`isPlaceholder: expected a string value, got ${showValue(value)}`);
  const text = value.trim().toLowerCase().replace(WHITESPACE_RUN, ' ');
  if (TEXT_PLACEHOLDERS.has(text) || NO_CONTENT.test(text)) return true;
  if (kind === 'email') return isPlaceholderEmail(text);
  if (kind === 'phone') return isPlaceholderPhone(text);
  return false;
}

function isPlaceholderEmail(text: string): boolean {
  const at = text.lastIndexOf('@');
  if (at < 0) return false;
  const local = text.slice(0, at);
  const domain = text.slice(at + 1);
  if (FAKE_DOMAINS.has(domain) || NO_ADDRESS_LOCALS.has(local)) return true;
  const lastDot = domain.lastIndexOf('.');
  if (FAKE_TOP_LEVEL.has(domain.slice(lastDot + 1))) return true;
  if (FILLER_LOCALS.has(local) && THROWAWAY_DOMAINS.has(domain)) return true;
  // test@test.com, xxx@xxx.com, abc@abc.co: the local part repeated as the domain name.
  return lastDot > 0 && (FILLER_LOCALS.has(local) || NO_ADDRESS_LOCALS.has(local)) && domain.slice(0, domain.indexOf('.')) === local;
}

const ASCENDING = '01234567890123456789';
const DESCENDING = '98765432109876543210';

function isPlaceholderPhone(text: string): boolean {
  let digits = '';
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if (code >= 48 && code <= 57) digits += text[i];
  }
  if (digits.length < 6) return true;
  if (ASCENDING.includes(digits) || DESCENDING.includes(digits)) return true;
  if (digits.includes('123456789') || digits.includes('987654321')) return true;
  // The whole number, or what follows a country code of 1 to 3 digits, repeats one digit. At least
  // 9 repeated digits are required after a country code, so a real `+1 212 222 2222` is not caught.
  for (let skip = 0; skip <= 3; skip += 1) {
    const rest = digits.length - skip;
    if (skip > 0 && rest < 9) break;
    if (allSame(digits, skip)) return true;
  }
  return false;
}

function allSame(digits: string, from: number): boolean {
  const first = digits.charCodeAt(from);
  for (let i = from + 1; i < digits.length; i += 1) if (digits.charCodeAt(i) !== first) return false;
  return true;
}
