import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { Kind, parse, type DocumentNode, type SelectionSetNode } from 'graphql';
import { callerContextHeader } from '../lib/auth/Caller.ts';
import { ErrorCode } from '../lib/errors.ts';
import type { AccessReport } from '../lib/sensitivity/index.ts';
import { describeError, type Logger } from '../lib/logger.ts';
import type { GatewayContext } from './context.ts';

type GatewayResponse = Awaited<ReturnType<RemoteGraphQLDataSource['process']>>;

/** Response names of the fields selected directly in a selection set, through inline fragments. */
function fieldNames(selectionSet: SelectionSetNode | undefined): string[] {
  const names: string[] = [];
  for (const selection of selectionSet?.selections ?? []) {
    if (selection.kind === Kind.FIELD) {
      const name = selection.alias?.value ?? selection.name.value;
      if (name !== '__typename') names.push(name);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) names.push(...fieldNames(selection.selectionSet));
  }
  return [...new Set(names)];
}

/**
 * The paths, relative to the subgraph operation, that a failed fetch leaves without data: for an
 * entity fetch, each requested field of each representation (`_entities.3.analytics`), which the
 * gateway maps onto the client's paths (`customers.nodes.3.analytics`); for a root fetch, each root field.
 */
export function unavailablePaths(document: DocumentNode, variables: Record<string, unknown> | undefined): (string | number)[][] {
  const operation = document.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION);
  if (!operation || operation.kind !== Kind.OPERATION_DEFINITION) return [];
  const roots = operation.selectionSet.selections.filter((s) => s.kind === Kind.FIELD);
  const entities = roots.find((field) => field.name.value === '_entities');
  if (entities) {
    const count = Array.isArray(variables?.representations) ? variables.representations.length : 0;
    const fields = fieldNames(entities.selectionSet);
    return Array.from({ length: count }, (_, i) => fields.map((field) => ['_entities', i, field])).flat();
  }
  return roots.map((field) => [field.alias?.value ?? field.name.value]);
}

export interface SubgraphDataSourceOptions {
  name: string;
  url: string;
  logger: Logger;
  /** Abort a subgraph call after this long. */
  timeoutMs?: number;
}

/**
 * A subgraph client that turns an unreachable or failing subgraph into data-less errors with a path:
 * the gateway then keeps every field other subgraphs answered, and each error carries the field's
 * `path`, `extensions.subgraph` and `extensions.code = SUBGRAPH_UNAVAILABLE` (stock `@apollo/gateway`
 * gives neither path nor subgraph name).
 */
export class SubgraphDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  private readonly subgraph: string;
  private readonly logger: Logger;

  constructor(options: SubgraphDataSourceOptions) {
    // Generous enough for a 1,000-record ingestion batch on a busy 2-core machine.
    const timeoutMs = options.timeoutMs ?? 30_000;
    super({
      url: options.url,
      fetcher: ((input: string, init?: RequestInit) => fetch(input, { ...init, signal: AbortSignal.timeout(timeoutMs) })) as never,
    });
    this.subgraph = options.name;
    this.logger = options.logger;
  }

  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): void {
    if (context?.callerContext) request.http?.headers.set(callerContextHeader, context.callerContext);
  }

  override didReceiveResponse({ response, context, pathInIncomingRequest }: Parameters<NonNullable<RemoteGraphQLDataSource<GatewayContext>['didReceiveResponse']>>[0]) {
    const reports = response.extensions?.c360Access;
    if (Array.isArray(reports) && context.accessReports) {
      // Where this fetch wrote in the client's response, to place consent decisions (access/consentDecisions.ts).
      const path = pathInIncomingRequest?.map((p) => (typeof p === 'object' ? String(p) : p));
      context.accessReports.push({ subgraph: this.subgraph, reports: reports as AccessReport[], ...(path ? { path } : {}) });
    }
    return response;
  }

  override async process(options: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<GatewayResponse> {
    try {
      return await super.process(options);
    } catch (error) {
      this.logger.warn({ subgraph: this.subgraph, err: describeError(error) }, 'subgraph unavailable');
      const document = ('document' in options && options.document) || parse(options.request.query ?? '{ __typename }');
      const paths = unavailablePaths(document, options.request.variables);
      const message = `The ${this.subgraph} subgraph is unavailable`;
      const extensions = { code: ErrorCode.SUBGRAPH_UNAVAILABLE, subgraph: this.subgraph };
      return {
        data: null,
        errors: (paths.length > 0 ? paths : [undefined]).map((path) => ({ message, ...(path ? { path } : {}), extensions })) as never,
      };
    }
  }
}
