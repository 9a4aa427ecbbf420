import { isObjectType, type GraphQLResolveInfo, type GraphQLSchema } from 'graphql';
import { applyMiddleware, type IMiddlewareFunction } from 'graphql-middleware';
import { allow, rule, shield, type IRule, type IRules } from 'graphql-shield';
import type { Caller } from '../auth/Caller.ts';
import { c360Error, ErrorCode } from '../errors.ts';
import type { AccessRecorder } from './AccessRecorder.ts';
import { decideAccess, type AccessDecision } from './levels.ts';
import { maskResolved } from './maskValue.ts';
import type { SensitiveField } from './readSensitivity.ts';

/** What enforcement needs of a subgraph's per-request context. */
export interface AccessContext {
  caller: Caller;
  access: AccessRecorder;
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
export function enforceSensitivity(schema: GraphQLSchema, fields: ReadonlyMap<string, SensitiveField>, hashKey: string): GraphQLSchema {
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
      typeRules[fieldName] = rule(`sensitive:${field.coordinate}`, { cache: 'no_cache' })((_parent, _args, context: AccessContext, info: GraphQLResolveInfo) => {
        if (decisionFor(context.caller, field) !== 'DENIED') return true;
        context.access.record(info, field, 'DENIED');
        return c360Error(ErrorCode.FORBIDDEN, `Not allowed to read ${field.coordinate}: it needs ${field.level} clearance`, { level: field.level });
      });
      (masking[type.name] ??= {})[fieldName] = async (resolve, parent, args, context: AccessContext, info) => {
        const value = await resolve(parent, args, context, info);
        const decision = decisionFor(context.caller, field);
        context.access.record(info, field, decision);
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
