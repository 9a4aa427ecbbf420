import { normalizeEmail } from '../../../../lib/keys.ts';
import { showValue } from './showValue.ts';

interface ProviderRule {
  /** Everything from this character on in the local part is a tag the provider ignores. */
  readonly tag: '+' | '-';
  /** The provider ignores dots in the local part. */
  readonly dropDots: boolean;
  /** The domain aliases of one provider are written as this one. */
  readonly domain: string;
}

const rule = (tag: '+' | '-', dropDots: boolean, domain: string): ProviderRule => Object.freeze({ tag, dropDots, domain });
const gmail = rule('+', true, 'gmail.com');
const icloud = rule('+', false, 'icloud.com');
const proton = rule('+', false, 'proton.me');
const yahoo = (domain: string) => rule('-', false, domain);
const plusOnly = (domain: string) => rule('+', false, domain);

const PROVIDERS: ReadonlyMap<string, ProviderRule> = new Map([
  ['gmail.com', gmail],
  ['googlemail.com', gmail],
  ['outlook.com', plusOnly('outlook.com')],
  ['hotmail.com', plusOnly('hotmail.com')],
  ['hotmail.co.uk', plusOnly('hotmail.co.uk')],
  ['live.com', plusOnly('live.com')],
  ['msn.com', plusOnly('msn.com')],
  ['yahoo.com', yahoo('yahoo.com')],
  ['ymail.com', yahoo('ymail.com')],
  ['icloud.com', icloud],
  ['me.com', icloud],
  ['mac.com', icloud],
  ['fastmail.com', plusOnly('fastmail.com')],
  ['protonmail.com', proton],
  ['proton.me', proton],
  ['pm.me', proton],
]);

/**
 * The form of an e-mail address used for MATCHING, never stored as the identifier (the stored
 * key is `normalizeEmail` from `lib/keys.ts`): trimmed and lower-cased, then the provider's own
 * equivalences applied so that addresses delivered to the same mailbox compare equal —
 * - gmail.com, googlemail.com: dots in the local part and a `+tag` dropped, domain gmail.com
 *   (`J.Doe+news@GoogleMail.com` → `jdoe@gmail.com`);
 * - outlook.com, hotmail.com, hotmail.co.uk, live.com, msn.com, fastmail.com: `+tag` dropped;
 * - yahoo.com, ymail.com: `-tag` dropped (Yahoo's disposable addresses);
 * - icloud.com, me.com, mac.com: `+tag` dropped, domain icloud.com;
 * - protonmail.com, proton.me, pm.me: `+tag` dropped, domain proton.me.
 * Other domains are returned unchanged (a `+` or a dot may be significant there).
 *
 * Returns null for null, undefined, a value not shaped like an address (one @, a local part
 * without spaces, a dotted domain), and an address whose local part is empty once the provider
 * rules are applied (`+news@gmail.com`, `...@gmail.com`). Placeholders (`test@test.com`) are not
 * recognised here: use `isPlaceholder('email', …)`. Throws a TypeError for a non-string.
 */
export function matchEmail(raw: string | null | undefined): string | null {
  if (raw === null || raw === undefined) return null;
  if (typeof raw !== 'string') throw new TypeError(`matchEmail: expected a string, null or undefined, got ${showValue(raw)}`);
  const address = normalizeEmail(raw);
  if (address === null) return null;
  const at = address.indexOf('@');
  const provider = PROVIDERS.get(address.slice(at + 1));
  if (provider === undefined) return address;
  let local = address.slice(0, at);
  const tag = local.indexOf(provider.tag);
  if (tag >= 0) local = local.slice(0, tag);
  if (provider.dropDots) local = local.replaceAll('.', '');
  return local === '' ? null : `${local}@${provider.domain}`;
}
