import type { AddressValue, StoredRecord } from '../../subgraphs/identity/resolution/types.ts';

/**
 * A stored source record for unit tests: `key` is `<source>:<id>`, every attribute empty unless
 * `values` sets it, observed at 2024-01-01, identified by its own key only.
 */
export function storedRecord(key: string, values: Partial<StoredRecord> = {}): StoredRecord {
  const colon = key.indexOf(':');
  if (colon <= 0) throw new TypeError(`storedRecord: expected a key such as "crm:C-1", got ${JSON.stringify(key)}`);
  return {
    key,
    source: key.slice(0, colon) as StoredRecord['source'],
    sourceId: key.slice(colon + 1),
    observedAt: '2024-01-01T00:00:00.000Z',
    givenName: null,
    familyName: null,
    fullName: null,
    emails: [],
    phones: [],
    addresses: [],
    birthDate: null,
    nationalId: null,
    externalIds: [],
    identifierKeys: [key],
    ...values,
  };
}

/** An address with only the parts given. */
export const address = (values: Partial<AddressValue>): AddressValue => ({ line1: null, line2: null, city: null, region: null, postalCode: null, country: null, ...values });
