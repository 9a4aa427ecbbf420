import type { AccessReport } from '../../lib/sensitivity/index.ts';
import type { ResponsePath } from './accessPaths.ts';

/** The access decisions one subgraph fetch reported, with where in the client's response that fetch wrote. */
export interface FetchAccessReports {
  subgraph: string;
  reports: AccessReport[];
  /** The fetch's path in the client's response (Apollo's flatten path, `@` for every list element); absent for a root fetch. */
  path?: readonly (string | number)[];
}

/** One CONTACT field that consent masked or denied, as the audit record keeps it. */
export type ConsentDecisionEntry = {
  /** The client's response path (`customers.nodes.2.emails`); null when it could not be placed. */
  readonly path: string | null;
  readonly field: string;
  readonly customerId: string | null;
  readonly decision: 'MASKED' | 'DENIED';
  readonly callerPurpose: string;
  readonly consentPurpose: string | null;
  readonly basis: string;
  readonly rule: string | null;
  readonly eventId: string | null;
};

/**
 * The response path of every object an entity fetch was sent for, in representation order: the
 * same walk `@apollo/gateway` does to place a subgraph's `_entities.<i>…` error paths
 * (`generateHydratedPaths`), over the final response data. Null elements yield no path, as there.
 */
export function hydratedPaths(flattenPath: readonly (string | number)[], data: unknown): ResponsePath[] {
  const result: ResponsePath[] = [];
  const walk = (parent: ResponsePath, path: readonly (string | number)[], value: unknown) => {
    if (value === null || value === undefined) return;
    const [head, ...rest] = path;
    if (head === undefined) {
      result.push(parent);
      return;
    }
    if (head === '@') {
      if (Array.isArray(value)) value.forEach((item, i) => walk([...parent, i], rest, item));
      return;
    }
    if (Array.isArray(value)) {
      value.forEach((item, i) => walk([...parent, i], path, item));
      return;
    }
    if (typeof value === 'object' && Object.hasOwn(value, head)) walk([...parent, head], rest, (value as Record<string | number, unknown>)[head]);
  };
  walk([], flattenPath, data);
  return result;
}

const segment = (part: string): string | number => (/^\d+$/.test(part) ? Number(part) : part);

/**
 * Every consent decision the subgraphs reported (`AccessReport.consent`), placed in the client's
 * response: a root fetch's report path is the client's path below the fetch's own; an entity
 * fetch's `_entities.<i>.rest` is the i-th hydrated path plus `rest`. A report that cannot be
 * placed keeps `path: null`, so the audit still names its field and customer. Sorted by path
 * (unplaced last), then field and customer.
 */
export function consentDecisions(fetches: readonly FetchAccessReports[], data: unknown): ConsentDecisionEntry[] {
  const entries: ConsentDecisionEntry[] = [];
  for (const fetch of fetches) {
    let hydrated: ResponsePath[] | undefined;
    for (const report of fetch.reports) {
      if (!report.consent || report.decision === 'CLEAR') continue;
      const parts = report.path.split('.').map(segment);
      let path: ResponsePath | null = null;
      if (parts[0] === '_entities' && typeof parts[1] === 'number') {
        hydrated ??= hydratedPaths(fetch.path ?? [], data);
        const base = hydrated[parts[1]];
        path = base ? [...base, ...parts.slice(2)] : null;
      } else if (!(fetch.path ?? []).includes('@')) {
        path = [...(fetch.path ?? []), ...parts];
      }
      entries.push({
        path: path === null ? null : path.join('.'),
        field: report.coordinate,
        customerId: report.customerId,
        decision: report.decision,
        ...report.consent,
      });
    }
  }
  // Subgraph fetches finish in any order: sort, so equal operations give equal records.
  const order = (e: ConsentDecisionEntry) => `${e.path ?? '\uffff'}\u0000${e.field}\u0000${e.customerId ?? ''}`;
  return entries.sort((a, b) => (order(a) < order(b) ? -1 : order(a) > order(b) ? 1 : 0));
}
