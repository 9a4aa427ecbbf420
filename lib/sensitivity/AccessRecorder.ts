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
  /** Present when consent, not clearance, masked or denied the field (issue 4). */
  consent?: ConsentReport;
}

/** Why consent masked or denied a CONTACT field: what the gateway writes into the audit record. */
export interface ConsentReport {
  callerPurpose: string;
  /** The consent purpose the caller purpose maps to; null when it maps to none. */
  consentPurpose: string | null;
  /** `EXPLICIT`, `EXPIRED`, `DEFAULT`, `UNMAPPED`, or `MISSING` when no permission reached the field. */
  basis: string;
  rule: string | null;
  eventId: string | null;
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

  /** Records one decision; `consent` when consent (not clearance) masked or denied the field. */
  record(info: GraphQLResolveInfo, sensitivity: Sensitivity, decision: AccessDecision, consent?: ConsentReport): void {
    let customerId: string | null = null;
    for (let p: Path | undefined = info.path.prev; p && customerId === null; p = p.prev) customerId = this.customers.get(p) ?? null;
    const report: AccessReport = { path: pathKey(info.path), coordinate: `${info.parentType.name}.${info.fieldName}`, decision, level: sensitivity.level, customerId };
    this.reports.push(consent ? { ...report, consent } : report);
  }
}
