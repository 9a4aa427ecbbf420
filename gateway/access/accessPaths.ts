import {
  getNamedType,
  isListType,
  isNonNullType,
  isObjectType,
  Kind,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLObjectType,
  type GraphQLOutputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import type { SensitivityLevel } from '../../lib/config.ts';
import { decideAccess, type AccessDecision, type SensitiveField } from '../../lib/sensitivity/index.ts';

export type ResponsePath = (string | number)[];

/** One sensitive field occurrence in a response, with the decision the caller's clearance gives it. */
export interface FieldAccess {
  path: ResponsePath;
  coordinate: string;
  decision: AccessDecision;
  level: SensitivityLevel;
}

function operationOf(document: DocumentNode, operationName: string | null | undefined): OperationDefinitionNode | null {
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  return (operationName ? operations.find((o) => o.name?.value === operationName) : operations.length === 1 ? operations[0] : undefined) ?? null;
}

/**
 * Walks a response along its operation (aliases, fragments, inline fragments, lists) and lists every
 * `@sensitive` field present in it with the decision for `clearance` — the same decision each
 * subgraph took at resolution, since both use `decideAccess`. Used for the response's
 * `extensions.access` and for the audit record. Fields whose parent is null are not listed.
 */
export function accessPaths(options: {
  schema: GraphQLSchema;
  sensitivity: ReadonlyMap<string, SensitiveField>;
  document: DocumentNode;
  operationName?: string | null;
  data: Record<string, unknown> | null | undefined;
  clearance: SensitivityLevel;
}): FieldAccess[] {
  const operation = operationOf(options.document, options.operationName);
  if (!operation || !options.data) return [];
  const root = operation.operation === 'mutation' ? options.schema.getMutationType() : operation.operation === 'subscription' ? options.schema.getSubscriptionType() : options.schema.getQueryType();
  if (!root) return [];
  const fragments = new Map(
    options.document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((f) => [f.name.value, f]),
  );
  const found: FieldAccess[] = [];
  // The same field can be selected twice (a field and a fragment); it is one occurrence.
  const seen = new Set<string>();

  const visitValue = (type: GraphQLOutputType, value: unknown, selectionSet: SelectionSetNode | undefined, path: ResponsePath) => {
    if (value === null || value === undefined || !selectionSet) return;
    const inner = isNonNullType(type) ? type.ofType : type;
    if (isListType(inner)) {
      if (Array.isArray(value)) value.forEach((item, i) => visitValue(inner.ofType, item, selectionSet, [...path, i]));
      return;
    }
    const named = getNamedType(inner);
    if (isObjectType(named) && typeof value === 'object') visitSelections(named, value as Record<string, unknown>, selectionSet, path, new Set());
  };

  const visitSelections = (type: GraphQLObjectType, value: Record<string, unknown>, selectionSet: SelectionSetNode, path: ResponsePath, seenFragments: Set<string>) => {
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.INLINE_FRAGMENT) {
        if (!selection.typeCondition || selection.typeCondition.name.value === type.name) visitSelections(type, value, selection.selectionSet, path, seenFragments);
        continue;
      }
      if (selection.kind === Kind.FRAGMENT_SPREAD) {
        const fragment = fragments.get(selection.name.value);
        if (!fragment || seenFragments.has(fragment.name.value) || fragment.typeCondition.name.value !== type.name) continue;
        visitSelections(type, value, fragment.selectionSet, path, new Set([...seenFragments, fragment.name.value]));
        continue;
      }
      const name = selection.name.value;
      if (name.startsWith('__')) continue;
      const key = selection.alias?.value ?? name;
      if (!(key in value)) continue;
      const field = type.getFields()[name];
      if (!field) continue;
      const coordinate = `${type.name}.${name}`;
      const sensitive = options.sensitivity.get(coordinate);
      const fieldPath = [...path, key];
      const id = fieldPath.join('\u0000');
      if (sensitive && !seen.has(id)) {
        seen.add(id);
        found.push({ path: fieldPath, coordinate, decision: decideAccess(options.clearance, sensitive), level: sensitive.level });
      }
      visitValue(field.type, value[key], selection.selectionSet, fieldPath);
    }
  };

  visitSelections(root, options.data, operation.selectionSet, [], new Set());
  return found;
}
