import { describe, expect, it } from 'vitest';
import type { AccessReport } from '../../lib/sensitivity/index.ts';
import { consentDecisions, hydratedPaths } from './consentDecisions.ts';

const consent = { callerPurpose: 'MARKETING', consentPurpose: 'MARKETING_EMAIL', basis: 'DEFAULT', rule: 'OPT_IN', eventId: null };
const report = (path: string, customerId: string, decision: AccessReport['decision'] = 'DENIED', withConsent = true): AccessReport => ({
  path,
  coordinate: path.endsWith('phones') ? 'Customer.phones' : 'Customer.emails',
  decision,
  level: 'CONFIDENTIAL',
  customerId,
  ...(withConsent ? { consent } : {}),
});

describe('hydratedPaths: where an entity fetch wrote', () => {
  it('walks lists marked @ and skips null elements, as @apollo/gateway does', () => {
    const data = { customers: { nodes: [{ id: 'a' }, null, { id: 'c' }] } };
    expect(hydratedPaths(['customers', 'nodes', '@'], data)).toEqual([
      ['customers', 'nodes', 0],
      ['customers', 'nodes', 2],
    ]);
    expect(hydratedPaths(['customerByIdentifier'], { customerByIdentifier: { id: 'a' } })).toEqual([['customerByIdentifier']]);
    expect(hydratedPaths(['customerByIdentifier'], { customerByIdentifier: null })).toEqual([]);
  });

  it('walks nested lists', () => {
    const data = { customers: { nodes: [{ sourceRecords: [{ customer: {} }, { customer: {} }] }, { sourceRecords: [{ customer: {} }] }] } };
    expect(hydratedPaths(['customers', 'nodes', '@', 'sourceRecords', '@', 'customer'], data)).toEqual([
      ['customers', 'nodes', 0, 'sourceRecords', 0, 'customer'],
      ['customers', 'nodes', 0, 'sourceRecords', 1, 'customer'],
      ['customers', 'nodes', 1, 'sourceRecords', 0, 'customer'],
    ]);
  });
});

describe('consentDecisions: placing consent reports on client paths', () => {
  const data = { customers: { nodes: [{ emails: null }, { emails: ['x'] }, { emails: null }] } };

  it('maps _entities.<i> to the i-th hydrated path, keeps only consent decisions, and sorts by path', () => {
    const fetches = [
      { subgraph: 'identity', path: ['customers', 'nodes', '@'], reports: [report('_entities.2.emails', 'c3'), report('_entities.1.emails', 'c2', 'CLEAR', false), report('_entities.0.emails', 'c1')] },
    ];
    expect(consentDecisions(fetches, data)).toEqual([
      { path: 'customers.nodes.0.emails', field: 'Customer.emails', customerId: 'c1', decision: 'DENIED', ...consent },
      { path: 'customers.nodes.2.emails', field: 'Customer.emails', customerId: 'c3', decision: 'DENIED', ...consent },
    ]);
  });

  it('prefixes a root fetch report with the fetch path, and keeps unplaceable reports with a null path, last', () => {
    const fetches = [
      { subgraph: 'identity', reports: [report('sourceRecord.emails', 'c9', 'MASKED')] },
      { subgraph: 'identity', path: ['customers', 'nodes', '@'], reports: [report('_entities.7.phones', 'c8')] },
    ];
    expect(consentDecisions(fetches, data)).toEqual([
      { path: 'sourceRecord.emails', field: 'Customer.emails', customerId: 'c9', decision: 'MASKED', ...consent },
      { path: null, field: 'Customer.phones', customerId: 'c8', decision: 'DENIED', ...consent },
    ]);
  });
});
