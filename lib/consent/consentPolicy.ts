/**
 * The consent policy every part reads from `Config.consent` (issue 4): the purpose catalog, the
 * default regime per jurisdiction and purpose (what missing consent means), which purposes a Global
 * Privacy Control signal opts out of, how callers' declared purposes map to consent purposes, and
 * where CONTACT fields are masked instead of denied. Pure data and validation: `lib/config.ts`
 * reads the environment and the policy file, then calls {@link parseConsentPolicy}.
 */

/** `OPT_IN`: missing consent means denied. `OPT_OUT`: missing consent means allowed unless an opt-out or GPC was recorded. */
export type ConsentRegime = 'OPT_IN' | 'OPT_OUT';
export const consentRegimes: readonly ConsentRegime[] = Object.freeze(['OPT_IN', 'OPT_OUT']);

export interface ConsentPurposeDefinition {
  /** Upper-case id, e.g. `MARKETING_EMAIL`. */
  readonly id: string;
  readonly description: string;
  /** Essential purposes (SERVICE) are never blocked: no default, event or GPC signal denies them. */
  readonly essential: boolean;
}

export interface JurisdictionPolicy {
  /** The regime of every purpose not listed in `purposes`. */
  readonly regime: ConsentRegime;
  /** Per-purpose exceptions, e.g. US marketing texts are opt-in (TCPA) while the rest is opt-out. */
  readonly purposes: Readonly<Record<string, ConsentRegime>>;
}

export interface ConsentPolicy {
  readonly purposes: readonly ConsentPurposeDefinition[];
  /** Jurisdiction code (`EU`, `UK`, `US-CA`, `US`) → its defaults. */
  readonly jurisdictions: Readonly<Record<string, JurisdictionPolicy>>;
  /** The jurisdiction of a customer for whom no jurisdiction signal was recorded. */
  readonly defaultJurisdiction: string;
  /** Purposes that a recorded GPC signal opts out of where missing consent would otherwise allow. */
  readonly gpcPurposes: readonly string[];
  /** Caller purpose (the token's `c360_purpose`) → consent purpose. Catalog ids map to themselves unless listed. */
  readonly callerPurposes: Readonly<Record<string, string>>;
  /** Consent purposes for which a caller without consent gets CONTACT fields masked instead of denied. */
  readonly maskContact: readonly string[];
  /** Largest `evidence` accepted on a consent event, in bytes of its JSON. */
  readonly maxEvidenceBytes: number;
}

const purposeId = /^[A-Z][A-Z0-9_]{1,63}$/;
const callerPurposeId = /^[A-Z][A-Z_]{1,63}$/;
const jurisdictionCode = /^[A-Z]{2}(-[A-Z0-9]{1,3})?$/;

/** The built-in policy: the six purposes of issue 4, GDPR-style opt-in for EU and UK, CCPA-style opt-out for the US. */
export const defaultConsentPolicy: ConsentPolicy = deepFreeze({
  purposes: [
    { id: 'SERVICE', description: 'Providing the service the customer asked for (orders, support, account messages). Essential: never blocked.', essential: true },
    { id: 'MARKETING_EMAIL', description: 'Marketing by e-mail.', essential: false },
    { id: 'MARKETING_SMS', description: 'Marketing by text message.', essential: false },
    { id: 'ANALYTICS', description: 'Measuring and analysing use and purchases.', essential: false },
    { id: 'PERSONALIZATION', description: 'Tailoring content and offers to the customer.', essential: false },
    { id: 'THIRD_PARTY_SHARING', description: 'Sharing or selling data to third parties.', essential: false },
  ],
  jurisdictions: {
    EU: { regime: 'OPT_IN', purposes: {} },
    UK: { regime: 'OPT_IN', purposes: {} },
    'US-CA': { regime: 'OPT_OUT', purposes: { MARKETING_SMS: 'OPT_IN' } },
    US: { regime: 'OPT_OUT', purposes: { MARKETING_SMS: 'OPT_IN' } },
  },
  defaultJurisdiction: 'UK',
  gpcPurposes: ['MARKETING_EMAIL', 'MARKETING_SMS', 'ANALYTICS', 'PERSONALIZATION', 'THIRD_PARTY_SHARING'],
  callerPurposes: { MARKETING: 'MARKETING_EMAIL' },
  maskContact: [],
  maxEvidenceBytes: 4096,
});

/** A policy value the parser refused; `lib/config.ts` turns it into a ConfigError naming the variable. */
export class ConsentPolicyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConsentPolicyError';
  }
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const show = (value: unknown) => JSON.stringify(value) ?? String(value);

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

function regime(value: unknown, where: string): ConsentRegime {
  if (!(consentRegimes as readonly unknown[]).includes(value)) throw new ConsentPolicyError(`${where}: expected OPT_IN or OPT_OUT, got ${show(value)}`);
  return value as ConsentRegime;
}

function purposeList(value: unknown, where: string, catalog: ReadonlySet<string>): string[] {
  if (!Array.isArray(value) || !value.every((p) => typeof p === 'string')) throw new ConsentPolicyError(`${where}: expected an array of purpose ids, got ${show(value)}`);
  for (const purpose of value) if (!catalog.has(purpose)) throw new ConsentPolicyError(`${where}: unknown purpose ${show(purpose)}; the catalog has ${[...catalog].join(', ')}`);
  return [...new Set(value as string[])];
}

/**
 * Validates a policy given as parsed JSON, every key optional: absent keys take
 * {@link defaultConsentPolicy}'s value, so a file may override only `jurisdictions`, say. Throws a
 * {@link ConsentPolicyError} naming the first offending key. The catalog must contain `SERVICE`,
 * marked essential; every purpose named anywhere must be in the catalog; `defaultJurisdiction`
 * must be a key of `jurisdictions`. Returns a deeply frozen policy.
 */
export function parseConsentPolicy(input: unknown, overrides: { defaultJurisdiction?: string; maskContact?: readonly string[] } = {}): ConsentPolicy {
  if (!isRecord(input)) throw new ConsentPolicyError(`expected a JSON object, got ${show(input)}`);
  const known = ['purposes', 'jurisdictions', 'defaultJurisdiction', 'gpcPurposes', 'callerPurposes', 'maskContact', 'maxEvidenceBytes'];
  for (const key of Object.keys(input)) if (!known.includes(key)) throw new ConsentPolicyError(`unknown key ${show(key)}; expected some of ${known.join(', ')}`);

  const rawPurposes = input.purposes ?? defaultConsentPolicy.purposes;
  if (!Array.isArray(rawPurposes) || rawPurposes.length === 0) throw new ConsentPolicyError(`purposes: expected a non-empty array, got ${show(rawPurposes)}`);
  const purposes = rawPurposes.map((p, i): ConsentPurposeDefinition => {
    if (!isRecord(p) || typeof p.id !== 'string' || !purposeId.test(p.id)) throw new ConsentPolicyError(`purposes[${i}].id: expected upper-case letters, digits and underscores (2 to 64), got ${show(isRecord(p) ? p.id : p)}`);
    if (p.description !== undefined && typeof p.description !== 'string') throw new ConsentPolicyError(`purposes[${i}].description: expected a string, got ${show(p.description)}`);
    if (p.essential !== undefined && typeof p.essential !== 'boolean') throw new ConsentPolicyError(`purposes[${i}].essential: expected true or false, got ${show(p.essential)}`);
    return { id: p.id, description: (p.description as string | undefined) ?? p.id, essential: (p.essential as boolean | undefined) ?? false };
  });
  const catalog = new Set(purposes.map((p) => p.id));
  if (catalog.size !== purposes.length) throw new ConsentPolicyError('purposes: an id appears twice');
  if (!purposes.some((p) => p.id === 'SERVICE' && p.essential)) throw new ConsentPolicyError('purposes: SERVICE must be in the catalog and essential, so critical operations are never blocked');

  // The default table's per-purpose exceptions apply only to purposes a custom catalog keeps.
  const rawJurisdictions =
    input.jurisdictions ??
    Object.fromEntries(
      Object.entries(defaultConsentPolicy.jurisdictions).map(([code, j]) => [code, { regime: j.regime, purposes: Object.fromEntries(Object.entries(j.purposes).filter(([p]) => catalog.has(p))) }]),
    );
  if (!isRecord(rawJurisdictions) || Object.keys(rawJurisdictions).length === 0) throw new ConsentPolicyError(`jurisdictions: expected a non-empty object, got ${show(rawJurisdictions)}`);
  const jurisdictions: Record<string, JurisdictionPolicy> = {};
  for (const [code, value] of Object.entries(rawJurisdictions)) {
    if (!jurisdictionCode.test(code)) throw new ConsentPolicyError(`jurisdictions: expected codes such as EU, UK, US-CA, got ${show(code)}`);
    if (!isRecord(value)) throw new ConsentPolicyError(`jurisdictions.${code}: expected { "regime": "OPT_IN" | "OPT_OUT", "purposes": { … } }, got ${show(value)}`);
    const perPurpose: Record<string, ConsentRegime> = {};
    const rawPerPurpose = value.purposes ?? {};
    if (!isRecord(rawPerPurpose)) throw new ConsentPolicyError(`jurisdictions.${code}.purposes: expected an object of purpose to regime, got ${show(rawPerPurpose)}`);
    for (const [purpose, r] of Object.entries(rawPerPurpose)) {
      if (!catalog.has(purpose)) throw new ConsentPolicyError(`jurisdictions.${code}.purposes: unknown purpose ${show(purpose)}`);
      perPurpose[purpose] = regime(r, `jurisdictions.${code}.purposes.${purpose}`);
    }
    jurisdictions[code] = { regime: regime(value.regime, `jurisdictions.${code}.regime`), purposes: perPurpose };
  }

  const defaultJurisdiction = overrides.defaultJurisdiction ?? input.defaultJurisdiction ?? defaultConsentPolicy.defaultJurisdiction;
  if (typeof defaultJurisdiction !== 'string' || !(defaultJurisdiction in jurisdictions)) {
    throw new ConsentPolicyError(`defaultJurisdiction: expected one of ${Object.keys(jurisdictions).join(', ')}, got ${show(defaultJurisdiction)}`);
  }

  const gpcPurposes = purposeList(input.gpcPurposes ?? defaultConsentPolicy.gpcPurposes.filter((p) => catalog.has(p)), 'gpcPurposes', catalog);
  const maskContact = purposeList(overrides.maskContact ?? input.maskContact ?? defaultConsentPolicy.maskContact, 'maskContact', catalog);

  const rawCaller = input.callerPurposes ?? Object.fromEntries(Object.entries(defaultConsentPolicy.callerPurposes).filter(([, p]) => catalog.has(p)));
  if (!isRecord(rawCaller)) throw new ConsentPolicyError(`callerPurposes: expected an object of caller purpose to consent purpose, got ${show(rawCaller)}`);
  const callerPurposes: Record<string, string> = {};
  for (const [caller, purpose] of Object.entries(rawCaller)) {
    if (!callerPurposeId.test(caller)) throw new ConsentPolicyError(`callerPurposes: expected caller purposes of upper-case letters and underscores, got ${show(caller)}`);
    if (typeof purpose !== 'string' || !catalog.has(purpose)) throw new ConsentPolicyError(`callerPurposes.${caller}: unknown purpose ${show(purpose)}`);
    callerPurposes[caller] = purpose;
  }

  const maxEvidenceBytes = input.maxEvidenceBytes ?? defaultConsentPolicy.maxEvidenceBytes;
  if (typeof maxEvidenceBytes !== 'number' || !Number.isInteger(maxEvidenceBytes) || maxEvidenceBytes < 64 || maxEvidenceBytes > 65536) {
    throw new ConsentPolicyError(`maxEvidenceBytes: expected an integer from 64 to 65536, got ${show(maxEvidenceBytes)}`);
  }
  return deepFreeze({ purposes, jurisdictions, defaultJurisdiction, gpcPurposes, callerPurposes, maskContact, maxEvidenceBytes });
}

/**
 * The consent purpose a caller's declared purpose needs: its `callerPurposes` entry, else the
 * catalog purpose of the same id, else null (an unmapped purpose has no consent to rely on, so
 * CONTACT fields are refused: deny unless allowed).
 */
export function consentPurposeFor(policy: ConsentPolicy, callerPurpose: string): string | null {
  const mapped = policy.callerPurposes[callerPurpose];
  if (mapped !== undefined && Object.hasOwn(policy.callerPurposes, callerPurpose)) return mapped;
  return policy.purposes.some((p) => p.id === callerPurpose) ? callerPurpose : null;
}

/** True when the caller's purpose maps to an essential consent purpose (SERVICE): consent never restricts it. */
export function isEssentialCallerPurpose(policy: ConsentPolicy, callerPurpose: string): boolean {
  const purpose = consentPurposeFor(policy, callerPurpose);
  return purpose !== null && policy.purposes.some((p) => p.id === purpose && p.essential);
}
