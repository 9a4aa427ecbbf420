import type { GraphQLResolveInfo } from 'graphql';
import type { AccessDecision, Sensitivity } from './levels.ts';

type Path = GraphQLResolveInfo['path'];

/** One decision as a subgraph reports it to the gateway (`extensions.c360Access`). */
export interface AccessReport {
  /** Dot-joined path in the subgraph's operation, e.g. `_entities.3.emails`. */
  path: string;
  coordinate: string;
  decision: AccessDecision;
  level: Sensitivity['level'];
  /** The customer whose data it is, when the field sits under a `Customer`. */
  customerId: string | null;
}

const pathKey = (path: Path | undefined): string => {
  const parts: (string | number)[] = [];
  for (let p = path; p; p = p.prev) parts.unshift(p.key);
  return parts.join('.');
};

/**
 * Collects one request's access decisions. Per request, like DataLoaders: never shared.
 * A field resolved on a `Customer` registers that customer at its parent path, so every decision
 * below it can name the customer.
 */
export class AccessRecorder {
  readonly reports: AccessReport[] = [];
  // graphql-js gives every field of one object the same parent path object, so the customer is
  // found by identity while walking up: no path strings built for the lookup.
  private readonly customers = new WeakMap<NonNullable<Path>, string>();

  enterCustomer(info: GraphQLResolveInfo, customerId: unknown): void {
    if (typeof customerId === 'string' && info.path.prev) this.customers.set(info.path.prev, customerId);
  }

  record(info: GraphQLResolveInfo, sensitivity: Sensitivity, decision: AccessDecision): void {
    let customerId: string | null = null;
    for (let p: Path | undefined = info.path.prev; p && customerId === null; p = p.prev) customerId = this.customers.get(p) ?? null;
    this.reports.push({ path: pathKey(info.path), coordinate: `${info.parentType.name}.${info.fieldName}`, decision, level: sensitivity.level, customerId });
  }
}
