import DataLoader from 'dataloader';
import type { SubgraphRequestContext } from '../../lib/graphql/buildSubgraphServer.ts';
import type { IdentityService } from './resolution/IdentityService.ts';
import type { StoredRecord } from './resolution/types.ts';
import type { StoredLink } from './resolution/planResolution.ts';
import type { CustomerRow, HistoryEventRow, IdentityRepository } from './store/IdentityRepository.ts';
import type { IdentityPrivacy } from './privacy/identityPrivacy.ts';
import type { SuppressionCheck } from './privacy/dropSuppressedRecords.ts';

/** Per-request loaders: N customers in one request cost one round trip to Neo4j per kind, not N. */
export interface IdentityLoaders {
  customerById: DataLoader<string, CustomerRow | null>;
  customerIdByIdentifierKey: DataLoader<string, string | null>;
  recordByKey: DataLoader<string, { record: StoredRecord; customerId: string | null } | null>;
  recordsByCustomerId: DataLoader<string, StoredRecord[]>;
  historyByCustomerId: DataLoader<string, HistoryEventRow[]>;
  linksByCustomerId: DataLoader<string, StoredLink[]>;
}

export interface IdentityContext extends SubgraphRequestContext {
  repository: IdentityRepository;
  service: IdentityService;
  loaders: IdentityLoaders;
  region: string;
  /** Privacy requests and retention (issue 4); internal fields only. */
  privacy?: IdentityPrivacy;
  /** Erased people's keys: ingestion drops their records. */
  suppression?: SuppressionCheck;
}

/** Creates a fresh context; call once per request (loaders cache, and callers differ). */
export function createIdentityContext(
  service: IdentityService,
  region: string,
  privacy?: { privacy: IdentityPrivacy; suppression: SuppressionCheck },
): Omit<IdentityContext, keyof SubgraphRequestContext> {
  const repository = service.repository;
  return {
    repository,
    service,
    region,
    ...privacy,
    loaders: {
      customerById: new DataLoader((ids) => repository.customersByIds(ids)),
      customerIdByIdentifierKey: new DataLoader((keys) => repository.customerIdsByIdentifierKeys(keys)),
      recordByKey: new DataLoader((keys) => repository.recordsByKeys(keys)),
      recordsByCustomerId: new DataLoader((ids) => repository.recordsOfCustomers(ids)),
      historyByCustomerId: new DataLoader((ids) => repository.historyOfCustomers(ids)),
      linksByCustomerId: new DataLoader((ids) => repository.linksOfCustomers(ids)),
    },
  };
}
