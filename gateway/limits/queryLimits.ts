import {
  getNamedType,
  getNullableType,
  getOperationAST,
  isInterfaceType,
  isListType,
  isObjectType,
  Kind,
  SchemaMetaFieldDef,
  TypeMetaFieldDef,
  TypeNameMetaFieldDef,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
} from 'graphql';

/** List size assumed for a list field without a `first` argument, or a `first` left unset. */
export const defaultListSize = 20;

/**
 * One measurement over selections, with fragments expanded in place. `Scope` is what a field
 * needs to know about where it stands (its parent type, for cost); `scopeKey` names a scope so a
 * fragment is measured once per distinct scope however often it is spread.
 */
interface Measure<Scope> {
  field(node: FieldNode, scope: Scope, measureChildren: (selectionSet: SelectionSetNode, scope: Scope) => number): number;
  combine(a: number, b: number): number;
  /** The scope inside a fragment with this type condition (none: an inline fragment without one). */
  enterFragment(typeCondition: string | undefined, scope: Scope): Scope;
  scopeKey(scope: Scope): string;
}

function findOperation(document: DocumentNode, operationName: string | null | undefined): OperationDefinitionNode {
  const operation = getOperationAST(document, operationName);
  if (!operation) {
    const names = document.definitions.flatMap((d) => (d.kind === Kind.OPERATION_DEFINITION ? [d.name?.value ?? '(anonymous)'] : []));
    throw new TypeError(`Expected a document with one operation or an operation name; got operation name ${JSON.stringify(operationName ?? null)} for operations [${names.join(', ')}]`);
  }
  return operation;
}

/**
 * Measures the operation's selection set. Each fragment is measured at most once per scope, so
 * a document that spreads fragments into fragments (a "billion laughs") costs linear time; a
 * fragment spread inside its own expansion (a cycle, which validation would have refused)
 * counts as empty instead of recursing forever.
 */
function measureOperation<Scope>(document: DocumentNode, operation: OperationDefinitionNode, initial: Scope, measure: Measure<Scope>): number {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const measured = new Map<string, number>();
  const expanding = new Set<string>();

  function selectionSet(set: SelectionSetNode, scope: Scope): number {
    let result = 0;
    for (const selection of set.selections) {
      let value = 0;
      if (selection.kind === Kind.FIELD) {
        value = measure.field(selection, scope, selectionSet);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        value = selectionSet(selection.selectionSet, measure.enterFragment(selection.typeCondition?.name.value, scope));
      } else {
        const fragment = fragments.get(selection.name.value);
        if (!fragment) continue;
        const inner = measure.enterFragment(fragment.typeCondition.name.value, scope);
        const key = `${fragment.name.value}\u0000${measure.scopeKey(inner)}`;
        const known = measured.get(key);
        if (known !== undefined) {
          value = known;
        } else if (!expanding.has(key)) {
          expanding.add(key);
          value = selectionSet(fragment.selectionSet, inner);
          expanding.delete(key);
          measured.set(key, value);
        }
      }
      result = measure.combine(result, value);
    }
    return result;
  }

  return selectionSet(operation.selectionSet, initial);
}

const isIntrospectionField = (node: FieldNode) => node.name.value === '__schema' || node.name.value === '__type';

const depthMeasure: Measure<null> = {
  field: (node, scope, children) => 1 + (node.selectionSet && !isIntrospectionField(node) ? children(node.selectionSet, scope) : 0),
  combine: Math.max,
  enterFragment: () => null,
  scopeKey: () => '',
};

/**
 * Depth of the operation: a root field is at depth 1, its sub-fields at 2, and so on; fragments
 * and inline fragments add no level of their own. `__schema` and `__type` count as one level
 * whatever they select: their nesting is bounded by graphql-js's own `MaxIntrospectionDepthRule`
 * (part of `specifiedRules`, so Apollo Server validates with it), and the standard introspection
 * query that GraphiQL sends is 15 deep because of its `ofType` chains. Throws a `TypeError` when the document has no
 * operation by that name (or several and no name).
 */
export function operationDepth(document: DocumentNode, operationName?: string | null): number {
  return measureOperation(document, findOperation(document, operationName), null, depthMeasure);
}

const aliasMeasure: Measure<null> = {
  field: (node, scope, children) => (node.alias ? 1 : 0) + (node.selectionSet ? children(node.selectionSet, scope) : 0),
  combine: (a, b) => a + b,
  enterFragment: () => null,
  scopeKey: () => '',
};

/**
 * Aliased fields of the operation as it executes: a fragment with two aliases spread three times
 * counts 6. An alias equal to the field name still counts.
 */
export function aliasCount(document: DocumentNode, operationName?: string | null): number {
  return measureOperation(document, findOperation(document, operationName), null, aliasMeasure);
}

const introspectionMeasure: Measure<null> = {
  field: (node, scope, children) => {
    if (isIntrospectionField(node)) return 1;
    return node.selectionSet ? children(node.selectionSet, scope) : 0;
  },
  combine: Math.max,
  enterFragment: () => null,
  scopeKey: () => '',
};

/** Whether the operation asks for `__schema` or `__type` anywhere; `__typename` does not count. */
export function usesIntrospection(document: DocumentNode, operationName?: string | null): boolean {
  return measureOperation(document, findOperation(document, operationName), null, introspectionMeasure) > 0;
}

interface CostScope {
  /** The type the selections are made on; unknown for fields the schema lacks. */
  type: GraphQLNamedType | undefined;
  /** The selections belong to a field paginated with `first`: their lists are that page. */
  page: boolean;
  /** Inside `__schema` or `__type`. */
  introspection: boolean;
}

function fieldDefinition(schema: GraphQLSchema, type: GraphQLNamedType | undefined, name: string): GraphQLField<unknown, unknown> | undefined {
  if (name === TypeNameMetaFieldDef.name) return TypeNameMetaFieldDef;
  if (type === schema.getQueryType()) {
    if (name === SchemaMetaFieldDef.name) return SchemaMetaFieldDef;
    if (name === TypeMetaFieldDef.name) return TypeMetaFieldDef;
  }
  return isObjectType(type) || isInterfaceType(type) ? type.getFields()[name] : undefined;
}

/** An integer argument as written, from the variables, or from the variable's default in the operation. */
function intValue(node: ValueNode, variables: Readonly<Record<string, unknown>>, operation: OperationDefinitionNode): number | undefined {
  if (node.kind === Kind.INT) return Number(node.value);
  if (node.kind !== Kind.VARIABLE) return undefined;
  const name = node.name.value;
  if (name in variables) {
    const value = variables[name];
    return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
  }
  const fallback = operation.variableDefinitions?.find((d) => d.variable.name.value === name)?.defaultValue;
  return fallback?.kind === Kind.INT ? Number(fallback.value) : undefined;
}

/**
 * Cost of the operation: 1 per field, and a list multiplies the cost of its sub-selections by its
 * size. The size is the field's `first` argument: as written, from the variables (or the
 * variable's default), else the argument's default in the schema, else {@link defaultListSize};
 * any field that takes `first`
 * counts as a list, so a connection's `first` sizes its `nodes` and `edges`, which are not
 * multiplied again. A list without `first` counts {@link defaultListSize}.
 *
 * Introspection fields count 1 each but their lists multiply nothing: their length is the
 * schema's, not the data's, and their nesting is bounded by graphql-js's `MaxIntrospectionDepthRule`.
 * (Multiplied by 20 per level, GraphiQL's standard introspection query would cost over 300 000.)
 */
export function operationCost(
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: Readonly<Record<string, unknown>> | null | undefined,
  schema: GraphQLSchema,
): number {
  const operation = findOperation(document, operationName);
  const values = variables ?? {};
  const measure: Measure<CostScope> = {
    field(node, scope, children) {
      if (!node.selectionSet) return 1;
      const definition = fieldDefinition(schema, scope.type, node.name.value);
      const firstArgument = node.arguments?.find((a) => a.name.value === 'first');
      const firstDefinition = definition?.args.find((a) => a.name === 'first');
      const introspection = scope.introspection || isIntrospectionField(node);
      let size = 1;
      let page = false;
      if (introspection) {
        // Counted, not multiplied: see above.
      } else if (firstArgument || firstDefinition) {
        const given = firstArgument ? intValue(firstArgument.value, values, operation) : undefined;
        const fallback = typeof firstDefinition?.defaultValue === 'number' ? firstDefinition.defaultValue : defaultListSize;
        size = Math.max(0, given ?? fallback);
        page = true;
      } else if (definition && isListType(getNullableType(definition.type)) && !scope.page) {
        size = defaultListSize;
      }
      const type = definition ? getNamedType(definition.type) : undefined;
      return 1 + size * children(node.selectionSet, { type, page, introspection });
    },
    combine: (a, b) => a + b,
    enterFragment: (typeCondition, scope) => ({ ...scope, type: typeCondition === undefined ? scope.type : schema.getType(typeCondition) ?? undefined }),
    scopeKey: (scope) => `${scope.type?.name ?? '?'}\u0000${scope.page}\u0000${scope.introspection}`,
  };
  const root = schema.getRootType(operation.operation) ?? undefined;
  return measureOperation(document, operation, { type: root, page: false, introspection: false }, measure);
}
