import { isObjectType, type GraphQLResolveInfo, type GraphQLSchema } from 'graphql';
import { applyMiddleware, type IMiddlewareFunction } from 'graphql-middleware';
import { allow, rule, shield, type IRule, type IRules } from 'graphql-shield';
import type { Caller } from '../auth/Caller.ts';
import { contactPermissionOf, isEssentialCallerPurpose, type ConsentPolicy } from '../consent/index.ts';
import { c360Error, ErrorCode } from '../errors.ts';
import type { AccessRecorder, ConsentReport } from './AccessRecorder.ts';
import { decideAccess, type AccessDecision } from './levels.ts';
import { maskResolved } from './maskValue.ts';
import type { SensitiveField } from './readSensitivity.ts';

/** What enforcement needs of a subgraph's per-request context. */
export interface AccessContext {
  caller: Caller;
  /** The request id of the verified caller context: a contact permission is bound to it. */
  requestId: string;
  access: AccessRecorder;
}

export interface EnforcementOptions {
  /** Keys the HASH mask. */
  hashKey: string;
  /** Which caller purposes are essential (never consent-gated); see {@link consentGate}. */
  consent: ConsentPolicy;
}

/** Consent's verdict on one CONTACT field for this caller, when it restricts the value. */
interface ConsentRestriction {
  decision: 'MASKED' | 'DENIED';
  report: ConsentReport;
}

/**
 * Consent at read time (issue 4). A field of category CONTACT that reaches clients is gated for
 * any caller whose purpose is not essential: its parent must carry a `contactPermission` computed
 * by the consent subgraph for this request and purpose (identity gets it through `@requires`).
 * Allowed: no restriction. Not allowed: MASKED when the permission says mask and the field has a
 * mask, else DENIED. No valid permission on the parent (a root `sourceRecord`, consent
 * unavailable): DENIED, basis `MISSING` — deny unless allowed. Essential purposes (SERVICE) are
 * never restricted.
 */
export function consentGate(context: AccessContext, parent: unknown, field: SensitiveField, policy: ConsentPolicy): ConsentRestriction | null {
  if (field.category !== 'CONTACT' || field.inaccessible || isEssentialCallerPurpose(policy, context.caller.purpose)) return null;
  const permission = contactPermissionOf(parent, context.caller.purpose, context.requestId);
  if (permission?.allowed) return null;
  const report: ConsentReport = permission
    ? { callerPurpose: context.caller.purpose, consentPurpose: permission.consentPurpose, basis: permission.basis, rule: permission.rule, eventId: permission.eventId }
    : { callerPurpose: context.caller.purpose, consentPurpose: null, basis: 'MISSING', rule: null, eventId: null };
  return { decision: permission?.mask && field.mask ? 'MASKED' : 'DENIED', report };
}

function consentRequired(field: SensitiveField, report: ConsentReport) {
  const reason =
    report.basis === 'UNMAPPED'
      ? `the caller purpose ${report.callerPurpose} maps to no consent purpose`
      : report.basis === 'MISSING'
        ? `no consent could be established for the caller purpose ${report.callerPurpose}`
        : `the customer has not consented to ${report.consentPurpose}`;
  return c360Error(ErrorCode.CONSENT_REQUIRED, `Not allowed to read ${field.coordinate}: ${reason}`, {
    purpose: report.callerPurpose,
    consentPurpose: report.consentPurpose,
    basis: report.basis,
  });
}

/**
 * The decision for a caller. `@inaccessible` fields never reach a client: the gateway fetches
 * them only to pass them to another subgraph's `@requires` (keys, record facts), so any caller
 * with a verified context gets them in clear. Every other field follows DESIGN §4.
 */
export function decisionFor(caller: Caller, field: SensitiveField): AccessDecision {
  return field.inaccessible ? 'CLEAR' : decideAccess(caller.clearance, field);
}

const isInternal = (name: string) => name.startsWith('__');

type MiddlewareResolver = (
  resolve: (parent: unknown, args: unknown, context: AccessContext, info: GraphQLResolveInfo) => unknown,
  parent: unknown,
  args: unknown,
  context: AccessContext,
  info: GraphQLResolveInfo,
) => Promise<unknown>;

/**
 * Wraps a subgraph schema with field-level enforcement generated from its `@sensitive` fields:
 * graphql-shield rules (deny by default: every field of the schema gets an explicit rule; a
 * sensitive field is refused with FORBIDDEN below its mask level; `_service` and `_entities` are
 * allowed explicitly since the fields they reach are enforced one by one) and a masking middleware
 * that masks the resolved value one level below. Because it runs at field resolution, aliases,
 * fragments, entity fetches and nested lists are all covered. Decisions go to `context.access`.
 */
export function enforceSensitivity(schema: GraphQLSchema, fields: ReadonlyMap<string, SensitiveField>, options: EnforcementOptions): GraphQLSchema {
  const { hashKey, consent: policy } = options;
  const rules: Record<string, Record<string, IRule | typeof allow>> = {};
  const masking: Record<string, Record<string, MiddlewareResolver>> = {};
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || isInternal(type.name)) continue;
    const typeRules: Record<string, IRule | typeof allow> = {};
    for (const fieldName of Object.keys(type.getFields())) {
      if (type.name === 'Query' && (fieldName === '_service' || fieldName === '_entities')) {
        // Federation's entry points: `_service` gives the subgraph's SDL (no data); `_entities`
        // resolves references, and every field it reaches has a rule of its own.
        typeRules[fieldName] = allow;
        continue;
      }
      const field = fields.get(`${type.name}.${fieldName}`);
      if (!field) {
        typeRules[fieldName] = allow;
        continue;
      }
      typeRules[fieldName] = rule(`sensitive:${field.coordinate}`, { cache: 'no_cache' })((parent, _args, context: AccessContext, info: GraphQLResolveInfo) => {
        // A denial stops resolution before the Customer middleware below sees this field: name the customer here.
        if (info.parentType.name === 'Customer') context.access.enterCustomer(info, (parent as { id?: unknown } | null)?.id);
        if (decisionFor(context.caller, field) === 'DENIED') {
          context.access.record(info, field, 'DENIED');
          return c360Error(ErrorCode.FORBIDDEN, `Not allowed to read ${field.coordinate}: it needs ${field.level} clearance`, { level: field.level });
        }
        const restriction = consentGate(context, parent, field, policy);
        if (restriction?.decision !== 'DENIED') return true;
        context.access.record(info, field, 'DENIED', restriction.report);
        return consentRequired(field, restriction.report);
      });
      (masking[type.name] ??= {})[fieldName] = async (resolve, parent, args, context: AccessContext, info) => {
        const value = await resolve(parent, args, context, info);
        const restriction = consentGate(context, parent, field, policy);
        const decision = restriction ? restriction.decision : decisionFor(context.caller, field);
        context.access.record(info, field, decision, restriction?.report);
        return decision === 'MASKED' && field.mask ? maskResolved(field.mask, value, hashKey) : value;
      };
    }
    rules[type.name] = typeRules;
  }
  const permissions = shield(rules as unknown as IRules, { fallbackRule: denyRule(), allowExternalErrors: true });
  const customerTracking: Record<string, MiddlewareResolver> = schema.getType('Customer')
    ? {
        Customer: async (resolve, parent, args, context: AccessContext, info) => {
          context.access.enterCustomer(info, (parent as { id?: unknown } | null)?.id);
          return resolve(parent, args, context, info);
        },
      }
    : {};
  return applyMiddleware(schema, permissions, customerTracking as Record<string, IMiddlewareFunction>, masking as unknown as Record<string, Record<string, IMiddlewareFunction>>);
}

/** The fallback for anything the generated tree does not name: refused, with a FORBIDDEN code. */
function denyRule() {
  return rule('fallback-deny', { cache: 'no_cache' })(() => c360Error(ErrorCode.FORBIDDEN, 'Not allowed: this field has no access rule'));
}
