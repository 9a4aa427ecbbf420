/**
 * What the consent subgraph tells the subgraph that owns CONTACT fields (identity) about one
 * customer, for one request and caller purpose (DESIGN §4: authorization where the data lives).
 * Consent computes it as the `@inaccessible` field `Customer.contactPermission`; identity declares
 * `@requires(fields: "contactPermission { … }")` on its CONTACT fields, so the gateway passes it
 * in the entity representation; `enforceSensitivity` applies it.
 */
export interface ContactPermission {
  /** The caller purpose it was computed for; a permission for another purpose is ignored. */
  readonly purpose: string;
  /** The request it was computed in; a permission from another request is ignored. */
  readonly requestId: string;
  /** The consent purpose the caller purpose maps to; null when it maps to none. */
  readonly consentPurpose: string | null;
  readonly allowed: boolean;
  /** When not allowed: CONTACT values are masked (the field's mask) instead of denied. */
  readonly mask: boolean;
  /** `EXPLICIT`, `EXPIRED`, `DEFAULT`, `ESSENTIAL` or `UNMAPPED` (see the consent subgraph's `ConsentBasis`). */
  readonly basis: string;
  /** The default rule applied (`OPT_IN`, `OPT_OUT`, `GPC`, `ESSENTIAL`), when `basis` is `DEFAULT`. */
  readonly rule: string | null;
  readonly jurisdiction: string | null;
  /** The consent event that decided, when `basis` is `EXPLICIT` or `EXPIRED`. */
  readonly eventId: string | null;
}

/** The `@requires` selection identity declares: every field of {@link ContactPermission}. */
export const contactPermissionSelection = 'contactPermission { purpose requestId consentPurpose allowed mask basis rule jurisdiction eventId }';

const nullableString = (value: unknown) => value === null || typeof value === 'string';

/**
 * The permission a resolved parent object carries (`parent.contactPermission`) when it was computed
 * for this caller purpose and request and has the documented shape; otherwise null, which
 * enforcement treats as "no consent established" (deny unless allowed).
 */
export function contactPermissionOf(parent: unknown, purpose: string, requestId: string): ContactPermission | null {
  if (typeof parent !== 'object' || parent === null) return null;
  const value = (parent as { contactPermission?: unknown }).contactPermission;
  if (typeof value !== 'object' || value === null) return null;
  const p = value as Record<string, unknown>;
  if (p.purpose !== purpose || p.requestId !== requestId) return null;
  if (typeof p.allowed !== 'boolean' || typeof p.mask !== 'boolean' || typeof p.basis !== 'string') return null;
  if (!nullableString(p.consentPurpose) || !nullableString(p.rule) || !nullableString(p.jurisdiction) || !nullableString(p.eventId)) return null;
  return value as ContactPermission;
}

/**
 * A copy of `target` that carries `source.contactPermission` (an entity representation, or a parent
 * customer), for resolvers that hand CONTACT fields a parent object of their own: identity's
 * `Customer.__resolveReference` (the permission arrives in the representation) and
 * `Customer.sourceRecords` (each record inherits its customer's). Null stays null; a source without
 * a permission gives a copy without one (enforcement then refuses non-essential purposes).
 */
export function withContactPermission<T extends object>(target: T, source: unknown): T;
export function withContactPermission<T extends object>(target: T | null, source: unknown): T | null;
export function withContactPermission<T extends object>(target: T | null, source: unknown): T | null {
  if (target === null) return null;
  const permission = typeof source === 'object' && source !== null ? (source as { contactPermission?: unknown }).contactPermission : undefined;
  return permission === undefined ? target : { ...target, contactPermission: permission };
}
